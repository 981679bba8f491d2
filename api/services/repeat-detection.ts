// Repeat detection for a registered petition, run by the registration scan (registration-scan.ts)
// soon after the registration commits, or inside a ledger import's transaction: the petition's
// MinHash bands are stored, and earlier petitions within the window are linked when they are
//   - 重信重访: from the same person (a shared keyed hash of ID number, phone, or name + address)
//     on the same matter (same top-level category branch and text similarity ≥ the threshold),
//     or the same person's near-identical text on any branch;
//   - 一信多投: near-identical text from anyone (a shared MinHash band, verified by similarity).
// Different people with merely similar texts are never linked here (see related cases in
// repeats-view.ts). A link is `auto` until a clerk confirms or dismisses it.
import { sql, type Transaction } from 'kysely';
import { REPEAT_DEFAULTS, repeatSettings, type RepeatBasis, type RepeatKind, type RepeatSettings } from '../contract/analysis.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { fastTextBands } from '../domain/text-bands-fast.ts';
import { bigrams, dice, petitionText } from '../domain/text-similarity.ts';
import type { Keys } from '../security/keys.ts';
import { recordAdminChange, type AdminActor } from './admin-audit.ts';
import { keysFor } from './crypto-state.ts';
import { matchInputs, openPerson } from './identity.ts';
import { categoryIndex } from './category-index.ts';

type Db = Database | Transaction<DB>;
export type RepeatMatch = { earlierId: number; caseNo: string; kind: RepeatKind; basis: RepeatBasis; score: number };

const SETTINGS_KEY = 'repeat_detection';
const TTL_MS = 10_000;
const cache = new WeakMap<Database, { at: number; value: RepeatSettings }>();

/** The settings in force (admin setting over the defaults); cached for 10 s. */
export async function repeatSettingsOf(db: Database): Promise<RepeatSettings> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const row = await db.selectFrom('settings').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  const merged = repeatSettings.safeParse({ ...REPEAT_DEFAULTS, ...((row?.value as object) ?? {}) });
  const value = merged.success ? merged.data : REPEAT_DEFAULTS;
  cache.set(db, { at: Date.now(), value });
  return value;
}

/** The admin's change of the settings, with its audit row in the same transaction. */
export async function saveRepeatSettings(db: Database, value: RepeatSettings, actor: AdminActor, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('settings').select('value').where('key', '=', SETTINGS_KEY).forUpdate().executeTakeFirst();
    await trx
      .insertInto('settings')
      .values({ key: SETTINGS_KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
      .execute();
    await recordAdminChange(trx, actor, { action: 'settings.repeat_detection', target: SETTINGS_KEY, before: { ...REPEAT_DEFAULTS, ...((before?.value as object) ?? {}) }, after: value }, now);
  });
  cache.delete(db);
}

const BASIS_RANK: Record<string, number> = { id_number: 1, phone: 2, name_address: 3 };

/** This petition's matching hashes in every suite the database holds, while a crypto:migrate
 *  runs (stored hashes of not yet migrated rows are in the other suite). */
async function hashesInEverySuite(trx: Db, id: number, keys: Keys) {
  const rows = await trx.selectFrom('petitioners').select(['name_enc', 'id_number_enc', 'phone_enc', 'address_enc']).where('petition_id', '=', id).execute();
  const out = { phone: [] as Buffer[], id_number: [] as Buffer[], name_address: [] as Buffer[] };
  for (const r of rows) {
    const p = openPerson(keys, r);
    const m = matchInputs({ name: p.name, phone: p.phone, idNumber: p.idNumber, address: p.address });
    for (const kind of ['phone', 'id_number', 'name_address'] as const) {
      const v = m[kind];
      if (v) out[kind].push(...keys.matchHashes(kind, v));
    }
  }
  return out;
}

/** Earlier petitions sharing a petitioner hash with this one, within the window. */
async function samePersonCandidates(trx: Db, id: number, receivedAt: Date, since: Date, keys?: Keys) {
  const every = keys && keys.state().reading.length > 1 ? await hashesInEverySuite(trx, id, keys) : undefined;
  const hits = every
    ? sql`hits AS (
      SELECT o.petition_id, 'id_number' AS basis FROM petitioners o WHERE o.id_number_hash = ANY(${every.id_number}::bytea[])
      UNION ALL SELECT o.petition_id, 'phone' FROM petitioners o WHERE o.phone_hash = ANY(${every.phone}::bytea[])
      UNION ALL SELECT o.petition_id, 'name_address' FROM petitioners o WHERE o.name_address_hash = ANY(${every.name_address}::bytea[])
    )`
    : sql`me AS (SELECT phone_hash, id_number_hash, name_address_hash FROM petitioners WHERE petition_id = ${id}),
    hits AS (
      SELECT o.petition_id, 'id_number' AS basis FROM petitioners o JOIN me ON o.id_number_hash = me.id_number_hash
      UNION ALL SELECT o.petition_id, 'phone' FROM petitioners o JOIN me ON o.phone_hash = me.phone_hash
      UNION ALL SELECT o.petition_id, 'name_address' FROM petitioners o JOIN me ON o.name_address_hash = me.name_address_hash
    )`;
  const { rows } = await sql<{ id: number; case_no: string; title: string; content: string; category_code: string; basis: string }>`
    WITH ${hits}
    SELECT p.id, p.case_no, p.title, p.content, p.category_code, h.basis
      FROM hits h JOIN petitions p ON p.id = h.petition_id
     WHERE p.id <> ${id} AND p.received_at >= ${since}
       AND (p.received_at < ${receivedAt} OR (p.received_at = ${receivedAt} AND p.id < ${id}))
     ORDER BY p.received_at DESC
     LIMIT 300`.execute(trx);
  const best = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    const seen = best.get(r.id);
    if (!seen || BASIS_RANK[r.basis] < BASIS_RANK[seen.basis]) best.set(r.id, r);
  }
  return [...best.values()];
}

