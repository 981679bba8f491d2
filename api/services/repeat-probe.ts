// Repeat detection for a petition about to be registered (the filing path), with the same rules
// as detectRepeats in repeat-detection.ts (which the ledger import still uses on stored rows):
// earlier petitions of the same person on the same matter, and near-identical texts from anyone,
// within the settings' window. It reads in ONE statement before the filing's write, from what
// the filing already holds in memory (the petitioners' keyed hashes, the text's MinHash bands),
// so the write itself can be a single statement (issue 6: the registration took fourteen round
// trips, most inside its transaction). Reads only; the caller writes the links it returns.
import type pg from 'pg';
import type { RepeatBasis } from '../contract/analysis.ts';
import type { Database } from '../db/database.ts';
import { fastTextBands } from '../domain/text-bands-fast.ts';
import { bigrams, dice, petitionText } from '../domain/text-similarity.ts';
import { categoryIndex } from './category-index.ts';
import { repeatSettingsOf, round3, windowStart, type RepeatMatch } from './repeat-detection.ts';

export type RepeatProbe = {
  title: string;
  content: string;
  categoryCode: string;
  receivedAt: Date;
  /** Keyed hashes of every petitioner of the new petition (signer, cosigners, representatives). */
  people: Array<{ phone_hash: Buffer | null; id_number_hash: Buffer | null; name_address_hash: Buffer | null }>;
};

// Which shared identity proves "the same person" most strongly, as in repeat-detection.ts.
const BASIS_RANK: Record<string, number> = { id_number: 1, phone: 2, name_address: 3 };

type Candidate = { id: number; case_no: string; title: string; content: string; category_code: string; basis: string; src: 'person' | 'copy' };

/** Settings and the category tree, loaded outside any transaction (they use the pool). */
export async function repeatContext(db: Database) {
  const [settings, categories] = await Promise.all([repeatSettingsOf(db), categoryIndex(db)]);
  return { settings, categories };
}

// Every earlier petition is "before" the new one (the new id will be the largest), so the
// tie-break on equal received_at of detectRepeats becomes <=. A named statement: planning it
// cost more than running it.
const CANDIDATES = {
  name: 'xf_repeat_candidates',
  text: `
    WITH hits AS (
      SELECT o.petition_id, 'id_number' AS basis FROM petitioners o WHERE o.id_number_hash = ANY($1::bytea[])
      UNION ALL SELECT o.petition_id, 'phone' FROM petitioners o WHERE o.phone_hash = ANY($2::bytea[])
      UNION ALL SELECT o.petition_id, 'name_address' FROM petitioners o WHERE o.name_address_hash = ANY($3::bytea[])
    ), person AS (
      SELECT p.id, p.case_no, p.title, p.content, p.category_code, h.basis, 'person' AS src
        FROM hits h JOIN petitions p ON p.id = h.petition_id
       WHERE p.received_at >= $5 AND p.received_at <= $6
       ORDER BY p.received_at DESC
       LIMIT 300
    ), copies AS (
      SELECT p.id, p.case_no, p.title, p.content, p.category_code, 'text' AS basis, 'copy' AS src
        FROM petitions p
       WHERE p.id IN (SELECT DISTINCT b.petition_id FROM text_bands b WHERE b.band_hash = ANY($4::bigint[]))
         AND p.received_at >= $5 AND p.received_at <= $6
       ORDER BY p.received_at DESC
       LIMIT 50
    )
    SELECT * FROM person UNION ALL SELECT * FROM copies`,
};

export async function findRepeats(pool: pg.Pool, ctx: Awaited<ReturnType<typeof repeatContext>>, probe: RepeatProbe): Promise<{ bands: string[]; found: RepeatMatch[] }> {
  const { settings, categories } = ctx;
  const text = petitionText(probe);
  const bands = fastTextBands(text);
  // The new text's bigrams once, not once per candidate as similarity() would.
  const mine = bigrams(text);
  const similarity = (_: string, other: string) => dice(mine, bigrams(other));
  const hashes = (k: keyof RepeatProbe['people'][number]) => probe.people.map((p) => p[k]).filter((h): h is Buffer => h !== null);
  const [ids, phones, names] = [hashes('id_number_hash'), hashes('phone_hash'), hashes('name_address_hash')];
  if (!ids.length && !phones.length && !names.length && !bands.length) return { bands, found: [] };
  const since = windowStart(probe.receivedAt, settings.windowMonths);
  const { rows } = await pool.query<Candidate>({ ...CANDIDATES, values: [ids, phones, names, bands, since, probe.receivedAt] });

  const root = categories.byCode.get(probe.categoryCode)?.root ?? probe.categoryCode;
  const person = new Map<number, Candidate>();
  for (const r of rows) {
    if (r.src !== 'person') continue;
    const seen = person.get(r.id);
    if (!seen || BASIS_RANK[r.basis] < BASIS_RANK[seen.basis]) person.set(r.id, r);
  }
  const matches = new Map<number, RepeatMatch>();
  for (const c of person.values()) {
    const score = similarity(text, petitionText(c));
    const sameBranch = (categories.byCode.get(c.category_code)?.root ?? c.category_code) === root;
    if ((sameBranch && score >= settings.sameMatterThreshold) || score >= settings.copyThreshold) {
      matches.set(c.id, { earlierId: c.id, caseNo: c.case_no, kind: 'same_person', basis: c.basis as RepeatBasis, score });
    }
  }
  for (const c of rows) {
    if (c.src !== 'copy' || matches.has(c.id)) continue;
    const score = similarity(text, petitionText(c));
    if (score >= settings.copyThreshold) matches.set(c.id, { earlierId: c.id, caseNo: c.case_no, kind: 'copy', basis: 'text', score });
  }
  const found = [...matches.values()].sort((a, b) => b.score - a.score || a.earlierId - b.earlierId);
  return { bands, found };
}

/** The `repeat_detected` event's data, as detectRepeats writes it. */
export const repeatEventData = (found: RepeatMatch[]) => ({ earlier: found.map((m) => ({ caseNo: m.caseNo, kind: m.kind, basis: m.basis, score: round3(m.score) })) });
