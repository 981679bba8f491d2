// Fault: an API process is killed with SIGKILL in the middle of a filing load (DESIGN §7: "a 201
// means the petition is committed"). Every acknowledged petition is in the database, whole, and
// readable after a restart; nothing half-written exists; a citizen who retries a request that
// was cut off (same Idempotency-Key) gets one case, never two.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import { startApp, type Child } from '../../tools/bench/processes.ts';
import { createTestDatabase, dropTestDatabase } from './harness.ts';
import { filingLoad, halfWritten, http, queryOne, sleep, tempDir } from './process-harness.ts';

const db = await createTestDatabase();
const dataDir = tempDir('kill');
const env = { DATABASE_URL: db.url, DATA_DIR: dataDir, JOBS: '0', API_PROCESSES: '1' };
let app: Child | undefined;
after(async () => {
  await app?.stop();
  await dropTestDatabase(db.name);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a process killed with SIGKILL during a filing load loses no acknowledged petition and leaves none half-written', { timeout: 180_000 }, async () => {
  app = await startApp(env);
  const base = app.url;
  const load = filingLoad(() => base, 12);
  // Kill once a good number of filings are acknowledged and many more are in flight.
  const start = Date.now();
  while (load.filed.length < 25 && Date.now() - start < 60_000) await sleep(50);
  await app.kill();
  await sleep(300);
  await load.stop();
  assert.ok(load.filed.length >= 25, `only ${load.filed.length} filings were acknowledged before the kill`);
  assert.ok(load.unanswered.length > 0, 'the kill cut requests in flight');
  assert.deepEqual(load.other.filter((s) => s >= 500), [], 'no filing answered 5xx before the kill');

  // Every 201 is committed, and whole.
  const caseNos = load.filed.map((f) => f.caseNo);
  const found = await queryOne<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM petitions WHERE case_no = ANY($1)', [caseNos]);
  assert.equal(found.n, caseNos.length, 'every acknowledged petition is in the database');
  assert.deepEqual(await halfWritten(db.url), [], 'no petition lacks its register event, accept clock, signer or due date');

  // After a restart each acknowledged petition opens with its query code.
  app = await startApp(env);
  for (const f of load.filed.slice(0, 40)) {
    const r = await http(app.url, 'POST', '/api/public/track', { queryCode: f.queryCode });
    assert.equal(r.status, 200, `track ${f.caseNo}`);
    assert.equal(r.body.caseNo, f.caseNo);
  }

  // Requests cut off by the kill are retried with their key: one case per key, whatever happened.
  for (const u of load.unanswered.slice(0, 20)) {
    const r = await http(app.url, 'POST', '/api/public/petitions', u.body, { 'Idempotency-Key': u.key });
    assert.ok(r.status === 200 || r.status === 201, `retry answered ${r.status}`);
  }
  const dupes = await queryOne<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM (SELECT key FROM idempotency_keys WHERE scope = 'file_petition' GROUP BY key HAVING count(*) > 1) d");
  assert.equal(dupes.n, 0);
  const keyed = await queryOne<{ petitions: number; keys: number }>(
    db.url,
    "SELECT (SELECT count(*)::int FROM petitions) AS petitions, (SELECT count(*)::int FROM idempotency_keys WHERE scope = 'file_petition') AS keys",
  );
  assert.equal(keyed.petitions, keyed.keys, 'every petition belongs to exactly one key: no retry filed twice');
  assert.deepEqual(await halfWritten(db.url), []);
});
