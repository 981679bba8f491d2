// The clock job (DESIGN §3): for every running clock it writes, exactly once, a reminder 3 working
// days before a handle due date, and at expiry what the clock calls for: an internal overdue
// event, the refusal of a late objection (the object clock stops), or the closing of a replied
// case whose review window ran out (public). Safe with any number of processes: each candidate
// is handled in its own transaction that locks the petition then the clock (the verbs' order, so
// no deadlock), skips rows another process holds, and rechecks the once-marks under the lock.
import type { Transaction } from 'kysely';
import type { ClockName, Status } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { addDays, addWorkingDays, chinaDate } from '../domain/calendar.ts';
import { CLOCK_ON_EXPIRY, CLOCK_REMINDERS, REVIEW_LEVEL_MAX, decideStep } from '../domain/lifecycle.ts';
import { clockRules, stopClocks } from '../services/clocks.ts';
import { cnDate } from '../services/case-text.ts';
import { recountIfCalendarChanged } from '../services/clock-recount.ts';
import { FINAL_CLOSE } from '../services/review-text.ts';

type Candidate = { petition_id: number; clock: string; kind: 'reminder' | 'expiry' };
export type ClockJobResult = { reminders: number; overdue: number; objectRefused: number; autoClosed: number };

const BATCH = 500;

async function candidates(deps: Deps, now: Date): Promise<Candidate[]> {
  const rules = await clockRules(deps.db);
  const today = chinaDate(now);
  const out: Candidate[] = [];
  for (const [clock, before] of Object.entries(CLOCK_REMINDERS) as Array<[ClockName, { days: number; unit: string }]>) {
    const horizon = before.unit === 'working' ? addWorkingDays(rules.calendar, today, before.days) : addDays(today, before.days);
    const rows = await deps.db
      .selectFrom('clocks')
      .select(['petition_id', 'clock'])
      .where('clock', '=', clock)
      .where('stopped_at', 'is', null)
      .where('reminded_at', 'is', null)
      .where('due_date', '<=', horizon)
      .where('due_at', '>', now)
      .limit(BATCH)
      .execute();
    out.push(...rows.map((r) => ({ ...r, kind: 'reminder' as const })));
  }
  const expired = await deps.db
    .selectFrom('clocks')
    .select(['petition_id', 'clock'])
    .where('stopped_at', 'is', null)
    .where('overdue_noted_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(BATCH)
    .execute();
  out.push(...expired.map((r) => ({ ...r, kind: 'expiry' as const })));
  return out;
}

async function event(trx: Transaction<DB>, petitionId: number, now: Date, type: string, visibility: 'public' | 'internal', data: object, publicText: string | null = null) {
  await trx.insertInto('events').values({ petition_id: petitionId, at: now, type, visibility, actor_kind: 'system', public_text: publicText, data: JSON.stringify(data) }).execute();
}

/** Handles one candidate; answers what it wrote, or undefined when there was nothing (left) to do. */
async function handle(deps: Deps, c: Candidate, now: Date): Promise<keyof ClockJobResult | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    const petition = await trx.selectFrom('petitions').select(['id', 'status', 'review_level']).where('id', '=', c.petition_id).forUpdate().skipLocked().executeTakeFirst();
    if (!petition) return undefined; // a verb holds the case right now: the next run sees it
    const clock = await trx.selectFrom('clocks').selectAll().where('petition_id', '=', c.petition_id).where('clock', '=', c.clock).forUpdate().executeTakeFirst();
    if (!clock || clock.stopped_at !== null) return undefined;
    const data = { clock: clock.clock, dueDate: clock.due_date };
    const mark = trx.updateTable('clocks').where('petition_id', '=', c.petition_id).where('clock', '=', c.clock);

    if (c.kind === 'reminder') {
      if (clock.reminded_at !== null || clock.due_at <= now) return undefined;
      await mark.set({ reminded_at: now }).execute();
      await event(trx, petition.id, now, 'clock_reminder', 'internal', data);
      return 'reminders';
    }
    if (clock.overdue_noted_at !== null || clock.due_at > now) return undefined;
    await mark.set({ overdue_noted_at: now }).execute();
    const onExpiry = CLOCK_ON_EXPIRY[clock.clock as ClockName] ?? 'clock_overdue';
    if (onExpiry === 'clock_overdue') {
      await event(trx, petition.id, now, 'clock_overdue', 'internal', data);
      return 'overdue';
    }
    if (onExpiry === 'object_refused') {
      await stopClocks(trx, petition.id, ['object'], now);
      await event(trx, petition.id, now, 'object_refused', 'internal', data);
      return 'objectRefused';
    }
    const d = decideStep(petition.status as Status, 'auto_close');
    if (!d.ok) return undefined; // e.g. a review was asked for in time: nothing closes
    await trx.updateTable('petitions').set({ status: d.next, closed_at: now, updated_at: now }).where('id', '=', petition.id).execute();
    await stopClocks(trx, petition.id, d.clocksStop, now);
    const text =
      petition.review_level >= REVIEW_LEVEL_MAX
        ? `复核意见已送达，期限（至${cnDate(clock.due_date)}）届满，您的信访事项已办结。${FINAL_CLOSE}`
        : `自收到答复之日起申请${petition.review_level === 0 ? '复查' : '复核'}的期限（至${cnDate(clock.due_date)}）已届满，您的信访事项已办结。`;
    await event(trx, petition.id, now, 'auto_close', 'public', data, text);
    return 'autoClosed';
  });
}

/** One run of the job at `now` (tests pass their own). */
export async function runClockJob(deps: Deps, now: Date = deps.now()): Promise<ClockJobResult> {
  const result: ClockJobResult = { reminders: 0, overdue: 0, objectRefused: 0, autoClosed: 0 };
  // A calendar changed elsewhere (another process, a deploy with a newly computed year) moves
  // running due dates before anything is judged overdue against them.
  await recountIfCalendarChanged(deps);
  for (;;) {
    const list = await candidates(deps, now);
    let wrote = 0;
    for (const c of list) {
      const r = await handle(deps, c, now);
      if (r) {
        result[r]++;
        wrote++;
      }
    }
    // A full batch that wrote something may have more behind it; otherwise we are done (rows
    // skipped because they were locked are picked up by the next run).
    if (list.length < BATCH || wrote === 0) return result;
  }
}
