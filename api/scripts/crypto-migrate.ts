// `npm run crypto:migrate -- --to sm|intl [--batch 500] [--database-url URL]`: switches the
// installation's cryptographic suite while the application runs (api/services/crypto-migration.ts):
// new data is sealed with the new suite within seconds, then every identity, file, query-code hash
// and TOTP secret is converted in batches, with progress. Interrupted, the same command continues
// where it stopped. Needs the installation's identity key (DATA_DIR/keys/identity.key or
// IDENTITY_KEY), which it checks against the database before it changes anything. Afterwards set
// CRYPTO_SUITE to the new suite for the application's next starts.
import { loadConfig } from '../config.ts';
import type { Deps } from '../context.ts';
import { openDatabase, openPool } from '../db/database.ts';
import { argValue, locateDatabase } from '../db/locate.ts';
import { loadMasterKey, makeKeys, SUITES, type Suite } from '../security/keys.ts';
import { migrateCrypto } from '../services/crypto-migration.ts';
import { readCryptoState } from '../services/crypto-state.ts';

const argv = process.argv.slice(2);
const to = argValue(argv, '--to');
if (!to || !(SUITES as readonly string[]).includes(to)) {
  console.error('Usage: npm run crypto:migrate -- --to sm|intl [--batch 500] [--database-url URL]');
  process.exit(2);
}
const batch = Number(argValue(argv, '--batch') ?? 500);
if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
  console.error('--batch must be an integer from 1 to 10000');
  process.exit(2);
}
const propagation = argValue(argv, '--propagation-ms');

const config = loadConfig();
const located = await locateDatabase(config, argValue(argv, '--database-url'), (m) => console.log(m));
const pool = openPool(located.url, 2);
let code = 0;
try {
  const db = openDatabase(pool);
  const keys = makeKeys(loadMasterKey(config.dataDir, config.identityKey));
  const fp = await db.selectFrom('settings').select('value').where('key', '=', 'identity_key_fingerprint').executeTakeFirst();
  if (fp && fp.value !== keys.fingerprint) throw new Error('The identity key is not the one this database was created with: nothing was changed.');
  const state = await readCryptoState(db);
  if (state) keys.setState(state);
  const deps: Deps = { db, pool, keys, config, now: () => new Date() };
  const started = Date.now();
  console.log(`Migrating to ${to} (from ${state?.suite ?? 'intl'}), batches of ${batch}.`);
  const r = await migrateCrypto(deps, to as Suite, { batch, log: (m) => console.log(m), ...(propagation ? { propagationMs: Number(propagation) } : {}) });
  const summary = Object.entries(r.converted).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ');
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s, ${r.passes} pass(es): ${summary || 'nothing to convert'}.`);
  console.log(`The database is now sealed with ${to}. Set CRYPTO_SUITE=${to} for the application's next starts.`);
} catch (e) {
  console.error('crypto:migrate failed: ' + (e as Error).message);
  console.error('Run the same command again to continue where it stopped.');
  code = 1;
} finally {
  await pool.end().catch(() => {});
  await located.release();
}
process.exit(code);
