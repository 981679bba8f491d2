// The citizen contests the reply (申请复查/复核) within 30 days of receiving it; after level 2 the
// same facts are not accepted again. The 30-day decision clock starts on the day the request is
// received (条例 art. 35), so it shows in the case page and the queue from that moment.
import type { Status } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { decideStep, REVIEW_LEVEL_MAX } from '../domain/lifecycle.ts';
import { conflict } from '../http/errors.ts';
import { petitionByCode } from '../services/citizen-case.ts';
import { clockRules, startClock, stopClocks } from '../services/clocks.ts';

export async function requestReview(deps: Deps, input: { queryCode: string; reason: string }) {
  const rules = await clockRules(deps.db);
  return deps.db.transaction().execute(async (trx) => {
    const p = await petitionByCode(deps, trx, input.queryCode, true);
    const d = decideStep(p.status as Status, 'request_review');
    if (!d.ok) throw conflict('当前状态不能申请复查', 'not_allowed_in_state');
    if (p.review_level >= REVIEW_LEVEL_MAX) throw conflict('该事项已经复核终结，以同一事实和理由提出的，不再受理', 'review_final');
    const now = deps.now();
    const window = await trx.selectFrom('clocks').select(['due_at']).where('petition_id', '=', p.id).where('clock', '=', 'review_window').executeTakeFirst();
    if (!window || window.due_at <= now) throw conflict('已超过收到答复之日起 30 日的复查申请期限', 'review_window_expired');
    await trx.updateTable('petitions').set({ status: d.next, updated_at: now, review_extended_days: 0, review_agency_id: null }).where('id', '=', p.id).execute();
    await stopClocks(trx, p.id, d.clocksStop, now);
    for (const clock of d.clocksStart) await startClock(trx, rules, p.id, clock, now);
    await trx
      .insertInto('events')
      .values({
        petition_id: p.id,
        at: now,
        type: 'request_review',
        visibility: 'public',
        actor_kind: 'citizen',
        public_text: `申请${p.review_level === 0 ? '复查' : '复核'}：${input.reason}`,
        data: JSON.stringify({ level: p.review_level + 1 }),
      })
      .execute();
    return { ok: true as const };
  });
}
