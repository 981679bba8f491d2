// The scanned-letters API (issue 17) around recognition itself (letters-ocr.test.ts reads real
// scans): who may upload, what is refused, the screen's answer when the engine is missing, the
// queue shared by two processes (each letter taken once), a worker that died mid-letter, the
// scan linked to the case registered from it, and letters gone after a day.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { openDatabase, openPool } from '../db/database.ts';
import { kickLetters, lettersIdle, purgeLetters } from '../jobs/letter-recognition.ts';
import { testEnv, sampleFiling, type TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, createStaff, login, PNG, staffEnv, team, type Agent, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  t = await team(env);
});
after(async () => {
  await lettersIdle(env.deps);
  await env.close();
});

const NOT_AN_IMAGE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 3)]);

/** A real (blank, white) PNG the engine can open: nothing to read on it. */
function blankPng(width = 120, height = 60): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 255)])));
  return Buffer.concat([PNG.subarray(0, 8), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

async function upload(e: TestEnv, agent: Agent | undefined, files: Array<{ name: string; bytes: Buffer; type?: string }>) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/jpeg' }), f.name);
  const headers: Record<string, string> = agent ? { cookie: `xf_session=${agent.cookie}`, 'x-csrf-token': agent.csrfToken } : {};
  const res = await e.app.request('/api/staff/letters', { method: 'POST', body: form, headers });
  return { status: res.status, body: (await res.json()) as any };
}

async function settled(agent: Agent, id: string) {
  for (let i = 0; i < 600; i++) {
    const r = await agent.call('GET', `/api/staff/letters/${id}`);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('letter never finished');
}

test('only office staff who register cases may upload or read letters', async () => {
  assert.equal((await upload(env, undefined, [{ name: 'a.jpg', bytes: NOT_AN_IMAGE }])).status, 401);
  for (const who of [t.agency, t.editor, t.admin]) {
    const r = await upload(env, who, [{ name: 'a.jpg', bytes: NOT_AN_IMAGE }]);
    assert.equal(r.status, 403, who.user.role);
    assert.equal((await who.call('GET', '/api/staff/letters')).status, 403);
  }
});

test('files that are no scan, empty, too many or missing are refused and nothing is stored', async () => {
  const before = await env.deps.db.selectFrom('letters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const text = await upload(env, t.clerk, [{ name: 'notes.txt', bytes: Buffer.from('hello'), type: 'text/plain' }]);
  assert.equal(text.status, 415);
  assert.match(text.body.error.message, /只能识别/);
  assert.equal((await upload(env, t.clerk, [{ name: 'empty.jpg', bytes: Buffer.alloc(0) }])).status, 400);
  const many = await upload(env, t.clerk, Array.from({ length: 11 }, (_, i) => ({ name: `${i}.jpg`, bytes: NOT_AN_IMAGE })));
  assert.equal(many.status, 400);
  assert.match(many.body.error.message, /最多上传 10 个/);
  // A good file beside a bad one: neither is taken.
  assert.equal((await upload(env, t.clerk, [{ name: 'ok.jpg', bytes: NOT_AN_IMAGE }, { name: 'bad.txt', bytes: Buffer.from('x') }])).status, 415);
  const res = await env.app.request('/api/staff/letters', { method: 'POST', body: new FormData(), headers: { cookie: `xf_session=${t.clerk.cookie}`, 'x-csrf-token': t.clerk.csrfToken } });
  assert.equal(res.status, 400);
  const after = await env.deps.db.selectFrom('letters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
  assert.equal((await t.clerk.call('GET', '/api/staff/letters/not-a-uuid')).status, 404);
  assert.equal((await t.clerk.call('GET', '/api/staff/letters/00000000-0000-4000-8000-000000000000')).status, 404);
});

test('without the engine the screen is told so and uploads are refused; registration works as before', async () => {
  const bare = await testEnv({ adminPassword: ADMIN_PASSWORD, ocr: { command: '/nonexistent/tesseract', workers: 1 } });
  try {
    const clerk = await createStaff(bare, await login(bare, 'admin', ADMIN_PASSWORD), 'clerk');
    const engine = await clerk.call('GET', '/api/staff/letters/engine');
    assert.equal(engine.status, 200);
    assert.equal(engine.body.available, false);
    assert.match(engine.body.message, /未安装文字识别组件.*请对照原件录入/);
    const up = await upload(bare, clerk, [{ name: 'a.jpg', bytes: NOT_AN_IMAGE }]);
    assert.equal(up.status, 503);
    assert.equal(up.body.error.code, 'ocr_unavailable');
    const reg = await clerk.call('POST', '/api/staff/petitions', { ...sampleFiling(), channel: 'letter' });
    assert.equal(reg.status, 201);
  } finally {
    await bare.close();
  }
});

test('two processes share the queue: every letter is taken once, and a letter whose worker died is taken again', async () => {
  const up = await upload(env, t.clerk, Array.from({ length: 6 }, (_, i) => ({ name: `坏扫描件${i}.jpg`, bytes: NOT_AN_IMAGE })));
  assert.equal(up.status, 201);
  assert.equal(up.body.items.length, 6);
  // A second process on the same database.
  const pool = openPool(env.url, 4);
  const other = { ...env.deps, pool, db: openDatabase(pool) };
  try {
    kickLetters(other, 2);
    const done = await Promise.all(up.body.items.map((i: { id: string }) => settled(t.clerk, i.id)));
    await Promise.all([lettersIdle(env.deps), lettersIdle(other)]);
    for (const d of done) {
      assert.equal(d.status, 'failed');
      assert.match(d.error, /无法读取该图片/);
    }
    const attempts = await env.deps.db.selectFrom('letters').select(['attempts']).where('id', 'in', up.body.items.map((i: { id: string }) => i.id)).execute();
    assert.deepEqual(attempts.map((a) => a.attempts), [1, 1, 1, 1, 1, 1]);

    // A worker that died: its lease ran out while recognising.
    const id = up.body.items[0].id;
    await sql`UPDATE letters SET status = 'recognising', error = NULL, lease_until = now() - interval '1 second' WHERE id = ${id}`.execute(env.deps.db);
    kickLetters(other, 1);
    await lettersIdle(other);
    const again = await env.deps.db.selectFrom('letters').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(again, { status: 'failed', attempts: 2 });
    // After three tries it gives up with a reason instead of trying forever.
    await sql`UPDATE letters SET status = 'recognising', attempts = 3, lease_until = now() - interval '1 second' WHERE id = ${id}`.execute(env.deps.db);
    kickLetters(other, 1);
    await lettersIdle(other);
    const gaveUp = await t.clerk.call('GET', `/api/staff/letters/${id}`);
    assert.match(gaveUp.body.error, /多次中断/);
  } finally {
    await pool.end();
  }
});

test('a case registered from a letter keeps the scan as its attachment, and letters go after a day', async () => {
  const scan = blankPng();
  const up = await upload(env, t.clerk, [{ name: '来信.png', bytes: scan, type: 'image/png' }]);
  const letter = await settled(t.clerk, up.body.items[0].id);
  assert.ok(letter.attachmentId);
  // The scan is sealed at rest like every attachment (the job opened it to read it) …
  const stored = await env.deps.db.selectFrom('attachments').select(['data', 'sealed', 'petition_id']).where('id', '=', letter.attachmentId).executeTakeFirstOrThrow();
  assert.equal(stored.sealed, true);
  assert.equal(stored.data.indexOf(scan.subarray(0, 16)), -1, 'no PNG bytes in the clear');
  assert.equal(stored.petition_id, null, 'unbound until a case claims it');
  assert.equal(letter.status, 'done', letter.error ?? '');
  assert.equal(letter.lowConfidence, true, 'a blank page has nothing to read');
  assert.deepEqual(letter.pages.map((p: { width: number; height: number }) => [p.width, p.height]), [[120, 60]], 'the job read the sealed scan');
  // … and the page image the review screen shows is the original.
  const page = await env.app.request(letter.pages[0].url, { headers: { cookie: `xf_session=${t.clerk.cookie}` } });
  assert.equal(page.status, 200);
  assert.deepEqual(Buffer.from(await page.arrayBuffer()), scan);
  const mine = await t.clerk.call('GET', '/api/staff/letters');
  assert.ok(mine.body.items.some((l: { id: string }) => l.id === letter.id));
  assert.ok(!(await t.leader.call('GET', '/api/staff/letters')).body.items.some((l: { id: string }) => l.id === letter.id), 'the list is one’s own');
  const reg = await t.clerk.call('POST', '/api/staff/petitions', { ...sampleFiling(), channel: 'letter', attachmentIds: [letter.attachmentId] });
  assert.equal(reg.status, 201);
  const detail = await t.clerk.call('GET', `/api/staff/petitions/${reg.body.caseNo}`);
  assert.ok(JSON.stringify(detail.body).includes(letter.attachmentId));
  assert.equal((await t.clerk.call('GET', `/api/staff/letters/${letter.id}`)).body.caseNo, reg.body.caseNo);
  const linked = await env.deps.db.selectFrom('attachments as a').innerJoin('petitions as p', 'p.id', 'a.petition_id').select('p.case_no').where('a.id', '=', letter.attachmentId).executeTakeFirstOrThrow();
  assert.equal(linked.case_no, reg.body.caseNo);

  const purged = await purgeLetters(env.deps, new Date(Date.now() + 25 * 3600_000));
  assert.ok(purged >= 1);
  assert.equal((await t.clerk.call('GET', `/api/staff/letters/${letter.id}`)).status, 404);
  // The case keeps its scan.
  const file = await env.app.request(`/api/staff/attachments/${letter.attachmentId}`, { headers: { cookie: `xf_session=${t.clerk.cookie}` } });
  assert.equal(file.status, 200);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), scan, 'a staff download is the original scan');
});
