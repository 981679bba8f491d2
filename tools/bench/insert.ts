// Writes one generated batch in one transaction (so a batch is either all there or not at all,
// which is what makes the generator resumable): each table is one INSERT … SELECT over
// json_to_recordset, i.e. one round trip and one parse for thousands of rows. Bytea travels as
// hex. Triggers are skipped only when the generator reproduces all of them (see below).
import type pg from 'pg';
import type { Batch, Row } from './generate.ts';

type Col = [name: string, type: string];

const PETITIONS: Col[] = [
  ['id', 'bigint'], ['case_no', 'text'], ['query_code_hash', 'bytea'], ['channel', 'text'], ['purpose', 'text'], ['category_code', 'text'],
  ['title', 'text'], ['content', 'text'], ['desired_outcome', 'text'], ['place', 'text'], ['anonymous', 'boolean'], ['joint', 'boolean'],
  ['person_count', 'integer'], ['status', 'text'], ['scope', 'text'], ['route_mode', 'text'], ['agency_id', 'uuid'], ['merged_into_id', 'bigint'],
  ['review_level', 'integer'], ['extended_days', 'integer'], ['received_at', 'timestamptz'], ['registered_at', 'timestamptz'],
  ['owner_leader_id', 'uuid'], ['replied_at', 'timestamptz'], ['closed_at', 'timestamptz'], ['rating', 'text'], ['rated_at', 'timestamptz'],
  ['updated_at', 'timestamptz'], ['repeat_of_id', 'bigint'], ['next_due_at', 'timestamptz'], ['review_agency_id', 'uuid'],
];
const PETITIONERS: Col[] = [
  ['petition_id', 'bigint'], ['role', 'text'], ['ord', 'integer'], ['name_enc', 'bytea'], ['id_number_enc', 'bytea'], ['phone_enc', 'bytea'],
  ['address_enc', 'bytea'], ['phone_hash', 'bytea'], ['id_number_hash', 'bytea'], ['name_address_hash', 'bytea'],
];
const EVENTS: Col[] = [
  ['petition_id', 'bigint'], ['at', 'timestamptz'], ['type', 'text'], ['visibility', 'text'], ['actor_kind', 'text'], ['actor_id', 'uuid'],
  ['public_text', 'text'], ['data', 'jsonb'], // data arrives as a JSON object, not a string
];
const CLOCKS: Col[] = [
  ['petition_id', 'bigint'], ['clock', 'text'], ['started_at', 'timestamptz'], ['due_date', 'date'], ['due_at', 'timestamptz'], ['unit', 'text'],
  ['stopped_at', 'timestamptz'], ['reminded_at', 'timestamptz'], ['overdue_noted_at', 'timestamptz'],
];
const BANDS: Col[] = [['band_hash', 'bigint'], ['petition_id', 'bigint']];
const REPEATS: Col[] = [['petition_id', 'bigint'], ['earlier_id', 'bigint'], ['kind', 'text'], ['basis', 'text'], ['score', 'real'], ['status', 'text'], ['created_at', 'timestamptz']];

/** Columns with a NOT NULL default take it when the generated row leaves them out. */
const DEFAULTS: Record<string, string> = { review_level: '0', extended_days: '0', next_due_at: "'infinity'" };

// How a JSON value arrives and becomes the column: bytea as hex, instants as epoch milliseconds.
const WIRE: Record<string, [wire: string, expr: (v: string) => string]> = {
  bytea: ['text', (v) => `decode(${v}, 'hex')`],
  timestamptz: ['double precision', (v) => `to_timestamp(${v} / 1000.0)`],
};

function insertSql(table: string, cols: Col[], extra = '', overriding = false): string {
  const names = cols.map(([n]) => n).join(', ');
  const record = cols.map(([n, t]) => `${n} ${WIRE[t]?.[0] ?? t}`).join(', ');
  const select = cols
    .map(([n, t]) => {
      const v = WIRE[t] ? WIRE[t][1](`x.${n}`) : `x.${n}`;
      return DEFAULTS[n] ? `COALESCE(${v}, ${DEFAULTS[n]})` : v;
    })
    .join(', ');
  return `INSERT INTO ${table} (${names})${overriding ? ' OVERRIDING SYSTEM VALUE' : ''} SELECT ${select} FROM json_to_recordset($1::json) AS x(${record})${extra}`;
}

const STATEMENTS: Array<[keyof Batch, string]> = [
  ['petitions', insertSql('petitions', PETITIONS, '', true)],
  ['petitioners', insertSql('petitioners', PETITIONERS)],
  ['events', insertSql('events', EVENTS)],
  ['clocks', insertSql('clocks', CLOCKS)],
  ['bands', insertSql('text_bands', BANDS, ' ON CONFLICT DO NOTHING')],
  ['repeats', insertSql('repeats', REPEATS, ' ON CONFLICT DO NOTHING')],
];

/** Triggers on the tables written here whose effect the generator reproduces itself: the
 *  append-only guard (inserts pass it), next_due_at (computed per row) and the statistics rollup
 *  (rebuilt by stats_rebuild() at the end). Any other trigger keeps triggers on. */
const REPRODUCED = new Set([
  'events_append_only', 'clocks_next_due', 'clocks_next_due_insert', 'stats_petitions_insert', 'stats_petitions_update', 'stats_petitions_delete',
  'stats_clocks_change', 'stats_clocks_insert', 'stats_clocks_update', 'stats_clocks_delete', // renamed by migrations/046
]);

/**
 * Whether batches may skip triggers and foreign-key checks (session_replication_role = replica):
 * only for a superuser, and only when every trigger is one the generator reproduces. The clocks
 * trigger alone would rewrite each petition row four times, the bulk of the load time.
 */
export async function canBypassTriggers(client: pg.PoolClient): Promise<{ ok: boolean; why?: string }> {
  const { rows } = await client.query<{ tgname: string }>(
    `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal
       AND tgrelid IN ('petitions'::regclass, 'petitioners'::regclass, 'events'::regclass, 'clocks'::regclass, 'text_bands'::regclass, 'repeats'::regclass)`,
  );
  const unknown = rows.map((r) => r.tgname).filter((n) => !REPRODUCED.has(n));
  if (unknown.length) return { ok: false, why: `triggers the generator does not reproduce: ${unknown.join(', ')}` };
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    return { ok: true };
  } catch {
    return { ok: false, why: 'not a superuser' };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

/** Milliseconds spent per table so far (printed by seed:bench with --profile). */
export const insertMs: Record<string, number> = {};

export async function insertBatch(client: pg.PoolClient, batch: Batch, bypassTriggers: boolean): Promise<void> {
  await client.query('BEGIN');
  try {
    // A lost batch on a crash is simply generated again on the next run.
    await client.query('SET LOCAL synchronous_commit = off');
    if (bypassTriggers) await client.query('SET LOCAL session_replication_role = replica');
    for (const [key, text] of STATEMENTS) {
      const rows: Row[] = batch[key];
      const t = performance.now();
      if (rows.length) await client.query(text, [JSON.stringify(rows)]);
      insertMs[key] = (insertMs[key] ?? 0) + performance.now() - t;
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}
