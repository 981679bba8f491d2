// Whether the working-day calendar the clocks count on is official or provisional, for the
// console: from 1 November, the next year's schedule is due (the State Council usually publishes
// it in November), so until it is imported every admin and leader sees a banner; a current year
// without one is named too. Other roles get the facts without the banner.
import type { StaffSession } from '../context.ts';
import type { Deps } from '../context.ts';
import { chinaDate } from '../domain/calendar.ts';
import { clockRules, isProvisional } from './clocks.ts';

/** The month-day from which next year's official schedule is awaited. */
export const SCHEDULE_AWAITED_FROM = '11-01';

export async function calendarStatus(deps: Deps, staff: Pick<StaffSession, 'role'>) {
  const rules = await clockRules(deps.db);
  const today = chinaDate(deps.now());
  const year = Number(today.slice(0, 4));
  const years = [year, year + 1].map((y) => ({ year: y, provisional: isProvisional(rules, y) }));
  let warning: { year: number; message: string } | null = null;
  if (staff.role === 'admin' || staff.role === 'leader') {
    const awaited = today.slice(5) >= SCHEDULE_AWAITED_FROM;
    const target = isProvisional(rules, year) ? year : awaited && isProvisional(rules, year + 1) ? year + 1 : null;
    if (target !== null) {
      warning = {
        year: target,
        message: `${target} 年的国务院放假安排尚未导入：涉及 ${target} 年的期限暂按法定节假日计算，不含调休。请系统管理员在“系统管理 → 工作日历”中导入全年安排。`,
      };
    }
  }
  return { today, years, warning };
}
