// The staff queue's title search (migrations/044): titles indexed by their character bigrams,
// written after registration (the registration scan, ledger imports, the benchmark generator)
// and dropped with the title when a case is anonymised.
import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

type Db = Database | Transaction<DB>;

/** Indexes the titles of these petitions (again: a title indexed before is replaced). */
export async function indexTitles(db: Db, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await sql`INSERT INTO title_grams (petition_id, grams)
            SELECT id, title_bigrams(title) FROM petitions WHERE id = ANY(${sql.val(ids)}::bigint[]) AND anonymised_at IS NULL
            ON CONFLICT (petition_id) DO UPDATE SET grams = EXCLUDED.grams`.execute(db);
}

/** Indexes every title at once after a bulk load (the benchmark generator): the GIN index is
 *  dropped and built once rather than grown row by row (the same definition as migrations/044). */
export async function indexAllTitles(db: Db): Promise<void> {
  await sql`DROP INDEX IF EXISTS title_grams_grams_idx`.execute(db);
  await sql`INSERT INTO title_grams (petition_id, grams) SELECT id, title_bigrams(title) FROM petitions
            WHERE anonymised_at IS NULL ON CONFLICT (petition_id) DO NOTHING`.execute(db);
  await sql`CREATE INDEX title_grams_grams_idx ON title_grams USING gin (grams)`.execute(db);
}

/**
 * `p` matches the search text: its case number exactly, or its title containing the text (case
 * insensitive). Two or more characters go through the bigram index; a single character cannot,
 * and is a plain (slower) ILIKE; so are rows checked one by one (`rowByRow`).
 */
export function titleOrCaseNo(text: string, opts: { rowByRow?: boolean } = {}): Expression<SqlBool> {
  const like = `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
  // Chinese has no letter case: ILIKE (which folds every character) only when the text has some.
  const match = text.toLowerCase() === text.toUpperCase() ? sql`p.title LIKE ${like}` : sql`p.title ILIKE ${like}`;
  // Row by row (rows already at hand, e.g. the head of the queue): the plain check is cheapest.
  if (opts.rowByRow || [...text].length < 2) return sql<SqlBool>`(p.case_no = ${text} OR ${match})`;
  return sql<SqlBool>`(p.id IN (SELECT c.id FROM petitions c WHERE c.case_no = ${text}
                                UNION ALL SELECT g.petition_id FROM title_grams g WHERE g.grams @> title_bigrams(${text}))
                      AND (p.case_no = ${text} OR ${match}))`;
}
