// Guidance search with editor-kept synonyms (issue 14): everyday words (欠薪, 干部, 村官, 低保)
// find the articles that use the official ones; a title match ranks above a body match; editors
// replace the groups (audited), other roles may not.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadStarterContent } from '../content/starter.ts';
import { expandQuery, parseGroup } from '../content/synonyms.ts';
import type { TestEnv } from './harness.ts';
import { createStaff, login, staffEnv, ADMIN_PASSWORD, type Agent } from './staff-helpers.ts';

let env: TestEnv;
let editor: Agent;
let clerk: Agent;

before(async () => {
  env = await staffEnv();
  await loadStarterContent(env.deps);
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  editor = await createStaff(env, admin, 'editor');
  clerk = await createStaff(env, admin, 'clerk');
});
after(() => env.close());

const search = async (q: string) => (await env.app.request('/guidance/search?q=' + encodeURIComponent(q))).text();
const titles = (html: string) => [...html.matchAll(/<li><a href="\/guidance\/[a-z0-9-]+">(.*?)<\/a>/g)].map((m) => m[1].replace(/<\/?mark>/g, ''));

test('the words of a group expand a query; a line of the editor is a group', () => {
  assert.deepEqual(expandQuery('欠薪怎么办', [['欠薪', '拖欠工资', '工资'], ['低保', '社会救助']]), ['欠薪怎么办', '欠薪', '拖欠工资', '工资']);
  assert.deepEqual(expandQuery('无关', [['欠薪', '工资']]), ['无关']);
  assert.deepEqual(parseGroup(' 村官，村干部 、村委会  村委会 '), ['村官', '村干部', '村委会']);
});

test('everyday words find articles through the starter synonyms', async () => {
  for (const q of ['欠薪', '干部', '村官', '低保']) {
    const html = await search(q);
    assert.match(html, /找到 \d+ 篇/, `${q} finds something`);
    assert.ok(titles(html).length > 0, q);
  }
  const wages = await search('欠薪');
  assert.match(wages, /也查找了意思相近的/);
  assert.match(wages, /<mark>(工资|拖欠工资|劳动报酬)<\/mark>/);
});

test('a title match ranks above a body match', async () => {
  const html = await search('仲裁');
  const list = titles(html);
  const firstBodyOnly = list.findIndex((t) => !t.includes('仲裁'));
  const lastTitle = list.map((t) => t.includes('仲裁')).lastIndexOf(true);
  assert.ok(lastTitle >= 0, 'some title has the word');
  assert.ok(firstBodyOnly === -1 || firstBodyOnly > lastTitle, `titles first: ${list.join(' | ')}`);
});

test('an editor replaces the groups (audited); a clerk may not; a group of one word is refused', async () => {
  assert.equal((await clerk.call('GET', '/api/staff/guidance/synonyms')).status, 403);
  const before = await editor.call('GET', '/api/staff/guidance/synonyms');
  assert.equal(before.status, 200);
  assert.ok(before.body.groups.some((g: string[]) => g.includes('欠薪')));
  const bad = await editor.call('PUT', '/api/staff/guidance/synonyms', { groups: ['欠薪 工资', '孤单'] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.fields.groups, /第 2 组只有一个词/);
  const ok = await editor.call('PUT', '/api/staff/guidance/synonyms', { groups: ['上访，信访，写信', '', '欠薪 工资'] });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body.groups, [['上访', '信访', '写信'], ['欠薪', '工资']]);
  const audit = await env.deps.db.selectFrom('admin_audit').selectAll().where('action', '=', 'content.synonyms').execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actor_name, editor.user.username);
  assert.match(await search('上访'), /找到 \d+ 篇/);
});
