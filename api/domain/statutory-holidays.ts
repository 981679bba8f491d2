// The statutory holidays of 《全国年节及纪念日放假办法》 as revised in 2024 (in force from 2025):
// 元旦 1 day, 春节 4 days (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 — for any year,
// so a year whose official schedule (with its make-up working days) is not yet imported still
// rests on its holidays. The lunar dates and the 清明 solar term come from tyme4ts (6tail's
// maintained calendar library with its own test suite); no lunar arithmetic is written here.
// Pure: the same year always gives the same days.
import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';

export type StatutoryHoliday = { date: string; name: string };

/** The first year the 2024 revision governs. */
export const HOLIDAY_RULES_FROM = 2025;
/** tyme4ts's lunar tables cover this range of years, with room either side. */
export const COMPUTABLE_YEARS = { from: 1901, to: 2099 } as const;

const iso = (d: SolarDay) => `${d.getYear()}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;
const fixed = (year: number, md: string) => `${year}-${md}`;

const known = new Map<number, readonly StatutoryHoliday[]>();

/** The statutory holidays of `year` in date order; a day that is two holidays carries both names. */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < COMPUTABLE_YEARS.from || year > COMPUTABLE_YEARS.to) {
    throw new RangeError(`statutory holidays are computed for ${COMPUTABLE_YEARS.from}–${COMPUTABLE_YEARS.to}, not ${year}`);
  }
  const hit = known.get(year);
  if (hit) return hit;
  const newYear = LunarDay.fromYmd(year, 1, 1);
  const days: Array<[string, string]> = [
    [fixed(year, '01-01'), '元旦'],
    // 除夕 is the day before 初一 (the 29th or the 30th of the twelfth month).
    ...[-1, 0, 1, 2].map((n): [string, string] => [iso(newYear.next(n).getSolarDay()), '春节']),
    [iso(SolarTerm.fromName(year, '清明').getSolarDay()), '清明节'],
    [fixed(year, '05-01'), '劳动节'],
    [fixed(year, '05-02'), '劳动节'],
    [iso(LunarDay.fromYmd(year, 5, 5).getSolarDay()), '端午节'],
    [iso(LunarDay.fromYmd(year, 8, 15).getSolarDay()), '中秋节'],
    [fixed(year, '10-01'), '国庆节'],
    [fixed(year, '10-02'), '国庆节'],
    [fixed(year, '10-03'), '国庆节'],
  ];
  const byDate = new Map<string, string[]>();
  for (const [date, name] of days) byDate.set(date, [...(byDate.get(date) ?? []), name]);
  const out = [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, names]) => ({ date, name: [...new Set(names)].join('、') }));
  known.set(year, out);
  return out;
}
