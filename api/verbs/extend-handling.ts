// 延期: a leader extends the handling deadline once, by at most 30 days (条例 art. 34), or, while a
// review is being decided, the review decision once by at most 30 days (Beijing art. 50). Refused
// once the deadline has passed. The new due date is counted from the original last day of the
// period — start + period + extension, then moved past a holiday if it falls on one — not from a
// date already moved. The reason and the new date are told to the citizen. An assigned agency's
// report deadline that was the handling deadline moves with it.
import { HANDLE_EXTENSION_MAX_DAYS, HANDLE_EXTENSIONS_MAX } from '../domain/lifecycle.ts';
import { endOfChinaDay, isPastDue } from '../domain/calendar.ts';
import { badRequest, conflict } from '../http/errors.ts';
import { cnDate } from '../services/case-text.ts';
import { recountClock } from '../services/clocks.ts';
import { levelName } from '../services/review-text.ts';
import type { ActionStep } from './act-on-petition.ts';

export const extendHandling: ActionStep<'extend'> = async ({ trx, petition, rules, now }, params) => {
  if (params.days > HANDLE_EXTENSION_MAX_DAYS) throw badRequest(`延期不能超过 ${HANDLE_EXTENSION_MAX_DAYS} 日`, { days: `延期不能超过 ${HANDLE_EXTENSION_MAX_DAYS} 日` });
  const reviewing = petition.status === 'reviewing';
  const clock = reviewing ? 'review' : 'handle';
  const what = reviewing ? `${levelName(petition.review_level)}期限` : '办理期限';
  // extended_days > 0 records the one extension the law allows (HANDLE_EXTENSIONS_MAX).
  const already = reviewing ? petition.review_extended_days > 0 : HANDLE_EXTENSIONS_MAX === 1 && petition.extended_days > 0;
  if (already) throw conflict(`${what}只能延长一次`, 'already_extended');
  const running = await trx.selectFrom('clocks').select(['due_date', 'period_days']).where('petition_id', '=', petition.id).where('clock', '=', clock).where('stopped_at', 'is', null).executeTakeFirst();
  if (!running) throw conflict(`该信访件没有正在计算的${what}`, 'not_allowed_in_state');
  if (isPastDue(now, running.due_date)) throw conflict(`${what}已于${cnDate(running.due_date)}届满，届满后不能延期`, 'deadline_passed');
  const moved = await recountClock(trx, rules, petition.id, clock, { days: (running.period_days ?? rules.periods[clock].days) + params.days });
  const dueDate = moved!.toDate;
  if (!reviewing) {
    await trx
      .updateTable('clocks')
      .set({ due_date: dueDate, due_at: endOfChinaDay(dueDate), reminded_at: null, overdue_noted_at: null })
      .where('petition_id', '=', petition.id)
      .where('clock', '=', 'feedback')
      .where('stopped_at', 'is', null)
      .where('due_date', '=', running.due_date)
      .execute();
  }
  return {
    set: reviewing ? { review_extended_days: params.days } : { extended_days: params.days },
    publicText: `经批准，${what}延长 ${params.days} 日，至${cnDate(dueDate)}。延期理由：${params.reason}`,
    data: { clock, days: params.days, reason: params.reason, fromDate: running.due_date, toDate: dueDate },
  };
};
