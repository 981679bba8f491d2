// Statutory clocks over the official calendar: computes due dates (period-end rule, make-up
// working days) and starts, stops or recounts a case's clocks inside the caller's transaction.
// The calendar is the imported official schedules plus, for every year without one, the
// statutory holidays computed by the 2024 rules (provisional until the official one arrives).
import { sql, type Transaction } from 'kysely';
import type { ClockName, HandleStartRule, PeriodUnit } from '../contract/enums.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { chinaDate, endOfChinaDay, makeCalendar, periodEnd, type Calendar, type CalendarOverride } from '../domain/calendar.ts';
import { CLOCK_DEFAULTS, type ClockPeriod } from '../domain/lifecycle.ts';
import { COMPUTABLE_YEARS, HOLIDAY_RULES_FROM, statutoryHolidays } from '../domain/statutory-holidays.ts';

/** The office's procedure settings beyond the clock periods (issue 13), with their defaults. */
export type Procedure = {
  /** When an agency's handling days start on a forwarded or assigned case (条例 art. 34). */
  handleStart: HandleStartRule;
  /** A posted reply counts as delivered this many days after posting, unless its delivery date is recorded. */
  postalDays: number;
  /** A citizen may rate the reply until the case has been closed this many days. */
  ratingDays: number;
};
export const PROCEDURE_DEFAULTS: Procedure = { handleStart: 'agency_receipt', postalDays: 7, ratingDays: 90 };

export type ClockRules = {
  at: number;
  calendar: Calendar;
  periods: Record<ClockName, ClockPeriod>;
  procedure: Procedure;
  /** Years with an imported official schedule. */
  officialYears: ReadonlySet<number>;
  /** Changes whenever any day of the calendar does (to tell whether running clocks need recounting). */
  fingerprint: string;
};
const TTL_MS = 10_000; // admin edits reach every process within 10 s
const cache = new WeakMap<Database, ClockRules>();

/** Whether a year's working days are computed (no official schedule imported yet). */
export const isProvisional = (rules: Pick<ClockRules, 'officialYears'>, year: number) => !rules.officialYears.has(year);

/** The days of the calendar: official years as imported; other years the computed statutory
 *  holidays, under any day an admin set by hand. */
export function calendarDays(rows: readonly CalendarOverride[], officialYears: ReadonlySet<number>): CalendarOverride[] {
  const set = new Map(rows.map((r) => [r.date, r.kind] as const));
  const out: CalendarOverride[] = rows.map((r) => ({ date: r.date, kind: r.kind }));
  for (let y = HOLIDAY_RULES_FROM; y <= COMPUTABLE_YEARS.to; y++) {
    if (officialYears.has(y)) continue;
    for (const h of statutoryHolidays(y)) if (!set.has(h.date)) out.push({ date: h.date, kind: 'holiday' });
  }
  return out;
}

/** The calendar and the clock periods in force (admin settings over the statutory defaults). */
export async function clockRules(db: Database): Promise<ClockRules> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const [days, years, settings] = await Promise.all([
    db.selectFrom('calendar_days').select(['day', 'kind']).orderBy('day').execute(),
    db.selectFrom('calendar_years').select('year').execute(),
    db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['clock_periods', 'procedure']).execute(),
  ]);
  const officialYears = new Set(years.map((y) => y.year));
  const rows = days.map((d) => ({ date: d.day, kind: d.kind as 'holiday' | 'workday' }));
  const calendar = makeCalendar(calendarDays(rows, officialYears));
  const setting = (key: string) => (settings.find((s) => s.key === key)?.value ?? {}) as object;
  const periods = { ...CLOCK_DEFAULTS, ...(setting('clock_periods') as Partial<Record<ClockName, ClockPeriod>>) };
  const procedure = { ...PROCEDURE_DEFAULTS, ...(setting('procedure') as Partial<Procedure>) };
  const fingerprint = `${[...officialYears].sort().join(',')}|${rows.map((r) => `${r.date}${r.kind[0]}`).join('')}`;
  const value = { at: Date.now(), calendar, periods, procedure, officialYears, fingerprint };
  cache.set(db, value);
  return value;
}

export function invalidateClockRules(db: Database) {
  cache.delete(db);
}

// Due dates by calendar, start date and period: every filing of a day asks the same question, and
// walking the calendar day by day was a few per cent of a filing's CPU (issue 6). A calendar is
// immutable (an edit makes a new one, see clockRules), so its answers never go stale.
const dueDates = new WeakMap<Calendar, Map<string, string>>();

