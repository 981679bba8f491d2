// Which cryptographic suite the database is in (settings `crypto`), and how each process follows
// it. The first start records CRYPTO_SUITE for a new database (an existing one without the
// setting is `intl`, the suite it was written with); afterwards the database's suite rules and
// only `npm run crypto:migrate -- --to …` changes it. Every process re-reads the setting every few
// seconds in the background (never on a request), so a migration started while the application
// runs is followed by every process within CRYPTO_REFRESH_MS.
import type { Deps } from '../context.ts';
import type { Database } from '../db/database.ts';
import { DEFAULT_CRYPTO_STATE, SUITES, type CryptoState, type Keys, type Suite } from '../security/keys.ts';

export const CRYPTO_SETTING = 'crypto';
export const CRYPTO_REFRESH_MS = 5_000;

/** The recorded state, with the progress of a running migration when there is one. */
export type StoredCryptoState = CryptoState & {
  migration?: { from: Suite[]; to: Suite; startedAt: string; cursors: Record<string, string>; passes: number };
  migratedAt?: string;
};

const isSuite = (v: unknown): v is Suite => typeof v === 'string' && (SUITES as readonly string[]).includes(v);

export function parseCryptoState(value: unknown): StoredCryptoState {
  const v = (value ?? {}) as Partial<StoredCryptoState>;
  if (!isSuite(v.suite)) return { ...DEFAULT_CRYPTO_STATE };
  return {
    ...v,
    suite: v.suite,
    reading: Array.isArray(v.reading) ? v.reading.filter(isSuite) : [v.suite],
    codeChains: Array.isArray(v.codeChains) ? v.codeChains.filter((c) => Array.isArray(c) && c.every(isSuite)) : [],
  };
}

export async function readCryptoState(db: Database): Promise<StoredCryptoState | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CRYPTO_SETTING).executeTakeFirst();
  return row ? parseCryptoState(row.value) : undefined;
}

// Repeat detection compares stored hashes in SQL; while two suites are in use it needs the keys to
// compute the other suite's hashes too. It is handed the database only, so it finds them here.
const keysOfDb = new WeakMap<Database, Keys>();
export const keysFor = (db: Database): Keys | undefined => keysOfDb.get(db);

/**
 * At start: records the configured suite for a new database (one with no sealed identity yet),
 * adopts the database's state, and warns when the setting asks for another suite.
 */
export async function adoptCryptoState(deps: Deps, log: (m: string) => void): Promise<void> {
  keysOfDb.set(deps.db, deps.keys);
  let state = await readCryptoState(deps.db);
  if (!state) {
    const used = await deps.db.selectFrom('petitioners').select('id').limit(1).executeTakeFirst();
    const initial: CryptoState = used ? DEFAULT_CRYPTO_STATE : { suite: deps.config.cryptoSuite, reading: [deps.config.cryptoSuite], codeChains: [] };
    await deps.db
      .insertInto('settings')
      .values({ key: CRYPTO_SETTING, value: JSON.stringify(initial) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    state = (await readCryptoState(deps.db)) ?? initial;
  }
  deps.keys.setState(state);
  if (state.migration) {
    log(`A crypto migration to ${state.migration.to} is in progress: new data is sealed with ${state.suite}; run \`npm run crypto:migrate -- --to ${state.migration.to}\` to finish it.`);
  } else if (state.suite !== deps.config.cryptoSuite) {
    log(
      `CRYPTO_SUITE=${deps.config.cryptoSuite}, but this database is sealed with ${state.suite}: the database's suite is used. ` +
        `Run \`npm run crypto:migrate -- --to ${deps.config.cryptoSuite}\` to switch, or set CRYPTO_SUITE=${state.suite}.`,
    );
  }
}

/** Follows the recorded state in the background; returns a stop. */
export function watchCryptoState(deps: Deps, everyMs = CRYPTO_REFRESH_MS): () => void {
  const timer = setInterval(() => {
    readCryptoState(deps.db).then(
      (s) => s && deps.keys.setState(s),
      () => {}, // the database is away: keep the state we have, try again next time
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
