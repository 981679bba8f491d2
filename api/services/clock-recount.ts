// Counts running clocks again when the calendar changes (issue 13): an imported official schedule
// replacing a provisional year, a day an admin set, or a deploy that brought computed holidays
// for a year without a schedule. Every clock that counts a period (period_days set) gets the due
// date its start day and length give on the calendar in force; each one that moves is written
// with an internal `clock_recomputed` event on its case, in one transaction per case that locks
// the case first (the verbs' order). Due dates a person set are never touched.
import { sql } from 'kysely';
import { CLOCK_LABELS, type ClockName, type PeriodUnit } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { endOfChinaDay } from '../domain/calendar.ts';
import { clockRules, dueDateFrom, type ClockRules } from './clocks.ts';

const SETTING = 'clocks_counted_on';
const LOCK = 7_243_013;
const BATCH = 2_000;

export type RecountResult = { moved: number; cases: number };

async function recountAll(deps: Deps, rules: ClockRules, reason: string): Promise<RecountResult> {
  const now = deps.now();
  let moved = 0;
  const cases = new Set<number>();
  let after: [number, string] = [0, ''];
  for (;;) {
    const rows = await deps.db
      .selectFrom('clocks')
      .select(['petition_id', 'clock', 'due_date', 'start_date', 'period_days', 'unit'])
      .where('stopped_at', 'is', null)
      .where('period_days', 'is not', null)
      .where('start_date', 'is not', null)
      .where(sql<boolean>`(petition_id, clock) > (${after[0]}, ${after[1]})`)
      .orderBy('petition_id')
      .orderBy('clock')
      .limit(BATCH)
      .execute();
    if (!rows.length) break;
    after = [rows.at(-1)!.petition_id, rows.at(-1)!.clock];
    const byCase = new Map<number, typeof rows>();
    for (const r of rows) {
      if (dueDateFrom(rules.calendar, r.start_date!, { days: r.period_days!, unit: r.unit as PeriodUnit }) === r.due_date) continue;
      byCase.set(r.petition_id, [...(byCase.get(r.petition_id) ?? []), r]);
    }
    for (const [petitionId] of byCase) {
      const n = await deps.db.transaction().execute(async (trx) => {
        await trx.selectFrom('petitions').select('id').where('id', '=', petitionId).forUpdate().execute();
        const clocks = await trx
          .selectFrom('clocks')
          .select(['clock', 'due_date', 'start_date', 'period_days', 'unit'])
          .where('petition_id', '=', petitionId)
          .where('stopped_at', 'is', null)
          .where('period_days', 'is not', null)
          .where('start_date', 'is not', null)
          .forUpdate()
          .execute();
        let count = 0;
        for (const c of clocks) {
          const toDate = dueDateFrom(rules.calendar, c.start_date!, { days: c.period_days!, unit: c.unit as PeriodUnit });
          if (toDate === c.due_date) continue;
          await trx
            .updateTable('clocks')
            .set({ due_date: toDate, due_at: endOfChinaDay(toDate), reminded_at: null, overdue_noted_at: null })
            .where('petition_id', '=', petitionId)
            .where('clock', '=', c.clock)
            .execute();
          await trx
            .insertInto('events')
            .values({
              petition_id: petitionId,
              at: now,
              type: 'clock_recomputed',
              visibility: 'internal',
              actor_kind: 'system',
              data: JSON.stringify({ clock: c.clock, label: CLOCK_LABELS[c.clock as ClockName] ?? c.clock, fromDate: c.due_date, toDate, reason }),
            })
            .execute();
          count++;
        }
        return count;
      });
      if (n) cases.add(petitionId);
      moved += n;
    }
    if (rows.length < BATCH) break;
  }
  return { moved, cases: cases.size };
}

/**
 * Recounts every running clock on the calendar in force now (after an admin's change, in the
 * same request: the answer can say how many moved), and notes which calendar they were counted
 * on. One recount at a time across processes.
 */
export async function recountClocks(deps: Deps, reason: string): Promise<RecountResult> {
  const rules = await clockRules(deps.db);
  const client = await deps.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    const result = await recountAll(deps, rules, reason);
    await deps.db
      .insertInto('settings')
      .values({ key: SETTING, value: JSON.stringify(rules.fingerprint) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(rules.fingerprint), updated_at: deps.now() }))
      .execute();
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => {});
    client.release();
  }
}

/** For the clock job: recounts when the calendar in force is not the one the clocks were last
 *  counted on (a deploy, or a change made in another process). Cheap when nothing changed. */
export async function recountIfCalendarChanged(deps: Deps): Promise<RecountResult | undefined> {
  const [rules, seen] = await Promise.all([
    clockRules(deps.db),
    deps.db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst(),
  ]);
  if (seen && seen.value === rules.fingerprint) return undefined;
  return recountClocks(deps, '工作日历已更新');
}
