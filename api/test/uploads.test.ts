// Attachments: recognised from their bytes, limited in size and number, stored in PostgreSQL,
// and bound to the case that claims them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sampleFiling, testEnv, type TestEnv } from './harness.ts';

let env: TestEnv;
before(async () => {
  env = await testEnv();
});
after(() => env.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(bytes: Buffer, name: string, declaredType = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: declaredType }), name);
  const res = await env.app.request('/api/public/uploads', { method: 'POST', body: form });
  return { status: res.status, body: await res.json() };
}

test('an image and a PDF are accepted and typed from their bytes', async () => {
  const a = await upload(PNG, 'photo.jpg', 'image/jpeg');
  assert.equal(a.status, 201);
  assert.equal(a.body.type, 'image/png');
  assert.equal(a.body.name, 'photo.png');
  assert.equal(a.body.size, PNG.length);
  const b = await upload(PDF, '工资条.pdf');
  assert.equal(b.status, 201);
  assert.equal(b.body.type, 'application/pdf');
  assert.equal(b.body.name, '工资条.pdf');
});

test('a file that is not an image or PDF is refused with 415 whatever its name says', async () => {
  const r = await upload(Buffer.from('<script>alert(1)</script>'), 'evil.png', 'image/png');
  assert.equal(r.status, 415);
  assert.match(r.body.error.message, /只能上传图片/);
  const exe = await upload(Buffer.from('MZ\x90\x00 fake executable'), 'setup.pdf', 'application/pdf');
  assert.equal(exe.status, 415);
});

test('a file over 10 MB is refused with 413 and nothing is stored', async () => {
  const before = await env.deps.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 10, 0)]);
  const r = await upload(big, 'big.png');
  assert.equal(r.status, 413);
  assert.match(r.body.error.message, /不能超过 10 MB/);
  const afterCount = await env.deps.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(afterCount.n), Number(before.n));
});

test('path traversal in a file name is reduced to a plain name', async () => {
  const r = await upload(PNG, '../../etc/passwd\\..\\x.png');
  assert.equal(r.status, 201);
  assert.equal(r.body.name, 'x.png');
});

test('a missing file field names the field', async () => {
  const res = await env.app.request('/api/public/uploads', { method: 'POST', body: new FormData() });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.fields.file, '请选择要上传的文件');
});

test('a filing claims its attachments; more than five are refused; a claimed upload cannot be reused', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await upload(PNG, `p${i}.png`)).body.id);
  const tooMany = await env.call('POST', '/api/public/petitions', sampleFiling({ attachmentIds: ids }));
  assert.equal(tooMany.status, 400);
  assert.match(tooMany.body.error.fields.attachmentIds, /不能超过 5 个/);

  const ok = await env.call('POST', '/api/public/petitions', sampleFiling({ attachmentIds: ids.slice(0, 2) }));
  assert.equal(ok.status, 201);
  const p = await env.deps.db.selectFrom('petitions').select('id').where('case_no', '=', ok.body.caseNo).executeTakeFirstOrThrow();
  const bound = await env.deps.db.selectFrom('attachments').select(['id', 'petition_id']).where('id', 'in', ids.slice(0, 2)).execute();
  assert.ok(bound.every((a) => a.petition_id === p.id));

  const reuse = await env.call('POST', '/api/public/petitions', sampleFiling({ attachmentIds: [ids[0]] }));
  assert.equal(reuse.status, 400);
  assert.match(reuse.body.error.fields.attachmentIds, /已被使用/);

  const supplement = await env.call('POST', '/api/public/track/supplement', { queryCode: ok.body.queryCode, text: '再补一张照片', attachmentIds: [ids[5]] });
  assert.equal(supplement.status, 201);
  const s = await env.deps.db.selectFrom('attachments').select(['petition_id', 'event_id']).where('id', '=', ids[5]).executeTakeFirstOrThrow();
  assert.equal(s.petition_id, p.id);
  assert.ok(s.event_id);
});

test('a filing with a photo whose answer was lost, retried with the same key and body, answers 200 with the same case and code', async () => {
  const photo = await upload(PNG, '现场照片.png', 'image/png');
  const body = sampleFiling({ title: '带照片的重试', attachmentIds: [photo.body.id] });
  const headers = { 'Idempotency-Key': 'draft-photo-retry-0001' };
  const first = await env.call('POST', '/api/public/petitions', body, headers);
  assert.equal(first.status, 201);
  const retry = await env.call('POST', '/api/public/petitions', body, headers);
  assert.equal(retry.status, 200, JSON.stringify(retry.body));
  assert.equal(retry.body.caseNo, first.body.caseNo);
  assert.equal(retry.body.queryCode, first.body.queryCode);
  const n = await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', '带照片的重试').executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);
});

test('an edited letter sent with the key of one that already went in answers 422 with the earlier receipt', async () => {
  const photo = await upload(PNG, '协议.png', 'image/png');
  const headers = { 'Idempotency-Key': 'draft-lost-answer-edit-0002' };
  const first = await env.call('POST', '/api/public/petitions', sampleFiling({ title: '答复丢失', attachmentIds: [photo.body.id] }), headers);
  assert.equal(first.status, 201);
  const edited = await env.call('POST', '/api/public/petitions', sampleFiling({ title: '答复丢失（改）', attachmentIds: [photo.body.id] }), headers);
  assert.equal(edited.status, 422);
  assert.equal(edited.body.error.code, 'idempotency_key_reused');
  assert.match(edited.body.error.message, /已经提交成功/);
  assert.deepEqual(edited.body.error.receipt, { caseNo: first.body.caseNo, queryCode: first.body.queryCode, registeredAt: first.body.registeredAt, acceptDueAt: first.body.acceptDueAt });
  // Without files, the collision path answers the same way.
  const k2 = { 'Idempotency-Key': 'draft-lost-answer-edit-0003' };
  const a = await env.call('POST', '/api/public/petitions', sampleFiling({ title: '无附件' }), k2);
  const b = await env.call('POST', '/api/public/petitions', sampleFiling({ title: '无附件（改）' }), k2);
  assert.equal(b.status, 422);
  assert.equal(b.body.error.receipt.caseNo, a.body.caseNo);
});
