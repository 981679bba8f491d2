// Hostile clients, part 1: the security headers are on every kind of response, success or error,
// API or page: no sniffing, no framing (frame-ancestors), a referrer policy, a CSP that allows
// no inline script it does not name by hash, and HSTS only when the request came over HTTPS
// through a trusted proxy. Table-driven: one row per response type.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createApp } from '../app.ts';
import { openDatabase, openPool } from '../db/database.ts';
import { loadSite } from '../http/static.ts';
import { sampleFiling, testEnv, type TestEnv } from './harness.ts';
import { tempDir } from './process-harness.ts';

let env: TestEnv;
let app: ReturnType<typeof createApp>;
let proxied: ReturnType<typeof createApp>;
let downApp: ReturnType<typeof createApp>;
const dist = tempDir('site');

before(async () => {
  env = await testEnv({ lookupsPerMinute: 3 });
  // A small built site: a page with an inline script, an asset and a 404 page.
  fs.mkdirSync(path.join(dist, '_astro'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head><script>document.documentElement.classList.add("js")</script></head><body>首页</body></html>');
  fs.writeFileSync(path.join(dist, '404.html'), '<!doctype html><html><body>页面没有找到</body></html>');
  fs.writeFileSync(path.join(dist, '_astro', 'app.js'), 'console.log(1)');
  const site = loadSite(dist);
  app = createApp(env.deps, { site });
  proxied = createApp({ ...env.deps, config: { ...env.deps.config, trustProxy: true } }, { site });
  // A process whose database cannot be reached: its 503 answers carry the headers too.
  const deadPool = openPool('postgresql://postgres@127.0.0.1:1/none', 1);
  downApp = createApp({ ...env.deps, pool: deadPool, db: openDatabase(deadPool) }, { site });
});
after(async () => {
  await env.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

type Row = { name: string; status: number; html?: boolean; req: () => Response | Promise<Response> };
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const rows: Row[] = [
  { name: 'health (JSON 200)', status: 200, req: () => app.request('/api/health') },
  { name: 'OpenAPI document', status: 200, req: () => app.request('/api/openapi.json') },
  { name: 'filing (201)', status: 201, req: () => app.request('/api/public/petitions', json(sampleFiling())) },
  { name: 'malformed JSON (400)', status: 400, req: () => app.request('/api/public/petitions', json('{"title":')) },
  { name: 'unknown query code (404)', status: 404, req: () => app.request('/api/public/track', json({ queryCode: 'AAAA-BBBB-CCCCC' })) },
  { name: 'too large (413)', status: 413, req: () => app.request('/api/public/petitions', json({ content: 'x'.repeat(2 * 1024 * 1024) })) },
  { name: 'unsupported upload (415)', status: 415, req: () => { const f = new FormData(); f.append('file', new Blob(['MZ'], { type: 'image/png' }), 'x.png'); return app.request('/api/public/uploads', { method: 'POST', body: f }); } },
  { name: 'staff without session (401)', status: 401, req: () => app.request('/api/staff/petitions') },
  { name: 'unknown API path (404)', status: 404, req: () => app.request('/api/no-such-thing') },
  { name: 'database down (503)', status: 503, req: () => downApp.request('/api/ready') },
  { name: 'database down, a case lookup (503)', status: 503, req: () => downApp.request('/api/public/track', json({ queryCode: 'AAAA-BBBB-CCCCC' })) },
  { name: 'portal page', status: 200, html: true, req: () => app.request('/') },
  { name: 'static asset', status: 200, req: () => app.request('/_astro/app.js') },
  { name: 'missing page (404)', status: 404, html: true, req: () => app.request('/no-such-page') },
  { name: 'guidance page (rendered)', status: 200, html: true, req: () => app.request('/guidance') },
  { name: 'missing guidance article (404)', status: 404, html: true, req: () => app.request('/guidance/no-such-article') },
  { name: 'unknown console path (404 page)', status: 404, html: true, req: () => app.request('/console/nothing-here') },
];

for (const row of rows) {
  test(`security headers: ${row.name}`, async () => {
    const res = await row.req();
    assert.equal(res.status, row.status, await res.clone().text());
    const h = res.headers;
    assert.equal(h.get('x-content-type-options'), 'nosniff');
    assert.ok(h.get('referrer-policy'), 'Referrer-Policy');
    const csp = h.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/, 'no framing');
    assert.equal(h.get('strict-transport-security'), null, 'no HSTS over plain HTTP');
    if (row.html) {
      const script = /script-src([^;]*)/.exec(csp)?.[1] ?? /default-src([^;]*)/.exec(csp)?.[1] ?? '';
      assert.doesNotMatch(script, /unsafe-inline|unsafe-eval/, `page CSP: ${csp}`);
      assert.match(h.get('content-type') ?? '', /text\/html/);
    }
  });
}

test('inline scripts of a page are allowed by their hash, and only those', async () => {
  const res = await app.request('/');
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
});

test('HSTS is sent behind a trusted proxy that says HTTPS, and not when the proxy is not trusted', async () => {
  const viaProxy = await proxied.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
  assert.match(viaProxy.headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/);
  const page = await proxied.request('/', { headers: { 'x-forwarded-proto': 'https' } });
  assert.ok(page.headers.get('strict-transport-security'));
  const spoofed = await app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(spoofed.headers.get('strict-transport-security'), null);
});

test('a rate-limited answer (429) carries the headers and Retry-After', async () => {
  let res: Response | undefined;
  for (let i = 0; i < 5; i++) res = await app.request('/api/public/track', json({ queryCode: 'AAAA-BBBB-CCCCC' }));
  assert.equal(res!.status, 429);
  assert.ok(res!.headers.get('retry-after'));
  assert.equal(res!.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res!.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
});
