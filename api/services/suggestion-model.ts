// The office's history as triage suggestions see it (issue 17, migrations/091): per field
// (category, scope, agency) and term, how many petitions with each value held the term. A
// learner keeps it:
//   - build: the first time (a new installation, a database seeded in bulk), from the latest
//     `maxDocs` petitions in one pass, written in one transaction;
//   - then incrementally, from the event log: every petition with a register, import, accept,
//     decline, route, object (and its approval) or merge event since the last run is compared with what it was
//     counted as (suggestion_learned) and moved if its category, scope or agency changed. The
//     run re-reads an overlap of earlier event ids, so an event whose transaction committed
//     after a later one's is not missed; re-reading changes nothing that is already counted.
// The same pass records, beside each suggestion linked to one of those petitions, the clerk's
// final choice. One learner at a time across processes (an advisory lock); it yields to the
// event loop between small slices of work.
import { sql, type Kysely, type Transaction } from 'kysely';
import { setImmediate as yieldNow } from 'node:timers/promises';
import type { Deps } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { categoryTerm, termsOf, type FieldModel } from '../domain/suggest-terms.ts';
import { petitionText } from '../domain/text-similarity.ts';

export const MODEL_FIELDS = ['category', 'scope', 'agency'] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];

const LEARN_LOCK = 7_243_091;
const STATE_KEY = 'suggestion_learner';
const BUILD_MAX_DOCS = 300_000;
const EVENT_OVERLAP = 5_000;
const EVENT_CHUNK = 20_000;
const LEARN_TYPES = ['register', 'import', 'accept', 'decline', 'route', 'object', 'approve_objection', 'merge'];

type Db = Kysely<DB> | Transaction<DB>;
type State = { eventId: number; built: boolean; docs?: number; builtAt?: string };

export type PetitionFacts = {
  id: number;
  title: string;
  content: string;
  category_code: string;
  status: string;
  scope: string | null;
  agency_id: string | null;
  route_mode: string | null;
  reason: string | null;
  anonymised: boolean;
};
type Values = Record<ModelField, string | null>;

/** What a petition teaches: its category; its scope once accepted (a decline on legal-route or
 *  not-a-state-matter grounds counts as that scope); the agency it was forwarded or assigned to. */
export function valuesOf(p: Pick<PetitionFacts, 'category_code' | 'status' | 'scope' | 'agency_id' | 'route_mode' | 'reason'>): Values {
  const scope = p.status === 'declined' ? (p.reason === 'legal_route' ? 'legal_route' : p.reason === 'not_state_matter' ? 'none' : null) : p.status === 'merged' ? null : p.scope;
  const agency = p.status !== 'merged' && (p.route_mode === 'forward' || p.route_mode === 'assign') ? p.agency_id : null;
  return { category: p.category_code, scope, agency };
}

/** The clerk's final choice as a suggestion row records it (migrations/091). */
export function choiceOf(p: Pick<PetitionFacts, 'category_code' | 'status' | 'scope' | 'agency_id' | 'route_mode' | 'reason'>) {
  const v = valuesOf(p);
  return {
    chosen_category: p.category_code,
    chosen_scope: v.scope,
    chosen_agency: p.route_mode === 'self' ? 'self' : p.route_mode ? p.agency_id : null,
    chosen_reason: p.status === 'declined' ? p.reason ?? '' : p.scope ? '' : null,
  };
}

/** The terms a petition is counted under for a field. */
export function fieldTerms(field: ModelField, base: Set<number>, category: string): number[] {
  const out = [...base];
  if (field !== 'category') out.push(categoryTerm(category));
  return out;
}

const FACTS = sql`p.id, p.title, p.content, p.category_code, p.status, p.scope, p.agency_id::text AS agency_id, p.route_mode,
  (p.anonymised_at IS NOT NULL) AS anonymised,
  CASE WHEN p.status = 'declined' THEN (SELECT e.data->>'reasonCode' FROM events e WHERE e.petition_id = p.id AND e.type = 'decline' ORDER BY e.id DESC LIMIT 1) END AS reason`;

/** Counts in memory: field → term → value → n, and field → value → { docs, terms }. */
class Tally {
  terms = new Map<ModelField, Map<number, Map<string, number>>>(MODEL_FIELDS.map((f) => [f, new Map()]));
  totals = new Map<ModelField, Map<string, { docs: number; terms: number }>>(MODEL_FIELDS.map((f) => [f, new Map()]));

