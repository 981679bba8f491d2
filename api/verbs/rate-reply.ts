// The citizen rates the reply once (满意 / 基本满意 / 不满意), recorded on the case for the
// statistics and as a public event.
import { RATING_LABELS, type RatingScore, type Status } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { conflict } from '../http/errors.ts';
import { petitionByCode } from '../services/citizen-case.ts';

const RATEABLE: readonly Status[] = ['replied', 'review_requested', 'reviewing', 'closed'];

export async function rateReply(deps: Deps, input: { queryCode: string; score: RatingScore; comment?: string }) {
  return deps.db.transaction().execute(async (trx) => {
    const p = await petitionByCode(deps, trx, input.queryCode, true);
    if (!p.replied_at || !RATEABLE.includes(p.status as Status)) throw conflict('答复后才能评价', 'not_allowed_in_state');
    if (p.rating) throw conflict('您已评价过本次答复', 'already_rated');
    const now = deps.now();
    await trx.updateTable('petitions').set({ rating: input.score, rated_at: now, updated_at: now }).where('id', '=', p.id).execute();
    await trx
      .insertInto('events')
      .values({
        petition_id: p.id,
        at: now,
        type: 'rate',
        visibility: 'public',
        actor_kind: 'citizen',
        public_text: `评价：${RATING_LABELS[input.score]}`,
        data: JSON.stringify({ score: input.score, comment: input.comment ?? null }),
      })
      .execute();
    return { ok: true as const };
  });
}
