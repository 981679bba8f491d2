// Registers a petition from any channel (the citizen's online filing, or staff registering a
// visit, letter or call): the case, its sealed identities, its attachments, the `register` event
// and the acceptance clock, all in one transaction. With an Idempotency-Key the same key and
// body answer the same case (and the same query code, derived from the key, never stored).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Channel } from '../contract/enums.ts';
import type { FilePetitionInput } from '../contract/schemas.ts';
import type { Actor, Deps } from '../context.ts';
import { chinaDate } from '../domain/calendar.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { derivedQueryCode, formatQueryCode, randomQueryCode } from '../security/query-code.ts';
import { clockRules, startClock } from '../services/clocks.ts';
import { sealPerson } from '../services/identity.ts';
import { detectRepeats } from '../services/repeat-detection.ts';

export type FileInput = FilePetitionInput & { channel: Channel; receivedAt?: Date; personCount?: number };
export type FileResult = { caseNo: string; queryCode: string; registeredAt: string; acceptDueAt: string; petitionId: number; created: boolean };

const IDEMPOTENCY_SCOPE = 'file_petition';

function requestHash(input: FileInput): Buffer {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest();
}

async function replay(deps: Deps, key: string, hash: Buffer): Promise<FileResult | undefined> {
  const row = await deps.db
    .selectFrom('idempotency_keys as k')
    .innerJoin('petitions as p', 'p.id', 'k.petition_id')
    .innerJoin('clocks as c', (j) => j.onRef('c.petition_id', '=', 'p.id').on('c.clock', '=', 'accept'))
    .select(['k.request_hash', 'p.id', 'p.case_no', 'p.registered_at', 'c.due_at'])
    .where('k.scope', '=', IDEMPOTENCY_SCOPE)
    .where('k.key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.request_hash.equals(hash)) {
    throw new AppError(422, 'idempotency_key_reused', '该请求标识已用于另一份不同的信访件，请刷新页面后重新提交');
  }
  return {
    caseNo: row.case_no,
    queryCode: formatQueryCode(derivedQueryCode(deps.keys.derive('query-code', key, 64))),
    registeredAt: row.registered_at.toISOString(),
    acceptDueAt: row.due_at.toISOString(),
    petitionId: row.id,
    created: false,
  };
}

async function checkReferences(deps: Deps, input: FileInput) {
  const fields: Record<string, string> = {};
  const cat = await deps.db.selectFrom('categories').select('code').where('code', '=', input.categoryCode).where('active', '=', true).executeTakeFirst();
  if (!cat) fields.categoryCode = '内容分类不存在，请从列表中选择';
  if (input.attachmentIds.length) {
    const found = await deps.db
      .selectFrom('attachments')
      .select('id')
      .where('id', 'in', input.attachmentIds)
      .where('petition_id', 'is', null)
      .execute();
    if (found.length !== new Set(input.attachmentIds).size) fields.attachmentIds = '部分附件不存在或已被使用，请重新上传';
  }
  if (Object.keys(fields).length) throw badRequest(Object.values(fields).join('；'), fields);
}

export async function filePetition(deps: Deps, actor: Actor, input: FileInput, idempotencyKey?: string): Promise<FileResult> {
  const hash = requestHash(input);
  if (idempotencyKey) {
    const earlier = await replay(deps, idempotencyKey, hash);
    if (earlier) return earlier;
  }
  await checkReferences(deps, input);
  const rules = await clockRules(deps.db);
  const now = deps.now();
  const receivedAt = input.receivedAt ?? now;
  const code = idempotencyKey ? derivedQueryCode(deps.keys.derive('query-code', idempotencyKey, 64)) : randomQueryCode();
  const persons = input.channel === 'visit' && input.personCount ? input.personCount : 1 + input.cosigners.length;

  try {
    return await deps.db.transaction().execute(async (trx) => {
      const year = Number(chinaDate(receivedAt).slice(0, 4));
      const { rows } = await sql<{ case_no: string }>`SELECT next_case_no(${year}) AS case_no`.execute(trx);
      const petition = await trx
        .insertInto('petitions')
        .values({
          case_no: rows[0].case_no,
          query_code_hash: deps.keys.queryCodeHash(code),
          channel: input.channel,
          purpose: input.purpose,
          category_code: input.categoryCode,
          title: input.title,
          content: input.content,
          desired_outcome: input.desiredOutcome ?? null,
          place: input.place ?? null,
          anonymous: input.anonymous,
          joint: input.joint || input.cosigners.length > 0,
          person_count: persons,
          received_at: receivedAt,
          registered_at: now,
        })
        .returning(['id', 'case_no', 'registered_at'])
        .executeTakeFirstOrThrow();

      const people = [
        ...(input.petitioner && !input.anonymous ? [{ role: 'signer' as const, ord: 0, ...sealPerson(deps.keys, input.petitioner) }] : []),
        ...input.cosigners.map((c, i) => ({
          role: (input.channel === 'visit' ? 'representative' : 'cosigner') as 'representative' | 'cosigner',
          ord: i + 1,
          ...sealPerson(deps.keys, c),
        })),
      ];
      if (people.length) await trx.insertInto('petitioners').values(people.map((p) => ({ ...p, petition_id: petition.id }))).execute();

      if (input.attachmentIds.length) {
        const bound = await trx
          .updateTable('attachments')
          .set({ petition_id: petition.id, bound_at: now })
          .where('id', 'in', input.attachmentIds)
          .where('petition_id', 'is', null)
          .returning('id')
          .execute();
        if (bound.length !== new Set(input.attachmentIds).size) {
          throw badRequest('部分附件不存在或已被使用，请重新上传', { attachmentIds: '部分附件不存在或已被使用，请重新上传' });
        }
      }

      await trx
        .insertInto('events')
        .values({
          petition_id: petition.id,
          at: now,
          type: 'register',
          visibility: 'public',
          actor_kind: actor.kind,
          actor_id: actor.kind === 'staff' ? actor.userId : null,
          public_text: '信访件已登记，我们将在法定期限内告知是否受理。',
          data: JSON.stringify({ channel: input.channel, attachments: input.attachmentIds.length }),
        })
        .execute();
      await detectRepeats(deps.db, trx, petition.id);
      const due = await startClock(trx, rules, petition.id, 'accept', receivedAt);
      if (idempotencyKey) {
        await trx.insertInto('idempotency_keys').values({ scope: IDEMPOTENCY_SCOPE, key: idempotencyKey, request_hash: hash, petition_id: petition.id }).execute();
      }
      return {
        caseNo: petition.case_no,
        queryCode: formatQueryCode(code),
        registeredAt: petition.registered_at.toISOString(),
        acceptDueAt: due.dueAt.toISOString(),
        petitionId: petition.id,
        created: true,
      };
    });
  } catch (e) {
    // A concurrent request with the same key committed first (its derived code or its key row
    // collided with ours): answer with its case.
    if (idempotencyKey && (e as { code?: string }).code === '23505') {
      const earlier = await replay(deps, idempotencyKey, hash);
      if (earlier) return earlier;
    }
    throw e;
  }
}