  add(field: ModelField, value: string, terms: number[], d: 1 | -1) {
    const byTerm = this.terms.get(field)!;
    for (const t of terms) {
      let row = byTerm.get(t);
      if (!row) byTerm.set(t, (row = new Map()));
      row.set(value, (row.get(value) ?? 0) + d);
    }
    const tot = this.totals.get(field)!;
    const cur = tot.get(value) ?? { docs: 0, terms: 0 };
    tot.set(value, { docs: cur.docs + d, terms: cur.terms + d * terms.length });
  }

  /** Moves a petition from what it counted as (`old`, or nothing) to what it is now. */
  learn(p: PetitionFacts, old: Values | undefined): Values {
    const now = valuesOf(p);
    if (p.anonymised || !p.content) return old ?? now; // no text left to count (nor to uncount)
    const base = termsOf(petitionText(p));
    for (const f of MODEL_FIELDS) {
      if (old && old[f] === now[f]) continue;
      if (old?.[f]) this.add(f, old[f]!, fieldTerms(f, base, p.category_code), -1);
      if (now[f]) this.add(f, now[f]!, fieldTerms(f, base, p.category_code), 1);
    }
    return now;
  }
}

async function loadState(db: Database): Promise<State | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', STATE_KEY).executeTakeFirst();
  return row ? (row.value as State) : undefined;
}

function saveState(db: Db, state: State) {
  return db
    .insertInto('settings')
    .values({ key: STATE_KEY, value: JSON.stringify(state) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(state), updated_at: new Date() }))
    .execute();
}

async function maxEventId(db: Database): Promise<number> {
  const r = await sql<{ m: number | null }>`SELECT max(id) AS m FROM events`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}

const CHUNK_ROWS = 5_000;

/** (value id uint16, count uint32) pairs, little-endian: see migrations/091. */
export function pack(counts: Map<string, number>, ids: Map<string, number>): Buffer {
  const kept = [...counts.entries()].filter(([, n]) => n > 0);
  const buf = Buffer.alloc(kept.length * 6);
  kept.forEach(([k, n], i) => {
    buf.writeUInt16LE(ids.get(k)!, i * 6);
    buf.writeUInt32LE(n, i * 6 + 2);
  });
  return buf;
}

/** The packed pairs as [value id, count, …] (what ranking reads). */
export function unpackIds(buf: Buffer): Int32Array {
  const out = new Int32Array((buf.length / 6) * 2);
  for (let i = 0, j = 0; i + 6 <= buf.length; i += 6) {
    out[j++] = buf.readUInt16LE(i);
    out[j++] = buf.readUInt32LE(i + 2);
  }
  return out;
}

export function unpack(buf: Buffer, names: readonly (string | undefined)[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 6 <= buf.length; i += 6) {
    const name = names[buf.readUInt16LE(i)];
    if (name !== undefined) out.set(name, buf.readUInt32LE(i + 2));
  }
  return out;
}

