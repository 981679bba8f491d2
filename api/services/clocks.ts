// Statutory clocks over the official calendar: computes due dates (period-end rule, make-up
// working days) and starts or stops a case's clocks inside the caller's transaction.
import { sql, type Transaction } from 'kysely';
import type { ClockName, PeriodUnit } from '../contract/enums.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { chinaDate, endOfChinaDay, makeCalendar, periodEnd, type Calendar } from '../domain/calendar.ts';
import { CLOCK_DEFAULTS, type ClockPeriod } from '../domain/lifecycle.ts';

export type ClockRules = { at: number; calendar: Calendar; periods: Record<ClockName, ClockPeriod> };
const TTL_MS = 10_000; // admin edits reach every process within 10 s
const cache = new WeakMap<Database, ClockRules>();

/** The calendar and the clock periods in force (admin settings over the statutory defaults). */
export async function clockRules(db: Database): Promise<ClockRules> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit;
  const [days, setting] = await Promise.all([
    db.selectFrom('calendar_days').select(['day', 'kind']).execute(),
    db.selectFrom('settings').select('value').where('key', '=', 'clock_periods').executeTakeFirst(),
  ]);
  const calendar = makeCalendar(days.map((d) => ({ date: d.day, kind: d.kind as 'holiday' | 'workday' })));
  const periods = { ...CLOCK_DEFAULTS, ...((setting?.value ?? {}) as Partial<Record<ClockName, ClockPeriod>>) };
  const value = { at: Date.now(), calendar, periods };
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

export function dueFor(calendar: Calendar, start: Date, period: ClockPeriod): { dueDate: string; dueAt: Date } {
  const startDate = chinaDate(start);
  const key = `${startDate} ${period.unit} ${period.days}`;
  let known = dueDates.get(calendar);
  if (!known) dueDates.set(calendar, (known = new Map()));
  let dueDate = known.get(key);
  if (dueDate === undefined) {
    dueDate = periodEnd(calendar, startDate, period);
    if (known.size >= 1_000) known.clear();
    known.set(key, dueDate);
  }
  return { dueDate, dueAt: endOfChinaDay(dueDate) };
}

/** Starts (or restarts) a clock. `dueDate` overrides the period, e.g. a deadline set on assign. */
export async function startClock(
  trx: Transaction<DB>,
  rules: ClockRules,
  petitionId: number,
  clock: ClockName,
  start: Date,
  dueDate?: string,
): Promise<{ dueDate: string; dueAt: Date }> {
  const period = rules.periods[clock];
  const due = dueDate ? { dueDate, dueAt: endOfChinaDay(dueDate) } : dueFor(rules.calendar, start, period);
  const unit: PeriodUnit = period.unit;
  await trx
    .insertInto('clocks')
    .values({ petition_id: petitionId, clock, started_at: start, due_date: due.dueDate, due_at: due.dueAt, unit })
    .onConflict((oc) =>
      oc.columns(['petition_id', 'clock']).doUpdateSet({
        started_at: start,
        due_date: due.dueDate,
        due_at: due.dueAt,
        unit,
        stopped_at: null,
        reminded_at: null,
        overdue_noted_at: null,
      }),
    )
    .execute();
  return due;
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