/** Earlier petitions sharing a MinHash band (near-identical candidates), within the window. */
async function copyCandidates(trx: Db, id: number, bands: string[], receivedAt: Date, since: Date) {
  if (!bands.length) return [];
  const { rows } = await sql<{ id: number; case_no: string; title: string; content: string; category_code: string }>`
    SELECT p.id, p.case_no, p.title, p.content, p.category_code
      FROM petitions p
     WHERE p.id IN (SELECT DISTINCT b.petition_id FROM text_bands b WHERE b.band_hash = ANY(${bands}::bigint[]) AND b.petition_id <> ${id})
       AND p.received_at >= ${since}
       AND (p.received_at < ${receivedAt} OR (p.received_at = ${receivedAt} AND p.id < ${id}))
     ORDER BY p.received_at DESC
     LIMIT 50`.execute(trx);
  return rows;
}

export function windowStart(receivedAt: Date, months: number): Date {
  const d = new Date(receivedAt);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Finds and records the repeats of a just-registered petition; returns the links made. `db` is
 *  the pool-level handle (for the cached settings and category tree), `trx` the registration's. */
export async function detectRepeats(db: Database, trx: Transaction<DB>, petitionId: number): Promise<RepeatMatch[]> {
  const p = await trx
    .selectFrom('petitions')
    .select(['id', 'title', 'content', 'category_code', 'received_at'])
    .where('id', '=', petitionId)
    .executeTakeFirstOrThrow();
  const [settings, categories] = await Promise.all([repeatSettingsOf(db), categoryIndex(db)]);
  const text = petitionText(p);
  const bands = fastTextBands(text);
  // The petition's bigrams once, not once per candidate.
  const mine = bigrams(text);
  const similarityTo = (other: string) => dice(mine, bigrams(other));
  if (bands.length) await sql`INSERT INTO text_bands (band_hash, petition_id) SELECT unnest(${bands}::bigint[]), ${p.id} ON CONFLICT DO NOTHING`.execute(trx);
  const since = windowStart(p.received_at, settings.windowMonths);
  const root = categories.byCode.get(p.category_code)?.root ?? p.category_code;
  const matches = new Map<number, RepeatMatch>();

  for (const c of await samePersonCandidates(trx, p.id, p.received_at, since, keysFor(db))) {
    const score = similarityTo(petitionText(c));
    const sameBranch = (categories.byCode.get(c.category_code)?.root ?? c.category_code) === root;
    if ((sameBranch && score >= settings.sameMatterThreshold) || score >= settings.copyThreshold) {
      matches.set(c.id, { earlierId: c.id, caseNo: c.case_no, kind: 'same_person', basis: c.basis as RepeatBasis, score });
    }
  }
  for (const c of await copyCandidates(trx, p.id, bands, p.received_at, since)) {
    if (matches.has(c.id)) continue;
    const score = similarityTo(petitionText(c));
    if (score >= settings.copyThreshold) matches.set(c.id, { earlierId: c.id, caseNo: c.case_no, kind: 'copy', basis: 'text', score });
  }
  if (!matches.size) return [];

  const found = [...matches.values()].sort((a, b) => b.score - a.score || a.earlierId - b.earlierId);
  await trx
    .insertInto('repeats')
    .values(found.map((m) => ({ petition_id: p.id, earlier_id: m.earlierId, kind: m.kind, basis: m.basis, score: round3(m.score) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  // A hint is not a repeat: repeat_of_id (what the statistics count) waits for a clerk's confirmation.
  await trx
    .insertInto('events')
    .values({
      petition_id: p.id,
      type: 'repeat_detected',
      visibility: 'internal',
      actor_kind: 'system',
      data: JSON.stringify({ earlier: found.map((m) => ({ caseNo: m.caseNo, kind: m.kind, basis: m.basis, score: round3(m.score) })) }),
    })
    .execute();
  return found;
}

export const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Points repeat_of_id at the best confirmed link (the closest), or nothing: only a clerk's
 *  confirmation makes a repeat that the statistics and bulletins count (migrations/070). */
export async function refreshRepeatOf(trx: Transaction<DB>, petitionId: number) {
  const best = await trx
    .selectFrom('repeats')
    .select('earlier_id')
    .where('petition_id', '=', petitionId)
    .where('status', '=', 'confirmed')
    .orderBy('score', 'desc')
    .orderBy('earlier_id', 'asc')
    .executeTakeFirst();
  await trx.updateTable('petitions').set({ repeat_of_id: best?.earlier_id ?? null }).where('id', '=', petitionId).execute();
}