/** Writes a tally: with `replace`, the whole model anew; otherwise added to the stored counts. */
async function writeTally(trx: Db, tally: Tally, replace: boolean) {
  if (replace) {
    await sql`DELETE FROM suggestion_terms`.execute(trx);
    await sql`DELETE FROM suggestion_totals`.execute(trx);
  }
  for (const field of MODEL_FIELDS) {
    // The field's value ids: the stored ones, and the next free ids for values new to it.
    const { rows: known } = await sql<{ value: string; value_id: number }>`SELECT value, value_id FROM suggestion_totals WHERE field = ${field}`.execute(trx);
    const ids = new Map(known.map((r) => [r.value, r.value_id]));
    const names: string[] = [];
    for (const r of known) names[r.value_id] = r.value;
    let next = known.reduce((m, r) => Math.max(m, r.value_id + 1), 0);
    for (const v of tally.totals.get(field)!.keys()) {
      if (ids.has(v)) continue;
      if (next > 65535) throw new Error(`suggestion model: more than 65,536 values of ${field}`);
      ids.set(v, next);
      names[next++] = v;
    }
    const byTerm = tally.terms.get(field)!;
    const terms = [...byTerm.keys()];
    const stored = new Map<number, Map<string, number>>();
    if (!replace) {
      for (let i = 0; i < terms.length; i += CHUNK_ROWS) {
        const { rows } = await sql<{ term: number; packed: Buffer }>`
          SELECT term, packed FROM suggestion_terms WHERE field = ${field} AND term = ANY(${terms.slice(i, i + CHUNK_ROWS)}::bigint[])`.execute(trx);
        for (const r of rows) stored.set(Number(r.term), unpack(r.packed, names));
      }
    }
    const out: Array<{ t: number; p: string }> = [];
    for (const [term, deltas] of byTerm) {
      const merged = stored.get(term) ?? new Map<string, number>();
      for (const [k, d] of deltas) merged.set(k, (merged.get(k) ?? 0) + d);
      out.push({ t: term, p: pack(merged, ids).toString('hex') });
    }
    for (let i = 0; i < out.length; i += CHUNK_ROWS) {
      const part = out.slice(i, i + CHUNK_ROWS);
      await sql`INSERT INTO suggestion_terms (field, term, packed)
        SELECT ${field}, x.t, decode(x.p, 'hex') FROM json_to_recordset(${JSON.stringify(part)}::json) AS x(t bigint, p text)
        ON CONFLICT (field, term) DO UPDATE SET packed = EXCLUDED.packed`.execute(trx);
    }
    await sql`DELETE FROM suggestion_terms WHERE field = ${field} AND length(packed) = 0`.execute(trx);
    const totals = [...tally.totals.get(field)!.entries()].map(([v, t]) => ({ v, i: ids.get(v)!, d: t.docs, t: t.terms }));
    if (totals.length) {
      // A value whose petitions all moved away keeps its row (and id) at zero.
      await sql`INSERT INTO suggestion_totals (field, value, value_id, docs, terms)
        SELECT ${field}, x.v, x.i, x.d, x.t FROM json_to_recordset(${JSON.stringify(totals)}::json) AS x(v text, i integer, d integer, t bigint)
        ON CONFLICT (field, value) DO UPDATE SET docs = suggestion_totals.docs + EXCLUDED.docs, terms = suggestion_totals.terms + EXCLUDED.terms`.execute(trx);
    }
  }
}

async function writeLearned(trx: Db, learned: Array<{ id: number; v: Values }>) {
  for (let i = 0; i < learned.length; i += 20_000) {
    const part = learned.slice(i, i + 20_000);
    await sql`INSERT INTO suggestion_learned (petition_id, category, scope, agency)
      SELECT * FROM unnest(${part.map((x) => x.id)}::bigint[], ${part.map((x) => x.v.category)}::text[], ${part.map((x) => x.v.scope)}::text[], ${part.map((x) => x.v.agency)}::text[])
      ON CONFLICT (petition_id) DO UPDATE SET category = EXCLUDED.category, scope = EXCLUDED.scope, agency = EXCLUDED.agency`.execute(trx);
  }
}

/**
 * Builds the model from scratch over the latest `maxDocs` petitions (a new installation, a
 * database seeded in bulk, or a rebuild). Reads in pages and yields between slices of work.
 */
