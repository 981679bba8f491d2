// Fault: the embedded PostgreSQL's postmaster killed with SIGKILL while the application runs, in
// one process and with API_PROCESSES=2. The application restarts it by itself (logged, counted in
// /metrics) and filings succeed again within 30 s; what was committed before is there, and so are
// the counted sign-in failures (a logged table, unlike the public rate limits).
// When the server cannot be brought back, the process exits 1 for its own supervisor to act.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { startApp, type Child } from '../../tools/bench/processes.ts';
import { embeddedUrl } from '../db/embedded.ts';
import { sampleFiling } from './harness.ts';
import { http, sleep, tempDir, until } from './process-harness.ts';

const dirs: string[] = [];
let app: Child | undefined;
after(async () => {
  await app?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const postmasterPid = (dataDir: string) => Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const settingsFor = (dataDir: string) => ({ DATA_DIR: dataDir, DATABASE_URL: undefined, XF_TEST_ADMIN_URL: undefined, JOBS: '0', ADMIN_PASSWORD: 'Admin-password-4-tests' });

async function query<T>(dataDir: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: embeddedUrl(dataDir) });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Kills the postmaster, then files until a filing is acknowledged; answers the seconds it took. */
async function killAndRefile(a: Child, dataDir: string): Promise<number> {
  const pid = postmasterPid(dataDir);
  process.kill(pid, 'SIGKILL');
  const killedAt = Date.now();
  const statuses = new Set<number>();
  const restarted = () => {
    try {
      return postmasterPid(dataDir) !== pid;
    } catch {
      return false; // between the old server's file and the new one's
    }
  };
  for (;;) {
    // (A backend of the killed postmaster may answer for a moment before it notices: only a
    // filing through the new server counts.)
    const fresh = restarted();
    const r = await http(a.url, 'POST', '/api/public/petitions', sampleFiling({ title: `重启后的来信${Date.now()}` })).catch(() => ({ status: 0 }));
    statuses.add(r.status);
    if (r.status === 201 && fresh) break;
    assert.ok([0, 201, 503].includes(r.status), `while the database is away: ${r.status}`);
    if (Date.now() - killedAt > 60_000) throw new Error('no filing within 60 s of the kill');
    await sleep(200);
  }
  return (Date.now() - killedAt) / 1000;
}

test('one process: the postmaster killed with SIGKILL is restarted, filings succeed again within 30 s', { timeout: 180_000 }, async (t) => {
  const dataDir = tempDir('postmaster');
  dirs.push(dataDir);
  app = await startApp(settingsFor(dataDir));
  const before = await http(app.url, 'POST', '/api/public/petitions', sampleFiling());
  assert.equal(before.status, 201);
  for (let i = 0; i < 3; i++) assert.equal((await http(app.url, 'POST', '/api/auth/login', { username: 'admin', password: `wrong-${i}-password` })).status, 401);

  const seconds = await killAndRefile(app, dataDir);
  t.diagnostic(`one process: a filing acknowledged ${seconds.toFixed(1)} s after the kill`);
  assert.ok(seconds < 30, `filings succeed again after ${seconds.toFixed(1)} s`);

  // Committed before the kill: there. Sign-in failures: still counted. Rate limits: forgiven.
  const tracked = await http(app.url, 'POST', '/api/public/track', { queryCode: before.body.queryCode });
  assert.equal(tracked.status, 200);
  const attempts = await query<{ failures: number }>(dataDir, `SELECT failures FROM login_attempts WHERE key = 'user:admin'`);
  assert.equal(attempts[0]?.failures, 3, 'a crash does not forgive failed sign-ins');

  // The operator sees it: a log line and the metric.
  await until(async () => /Embedded PostgreSQL restarted/.test(app!.output()), 5_000, 'the restart logged');
  const line = app.output().split('\n').find((l) => l.includes('Embedded PostgreSQL restarted'))!;
  const parsed = JSON.parse(line);
  assert.equal(parsed.level, 'warn');
  const metrics = await http(app.url, 'GET', '/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.body, /^xf_embedded_postgres_restarts_total 1$/m);
  const filed = (await query<{ n: number }>(dataDir, `SELECT count(*)::int AS n FROM petitions`))[0].n;
  assert.match(metrics.body, new RegExp(`^xf_filings_total\\{channel="online"\\} ${filed}$`, 'm'), 'every filing counted');
  const ready = await http(app.url, 'GET', '/api/ready');
  assert.equal(ready.status, 200);
  assert.deepEqual(ready.body, { ok: true, database: true, migrations: true, stopping: false });
  await app.stop();
  assert.equal(app.proc.exitCode, 0);
  app = undefined;
});

test('two API processes: the primary restarts the postmaster, filings succeed again within 30 s', { timeout: 180_000 }, async (t) => {
  const dataDir = tempDir('postmaster2');
  dirs.push(dataDir);
  app = await startApp({ ...settingsFor(dataDir), API_PROCESSES: '2' });
  assert.equal((await http(app.url, 'POST', '/api/public/petitions', sampleFiling())).status, 201);
  const seconds = await killAndRefile(app, dataDir);
  t.diagnostic(`two processes: a filing acknowledged ${seconds.toFixed(1)} s after the kill`);
  assert.ok(seconds < 30, `filings succeed again after ${seconds.toFixed(1)} s`);
  // Every worker was told; /metrics answers the sum over the processes (restarts: the same in each).
  await until(async () => /^xf_embedded_postgres_restarts_total 1$/m.test((await http(app!.url, 'GET', '/metrics')).body), 10_000, 'the restart in /metrics');
  const m = (await http(app.url, 'GET', '/metrics')).body as string;
  const filed = (await query<{ n: number }>(dataDir, `SELECT count(*)::int AS n FROM petitions`))[0].n;
  assert.match(m, new RegExp(`^xf_filings_total\\{channel="online"\\} ${filed}$`, 'm'), 'filings summed over both processes');
  await app.stop();
  assert.equal(app.proc.exitCode, 0);
  app = undefined;
});

test('when the embedded server cannot come back, the process exits 1 (for systemd to restart it)', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('postmaster3');
  dirs.push(dataDir);
  app = await startApp({ ...settingsFor(dataDir), EMBEDDED_RESTARTS: '2' });
  const pid = postmasterPid(dataDir);
  // The data folder stops being one: every restart is refused.
  fs.renameSync(path.join(dataDir, 'pg', 'PG_VERSION'), path.join(dataDir, 'pg', 'PG_VERSION.moved'));
  process.kill(pid, 'SIGKILL');
  const a = app;
  await until(async () => a.proc.exitCode !== null, 60_000, 'the process to exit');
  assert.equal(a.proc.exitCode, 1);
  const out = a.output();
  assert.match(out, /Restart attempt 2 of 2 failed/);
  assert.match(out, /"level":"fatal".*could not be restarted after 2 attempts/);
  app = undefined;
});
