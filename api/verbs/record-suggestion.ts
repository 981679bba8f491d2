// The record of a draft's suggestions (issue 17, migrations/091): written when the console (or
// the recognition job) asks for suggestions — one row per draft, rewritten as the draft changes
// — and linked to the case once it is registered, with the category the clerk registered. The
// rest of the clerk's final choice (scope, agency, decline) is recorded by the suggestion
// learner as the case is triaged (suggestion-model.ts). Only the member who asked may rewrite
// or link a draft's record, and only before it is linked.
import { sql } from 'kysely';
import type { Deps, StaffSession } from '../context.ts';
import { can } from '../domain/permissions.ts';
import { conflict, forbidden, notFound } from '../http/errors.ts';
import type { Suggestions } from '../services/suggestions.ts';
import { choiceOf, recordChoices, type PetitionFacts } from '../services/suggestion-model.ts';

type Who = Pick<StaffSession, 'userId' | 'role'>;

/** Writes (or rewrites) a draft's suggestion record; answers its id. */
export async function recordSuggestion(deps: Deps, who: Who, s: Suggestions, opts: { id?: string; letterId?: string }): Promise<string> {
  if (!can(who.role, 'case.register')) throw forbidden();
  const now = deps.now();
  const values = {
    category_code: s.category?.code ?? null,
    scope: s.scope?.value ?? null,
    agency_id: s.agency?.id ?? null,
    reason_code: s.decline?.reasonCode ?? null,
    rule_id: s.scope?.rule?.id ?? null,
    updated_at: now,
  };
  if (opts.id) {
    const row = await deps.db
      .updateTable('suggestions')
      .set(values)
      .where('id', '=', opts.id)
      .where('created_by', '=', who.userId)
      .where('petition_id', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
    const exists = await deps.db.selectFrom('suggestions').select(['created_by', 'petition_id']).where('id', '=', opts.id).executeTakeFirst();
    if (exists) throw conflict('这份草稿的建议已随登记保存，请重新开始登记', 'suggestion_closed');
  }
  const row = await deps.db
    .insertInto('suggestions')
    .values({ ...(opts.id ? { id: opts.id } : {}), ...values, created_by: who.userId, created_at: now, letter_id: opts.letterId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Links a draft's suggestion record to the case registered from it. */
export async function linkSuggestion(deps: Deps, who: Who, id: string, caseNo: string): Promise<{ caseNo: string }> {
  if (!can(who.role, 'case.register')) throw forbidden();
  return deps.db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom('suggestions').select(['id', 'created_by', 'petition_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!s || s.created_by !== who.userId) throw notFound('没有这份草稿的建议记录');
    const { rows } = await sql<PetitionFacts>`SELECT p.id, p.category_code, p.status, p.scope, p.agency_id::text AS agency_id, p.route_mode,
        CASE WHEN p.status = 'declined' THEN (SELECT e.data->>'reasonCode' FROM events e WHERE e.petition_id = p.id AND e.type = 'decline' ORDER BY e.id DESC LIMIT 1) END AS reason
      FROM petitions p WHERE p.case_no = ${caseNo}`.execute(trx);
    const p = rows[0];
    if (!p) throw notFound('信访件不存在');
    if (s.petition_id !== null && s.petition_id !== p.id) throw conflict('这份草稿的建议已关联其他信访件', 'suggestion_closed');
    const taken = await trx.selectFrom('suggestions').select('id').where('petition_id', '=', p.id).where('id', '<>', id).executeTakeFirst();
    if (taken) throw conflict('该信访件已关联其他草稿的建议', 'suggestion_closed');
    const now = deps.now();
    await trx.updateTable('suggestions').set({ petition_id: p.id, linked_at: now, updated_at: now }).where('id', '=', id).execute();
    await recordChoices(trx, [{ id: p.id, ...choiceOf(p) }], now);
    return { caseNo };
  });
}
