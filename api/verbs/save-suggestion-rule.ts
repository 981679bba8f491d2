// Editors' keyword rules for triage suggestions (issue 17): create, change or delete one rule.
// Each write is an administrative change: its audit row (before/after) is written in the same
// transaction (admin-audit.ts), so a failed audit rolls the change back. Rules come before the
// office's history when suggestions are made (api/services/suggestions.ts).
import type { SuggestionRuleInput } from '../contract/letters.ts';
import { RULE_LIMITS } from '../contract/letters-vocab.ts';
import type { Deps, StaffSession } from '../context.ts';
import { can } from '../domain/permissions.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { recordAdminChange, type AdminActor } from '../services/admin-audit.ts';
import { forgetSuggestionRules } from '../services/suggestions.ts';

type Editor = Pick<StaffSession, 'userId' | 'role'>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function cleanKeywords(input: SuggestionRuleInput): string[] {
  // One keyword once, in the editor's order.
  return [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))];
}

const view = (r: { id: string; name: string; keywords: string[]; scope: string; reason_code: string | null; guidance: string; sort: number; active: boolean; updated_at: Date }) => ({
  id: r.id,
  name: r.name,
  keywords: r.keywords,
  scope: r.scope,
  reasonCode: r.reason_code,
  guidance: r.guidance,
  sort: r.sort,
  active: r.active,
  updatedAt: r.updated_at.toISOString(),
});
export type RuleView = ReturnType<typeof view>;

const COLUMNS = ['id', 'name', 'keywords', 'scope', 'reason_code', 'guidance', 'sort', 'active', 'updated_at'] as const;

export async function listSuggestionRules(deps: Deps, editor: Editor): Promise<RuleView[]> {
  if (!can(editor.role, 'content.edit')) throw forbidden();
  const rows = await deps.db.selectFrom('suggestion_rules').select(COLUMNS).orderBy('sort').orderBy('name').execute();
  return rows.map(view);
}

export async function saveSuggestionRule(deps: Deps, editor: Editor, actor: AdminActor, input: SuggestionRuleInput, id?: string): Promise<RuleView> {
  if (!can(editor.role, 'content.edit')) throw forbidden();
  if (id !== undefined && !UUID_RE.test(id)) throw notFound('规则不存在');
  const keywords = cleanKeywords(input);
  if (input.reasonCode && input.reasonCode === 'legal_route' && !input.guidance.trim()) {
    throw badRequest('法定途径的规则请填写引导意见（写明途径和期限）', { guidance: '请写明应当通过的途径和期限' });
  }
  const now = deps.now();
  const values = { name: input.name, keywords, scope: input.scope, reason_code: input.reasonCode, guidance: input.guidance, sort: input.sort, active: input.active, updated_at: now, updated_by: editor.userId };
  const saved = await deps.db.transaction().execute(async (trx) => {
    if (id === undefined) {
      const n = await trx.selectFrom('suggestion_rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(n.n) >= RULE_LIMITS.rulesMax) throw badRequest(`规则不能超过 ${RULE_LIMITS.rulesMax} 条`);
      const row = await trx.insertInto('suggestion_rules').values({ ...values, created_at: now }).returning(COLUMNS).executeTakeFirstOrThrow();
      await recordAdminChange(trx, actor, { action: 'suggestion_rule.create', target: row.id, after: view(row) }, now);
      return row;
    }
    const before = await trx.selectFrom('suggestion_rules').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('规则不存在');
    const row = await trx.updateTable('suggestion_rules').set(values).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
    await recordAdminChange(trx, actor, { action: 'suggestion_rule.update', target: id, before: view(before), after: view(row) }, now);
    return row;
  });
  forgetSuggestionRules(deps.db);
  return view(saved);
}

export async function deleteSuggestionRule(deps: Deps, editor: Editor, actor: AdminActor, id: string): Promise<void> {
  if (!can(editor.role, 'content.edit')) throw forbidden();
  if (!UUID_RE.test(id)) throw notFound('规则不存在');
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('suggestion_rules').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('规则不存在');
    await trx.deleteFrom('suggestion_rules').where('id', '=', id).execute();
    await recordAdminChange(trx, actor, { action: 'suggestion_rule.delete', target: id, before: view(before) }, deps.now());
  });
  forgetSuggestionRules(deps.db);
}
