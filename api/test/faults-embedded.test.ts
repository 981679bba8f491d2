// Fault, on the embedded database (DATA_DIR, no DATABASE_URL), with API_PROCESSES=2: a worker
// killed with SIGKILL is replaced and the service keeps answering; the whole application killed
// with SIGKILL leaves its PostgreSQL orphaned, and the next start recovers it; a petition
// answered 201 before all that is still there. SIGTERM then stops everything, database included.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { startApp, type Child } from '../../tools/bench/processes.ts';
import { sampleFiling } from './harness.ts';
import { http, sleep, tempDir, until } from './process-harness.ts';

const dataDir = tempDir('embedded');
// No DATABASE_URL: the application runs its own embedded PostgreSQL in DATA_DIR.
const env = { DATA_DIR: dataDir, DATABASE_URL: undefined, XF_TEST_ADMIN_URL: undefined, JOBS: '0', ADMIN_PASSWORD: 'admin-password-for-tests' };
let app: Child | undefined;
after(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childrenOf = (pid: number) =>
  fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
const commandOf = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
const postmasterPid = () => Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

test('the embedded database survives SIGKILL of a worker and of the whole application', { timeout: 300_000 }, async () => {
  app = await startApp({ ...env, API_PROCESSES: '2' });
  const filed = await http(app.url, 'POST', '/api/public/petitions', sampleFiling());
  assert.equal(filed.status, 201);

  // Two workers (node) and the embedded postgres are children of the primary.
  const primary = app.proc.pid!;
  const workers = childrenOf(primary).filter((pid) => commandOf(pid).includes('main.ts'));
  assert.equal(workers.length, 2, 'two API processes');
  process.kill(workers[0], 'SIGKILL');
  await until(async () => childrenOf(primary).filter((pid) => commandOf(pid).includes('main.ts') && !workers.includes(pid)).length === 1, 30_000, 'a replacement worker');
  // The port answers again (had the killed worker been the only one listening yet, the primary
  // closed it until another worker listens: node:cluster's round-robin handle).
  await until(async () => (await http(app!.url, 'GET', '/api/health').catch(() => ({ status: 0 }))).status === 200, 30_000, 'a worker listening');
  for (let i = 0; i < 10; i++) assert.equal((await http(app.url, 'GET', '/api/health')).status, 200, 'the service keeps answering');

  // Kill everything but PostgreSQL: it is orphaned with the data folder locked.
  const pgPid = postmasterPid();
  await app.kill();
  await sleep(500);
  assert.ok(alive(pgPid), 'the embedded PostgreSQL outlives the killed application');

  // The next start stops the orphan, starts afresh and finds the petition.
  app = await startApp({ ...env, API_PROCESSES: '1' });
  assert.ok(!alive(pgPid), 'the orphan was stopped');
  const tracked = await http(app.url, 'POST', '/api/public/track', { queryCode: filed.body.queryCode });
  assert.equal(tracked.status, 200);
  assert.equal(tracked.body.caseNo, filed.body.caseNo);

  // SIGTERM stops the database too.
  const pgPid2 = postmasterPid();
  await app.stop();
  assert.equal(app.proc.exitCode, 0);
  await until(async () => !alive(pgPid2), 30_000, 'PostgreSQL to stop with the application');
  app = undefined;
});
