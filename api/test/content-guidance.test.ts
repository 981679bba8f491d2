// The starter content, the guide's rules, reception days and the portal's guidance pages, through
// the HTTP API on a fresh database: starter content loads once and links only to pages that
// exist; editors change the guide as data; the public sees only upcoming published days.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DECLINE_REASON_GUIDANCE } from '../contract/content.ts';
import { DECLINE_REASONS } from '../contract/enums.ts';
import { loadStarterContent, starterArticles } from '../content/starter.ts';
import type { TestEnv } from './harness.ts';
import { createStaff, login, staffEnv, ADMIN_PASSWORD, type Agent } from './staff-helpers.ts';

let env: TestEnv;
let editor: Agent;
let clerk: Agent;
const NOW = new Date('2026-05-06T04:00:00Z'); // 12:00 in China, a Wednesday

before(async () => {
  env = await staffEnv({ now: () => NOW });
  assert.equal(await loadStarterContent(env.deps), true);
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  editor = await createStaff(env, admin, 'editor');
  clerk = await createStaff(env, admin, 'clerk');
});
after(() => env.close());

const get = async (path: string) => {
  const r = await env.app.request(path);
  return { status: r.status, text: await r.text(), headers: r.headers };
};

test('starter content loads once; every article is live and every internal link resolves', async () => {
  assert.equal(await loadStarterContent(env.deps), false, 'second load does nothing');
  const slugs = starterArticles().map((a) => a.slug);
  const count = await env.deps.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), slugs.length);
  const links = new Set<string>();
  for (const slug of slugs) {
    const r = await get(`/guidance/${slug}`);
    assert.equal(r.status, 200, slug);
    for (const m of r.text.slice(r.text.indexOf('<main')).matchAll(/href="(\/[^"#?]*)/g)) links.add(m[1]);
  }
  for (const href of links) {
    if (!href.startsWith('/guidance')) continue;
    assert.equal((await get(href)).status, 200, `broken link ${href}`);
  }
});

test('every decline reason links to a live guidance page', async () => {
  assert.deepEqual(Object.keys(DECLINE_REASON_GUIDANCE).sort(), [...DECLINE_REASONS].sort());
  for (const url of Object.values(DECLINE_REASON_GUIDANCE)) assert.equal((await get(url)).status, 200, url);
});

test('the index, sections, search (Chinese substrings), 404, sitemap and robots', async () => {
  const index = await get('/guidance');
  assert.equal(index.status, 200);
  assert.match(index.text, /<title>法律指引 - /);
  assert.match(index.text, /href="\/guidance\/guide"/);
  assert.match(index.text, /<a href="\/guidance" aria-current="page"|aria-current="page"[^>]*>法律指引/);
  assert.match((await get('/guidance/section/routes')).text, /劳动争议：先申请劳动仲裁/);
  assert.equal((await get('/guidance/section/nope')).status, 404);

  const s = await get('/guidance/search?q=' + encodeURIComponent('仲裁委员'));
  assert.match(s.text, /找到 \d+ 篇/);
  assert.match(s.text, /<mark>仲裁委员<\/mark>/);
  const none = await get('/guidance/search?q=' + encodeURIComponent('%_不存在的词'));
  assert.match(none.text, /没有找到/);
  const hostile = await get('/guidance/search?q=' + encodeURIComponent('<script>alert(1)</script>'));
  assert.doesNotMatch(hostile.text, /<script>alert/);

  const missing = await get('/guidance/no-such-article');
  assert.equal(missing.status, 404);
  assert.match(missing.text, /页面没有找到/);

  const map = await get('/sitemap.xml');
  assert.match(map.headers.get('content-type')!, /xml/);
  assert.match(map.text, /<loc>http:\/\/localhost\/guidance\/legal-routes<\/loc><lastmod>2026-05-06<\/lastmod>/);
  assert.match(map.text, /<loc>http:\/\/localhost\/file<\/loc>/);
  assert.match((await get('/robots.txt')).text, /Sitemap: http:\/\/localhost\/sitemap.xml/);
});

