// The words and dates of the review stage (条例 arts. 35, 36) the verbs share: which level a
// request or a reply is, the "no longer accepted" notice after a level-2 decision (复核), and the
// checks on the dates staff record for a reply's delivery.
import { isChinaDate } from '../domain/calendar.ts';
import { badRequest } from '../http/errors.ts';

/** 复查 for the first review, 复核 for the second. */
export const levelName = (level: number) => (level <= 1 ? '复查' : '复核');

/** Added to a level-2 decision and said again when the case closes (条例 art. 36). */
export const FINAL_NOTICE = '本复核意见为该信访事项的最终处理意见。依照《信访工作条例》第三十六条，信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理。';
export const FINAL_CLOSE = '该信访事项已经复核终结，以同一事实和理由再次提出的，不再受理。';

/** A date staff recorded (posting, delivery): a real date, not after today, not before `notBefore`. */
export function recordedDate(value: string, field: string, label: string, today: string, notBefore?: { date: string; label: string }): string {
  if (!isChinaDate(value)) throw badRequest(`${label}不是有效的日期`, { [field]: `${label}不是有效的日期` });
  if (value > today) throw badRequest(`${label}不能晚于今天`, { [field]: `${label}不能晚于今天` });
  if (notBefore && value < notBefore.date) throw badRequest(`${label}不能早于${notBefore.label}`, { [field]: `${label}不能早于${notBefore.label}` });
  return value;
}
