// Guidance search synonyms (issue 14): groups of words editors keep, so a citizen's everyday word
// (欠薪, 村官, 低保) finds the articles that use the official one. A search for a word of a group
// looks for every word of the group; the page ranks an article whose title matches above one
// whose text does. Each process re-reads the groups at most every few seconds.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;
const TTL_MS = 5_000;
const cache = new WeakMap<object, { at: number; groups: string[][] }>();

export async function synonymGroups(db: Db): Promise<string[][]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.groups;
  const rows = await db.selectFrom('search_synonyms').select('words').orderBy('id').execute();
  const groups = rows.map((r) => r.words);
  cache.set(db, { at: Date.now(), groups });
  return groups;
}

export function forgetSynonyms(db: Db) {
  cache.delete(db);
}

/** The query and every word grouped with a word it contains (the query first, at most 12 terms). */
export function expandQuery(q: string, groups: string[][]): string[] {
  const terms = [q];
  const lower = q.toLowerCase();
  for (const g of groups) {
    if (g.some((w) => w && lower.includes(w.toLowerCase()))) for (const w of g) if (w && !terms.includes(w)) terms.push(w);
  }
  return terms.slice(0, 12);
}

/** "欠薪，拖欠工资 工资" → ["欠薪", "拖欠工资", "工资"]: a line of the editor's textarea. */
export function parseGroup(line: string): string[] {
  return [...new Set(line.split(/[\s,，、;；=＝]+/).map((w) => w.trim()).filter((w) => w.length > 0 && w.length <= 20))];
}
