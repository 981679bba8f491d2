// How the portal is served (issue 14): pages carry the office identity filled in at serve time
// (escaped; parts not set are hidden), compressed after that, with an ETag that changes with
// the identity; assets come brotli or gzip as the client accepts, with Vary; API JSON over 1 KB
// is compressed, a small answer is not; the no-JavaScript forms answer HTML with the messages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { createApp } from '../app.ts';
import { loadSite, pickEncoding } from '../http/static.ts';
import { withOffice } from '../portal/office-marks.ts';
import { OFFICE_PLACEHOLDER, updateOfficeIdentity } from '../services/office.ts';
import { SYSTEM_ACTOR } from '../services/admin-audit.ts';
import { testEnv, type TestEnv } from './harness.ts';
import { tempDir } from './process-harness.ts';

let env: TestEnv;
let app: ReturnType<typeof createApp>;
const dist = tempDir('site-serving');

before(async () => {
  env = await testEnv();
  fs.mkdirSync(path.join(dist, '_astro'), { recursive: true });
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><html><head><title>XX市人大常委会 网上信访</title></head><body><span data-office="name">XX市人大常委会</span>' +
      '<p class="office-contact" data-office-if="address|phone"><span data-office-if="address">地址：<span data-office="address"></span></span><span data-office-if="phone">电话：<span data-office="phone"></span></span></p>' +
      '<p>' + '说明文字'.repeat(200) + '</p></body></html>',
  );
  fs.writeFileSync(path.join(dist, '_astro', 'app.js'), 'console.log("portal");'.repeat(100));
  app = createApp(env.deps, { site: loadSite(dist) });
});
after(async () => {
  await env.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const get = (p: string, headers: Record<string, string> = {}) => app.request(p, { headers });
const text = async (r: Response) => {
  const b = Buffer.from(await r.arrayBuffer());
  const enc = r.headers.get('content-encoding');
  return (enc === 'br' ? zlib.brotliDecompressSync(b) : enc === 'gzip' ? zlib.gunzipSync(b) : b).toString('utf8');
};

test('the office marks are filled in and escaped; a part not set is hidden', () => {
  const html = '<title>XX市人大常委会</title><span data-office="name">XX市人大常委会</span><p data-office-if="phone">电话：<span data-office="phone"></span></p>';
  const out = withOffice(html, { ...OFFICE_PLACEHOLDER, name: '<甲>市人大常委会' });
  assert.equal(out, '<title>&lt;甲&gt;市人大常委会</title><span data-office="name">&lt;甲&gt;市人大常委会</span><p data-office-if="phone" hidden>电话：<span data-office="phone"></span></p>');
});

test('Accept-Encoding decides: br first, then gzip, q=0 refuses', () => {
  assert.equal(pickEncoding('gzip, deflate, br'), 'br');
  assert.equal(pickEncoding('gzip'), 'gzip');
  assert.equal(pickEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(pickEncoding('identity'), undefined);
  assert.equal(pickEncoding(undefined), undefined);
  assert.equal(pickEncoding('*'), 'br');
});

test('a page is compressed after the identity is filled in; its ETag follows the identity; 304 on a match', async () => {
  await updateOfficeIdentity(env.deps, SYSTEM_ACTOR, { ...OFFICE_PLACEHOLDER, name: '南湖区人大常委会', phone: '0573-1234 5678' });
  const a = await get('/', { 'accept-encoding': 'br, gzip' });
  assert.equal(a.headers.get('content-encoding'), 'br');
  assert.equal(a.headers.get('vary'), 'Accept-Encoding');
  const html = await text(a);
  assert.match(html, /<title>南湖区人大常委会 网上信访<\/title>/);
  assert.match(html, /<span data-office="phone">0573-1234 5678<\/span>/);
  assert.match(html, /data-office-if="address" hidden/);
  assert.doesNotMatch(html, /data-office-if="address\|phone" hidden/);
  const etag = a.headers.get('etag')!;
  assert.equal((await get('/', { 'accept-encoding': 'br', 'if-none-match': etag })).status, 304);
  assert.equal((await get('/', { 'accept-encoding': 'gzip' })).headers.get('content-encoding'), 'gzip');
  const plain = await get('/');
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.notEqual(plain.headers.get('etag'), etag, 'each encoding has its own ETag');

  await updateOfficeIdentity(env.deps, SYSTEM_ACTOR, { ...OFFICE_PLACEHOLDER, name: '北湖区人大常委会' });
  const b = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag });
  assert.equal(b.status, 200, 'a new identity is a new page');
  assert.match(await text(b), /北湖区人大常委会/);
});

test('assets come precompressed; API JSON over 1 KB is compressed, a small answer is not', async () => {
  const js = await get('/_astro/app.js', { 'accept-encoding': 'gzip, br' });
  assert.equal(js.headers.get('content-encoding'), 'br');
  assert.match(await text(js), /console\.log\("portal"\)/);
  assert.match(js.headers.get('cache-control')!, /immutable/);
  const big = await get('/api/public/categories', { 'accept-encoding': 'br, gzip' });
  assert.equal(big.headers.get('content-encoding'), 'br');
  assert.ok(JSON.parse(await text(big)).items.length > 5);
  const small = await get('/api/health', { 'accept-encoding': 'br, gzip' });
  assert.equal(small.headers.get('content-encoding'), null);
  assert.deepEqual(await small.json(), { ok: true });
});

test('without JavaScript: a filing with mistakes answers 400 HTML with each message; a confusable code is named', async () => {
  const form = new URLSearchParams({ purpose: 'demand', title: '标题', identity: 'named', name: '张三', phone: '123', step: 'review' });
  const r = await app.request('/file', { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /id="f-content-error">请填写信访内容/);
  assert.match(html, /id="f-petitioner-phone-error">联系电话格式不正确/);
  assert.match(html, /name="title"[^>]*>标题<\/textarea>|<textarea id="f-title" name="title"[^>]*>标题/);
  const t = await app.request('/track', { method: 'POST', body: new URLSearchParams({ queryCode: 'ABCD-EFGH-JK1NP' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(t.status, 400);
  assert.match(await t.text(), /查询码里不会出现数字“1”（一）（第 11 位）/);
});