test('the guide walks by links to each kind of outcome, and a bad step is a 404 with a way back', async () => {
  const start = await get('/guidance/guide');
  assert.equal(start.status, 200);
  assert.match(start.text, /第 1 问：/);
  const next = [...start.text.matchAll(/href="(\/guidance\/guide\?step=[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  assert.equal(next.length, 6);
  const q2 = await get(next[1]); // 检举控告 → who
  assert.match(q2.text, /被检举控告的是什么人/);
  assert.match(q2.text, /检举、控告公职人员违纪违法/, 'the answers given so far are listed');
  assert.match(q2.text, />上一步</);
  const final = await get('/guidance/guide?step=out_final&trail=start:4,answered:3');
  assert.match(final.text, /data-outcome="final"/);
  assert.match(final.text, /不再受理/);
  const bad = await get('/guidance/guide?step=nope');
  assert.equal(bad.status, 404);
  assert.match(bad.text, /从头开始/);
  const forged = await get('/guidance/guide?step=start&trail=start:99,zzz:1');
  assert.equal(forged.status, 200);
});

test('editors change the guide as data; invalid graphs and stale saves are refused', async () => {
  const g = await editor.call('GET', '/api/staff/guide');
  assert.equal(g.status, 200);
  const doc = g.body;
  const start = doc.nodes.find((n: { key: string }) => n.key === 'start');
  start.title = '您想反映什么？（已修改）';
  const saved = await editor.call('PUT', '/api/staff/guide', { nodes: doc.nodes, baseVersion: doc.version });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.match((await get('/guidance/guide')).text, /您想反映什么？（已修改）/);

  const stale = await editor.call('PUT', '/api/staff/guide', { nodes: doc.nodes, baseVersion: doc.version });
  assert.equal(stale.status, 409);

  const loop = structuredClone(saved.body.nodes);
  loop.find((n: { key: string }) => n.key === 'accuse').answers[0].next = 'start';
  const r = await editor.call('PUT', '/api/staff/guide', { nodes: loop });
  assert.equal(r.status, 400);
  assert.match(JSON.stringify(r.body.error), /循环/);

  const dangling = structuredClone(saved.body.nodes);
  dangling[0].answers[0].next = 'missing';
  assert.equal((await editor.call('PUT', '/api/staff/guide', { nodes: dangling })).status, 400);
  const badLink = structuredClone(saved.body.nodes);
  badLink.find((n: { kind: string }) => n.kind === 'outcome').linkUrl = 'javascript:alert(1)';
  assert.equal((await editor.call('PUT', '/api/staff/guide', { nodes: badLink })).status, 400);
  assert.equal((await clerk.call('PUT', '/api/staff/guide', { nodes: saved.body.nodes })).status, 403);
});

test('reception days: drafts stay private, the public sees upcoming published days only', async () => {
  const day = { date: '2026-05-20', startTime: '09:00', endTime: '11:30', place: '机关信访接待室', leader: '王副主任', topics: '城乡建设' };
  const draft = await editor.call('POST', '/api/staff/reception-days', day);
  assert.equal(draft.status, 201);
  const pub = await editor.call('POST', '/api/staff/reception-days', { ...day, date: '2026-05-13', leader: '李副主任', published: true });
  const today = await editor.call('POST', '/api/staff/reception-days', { ...day, date: '2026-05-06', startTime: '08:00', endTime: '11:00', published: true });
  const later = await editor.call('POST', '/api/staff/reception-days', { ...day, date: '2026-05-06', startTime: '14:00', endTime: '16:00', leader: '赵主任', published: true });
  await editor.call('POST', '/api/staff/reception-days', { ...day, date: '2026-04-01', published: true });
  assert.equal(today.status, 201);

  const r = await env.call('GET', '/api/public/reception-days');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((i: { id: string }) => i.id), [later.body.id, pub.body.id], 'ended and draft days are left out');
  assert.deepEqual(Object.keys(r.body.items[0]).sort(), ['date', 'endTime', 'id', 'leader', 'place', 'startTime', 'topics']);
  assert.match((await get('/guidance/reception')).text, /2026年5月13日（星期三） 09:00–11:30/);

  const upd = await editor.call('PUT', `/api/staff/reception-days/${draft.body.id}`, { ...day, published: true });
  assert.equal(upd.status, 200);
  assert.equal((await env.call('GET', '/api/public/reception-days')).body.items.length, 3);
  assert.equal((await editor.call('DELETE', `/api/staff/reception-days/${draft.body.id}`)).status, 200);
  assert.equal((await editor.call('DELETE', `/api/staff/reception-days/${draft.body.id}`)).status, 404);

  const bad = await editor.call('POST', '/api/staff/reception-days', { ...day, endTime: '08:00', date: '2026-13-01' });
  assert.equal(bad.status, 400);
  assert.ok(bad.body.error.fields.endTime && bad.body.error.fields.date);
  assert.equal((await clerk.call('POST', '/api/staff/reception-days', day)).status, 403);
  const staffList = await editor.call('GET', '/api/staff/reception-days');
  assert.ok(staffList.body.items.some((i: { published: boolean }) => i.published === false), 'the starter sample is a draft');
});
