// `npm test`: type-checks, checks the generated database types, builds the portal, starts a
// real PostgreSQL (embedded, or the server in DATABASE_URL) and runs every test file against it
// with node's test runner. `--api` runs only the API and domain tests (no browser).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'node:fs';
import { startEmbedded, type EmbeddedServer } from '../api/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '..');
const apiOnly = process.argv.includes('--api');
const node = process.execPath;
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function step(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`${title} failed`);
    process.exit(r.status ?? 1);
  }
}

step('Type check', bin('tsc'), ['--noEmit', '-p', '.']);
if (!apiOnly) step('Build the portal', bin('astro'), ['build', '--root', 'site', '--silent']);

let embedded: EmbeddedServer | undefined;
let adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  const dir = path.join(root, '.tmp', `test-pg-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  embedded = await startEmbedded(dir);
  adminUrl = embedded.url;
  console.log('Test database: embedded PostgreSQL in ' + dir);
} else {
  console.log('Test database: DATABASE_URL');
}
const env: NodeJS.ProcessEnv = { ...process.env, XF_TEST_ADMIN_URL: adminUrl };
delete env.DATABASE_URL; // tests pick their own databases on that server

let code = 0;
try {
  step('Database types match the migrations', node, ['tools/gen-db-types.ts', '--check'], { ...env, XF_ADMIN_URL: adminUrl });
  const patterns = ['api/**/*.test.ts', 'tools/**/*.test.ts', ...(apiOnly ? [] : ['site/e2e/**/*.test.ts'])];
  const files = patterns.flatMap((p) => globSync(p, { cwd: root })).sort();
  console.log(`\n== Tests (${files.length} files)`);
  code = await new Promise<number>((resolve) => {
    const child = spawn(node, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit', env });
    child.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  await embedded?.stop();
  if (embedded) fs.rmSync(path.join(root, '.tmp', `test-pg-${process.pid}`), { recursive: true, force: true });
}
process.exit(code);
