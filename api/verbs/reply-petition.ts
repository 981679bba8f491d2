// 答复: the written answer to the citizen, shown in full on their timeline. It opens the 30-day
// window to ask for review, counted from the day the reply reached the citizen (条例 art. 35):
// online or in person, that day; by post, the delivery date the clerk records (now or later with
// record_delivery), otherwise the posting date plus the office's postal days. A reply given while
// reviewing answers that review level; after the level-2 decision (复核) it says the matter will
// not be accepted again (art. 36).
import { addDays, chinaDate } from '../domain/calendar.ts';
import { REVIEW_LEVEL_MAX } from '../domain/lifecycle.ts';
import { badRequest } from '../http/errors.ts';
import { FINAL_NOTICE, recordedDate } from '../services/review-text.ts';
import type { ActionStep } from './act-on-petition.ts';

export const replyPetition: ActionStep<'reply'> = async ({ petition, now, rules }, params) => {
  const today = chinaDate(now);
  const delivery = params.delivery ?? 'online';
  let postedOn: string | null = null;
  let deliveredOn: string | null = null;
  let windowFrom = today;
  if (delivery === 'post') {
    if (!params.postedOn) throw badRequest('邮寄送达请填写邮寄日期', { postedOn: '请填写邮寄日期' });
    postedOn = recordedDate(params.postedOn, 'postedOn', '邮寄日期', today);
    if (params.deliveredOn) deliveredOn = recordedDate(params.deliveredOn, 'deliveredOn', '送达日期', today, { date: postedOn, label: '邮寄日期' });
    windowFrom = deliveredOn ?? addDays(postedOn, rules.procedure.postalDays);
  } else if (delivery === 'in_person') {
    deliveredOn = params.deliveredOn ? recordedDate(params.deliveredOn, 'deliveredOn', '送达日期', today) : today;
    windowFrom = deliveredOn;
  }
  const final = petition.status === 'reviewing' && petition.review_level >= REVIEW_LEVEL_MAX;
  return {
    set: { replied_at: now },
    clockStarts: { review_window: { from: windowFrom } },
    publicText: final ? `${params.text}\n\n${FINAL_NOTICE}` : params.text,
    data: { text: params.text, level: petition.review_level, delivery, postedOn, deliveredOn, windowFrom, ...(final ? { final: true } : {}) },
  };
};
