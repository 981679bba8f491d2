// Several API processes on one database (DESIGN §6): two processes, A and B, started as
// `npm start` starts one, share everything that matters. A session made on A works on B and a
// sign-out on B ends it on A; rate limits count the hits on both; the same Idempotency-Key on
// both gives one case; the clock job running in both writes an overdue event once; the
// registration scan running in both links repeats once and in order; an article published on A
// is served by B at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startApp, type Child } from '../../tools/bench/processes.ts';
import { hashPassword } from '../services/passwords.ts';
import { createTestDatabase, dropTestDatabase, sampleFiling } from './harness.ts';
import { http, queryOne, sleep, tempDir, until } from './process-harness.ts';

const db = await createTestDatabase();
const dataDir = tempDir('multi');
const PASSWORD = 'multi-process-password';
const env = { DATABASE_URL: db.url, DATA_DIR: dataDir, API_PROCESSES: '1', RATE_LIMIT_LOOKUPS_PER_MINUTE: '10', RATE_LIMIT_FILINGS_PER_HOUR: '1000' };
let A: Child;
let B: Child;
let overdueCase: string;

before(async () => {
  // First start migrates; a petition is filed and its acceptance clock made overdue before the
  // two processes (each with its clock job) start together.
  const first = await startApp({ ...env, JOBS: '0' });
  const filed = await http(first.url, 'POST', '/api/public/petitions', sampleFiling());
  assert.equal(filed.status, 201);
  overdueCase = filed.body.caseNo;
  await first.stop();
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(
    // Time passed: the due date is behind us (a fixed date, so no calendar recount moves it back).
    `UPDATE clocks SET due_at = now() - interval '2 days', due_date = (now() - interval '2 days')::date, period_days = NULL
      WHERE clock = 'accept' AND petition_id = (SELECT id FROM petitions WHERE case_no = $1)`,
    [overdueCase],
  );
  const hash = await hashPassword(PASSWORD);
  await c.query(`INSERT INTO users (username, display_name, password_hash, role) VALUES ('mp.clerk', '信访干部', $1, 'clerk'), ('mp.editor', '编辑', $1, 'editor')`, [hash]);
  await c.end();
  [A, B] = await Promise.all([startApp({ ...env, JOBS: '1' }), startApp({ ...env, JOBS: '1' })]);
});
after(async () => {
  await Promise.all([A?.stop(), B?.stop()]);
  await dropTestDatabase(db.name);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function login(base: string, username: string) {
  const r = await http(base, 'POST', '/api/auth/login', { username, password: PASSWORD });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const cookie = r.headers.getSetCookie().map((s) => s.split(';')[0]).join('; ');
  return { cookie, csrf: r.body.csrfToken as string };
}

test('a session made on one process works on the other, and a sign-out on either ends it', async () => {
  const s = await login(A.url, 'mp.clerk');
  const me = await http(B.url, 'GET', '/api/auth/me', undefined, { cookie: s.cookie });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'mp.clerk');
  const out = await http(B.url, 'POST', '/api/auth/logout', {}, { cookie: s.cookie, 'x-csrf-token': s.csrf });
  assert.equal(out.status, 200);
  assert.equal((await http(A.url, 'GET', '/api/auth/me', undefined, { cookie: s.cookie })).status, 401);
});

test('rate limits count the hits on both processes', async () => {
  // Stay inside one minute window.
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await sleep(60_500 - intoMinute);
  const statuses: number[] = [];
  for (let i = 0; i < 14; i++) statuses.push((await http(i % 2 ? B.url : A.url, 'POST', '/api/public/track', { queryCode: 'AAAA-BBBB-CCCCC' })).status);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(404), 'ten lookups allowed in all');
  assert.deepEqual(statuses.slice(10), Array(4).fill(429), 'then refused on either process');
});

