// `npm run restore -- FILE [--database-url URL] [--force]`: brings a backup written by
// `npm run backup` back into the application's database (as `npm start` finds it). All or
// nothing: the current schema is dropped and the backup loaded in ONE transaction, so a failed
// restore leaves the database as it was. Refuses while other sessions (a running application)
// are connected, unless --force. Start the application with the identity key of the backup.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { argValue, locateDatabase } from '../db/locate.ts';
import { pgTool, toolEnv } from '../db/pg-tools.ts';

const argv = process.argv.slice(2);
const file = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--database-url');
if (!file || !fs.existsSync(file)) {
  console.error('Usage: npm run restore -- FILE [--database-url URL] [--force]');
  process.exit(2);
}
const list = spawnSync(pgTool('pg_restore'), ['--list', file], { stdio: ['ignore', 'ignore', 'pipe'], env: toolEnv() });
if (list.status !== 0) {
  console.error(`${file} is not a backup written by npm run backup (pg_restore --list: ${list.stderr.toString().trim()})`);
  process.exit(2);
}

const config = loadConfig();
const located = await locateDatabase(config, argValue(argv, '--database-url'), (m) => console.log(m));
let code = 0;
try {
  const c = new pg.Client({ connectionString: located.url });
  await c.connect();
  const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = $1', ['client backend']);
  await c.end();
  if (rows[0].n > 0 && !argv.includes('--force')) {
    throw new Error(`${rows[0].n} other session(s) use this database: stop the application first (or pass --force).`);
  }
  // pg_restore writes the backup as SQL; psql runs it after a clean schema, all in one transaction.
  const restore = spawn(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--file', '-', file], { stdio: ['ignore', 'pipe', 'inherit'], env: toolEnv() });
  const psql = spawn(
    pgTool('psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-c', 'DROP SCHEMA public CASCADE', '-c', 'CREATE SCHEMA public', '-f', '-', '--dbname', located.url],
    { stdio: ['pipe', 'ignore', 'inherit'], env: toolEnv() },
  );
  restore.stdout.pipe(psql.stdin);
  const exit = (p: ReturnType<typeof spawn>) => new Promise<number>((r) => p.on('close', (c) => r(c ?? 1)));
  const [a, b] = await Promise.all([exit(restore), exit(psql)]);
  if (a !== 0 || b !== 0) throw new Error(`restore failed (pg_restore ${a}, psql ${b}); the database is unchanged.`);
  console.log(`Restored ${file}. Start the application with the identity key that was in use when the backup was taken.`);
} catch (e) {
  console.error('restore failed: ' + (e as Error).message);
  code = 1;
} finally {
  await located.release();
}
process.exit(code);
