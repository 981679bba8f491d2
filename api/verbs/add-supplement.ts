// The citizen adds material to an open case: text and attachments, as one public event.
import { LIMITS } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { decideStep } from '../domain/lifecycle.ts';
import { badRequest, conflict } from '../http/errors.ts';
import { petitionByCode } from '../services/citizen-case.ts';

export async function addSupplement(deps: Deps, input: { queryCode: string; text: string; attachmentIds: string[] }) {
  return deps.db.transaction().execute(async (trx) => {
    const p = await petitionByCode(deps, trx, input.queryCode, true);
    const d = decideStep(p.status as never, 'supplement');
    if (!d.ok) throw conflict('该信访件已办结，不能再补充材料。如有新的情况，请重新提出信访事项。', 'not_allowed_in_state');
    const now = deps.now();
    const event = await trx
      .insertInto('events')
      .values({
        petition_id: p.id,
        at: now,
        type: 'supplement',
        visibility: 'public',
        actor_kind: 'citizen',
        public_text: input.text,
        data: JSON.stringify({ attachments: input.attachmentIds.length }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.attachmentIds.length) {
      const existing = await trx
        .selectFrom('attachments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('petition_id', '=', p.id)
        .executeTakeFirstOrThrow();
      const total = Number(existing.n) + input.attachmentIds.length;
      const cap = LIMITS.attachmentsPerPetitionMax * 4; // the case and up to three supplements' worth
      if (total > cap) throw badRequest(`该信访件的附件已达上限（${cap} 个）`, { attachmentIds: `附件已达上限（${cap} 个）` });
      const bound = await trx
        .updateTable('attachments')
        .set({ petition_id: p.id, event_id: event.id, bound_at: now })
        .where('id', 'in', input.attachmentIds)
        .where('petition_id', 'is', null)
        .returning('id')
        .execute();
      if (bound.length !== new Set(input.attachmentIds).size) {
        throw badRequest('部分附件不存在或已被使用，请重新上传', { attachmentIds: '部分附件不存在或已被使用，请重新上传' });
      }
    }
    return { ok: true as const };
  });
}
