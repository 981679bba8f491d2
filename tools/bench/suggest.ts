// The triage-suggestion scenario of `npm run bench` (issue 17, DESIGN §7: suggestions for a
// draft p95 < 200 ms at 1,000,000 petitions): drafts of the corpus's kind that the database does
// not hold, asked for by a signed-in clerk as the registration screen asks (each a new draft, so
// each also writes its suggestion record). The suggestion model is built first when the
// database has none (a data set seeded before issue 17), and that build is timed apart.
import crypto from 'node:crypto';
import type { Database } from '../../api/db/database.ts';
import { buildModel } from '../../api/services/suggestion-model.ts';
import { CATEGORY_MIX, letter, weighted } from './corpus.ts';
import { stream } from './plan.ts';

export function suggestDrafts(n: number, salt = crypto.randomInt(1 << 30)): string[] {
  return Array.from({ length: n }, (_, i) => {
    const r = stream(salt, i, 13);
    const l = letter(r, weighted(r, CATEGORY_MIX));
    return JSON.stringify({ title: l.title, content: l.content });
  });
}

/** A staff session for a write scenario: the cookie and the CSRF token. */
export async function staffSession(base: string, username: string, password: string): Promise<{ cookie: string; csrf: string } | undefined> {
  const r = await fetch(base + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) return undefined;
  const body = (await r.json()) as { csrfToken: string };
  return { cookie: r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.csrfToken };
}

/** Builds the suggestion model when the database has none; answers the seconds it took, or
 *  undefined when it was there. */
export async function ensureSuggestionModel(db: Database, log: (m: string) => void): Promise<{ seconds: number; petitions: number } | undefined> {
  const state = await db.selectFrom('settings').select('value').where('key', '=', 'suggestion_learner').executeTakeFirst();
  if ((state?.value as { built?: boolean } | undefined)?.built) return undefined;
  const t0 = Date.now();
  const petitions = await buildModel(db, { log });
  return { seconds: (Date.now() - t0) / 1000, petitions };
}
