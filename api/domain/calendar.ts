// Working days and statutory period ends over the official calendar (DESIGN §3). Pure: no clock,
// no I/O; every date is a China local date 'YYYY-MM-DD' and the same inputs give the same answer.

import type { PeriodUnit } from '../contract/enums.ts';

export type DayKind = 'holiday' | 'workday';
export type CalendarOverride = { date: string; kind: DayKind };
export type CalendarRow = CalendarOverride & { name: string };
export type Period = { days: number; unit: PeriodUnit };

/**
 * The official calendar: Mon–Fri work, Sat/Sun rest, except where an override says otherwise
 * (a `holiday` closes a weekday, a `workday` — 调休 — opens a weekend day).
 */
export type Calendar = {
  readonly overrides: ReadonlyMap<string, DayKind>;
  /** Years with at least one override; outside them only the Mon–Fri default applies, which the
   *  clock job should warn about, since the State Council publishes each year's schedule late. */
  readonly years: ReadonlySet<number>;
};

const DAY_MS = 86_400_000;
// China has used UTC+8 all year since 1991; a fixed offset keeps this independent of the host's TZ.
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isChinaDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

function assertDate(date: string): void {
  if (!isChinaDate(date)) throw new RangeError(`not a date 'YYYY-MM-DD': ${String(date)}`);
}

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be an integer ≥ 0, got ${n}`);
}

// Dates are handled as day numbers since 1970-01-01 so that arithmetic never meets time zones.
function toDay(date: string): number {
  assertDate(date);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer, got ${n}`);
  return fromDay(toDay(date) + n);
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}

/** The China local date of an instant. */
export function chinaDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant the China date begins (00:00 +08:00). */
export function startOfChinaDay(date: string): Date {
  return new Date(toDay(date) * DAY_MS - CHINA_OFFSET_MS);
}

/** The instant the China date ends (next day 00:00 +08:00): a deadline on `date` is met by
 *  anything strictly before it. */
export function endOfChinaDay(date: string): Date {
  return new Date((toDay(date) + 1) * DAY_MS - CHINA_OFFSET_MS);
}

/** True once the whole due date has passed in China, i.e. at or after the end of that day. */
export function isPastDue(instant: Date, dueDate: string): boolean {
  return instant.getTime() >= endOfChinaDay(dueDate).getTime();
}

/** Builds a calendar; refuses malformed rows and a date listed as both holiday and workday. */
export function makeCalendar(overrides: Iterable<CalendarOverride>): Calendar {
  const map = new Map<string, DayKind>();
  const years = new Set<number>();
  for (const { date, kind } of overrides) {
    assertDate(date);
    if (kind !== 'holiday' && kind !== 'workday') throw new RangeError(`unknown day kind for ${date}: ${String(kind)}`);
    const seen = map.get(date);
    if (seen !== undefined && seen !== kind) throw new RangeError(`${date} is listed both as holiday and workday`);
    map.set(date, kind);
    years.add(Number(date.slice(0, 4)));
  }
  return { overrides: map, years };
}

/**
 * Parses the official calendar CSV (`date,kind,name`, header first). Names never contain an
 * ASCII comma in the official lists, but anything after the second comma is kept as the name
 * so a stray one does not shift columns. Throws with the line number on the first bad row.
 */
export function parseCalendarCsv(text: string): CalendarRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').trim().toLowerCase().replace(/\s+/g, '');
  if (header !== 'date,kind,name') throw new SyntaxError(`calendar CSV line 1: expected header "date,kind,name"`);
  const rows: CalendarRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const [date = '', kind = '', ...rest] = line.split(',');
    const name = rest.join(',').trim().replace(/^"(.*)"$/, '$1');
    if (!isChinaDate(date.trim())) throw new SyntaxError(`calendar CSV line ${i + 1}: bad date "${date}"`);
    const k = kind.trim();
    if (k !== 'holiday' && k !== 'workday') throw new SyntaxError(`calendar CSV line ${i + 1}: bad kind "${kind}"`);
    rows.push({ date: date.trim(), kind: k, name });
  }
  return rows;
}

/** Whether government offices work on that date. */
export function isWorkingDay(cal: Calendar, date: string): boolean {
  const override = cal.overrides.get(date);
  if (override !== undefined) return override === 'workday';
  const weekday = new Date(toDay(date) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(cal: Calendar, date: string): string {
  let d = date;
  // Terminates: only finitely many dates are overridden, and every default week has working days.
  while (!isWorkingDay(cal, d)) d = addDays(d, 1);
  return d;
}

/**
 * The n-th working day after `date`. The start day itself is never counted (期间开始的日不计算在
 * 期间内), so n = 0 gives `date` back unchanged, whether or not it is a working day.
 */
export function addWorkingDays(cal: Calendar, date: string, n: number): string {
  assertCount(n, 'working days');
  let d = date;
  assertDate(d);
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/** The n-th working day before `date` (e.g. the reminder day 3 working days before a due date);
 *  n = 0 gives `date` back unchanged. */
export function subtractWorkingDays(cal: Calendar, date: string, n: number): string {
  assertCount(n, 'working days');
  let d = date;
  assertDate(d);
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/**
 * The last day of a statutory period that starts on `startDate` (the start day not counted).
 * Calendar unit: start + days, moved to the next working day when that day is not one (DESIGN §3:
 * a period whose last day is not a working day ends on the next working day). Working unit: the
 * days-th working day after the start, which is a working day by construction.
 */
export function periodEnd(cal: Calendar, startDate: string, period: Period): string {
  assertCount(period.days, 'period days');
  if (period.unit === 'working') return addWorkingDays(cal, startDate, period.days);
  if (period.unit === 'calendar') return nextWorkingDayOnOrAfter(cal, addDays(startDate, period.days));
  throw new RangeError(`unknown period unit: ${String(period.unit)}`);
}

// Working days in the half-open interval (from, to], for from ≤ to.
function workingDaysAfterUpTo(cal: Calendar, from: string, to: string): number {
  let count = 0;
  for (let d = addDays(from, 1); toDay(d) <= toDay(to); d = addDays(d, 1)) {
    if (isWorkingDay(cal, d)) count++;
  }
  return count;
}

/**
 * Days left until a due date, for display: 0 on the due date, positive before it, negative once
 * it has passed. In working days the count is of working days between the two dates (today not
 * counted, the far end counted), but never 0 unless today is the due date: otherwise a case
 * overdue since Friday would read "0" all weekend, and the sign alone must tell overdue apart.
 */
export function daysLeft(cal: Calendar, today: string, dueDate: string, unit: PeriodUnit): number {
  const diff = daysBetween(today, dueDate);
  if (unit === 'calendar' || diff === 0) return diff;
  if (unit !== 'working') throw new RangeError(`unknown period unit: ${String(unit)}`);
  return diff > 0
    ? Math.max(1, workingDaysAfterUpTo(cal, today, dueDate))
    : -Math.max(1, workingDaysAfterUpTo(cal, dueDate, today));
}