test('the same Idempotency-Key sent to both processes at once files one case', async () => {
  const body = sampleFiling({ title: '同一请求标识并发提交' });
  const key = 'multi-process-key-0001';
  const [a, b] = await Promise.all([
    http(A.url, 'POST', '/api/public/petitions', body, { 'Idempotency-Key': key }),
    http(B.url, 'POST', '/api/public/petitions', body, { 'Idempotency-Key': key }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 201]);
  assert.equal(a.body.caseNo, b.body.caseNo);
  assert.equal(a.body.queryCode, b.body.queryCode);
  const n = await queryOne<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM petitions WHERE title = '同一请求标识并发提交'");
  assert.equal(n.n, 1);
  const other = await http(B.url, 'POST', '/api/public/petitions', { ...body, title: '另一份' }, { 'Idempotency-Key': key });
  assert.equal(other.status, 422, 'the key with another body is refused on the other process too');
});

test('the clock job runs in both processes and writes the overdue event once', { timeout: 60_000 }, async () => {
  const count = () => queryOne<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM events e JOIN petitions p ON p.id = e.petition_id WHERE p.case_no = $1 AND e.type = 'clock_overdue'", [overdueCase]);
  await until(async () => (await count()).n > 0, 30_000, 'the clock job');
  await sleep(4_000); // both processes have run their first tick by now
  assert.equal((await count()).n, 1);
});

test('the registration scan runs in both processes: letters filed on either are linked once, in order', { timeout: 60_000 }, async () => {
  const letter = { title: '两个进程都收到的同一封信', content: '我们小区门口的道路坑洼不平已有半年，雨天积水严重，多次向街道反映没有解决，请督促有关部门尽快修复。' };
  const cases: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await http(i % 2 ? B.url : A.url, 'POST', '/api/public/petitions', sampleFiling({ ...letter, anonymous: true, petitioner: undefined }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    cases.push(r.body.caseNo);
  }
  const pending = () => queryOne<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM petitions WHERE scan_pending');
  await until(async () => (await pending()).n === 0, 30_000, 'the registration scan');
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  // The scan links each copy to the first as a hint (a clerk's confirmation makes it count).
  const rows = await c.query<{ case_no: string; repeat_of: string | null; counted: boolean; detected: number; grams: number }>(
    `SELECT p.case_no, p.repeat_of_id IS NOT NULL AS counted,
            (SELECT e.case_no FROM repeats x JOIN petitions e ON e.id = x.earlier_id WHERE x.petition_id = p.id
              ORDER BY x.score DESC, x.earlier_id LIMIT 1) AS repeat_of,
            (SELECT count(*)::int FROM events e WHERE e.petition_id = p.id AND e.type = 'repeat_detected') AS detected,
            (SELECT count(*)::int FROM title_grams g WHERE g.petition_id = p.id) AS grams
       FROM petitions p WHERE p.case_no = ANY($1) ORDER BY p.id`,
    [cases],
  );
  await c.end();
  assert.deepEqual(rows.rows.map((r) => r.repeat_of), [null, ...Array(5).fill(cases[0])], 'each later copy is linked to the first (一信多投)');
  assert.deepEqual(rows.rows.map((r) => r.counted), Array(6).fill(false), 'a hint, not yet a repeat');
  assert.deepEqual(rows.rows.map((r) => r.detected), [0, 1, 1, 1, 1, 1], 'detected once each, though both processes scan');
  assert.deepEqual(rows.rows.map((r) => r.grams), [1, 1, 1, 1, 1, 1], 'every title is in the search index');
});

test('an article published on one process is served by the other at once', async () => {
  const s = await login(A.url, 'mp.editor');
  const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  const created = await http(A.url, 'POST', '/api/staff/articles', { section: 'law', slug: 'multi-process-check', title: '两个进程看到同一篇文章', body: '正文。' }, headers);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await http(B.url, 'GET', '/guidance/multi-process-check')).status, 404, 'not before it is published');
  const published = await http(A.url, 'POST', `/api/staff/articles/${created.body.id}/publish`, {}, headers);
  assert.equal(published.status, 200, JSON.stringify(published.body));
  const page = await fetch(B.url + '/guidance/multi-process-check');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /两个进程看到同一篇文章/);
});