export async function buildModel(db: Database, opts: { maxDocs?: number; log?: (m: string) => void } = {}): Promise<number> {
  const maxDocs = opts.maxDocs ?? BUILD_MAX_DOCS;
  const eventId = await maxEventId(db);
  const tally = new Tally();
  const learned: Array<{ id: number; v: Values }> = [];
  let below: number | null = null;
  while (learned.length < maxDocs) {
    const { rows } = await sql<PetitionFacts>`SELECT ${FACTS} FROM petitions p
      WHERE ${below === null ? sql`true` : sql`p.id < ${below}`} ORDER BY p.id DESC LIMIT ${Math.min(2_000, maxDocs - learned.length)}`.execute(db);
    if (!rows.length) break;
    for (let i = 0; i < rows.length; i++) {
      learned.push({ id: rows[i].id, v: tally.learn(rows[i], undefined) });
      if (i % 250 === 249) await yieldNow();
    }
    below = rows[rows.length - 1].id;
    if (opts.log && learned.length % 50_000 < rows.length) opts.log(`  suggestion model: ${learned.length.toLocaleString('en')} petitions read`);
  }
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM suggestion_learned`.execute(trx);
    await writeTally(trx, tally, true);
    await writeLearned(trx, learned);
    await saveState(trx, { eventId, built: true, docs: learned.length, builtAt: new Date().toISOString() });
  });
  invalidateModelMeta(db);
  return learned.length;
}

/** One incremental pass over the events since the last; answers how many petitions moved. */
async function learnFromEvents(deps: Deps, state: State): Promise<number> {
  const db = deps.db;
  const top = await maxEventId(db);
  let moved = 0;
  let from = state.eventId;
  do {
    const to = Math.min(top, from + EVENT_CHUNK);
    const { rows } = await sql<PetitionFacts & { l_category: string | null; l_scope: string | null; l_agency: string | null; learned: boolean; linked: boolean }>`
      SELECT ${FACTS}, l.category AS l_category, l.scope AS l_scope, l.agency AS l_agency, (l.petition_id IS NOT NULL) AS learned,
             EXISTS (SELECT 1 FROM suggestions s WHERE s.petition_id = p.id) AS linked
        FROM petitions p LEFT JOIN suggestion_learned l ON l.petition_id = p.id
       WHERE p.id IN (SELECT e.petition_id FROM events e WHERE e.id > ${Math.max(0, from - EVENT_OVERLAP)} AND e.id <= ${to} AND e.type = ANY(${LEARN_TYPES}))`.execute(db);
    const tally = new Tally();
    const learned: Array<{ id: number; v: Values }> = [];
    const choices: Array<Record<string, unknown>> = [];
    for (let i = 0; i < rows.length; i++) {
      const p = rows[i];
      const old = p.learned ? { category: p.l_category, scope: p.l_scope, agency: p.l_agency } : undefined;
      const now = valuesOf(p);
      if (!old || old.category !== now.category || old.scope !== now.scope || old.agency !== now.agency) {
        learned.push({ id: p.id, v: tally.learn(p, old) });
        moved++;
      }
      if (p.linked) choices.push({ id: p.id, ...choiceOf(p) });
      if (i % 250 === 249) await yieldNow();
    }
    await db.transaction().execute(async (trx) => {
      if (learned.length) {
        await writeTally(trx, tally, false);
        await writeLearned(trx, learned);
      }
      if (choices.length) await recordChoices(trx, choices, deps.now());
      await saveState(trx, { ...state, eventId: to });
    });
    state = { ...state, eventId: to };
    if (learned.length) invalidateModelMeta(db);
    from = to;
  } while (from < top);
  return moved;
}

/** Writes the clerk's final choices beside the suggestions of these petitions. */
export async function recordChoices(trx: Db, choices: Array<Record<string, unknown>>, now: Date) {
  await sql`UPDATE suggestions s SET chosen_category = x.chosen_category, chosen_scope = x.chosen_scope, chosen_agency = x.chosen_agency,
      chosen_reason = x.chosen_reason, decided_at = CASE WHEN x.chosen_reason IS NOT NULL THEN coalesce(s.decided_at, ${now}) ELSE s.decided_at END, updated_at = ${now}
    FROM json_to_recordset(${JSON.stringify(choices)}::json) AS x(id bigint, chosen_category text, chosen_scope text, chosen_agency text, chosen_reason text)
    WHERE s.petition_id = x.id`.execute(trx);
}

/** The learner's run (the background job, and tests): builds the model the first time, then
 *  follows the event log. One learner at a time across processes. Answers what it did. */
export async function learnSuggestions(deps: Deps, opts: { maxDocs?: number; log?: (m: string) => void } = {}): Promise<{ built?: number; moved?: number } | undefined> {
  const client = await deps.pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEARN_LOCK]);
    if (!rows[0].ok) return undefined;
    try {
      const state = await loadState(deps.db);
      if (!state?.built) return { built: await buildModel(deps.db, opts) };
      return { moved: await learnFromEvents(deps, state) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LEARN_LOCK]);
    }
  } finally {
    client.release();
  }
}

// ---- Reading the model for a draft ----

type Meta = {
  totals: Map<ModelField, Map<string, { docs: number; terms: number }>>;
  names: Map<ModelField, string[]>;
  /** By value id. */
  docsById: Map<ModelField, number[]>;
  termsById: Map<ModelField, number[]>;
  vocabulary: Map<ModelField, number>;
  docs: number;
};
const META_TTL_MS = 30_000;
const metas = new WeakMap<Database, { at: number; value: Promise<Meta> }>();

function invalidateModelMeta(db: Database) {
  metas.delete(db);
  forgetRows(db);
}

/** Per field its values (totals and packed ids) and its vocabulary size; cached for 30 s. */
export function modelMeta(db: Database): Promise<Meta> {
  const hit = metas.get(db);
  if (hit && Date.now() - hit.at < META_TTL_MS) return hit.value;
  const value = (async () => {
    const [totals, vocab, state] = await Promise.all([
      sql<{ field: ModelField; value: string; value_id: number; docs: number; terms: string }>`SELECT field, value, value_id, docs, terms FROM suggestion_totals`.execute(db),
      sql<{ field: ModelField; n: number }>`SELECT field, count(*)::int AS n FROM suggestion_terms GROUP BY field`.execute(db),
      loadState(db),
    ]);
    const t = new Map<ModelField, Map<string, { docs: number; terms: number }>>(MODEL_FIELDS.map((f) => [f, new Map()]));
    const names = new Map<ModelField, string[]>(MODEL_FIELDS.map((f) => [f, []]));
    const docsById = new Map<ModelField, number[]>(MODEL_FIELDS.map((f) => [f, []]));
    const termsById = new Map<ModelField, number[]>(MODEL_FIELDS.map((f) => [f, []]));
    for (const r of totals.rows) {
      if (!names.has(r.field)) continue;
      t.get(r.field)!.set(r.value, { docs: r.docs, terms: Number(r.terms) });
      names.get(r.field)![r.value_id] = r.value;
      docsById.get(r.field)![r.value_id] = r.docs;
      termsById.get(r.field)![r.value_id] = Number(r.terms);
    }
    for (const f of MODEL_FIELDS) {
      const n = names.get(f)!.length;
      for (const arr of [docsById.get(f)!, termsById.get(f)!]) for (let i = 0; i < n; i++) arr[i] ??= 0;
    }
    return { totals: t, names, docsById, termsById, vocabulary: new Map(vocab.rows.map((r) => [r.field, r.n])), docs: state?.docs ?? 0 };
  })();
  value.catch(() => metas.delete(db));
  metas.set(db, { at: Date.now(), value });
  return value;
}

// A draft's terms are mostly common ones (部门, 反映, 问题 …) that every draft looks up: each
// process keeps the rows it read for a minute, so a lookup reads only the terms it has not seen
// lately. The learner's updates reach suggestions within that minute.
const ROWS_TTL_MS = 60_000;
const ROWS_MAX = 200_000;
type TermRows = { at: number; rows: Partial<Record<ModelField, Int32Array>> };
const rowCaches = new WeakMap<Database, Map<number, TermRows>>();

/** The model rows of these terms, one FieldModel per field. */
export async function fieldModels(db: Database, terms: number[]): Promise<Record<ModelField, FieldModel>> {
  const meta = await modelMeta(db);
  let cache = rowCaches.get(db);
  if (!cache) rowCaches.set(db, (cache = new Map()));
  const now = Date.now();
  const missing = terms.filter((t) => {
    const hit = cache.get(t);
    return !hit || now - hit.at > ROWS_TTL_MS;
  });
  if (missing.length) {
    const { rows } = await sql<{ field: ModelField; term: number; packed: Buffer }>`
      SELECT field, term, packed FROM suggestion_terms WHERE field = ANY(${[...MODEL_FIELDS]}::text[]) AND term = ANY(${missing}::bigint[])`.execute(db);
    for (const t of missing) {
      cache.delete(t);
      cache.set(t, { at: now, rows: {} });
    }
    for (const r of rows) cache.get(Number(r.term))!.rows[r.field] = unpackIds(r.packed);
    // Oldest first out (a Map keeps insertion order).
    for (const k of cache.keys()) {
      if (cache.size <= ROWS_MAX) break;
      cache.delete(k);
    }
  }
  const out = {} as Record<ModelField, FieldModel>;
  for (const f of MODEL_FIELDS) {
    out[f] = { values: meta.names.get(f) ?? [], docs: meta.docsById.get(f) ?? [], termTotals: meta.termsById.get(f) ?? [], vocabulary: meta.vocabulary.get(f) ?? 0, counts: new Map() };
  }
  for (const t of terms) {
    const hit = cache.get(t);
    if (!hit) continue;
    for (const f of MODEL_FIELDS) {
      const row = hit.rows[f];
      if (row) out[f].counts.set(t, row);
    }
  }
  return out;
}

/** Forget the cached rows (after a rebuild in this process). */
function forgetRows(db: Database) {
  rowCaches.delete(db);
}
