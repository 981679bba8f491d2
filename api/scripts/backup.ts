// `npm run backup [-- --out FILE] [--database-url URL]`: writes a consistent backup of the
// application's database (as `npm start` finds it) with pg_dump in custom format. pg_dump reads
// one snapshot, so the file is consistent while the application keeps running; attachments live
// in the database and are included. The identity key (DATA_DIR/keys/identity.key or IDENTITY_KEY)
// is NOT in the file: keep it apart, without it the identities in the backup cannot be read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { argValue, locateDatabase } from '../db/locate.ts';
import { pgTool, toolEnv } from '../db/pg-tools.ts';

const argv = process.argv.slice(2);
const config = loadConfig();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
const out = path.resolve(argValue(argv, '--out') ?? path.join('backups', `xinfang-${stamp}.dump`));
fs.mkdirSync(path.dirname(out), { recursive: true });

const located = await locateDatabase(config, argValue(argv, '--database-url'), (m) => console.log(m));
let code = 0;
try {
  const tmp = out + '.partial';
  // --no-owner/--no-privileges: the backup restores into any database the restorer owns.
  const r = spawnSync(pgTool('pg_dump'), ['--format=custom', '--compress=6', '--no-owner', '--no-privileges', '--file', tmp, '--dbname', located.url], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: toolEnv(),
  });
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`pg_dump failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
  // Only a complete file gets the final name, so a half-written backup is never mistaken for one.
  fs.renameSync(tmp, out);
  const size = fs.statSync(out).size;
  console.log(`Backup written: ${out} (${(size / 1024 / 1024).toFixed(1)} MB).`);
  console.log('Keep the identity key (DATA_DIR/keys/identity.key) safe and apart from this file: restoring needs both.');
} catch (e) {
  console.error('backup failed: ' + (e as Error).message);
  code = 1;
} finally {
  await located.release();
}
process.exit(code);
