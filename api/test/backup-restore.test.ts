// `npm run backup` and `npm run restore` round-trip a database: cases, identities (readable with
// the same key), events, clocks, attachments (bytes included) and the case-number sequences all
// come back; a restore refuses while the application is connected, and a damaged backup fails
// without touching the database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createApp } from '../app.ts';
import { openDatabase, openPool } from '../db/database.ts';
import { ROOT } from '../../tools/bench/processes.ts';
import { createTestDatabase, dropTestDatabase, sampleFiling, testEnv, type TestEnv } from './harness.ts';
import { tempDir } from './process-harness.ts';

let env: TestEnv;
let target: { name: string; url: string };
const dir = tempDir('backup');
const file = path.join(dir, 'xinfang.dump');
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'api/scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: dir } });

before(async () => {
  env = await testEnv();
  target = await createTestDatabase();
});
after(async () => {
  await env.close();
  await dropTestDatabase(target.name);
  fs.rmSync(dir, { recursive: true, force: true });
});

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(5000, 3)]);

async function snapshot(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows;
    return {
      petitions: await q('SELECT case_no, status, title, content FROM petitions ORDER BY id'),
      petitioners: await q('SELECT petition_id, role, encode(name_enc, $$hex$$) AS name, encode(phone_hash, $$hex$$) AS phone FROM petitioners ORDER BY id'),
      events: await q('SELECT petition_id, type, public_text FROM events ORDER BY id'),
      clocks: await q('SELECT petition_id, clock, due_at FROM clocks ORDER BY petition_id, clock'),
      attachments: await q('SELECT name, size, encode(sha256(data), $$hex$$) AS digest, petition_id FROM attachments ORDER BY id'),
      sequences: await q("SELECT sequencename, last_value FROM pg_sequences WHERE sequencename LIKE 'case_no_seq_%' ORDER BY 1"),
    };
  } finally {
    await c.end();
  }
}

test('a backup restores into another database with every case, identity, event and attachment', { timeout: 120_000 }, async () => {
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'scan.png');
  const up = await env.app.request('/api/public/uploads', { method: 'POST', body: form });
  assert.equal(up.status, 201);
  const attachment = ((await up.json()) as { id: string }).id;
  const filed = await env.call('POST', '/api/public/petitions', sampleFiling({ attachmentIds: [attachment] }));
  assert.equal(filed.status, 201);
  await env.call('POST', '/api/public/petitions', sampleFiling({ anonymous: true, petitioner: undefined, title: '匿名反映' }));

  const b = run('backup.ts', ['--database-url', env.url, '--out', file]);
  assert.equal(b.status, 0, b.stderr);
  assert.ok(fs.statSync(file).size > 0);
  assert.ok(!fs.existsSync(file + '.partial'));

  const r = run('restore.ts', [file, '--database-url', target.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(await snapshot(target.url), await snapshot(env.url));

  // The restored database serves the same cases to an application with the same key.
  const pool = openPool(target.url, 2);
  try {
    const app = createApp({ ...env.deps, db: openDatabase(pool), pool }, { site: new Map() });
    const res = await app.request('/api/public/track', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryCode: filed.body.queryCode }) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { caseNo: string }).caseNo, filed.body.caseNo);
    // A new filing continues the case numbers instead of reusing one.
    const next = await app.request('/api/public/petitions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sampleFiling()) });
    assert.equal(next.status, 201);
  } finally {
    await pool.end();
  }
});

test('restore refuses while another session uses the database, and a damaged file changes nothing', { timeout: 120_000 }, async () => {
  const busy = new pg.Client({ connectionString: target.url });
  await busy.connect();
  try {
    const r = run('restore.ts', [file, '--database-url', target.url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /stop the application first/);
  } finally {
    await busy.end();
  }
  const before = await snapshot(target.url);
  const damaged = path.join(dir, 'damaged.dump');
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const r = run('restore.ts', [damaged, '--database-url', target.url]);
  assert.notEqual(r.status, 0);
  assert.deepEqual(await snapshot(target.url), before, 'a failed restore leaves the database as it was');
});
