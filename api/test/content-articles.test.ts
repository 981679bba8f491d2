// An editor writes, revises, publishes, schedules, unpublishes and restores guidance articles
// through the HTTP API, and the portal shows exactly what is live, sanitised.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApp } from '../app.ts';
import { openDatabase, openPool } from '../db/database.ts';
import type { TestEnv } from './harness.ts';
import { createStaff, login, staffEnv, ADMIN_PASSWORD, type Agent } from './staff-helpers.ts';

let env: TestEnv;
let editor: Agent;
let clerk: Agent;
let clock = new Date('2026-03-02T02:00:00Z');

before(async () => {
  env = await staffEnv({ now: () => clock });
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  editor = await createStaff(env, admin, 'editor');
  clerk = await createStaff(env, admin, 'clerk');
});
after(() => env.close());

const page = async (path: string) => {
  const r = await env.app.request(path);
  return { status: r.status, html: await r.text(), headers: r.headers };
};

async function newArticle(over: Record<string, unknown> = {}) {
  const slug = `a-${Math.random().toString(36).slice(2, 8)}`;
  const r = await editor.call('POST', '/api/staff/articles', { section: 'routes', slug, title: '劳动争议怎样申请仲裁', body: '第一行\n\n申请仲裁的时效为 1 年。', ...over });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

test('an editor creates a draft: 201, revision 1, not on the portal', async () => {
  const a = await newArticle();
  assert.equal(a.revision, 1);
  assert.equal(a.status, 'draft');
  assert.equal(a.url, `/guidance/${a.slug}`);
  assert.equal((await page(a.url)).status, 404);
});

test('publish makes it live; edits are new revisions that wait for the next publish', async () => {
  const a = await newArticle();
  const p = await editor.call('POST', `/api/staff/articles/${a.id}/publish`, {});
  assert.equal(p.status, 200);
  assert.equal(p.body.status, 'published');
  assert.equal(p.body.publishedRevision, 1);
  let view = await page(a.url);
  assert.equal(view.status, 200);
  assert.match(view.html, /<h1>劳动争议怎样申请仲裁<\/h1>/);
  assert.match(view.html, /<title>劳动争议怎样申请仲裁 - /);
  assert.match(view.headers.get('cache-control')!, /max-age=[1-9]\b/);
  assert.match(view.headers.get('content-security-policy')!, /script-src 'self'/);

  const u = await editor.call('PUT', `/api/staff/articles/${a.id}`, { section: 'routes', slug: a.slug, title: '劳动争议：先申请仲裁', body: '第一行\n\n申请仲裁的时效为 1 年。\n\n新增一段。', note: '补充', baseRevision: 1 });
  assert.equal(u.status, 200);
  assert.equal(u.body.revision, 2);
  assert.equal(u.body.hasUnpublishedChanges, true);
  view = await page(a.url);
  assert.match(view.html, /劳动争议怎样申请仲裁/, 'the published revision stays until republished');

  const stale = await editor.call('PUT', `/api/staff/articles/${a.id}`, { section: 'routes', slug: a.slug, title: 'x', body: 'y', baseRevision: 1 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'stale_revision');

  await editor.call('POST', `/api/staff/articles/${a.id}/publish`, {});
  view = await page(a.url);
  assert.match(view.html, /<h1>劳动争议：先申请仲裁<\/h1>/);
  assert.match(view.html, /新增一段/);
});

test('a publish through one process is visible at once through another with its own pool', async () => {
  const pool = openPool(env.url, 2);
  const other = createApp({ ...env.deps, pool, db: openDatabase(pool) }, { site: new Map() });
  try {
    const a = await newArticle({ title: '另一个进程也能看到' });
    assert.equal((await other.request(a.url)).status, 404);
    await editor.call('POST', `/api/staff/articles/${a.id}/publish`, {});
    const r = await other.request(a.url);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /另一个进程也能看到/);
  } finally {
    await pool.end();
  }
});

test('revisions are listed, compared line by line and restored as a new revision', async () => {
  const a = await newArticle({ body: '甲\n乙\n丙' });
  await editor.call('PUT', `/api/staff/articles/${a.id}`, { section: 'routes', slug: a.slug, title: '改标题', body: '甲\n乙改\n丙\n丁' });
  const list = await editor.call('GET', `/api/staff/articles/${a.id}/revisions`);
  assert.deepEqual(list.body.items.map((r: { revision: number }) => r.revision), [2, 1]);
  assert.equal(list.body.items[0].author, editor.user.username);

  const diff = await editor.call('GET', `/api/staff/articles/${a.id}/diff?from=1&to=2`);
  assert.equal(diff.status, 200);
  assert.deepEqual(diff.body.lines, [
    { op: 'same', text: '甲' },
    { op: 'del', text: '乙' },
    { op: 'add', text: '乙改' },
    { op: 'same', text: '丙' },
    { op: 'add', text: '丁' },
  ]);
  assert.deepEqual(diff.body.title, { from: '劳动争议怎样申请仲裁', to: '改标题' });

  const restored = await editor.call('POST', `/api/staff/articles/${a.id}/restore`, { revision: 1 });
  assert.equal(restored.status, 200);
  assert.equal(restored.body.revision, 3);
  assert.equal(restored.body.title, '劳动争议怎样申请仲裁');
  assert.equal(restored.body.body, '甲\n乙\n丙');
  const one = await editor.call('GET', `/api/staff/articles/${a.id}/revisions/2`);
  assert.equal(one.body.title, '改标题', 'old revisions never change');
  assert.equal((await editor.call('POST', `/api/staff/articles/${a.id}/restore`, { revision: 9 })).status, 404);
});

test('scheduled publication goes live at its time and keeps the old revision live until then', async () => {
  const a = await newArticle({ title: '第一版' });
  await editor.call('POST', `/api/staff/articles/${a.id}/publish`, {});
  await editor.call('PUT', `/api/staff/articles/${a.id}`, { section: 'routes', slug: a.slug, title: '第二版', body: '新内容' });
  // Clock steps stay under the session idle limit (30 min) so the editor stays signed in.
  const at = new Date(clock.getTime() + 10 * 60_000).toISOString();
  const s = await editor.call('POST', `/api/staff/articles/${a.id}/publish`, { publishAt: at });
  assert.equal(s.body.status, 'published');
  assert.equal(s.body.scheduledRevision, 2);
  assert.equal(s.body.scheduledAt, at);
  assert.match((await page(a.url)).html, /<h1>第一版<\/h1>/);

  clock = new Date(clock.getTime() + 10 * 60_000 + 1);
  assert.match((await page(a.url)).html, /<h1>第二版<\/h1>/);
  const v = await editor.call('GET', `/api/staff/articles/${a.id}`);
  assert.equal(v.body.publishedRevision, 2);
  assert.equal(v.body.scheduledRevision, null);

  const fresh = await newArticle({ title: '定时新文' });
  const later = new Date(clock.getTime() + 60_000).toISOString();
  const f = await editor.call('POST', `/api/staff/articles/${fresh.id}/publish`, { publishAt: later });
  assert.equal(f.body.status, 'scheduled');
  assert.equal((await page(fresh.url)).status, 404);
  clock = new Date(clock.getTime() + 61_000);
  assert.equal((await page(fresh.url)).status, 200);
});

test('unpublish takes it off the portal, the section and search', async () => {
  const a = await newArticle({ title: '即将撤下的通知', section: 'notice', body: '独一无二的撤下测试词' });
  await editor.call('POST', `/api/staff/articles/${a.id}/publish`, {});
  assert.match((await page('/guidance/section/notice')).html, /即将撤下的通知/);
  assert.match((await page('/guidance/search?q=' + encodeURIComponent('撤下测试'))).html, /即将撤下的通知/);
  const u = await editor.call('POST', `/api/staff/articles/${a.id}/unpublish`);
  assert.equal(u.body.status, 'draft');
  assert.equal((await page(a.url)).status, 404);
  assert.doesNotMatch((await page('/guidance/section/notice')).html, /即将撤下的通知/);
  assert.doesNotMatch((await page('/guidance/search?q=' + encodeURIComponent('撤下测试'))).html, /即将撤下的通知/);
});

test('hostile Markdown is published inert; the preview is sanitised by the server', async () => {
  const body = '正常段落\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[点我](javascript:alert(3))\n\n<iframe src="https://evil.example"></iframe>\n\n<p onclick="alert(4)" style="color:red">段落</p>';
  const a = await newArticle({ body });
  await editor.call('POST', `/api/staff/articles/${a.id}/publish`, {});
  const { html } = await page(a.url);
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  assert.match(main, /正常段落/);
  assert.doesNotMatch(main, /<script|onerror|onclick|javascript:|<iframe|style=/i);
  const pv = await editor.call('POST', '/api/staff/articles/preview', { body });
  assert.equal(pv.status, 200);
  assert.doesNotMatch(pv.body.html, /<script|onerror|onclick|javascript:|<iframe|style=/i);
});

test('validation, slugs and permissions', async () => {
  const bad = await editor.call('POST', '/api/staff/articles', { section: 'nope', slug: 'Bad Slug', title: '', body: '' });
  assert.equal(bad.status, 400);
  assert.deepEqual(Object.keys(bad.body.error.fields).sort(), ['body', 'section', 'slug', 'title']);
  const reserved = await editor.call('POST', '/api/staff/articles', { section: 'faq', slug: 'search', title: 't', body: 'b' });
  assert.equal(reserved.status, 400);
  const a = await newArticle();
  const dup = await editor.call('POST', '/api/staff/articles', { section: 'faq', slug: a.slug, title: 't', body: 'b' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'slug_taken');

  assert.equal((await clerk.call('GET', '/api/staff/articles')).status, 403);
  assert.equal((await clerk.call('POST', `/api/staff/articles/${a.id}/publish`, {})).status, 403);
  assert.equal((await env.call('GET', '/api/staff/articles')).status, 401);
  const noCsrf = await editor.call('POST', `/api/staff/articles/${a.id}/publish`, {}, { 'x-csrf-token': 'wrong' });
  assert.equal(noCsrf.status, 403);
  assert.equal((await editor.call('GET', '/api/staff/articles/not-a-uuid')).status, 404);

  const list = await editor.call('GET', '/api/staff/articles?section=routes');
  assert.ok(list.body.items.length >= 1);
  assert.ok(list.body.items.every((i: { section: string; body?: string }) => i.section === 'routes' && i.body === undefined));

  const events = await env.deps.db.selectFrom('content_events').select(['action']).where('subject_id', '=', a.id).execute();
  assert.deepEqual(events.map((e) => e.action), ['create']);
});

test('every content endpoint is in the OpenAPI document', async () => {
  const doc = (await env.call('GET', '/api/openapi.json')).body;
  for (const p of ['/api/staff/articles', '/api/staff/articles/{id}/publish', '/api/staff/articles/{id}/diff', '/api/public/reception-days', '/api/staff/guide']) {
    assert.ok(doc.paths[p], p);
  }
  assert.ok(doc.paths['/api/staff/articles/{id}'].put);
});
