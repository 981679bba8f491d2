// Fault: PostgreSQL stops while the API is under load. The API answers 503 with Retry-After
// quickly (no request hangs), health says so, and when the database is back the API recovers by
// itself: no restart, filings and lookups work again, and every filing answered 201 (before,
// during or after) is in the database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startApp, type Child } from '../../tools/bench/processes.ts';
import { createCluster, type Cluster } from './pg-cluster.ts';
import { sampleFiling } from './harness.ts';
import { filingLoad, halfWritten, http, queryOne, sleep, tempDir, until } from './process-harness.ts';

let cluster: Cluster;
let app: Child;
const dir = tempDir('pgstop');

before(async () => {
  cluster = await createCluster(dir);
  app = await startApp({ DATABASE_URL: cluster.url, DATA_DIR: dir, JOBS: '1', API_PROCESSES: '1' });
});
after(async () => {
  await app?.stop();
  await cluster?.destroy();
});

test('with PostgreSQL stopped the API answers 503 at once, and recovers by itself when it returns', { timeout: 180_000 }, async () => {
  const first = await http(app.url, 'POST', '/api/public/petitions', sampleFiling());
  assert.equal(first.status, 201);
  const load = filingLoad(() => app.url, 6);
  try {
    await outageAndRecovery(first, load);
  } catch (e) {
    if (app.proc.exitCode !== null || app.proc.signalCode !== null) throw new Error(`the API process died: ${app.output().slice(-2000)}`);
    throw e;
  } finally {
    await load.stop();
  }
});

async function outageAndRecovery(first: { body: any }, load: ReturnType<typeof filingLoad>) {
  await sleep(1_000);

  await cluster.stop();
  const t = Date.now();
  const answers = [];
  while (Date.now() - t < 4_000) {
    answers.push(await http(app.url, 'POST', '/api/public/track', { queryCode: first.body.queryCode }, {}, 10_000));
    answers.push(await http(app.url, 'GET', '/api/ready', undefined, {}, 10_000));
  }
  // Alive all the while (a supervisor must not kill it), not ready.
  assert.equal((await http(app.url, 'GET', '/api/health')).status, 200);
  for (const a of answers) {
    assert.equal(a.status, 503, `answered ${a.status} while the database was down`);
    if (a.body.error) assert.equal(a.body.error.code, 'unavailable');
    else assert.deepEqual(a.body, { ok: false, database: false, migrations: false, stopping: false });
    assert.ok(a.headers.get('retry-after'), 'Retry-After is set');
    assert.ok(a.ms < 2_000, `answered in ${Math.round(a.ms)} ms, not at once`);
  }
  const filing = await http(app.url, 'POST', '/api/public/petitions', sampleFiling(), {}, 10_000);
  assert.equal(filing.status, 503, 'a filing is refused with 503 too, never acknowledged');

  await cluster.start();
  await until(async () => (await http(app.url, 'GET', '/api/ready')).status === 200, 30_000, 'the API to recover');
  const again = await http(app.url, 'POST', '/api/public/track', { queryCode: first.body.queryCode });
  assert.equal(again.status, 200);
  await sleep(1_000);
  await load.stop();
  assert.ok(load.filed.length > 0);
  assert.ok(load.other.every((s) => s === 503), `filings during the outage answered only 503 (got ${[...new Set(load.other)]})`);

  const acked = load.filed.map((f) => f.caseNo).concat(first.body.caseNo);
  const found = await queryOne<{ n: number }>(cluster.url, 'SELECT count(*)::int AS n FROM petitions WHERE case_no = ANY($1)', [acked]);
  assert.equal(found.n, acked.length, 'every 201 is in the database');
  assert.deepEqual(await halfWritten(cluster.url), []);
}
