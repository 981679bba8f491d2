// Rate limits live in PostgreSQL: they answer 429 with Retry-After, and two server processes on
// one database share one count.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, dropTestDatabase, sampleFiling, testEnv, type TestEnv } from './harness.ts';
import { postJson, startServerProcess, type ServerProcess } from './processes.ts';

let env: TestEnv;
before(async () => {
  // Limits count in fixed wall-clock windows: a clock that starts 30 min 30 s into the previous
  // hour keeps these tests' hits inside one minute and one hour, however slowly a loaded machine
  // runs them (the real clock could cross a window mid-test).
  const started = Date.now();
  const base = Math.floor(started / 3_600_000) * 3_600_000 - 1_770_000;
  env = await testEnv({ lookupsPerMinute: 3, filingsPerHour: 2 }, { now: () => new Date(base + (Date.now() - started)) });
});
after(() => env.close());

test('lookups beyond the limit answer 429 with Retry-After and a Chinese message', async () => {
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await env.call('POST', '/api/public/track', { queryCode: 'ABCD-EFGH-JKMNP' })).status);
  assert.deepEqual(codes, [404, 404, 404, 429]);
  const r = await env.call('POST', '/api/public/track', { queryCode: 'ABCD-EFGH-JKMNP' });
  assert.equal(r.status, 429);
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, String(retry));
  assert.match(r.body.error.message, /操作过于频繁/);
});

test('every hit reaches the counter in PostgreSQL, also those counted without waiting for it', async () => {
  // The five lookups above: the first half of the limit is written behind the request.
  let hits = 0;
  for (let i = 0; i < 40 && hits < 5; i++) {
    const row = await env.deps.db.selectFrom('rate_limits').select((eb) => eb.fn.sum<number>('hits').as('n')).where('bucket', 'like', 'lookup:%').executeTakeFirst();
    hits = Number(row?.n ?? 0);
    if (hits < 5) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(hits, 5);
});

test('concurrent filings from one address are held to the limit exactly', async () => {
  const before = await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => env.call('POST', '/api/public/petitions', sampleFiling({ title: `并发限流 ${i}` }))));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [201, 201, 429, 429, 429, 429]);
  const after = await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n) - Number(before.n), 2);
});

test('the default limits allow at least 20 filings an hour and 30 lookups a minute per address', async () => {
  const { loadConfig } = await import('../config.ts');
  const c = loadConfig({});
  assert.ok(c.filingsPerHour >= 20);
  assert.ok(c.lookupsPerMinute >= 30);
});

test('two server processes on one database share the filing limit', async () => {
  const db = await createTestDatabase();
  const servers: ServerProcess[] = [];
  try {
    const envVars = { DATABASE_URL: db.url, RATE_LIMIT_FILINGS_PER_HOUR: '3', DATA_DIR: '.tmp/rl-' + db.name };
    // One at a time into the list, so a second that fails to start does not leave the first running.
    servers.push(await startServerProcess(envVars));
    servers.push(await startServerProcess(envVars));
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const r = await postJson(`${servers[i % 2].url}/api/public/petitions`, sampleFiling({ title: `限流 ${i}` }));
      statuses.push(r.status);
    }
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
  } finally {
    for (const s of servers) await s.kill();
    await dropTestDatabase(db.name);
  }
});

test('a hit counted after the pool has ended does not spin the process', () => {
  // Before the fix, the failed write put its hit back and the next write was tried at once, in a
  // loop of promises that starved the event loop: the process never got to its timer and never
  // ended. Run in a child process, so a regression is a timeout here, not a hung test file.
  const script = `
    import pg from 'pg';
    import { countHit } from './api/services/rate-limit.ts';
    const pool = new pg.Pool({ connectionString: process.env.URL });
    pool.on('error', () => {});
    await pool.end();
    await countHit(pool, { bucket: 'lookup:test', limit: 30, windowSeconds: 60, now: new Date() }).catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    console.log('ended');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, URL: process.env.XF_TEST_ADMIN_URL }, timeout: 15_000, encoding: 'utf8' });
  assert.equal(r.signal, null, 'the child was killed by the timeout: it spun');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'ended');
});
