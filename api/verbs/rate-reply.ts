// The citizen rates a reply (满意 / 基本满意 / 不满意): once per reply — a review decision is a new
// reply that can be rated again — and not once the case has been closed longer than the office's
// rating period (default 90 days). Recorded on the case for the statistics (the latest rating
// counts) and as a public event.
import { RATING_LABELS, type RatingScore, type Status } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { conflict } from '../http/errors.ts';
import { petitionByCode } from '../services/citizen-case.ts';
import { clockRules } from '../services/clocks.ts';

const RATEABLE: readonly Status[] = ['replied', 'review_requested', 'reviewing', 'closed'];
const DAY_MS = 86_400_000;

/** Why a rating is not possible now, or undefined when it is. */
export function ratingRefusal(
  p: { status: string; replied_at: Date | null; rated_at: Date | null; closed_at: Date | null },
  now: Date,
  ratingDays: number,
): { code: string; message: string } | undefined {
  if (!p.replied_at || !RATEABLE.includes(p.status as Status)) return { code: 'not_allowed_in_state', message: '答复后才能评价' };
  if (p.rated_at && p.rated_at >= p.replied_at) return { code: 'already_rated', message: '您已评价过本次答复' };
  if (p.status === 'closed' && p.closed_at && now.getTime() > p.closed_at.getTime() + ratingDays * DAY_MS) {
    return { code: 'rating_period_over', message: `信访事项办结已超过 ${ratingDays} 日，不能再评价` };
  }
  return undefined;
}

export async function rateReply(deps: Deps, input: { queryCode: string; score: RatingScore; comment?: string }) {
  const rules = await clockRules(deps.db);
  return deps.db.transaction().execute(async (trx) => {
    const p = await petitionByCode(deps, trx, input.queryCode, true);
    const now = deps.now();
    const refused = ratingRefusal(p, now, rules.procedure.ratingDays);
    if (refused) throw conflict(refused.message, refused.code);
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
        data: JSON.stringify({ score: input.score, comment: input.comment ?? null, level: p.review_level }),
      })
      .execute();
    return { ok: true as const };
  });
}
