// 登记送达: the delivery date of a posted reply, once the receipt comes back; the citizen's 30 days
// to ask for review are counted again from it (条例 art. 35: 自收到书面答复之日起). Only for a reply
// that went by post.
import { chinaDate } from '../domain/calendar.ts';
import { REVIEW_LEVEL_MAX } from '../domain/lifecycle.ts';
import { conflict } from '../http/errors.ts';
import { cnDate } from '../services/case-text.ts';
import { dueDateFrom } from '../services/clocks.ts';
import { levelName, recordedDate } from '../services/review-text.ts';
import type { ActionStep } from './act-on-petition.ts';

export const recordDelivery: ActionStep<'record_delivery'> = async ({ trx, petition, now, rules }, params) => {
  const reply = await trx.selectFrom('events').select('data').where('petition_id', '=', petition.id).where('type', '=', 'reply').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const data = (reply?.data ?? {}) as { delivery?: string; postedOn?: string };
  if (data.delivery !== 'post' || !data.postedOn) throw conflict('只有邮寄送达的答复需要登记送达日期', 'not_posted');
  const deliveredOn = recordedDate(params.deliveredOn, 'deliveredOn', '送达日期', chinaDate(now), { date: data.postedOn, label: '邮寄日期' });
  const due = dueDateFrom(rules.calendar, deliveredOn, rules.periods.review_window);
  const next = petition.review_level + 1;
  return {
    clockStarts: { review_window: { from: deliveredOn } },
    publicText:
      next > REVIEW_LEVEL_MAX
        ? `答复已于${cnDate(deliveredOn)}送达。`
        : `答复已于${cnDate(deliveredOn)}送达。如不服，可以自送达之日起 30 日内（至${cnDate(due)}）申请${levelName(next)}。`,
    data: { deliveredOn, postedOn: data.postedOn, windowDueDate: due },
  };
};
