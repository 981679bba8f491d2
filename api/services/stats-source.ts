// Where the statistics' numbers come from (the rollup design is in migrations/031_stats_rollup.sql):
// `rollupMeasures` sums the daily rollup plus the deltas not yet compacted, in one statement (one
// snapshot, every committed change counted once); `liveMeasures` computes the same rows from the
// base tables, optionally for one agency (an agency-scoped reader, and the tests' cross-check);
// overdue is always live, since it changes with the clock and not with a write.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';

export const MEASURES = [
  'received', 'persons', 'collective', 'collective_persons', 'out_of_scope', 'repeat', 'replied', 'rated', 'satisfied',
  'accept_stopped', 'accept_on_time', 'handle_stopped', 'handle_on_time',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Measures = Record<Measure, number>;
export type Dim = 'all' | 'channel' | 'purpose' | 'category' | 'scope' | 'agency';
export type MeasureRow = Measures & { dim: Dim; key: string };
/** China local dates, both inclusive. */
export type Period = { from: string; to: string };

export const zeroMeasures = (): Measures => Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures;

/** The instants that bound a period of China local dates: [start, end). */
export function periodBounds(p: Period): { start: Date; end: Date } {
  const end = new Date(`${p.to}T00:00:00+08:00`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { start: new Date(`${p.from}T00:00:00+08:00`), end };
}

const DIM_OF_GROUPING = sql`CASE GROUPING(channel, purpose, category_code, scope, agency)
  WHEN 31 THEN 'all' WHEN 15 THEN 'channel' WHEN 23 THEN 'purpose' WHEN 27 THEN 'category' WHEN 29 THEN 'scope' ELSE 'agency' END`;
const KEY_OF_GROUPING = sql`COALESCE(channel, purpose, category_code, scope, agency, '')`;
const GROUPING_SETS = sql`GROUPING SETS ((), (channel), (purpose), (category_code), (scope), (agency))`;
const sums = (prefix = '') => sql.raw(MEASURES.map((m) => `sum(${prefix}${m})::int AS ${m}`).join(', '));

function normalise(rows: Array<Record<string, unknown>>): MeasureRow[] {
  return rows.map((r) => {
    const out = { dim: r.dim as Dim, key: String(r.key ?? '') } as MeasureRow;
    for (const m of MEASURES) out[m] = Number(r[m] ?? 0);
    return out;
  });
}

export async function rollupMeasures(db: Database, p: Period): Promise<MeasureRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT dim, key, ${sums()} FROM (
      SELECT dim, key, ${sql.raw(MEASURES.join(', '))} FROM stats_daily WHERE day BETWEEN ${p.from}::date AND ${p.to}::date
      UNION ALL
      SELECT ${DIM_OF_GROUPING} AS dim, ${KEY_OF_GROUPING} AS key, ${sums()}
        FROM stats_deltas WHERE day BETWEEN ${p.from}::date AND ${p.to}::date
       GROUP BY ${GROUPING_SETS}
    ) x
    GROUP BY dim, key`.execute(db);
  return normalise(rows);
}

/** Leaves out cases imported from a ledger (history, migrations/070) when asked. */
const notImported = (exclude: boolean, alias = 'p'): RawBuilder<unknown> =>
  exclude ? sql`NOT EXISTS (SELECT 1 FROM petition_imports i WHERE i.petition_id = ${sql.ref(`${alias}.id`)})` : sql`true`;

/** The same rows from petitions and clocks; `agencyId` narrows everything to one agency, and
 *  `excludeImported` leaves ledger history out (the rollup cannot, so this reader serves it). */
export async function liveMeasures(db: Database, p: Period, agencyId?: string | null, opts: { excludeImported?: boolean } = {}): Promise<MeasureRow[]> {
  const { start, end } = periodBounds(p);
  const onlyAgency: RawBuilder<unknown> = sql`${agencyId === undefined ? sql`true` : sql`p.agency_id IS NOT DISTINCT FROM ${agencyId}::uuid`} AND ${notImported(!!opts.excludeImported)}`;
  const petitionPart = sql<Record<string, unknown>>`
    SELECT ${DIM_OF_GROUPING} AS dim, ${KEY_OF_GROUPING} AS key,
           count(*)::int AS received, sum(person_count)::int AS persons,
           count(*) FILTER (WHERE person_count >= 5)::int AS collective,
           COALESCE(sum(person_count) FILTER (WHERE person_count >= 5), 0)::int AS collective_persons,
           count(*) FILTER (WHERE scope <> '' AND scope <> 'own')::int AS out_of_scope,
           count(*) FILTER (WHERE repeat_of_id IS NOT NULL)::int AS repeat,
           count(*) FILTER (WHERE replied_at IS NOT NULL)::int AS replied,
           count(*) FILTER (WHERE rating IS NOT NULL)::int AS rated,
           count(*) FILTER (WHERE rating IN ('satisfied', 'basically_satisfied'))::int AS satisfied,
           0 AS accept_stopped, 0 AS accept_on_time, 0 AS handle_stopped, 0 AS handle_on_time
      FROM (SELECT p.channel, p.purpose, p.category_code, COALESCE(p.scope, '') AS scope,
                   stats_agency_key(p.agency_id, p.route_mode) AS agency, p.person_count, p.repeat_of_id, p.replied_at, p.rating
              FROM petitions p WHERE p.received_at >= ${start} AND p.received_at < ${end} AND ${onlyAgency}) x
     GROUP BY ${GROUPING_SETS}`;
  const clockPart = sql<Record<string, unknown>>`
    SELECT ${DIM_OF_GROUPING} AS dim, ${KEY_OF_GROUPING} AS key,
           0 AS received, 0 AS persons, 0 AS collective, 0 AS collective_persons, 0 AS out_of_scope, 0 AS repeat,
           0 AS replied, 0 AS rated, 0 AS satisfied,
           count(*) FILTER (WHERE clock = 'accept')::int AS accept_stopped,
           count(*) FILTER (WHERE clock = 'accept' AND on_time)::int AS accept_on_time,
           count(*) FILTER (WHERE clock = 'handle')::int AS handle_stopped,
           count(*) FILTER (WHERE clock = 'handle' AND on_time)::int AS handle_on_time
      FROM (SELECT p.channel, p.purpose, p.category_code, COALESCE(p.scope, '') AS scope,
                   stats_agency_key(p.agency_id, p.route_mode) AS agency, c.clock, c.stopped_at <= c.due_at AS on_time
              FROM clocks c JOIN petitions p ON p.id = c.petition_id
             WHERE c.stopped_at >= ${start} AND c.stopped_at < ${end} AND ${onlyAgency}
               AND (c.clock = 'accept' OR (c.clock = 'handle' AND p.status <> 'merged'))) x
     GROUP BY ${GROUPING_SETS}`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT dim, key, ${sums()} FROM (${petitionPart} UNION ALL ${clockPart}) y GROUP BY dim, key`.execute(db);
  return normalise(rows);
}

/** Cases received in the period that are overdue now (a running staff clock past due — the
 *  queue's own `overdue` filter), by agency key. */
export async function overdueByAgency(db: Database, p: Period, now: Date, agencyId?: string | null, opts: { excludeImported?: boolean } = {}): Promise<Map<string, number>> {
  const { start, end } = periodBounds(p);
  const onlyAgency = agencyId === undefined ? sql`true` : sql`agency_id IS NOT DISTINCT FROM ${agencyId}::uuid`;
  const { rows } = await sql<{ agency: string; n: number }>`
    SELECT stats_agency_key(agency_id, route_mode) AS agency, count(*)::int AS n
      FROM petitions p
     WHERE next_due_at < ${now} AND next_due_at <> 'infinity' AND received_at >= ${start} AND received_at < ${end} AND ${onlyAgency}
       AND ${notImported(!!opts.excludeImported)}
     GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.agency, r.n]));
}

/**
 * 一次性化解率 (issue 15): among the cases received in the period and replied, those settled at the
 * first answer — no review asked (复查 / 复核) and no confirmed repeat petition since (a system
 * hint does not count). Live, from petitions, events and the repeat links (a partial index,
 * migrations/070).
 */
export async function oneTimeResolution(db: Database, p: Period, agencyId?: string | null, opts: { excludeImported?: boolean } = {}): Promise<{ replied: number; oneTime: number }> {
  const { start, end } = periodBounds(p);
  const onlyAgency = agencyId === undefined ? sql`true` : sql`p.agency_id IS NOT DISTINCT FROM ${agencyId}::uuid`;
  const { rows } = await sql<{ replied: number; one_time: number }>`
    SELECT count(*)::int AS replied,
           count(*) FILTER (WHERE p.review_level = 0 AND p.status NOT IN ('review_requested', 'reviewing')
             AND NOT EXISTS (SELECT 1 FROM events e WHERE e.petition_id = p.id AND e.type = 'request_review')
             AND NOT EXISTS (SELECT 1 FROM petitions q WHERE q.repeat_of_id = p.id))::int AS one_time
      FROM petitions p
     WHERE p.received_at >= ${start} AND p.received_at < ${end} AND p.replied_at IS NOT NULL AND NOT p.scan_pending
       AND ${onlyAgency} AND ${notImported(!!opts.excludeImported)}`.execute(db);
  return { replied: rows[0]?.replied ?? 0, oneTime: rows[0]?.one_time ?? 0 };
}

/** Received cases by month and channel (rollup + deltas). */
export async function monthlyByChannel(db: Database, p: Period): Promise<Array<{ month: string; channel: string; n: number }>> {
  const { rows } = await sql<{ month: string; channel: string; n: number }>`
    SELECT to_char(day, 'YYYY-MM') AS month, key AS channel, sum(received)::int AS n FROM (
      SELECT day, key, received FROM stats_daily WHERE dim = 'channel' AND day BETWEEN ${p.from}::date AND ${p.to}::date
      UNION ALL
      SELECT day, channel, received FROM stats_deltas WHERE day BETWEEN ${p.from}::date AND ${p.to}::date
    ) x GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return rows;
}

/** A version that changes whenever a delta is written (the stats cache's key). */
export async function statsVersion(db: Database): Promise<string> {
  const { rows } = await sql<{ v: string }>`SELECT (last_value::text || CASE WHEN is_called THEN '+' ELSE '' END) AS v FROM stats_deltas_id_seq`.execute(db);
  return rows[0]?.v ?? '';
}

const COMPACT_LOCK = 7_243_050;

/** Moves the deltas into the rollup unless another process is doing it right now. */
export async function compactStats(db: Database): Promise<number> {
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${COMPACT_LOCK}) AS ok`.execute(conn);
    if (!rows[0].ok) return 0;
    try {
      const r = await sql<{ n: number }>`SELECT stats_compact() AS n`.execute(conn);
      return r.rows[0].n;
    } finally {
      await sql`SELECT pg_advisory_unlock(${COMPACT_LOCK})`.execute(conn);
    }
  });
}