/** The last day of a period counted from the China date `from` (the start day not counted). */
export function dueDateFrom(calendar: Calendar, from: string, period: ClockPeriod): string {
  const key = `${from} ${period.unit} ${period.days}`;
  let known = dueDates.get(calendar);
  if (!known) dueDates.set(calendar, (known = new Map()));
  let dueDate = known.get(key);
  if (dueDate === undefined) {
    dueDate = periodEnd(calendar, from, period);
    if (known.size >= 1_000) known.clear();
    known.set(key, dueDate);
  }
  return dueDate;
}

export function dueFor(calendar: Calendar, start: Date, period: ClockPeriod): { dueDate: string; dueAt: Date } {
  const dueDate = dueDateFrom(calendar, chinaDate(start), period);
  return { dueDate, dueAt: endOfChinaDay(dueDate) };
}

/** How a clock counts: from which China date and for how many days (its unit is the period's),
 *  or a due date a person set, which is never recounted. */
export type ClockStart = { from?: string; days?: number; dueDate?: string };

/** Starts (or restarts) a clock. By default it counts the period in force from `start`'s date. */
export async function startClock(
  trx: Transaction<DB>,
  rules: ClockRules,
  petitionId: number,
  clock: ClockName,
  start: Date,
  how: ClockStart = {},
): Promise<{ dueDate: string; dueAt: Date }> {
  const period = rules.periods[clock];
  const from = how.from ?? chinaDate(start);
  const days = how.dueDate ? null : (how.days ?? period.days);
  const dueDate = how.dueDate ?? dueDateFrom(rules.calendar, from, { days: days!, unit: period.unit });
  const due = { dueDate, dueAt: endOfChinaDay(dueDate) };
  const unit: PeriodUnit = period.unit;
  await trx
    .insertInto('clocks')
    .values({ petition_id: petitionId, clock, started_at: start, due_date: due.dueDate, due_at: due.dueAt, unit, start_date: from, period_days: days })
    .onConflict((oc) =>
      oc.columns(['petition_id', 'clock']).doUpdateSet({
        started_at: start,
        due_date: due.dueDate,
        due_at: due.dueAt,
        unit,
        start_date: from,
        period_days: days,
        stopped_at: null,
        reminded_at: null,
        overdue_noted_at: null,
      }),
    )
    .execute();
  return due;
}

/**
 * Counts a running clock again from another start day and/or for another length (the agency's
 * receipt, an extension), keeping its unit. The reminder and overdue marks are cleared when the
 * due date moves, so the clock job speaks about the new date. Undefined when it is not running.
 */
export async function recountClock(
  trx: Transaction<DB>,
  rules: ClockRules,
  petitionId: number,
  clock: ClockName,
  change: { from?: string; days?: number },
): Promise<{ fromDate: string; toDate: string; startDate: string; days: number } | undefined> {
  const c = await trx
    .selectFrom('clocks')
    .select(['due_date', 'start_date', 'period_days', 'unit', 'started_at'])
    .where('petition_id', '=', petitionId)
    .where('clock', '=', clock)
    .where('stopped_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!c) return undefined;
  const startDate = change.from ?? c.start_date ?? chinaDate(c.started_at);
  const days = change.days ?? c.period_days ?? rules.periods[clock].days;
  const toDate = dueDateFrom(rules.calendar, startDate, { days, unit: c.unit as PeriodUnit });
  const moved = toDate !== c.due_date;
  await trx
    .updateTable('clocks')
    .set({ start_date: startDate, period_days: days, due_date: toDate, due_at: endOfChinaDay(toDate), ...(moved ? { reminded_at: null, overdue_noted_at: null } : {}) })
    .where('petition_id', '=', petitionId)
    .where('clock', '=', clock)
    .execute();
  return { fromDate: c.due_date, toDate, startDate, days };
}

export async function stopClocks(trx: Transaction<DB>, petitionId: number, clocks: readonly ClockName[], at: Date) {
  if (clocks.length === 0) return;
  await trx
    .updateTable('clocks')
    .set({ stopped_at: at })
    .where('petition_id', '=', petitionId)
    .where('clock', 'in', [...clocks])
    .where('stopped_at', 'is', null)
    .execute();
}

/** SQL fragment: the clock is running and past due, derived at query time. */
export const isOverdueSql = sql<boolean>`(clocks.stopped_at IS NULL AND clocks.due_at < now())`;
