// The monthly bulletin through the HTTP API: a draft for a month with its findings in plain
// Chinese against the previous month, editing guarded by revision, notable cases checked,
// publishing freezes it, and the print page and the Excel workbook carry it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, createStaff, login, staffEnv, type Agent } from './staff-helpers.ts';

let env: TestEnv;
let admin: Agent;
let clerk: Agent;
let agency: Agent;
const firstCase: string[] = [];

const TEXTS: Array<[string, string, string]> = [
  ['rural.land', '征地补偿款未发放', '村委会至今未按标准发放征地补偿款。'],
  ['rural.land', '承包地被占用', '承包的责任田被邻村强行占用建房。'],
  ['rural.village', '村务不公开', '村委会三年没有公开财务账目。'],
  ['labor.wages', '工地拖欠工资', '工地老板拖欠八名工人工资。'],
  ['urban.housing', '供暖不达标', '小区暖气温度只有十四度。'],
];

before(async () => {
  env = await staffEnv({ now: () => new Date('2026-06-05T02:00:00Z') });
  admin = await login(env, 'admin', ADMIN_PASSWORD);
  clerk = await createStaff(env, admin, 'clerk');
  const agencyId = (await admin.call('GET', '/api/staff/agencies')).body.items[0].id;
  agency = await createStaff(env, admin, 'agency', agencyId);
  // April: 2 cases; May: 5 (3 rural), one of them <b>-titled to check escaping.
  const file = async (day: string, [categoryCode, title, content]: [string, string, string], place?: string) => {
    const r = await clerk.call('POST', '/api/staff/petitions', {
      channel: 'letter', purpose: 'demand', categoryCode, title, content, place, receivedAt: `${day}T02:00:00Z`,
      petitioner: { name: '测试', phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.caseNo as string;
  };
  await file('2026-04-03', TEXTS[3]);
  await file('2026-04-09', TEXTS[4]);
  for (const [i, t] of TEXTS.entries()) firstCase.push(await file(`2026-05-0${i + 1}`, i === 4 ? [t[0], '<b>供暖</b>不达标', t[2]] : t, i < 3 ? '东城区和平里街道' : '西城区'));
});
after(() => env.close());

let id: string;
let revision: number;

test('a draft for May: findings in plain Chinese against April and last May', async () => {
  const r = await clerk.call('POST', '/api/staff/bulletins', { month: '2026-05' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  id = r.body.id;
  revision = r.body.revision;
  assert.equal(r.body.title, '2026年5月信访工作情况通报');
  assert.equal(r.body.status, 'draft');
  const text = Object.fromEntries(r.body.sections.map((s: { key: string; text: string }) => [s.key, s.text]));
  assert.match(text.overview, /^2026年5月，共收到群众信访事项 5 件、涉及 5 人次，环比上升 150\.0%（上月 2 件），同比无可比数据（去年同月 0 件）。其中，来信 5 件。$/);
  assert.match(text.categories, /^从内容分类看，农村农业类问题最多，3 件，占 60\.0%；其次是城乡建设类（1 件，占 20\.0%）、劳动和社会保障类（1 件，占 20\.0%）。具体问题中，反映“土地承包与征地补偿”的最多，2 件。$/);
  assert.match(text.hot, /东城区（3 件）、西城区（2 件）较为集中/);
  assert.equal(r.body.sections[0].heading, '一、总体情况');
  assert.equal(r.body.figures.previous.total, 2);
  const again = await clerk.call('POST', '/api/staff/bulletins', { month: '2026-05' });
  assert.equal(again.status, 409);
  const future = await clerk.call('POST', '/api/staff/bulletins', { month: '2026-07' });
  assert.equal(future.status, 400);
});

test('staff edit the text and choose notable cases; a stale edit is refused', async () => {
  const { body: b } = await clerk.call('GET', `/api/staff/bulletins/${id}`);
  const sections = b.sections.map((s: { key: string; text: string }) => (s.key === 'suggestions' ? { ...s, text: '建议农业农村委员会开展征地补偿专项监督。' } : s));
  const bad = await clerk.call('PUT', `/api/staff/bulletins/${id}`, { revision, title: b.title, sections, notable: [{ caseNo: '2026-999999', note: '' }] });
  assert.equal(bad.status, 400);
  const ok = await clerk.call('PUT', `/api/staff/bulletins/${id}`, { revision, title: '2026年5月信访通报', sections, notable: [{ caseNo: firstCase[0], note: '征地补偿典型' }] });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.notable[0].title, '征地补偿款未发放');
  assert.equal(ok.body.notable[0].categoryName, '农村农业 / 土地承包与征地补偿');
  const stale = await clerk.call('PUT', `/api/staff/bulletins/${id}`, { revision, title: 'x', sections, notable: [] });
  assert.equal(stale.status, 409);
  revision = ok.body.revision;
  assert.equal((await agency.call('GET', `/api/staff/bulletins/${id}`)).status, 403);
});

test('the print page and the workbook carry the bulletin; publishing freezes it', async () => {
  const cookie = { cookie: `xf_session=${clerk.cookie}` };
  const page = await env.app.request(`/api/staff/bulletins/${id}/print`, { headers: cookie });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  assert.doesNotMatch(page.headers.get('content-security-policy')!, /script-src/);
  const html = await page.text();
  assert.match(html, /<h1 id="doc-title">2026年5月信访通报<\/h1>/);
  assert.match(html, /草稿/);
  assert.match(html, /建议农业农村委员会开展征地补偿专项监督。/);
  assert.match(html, /征地补偿典型/);

  const xlsx = await env.app.request(`/api/staff/bulletins/${id}/xlsx`, { headers: cookie });
  assert.equal(xlsx.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await xlsx.arrayBuffer());
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['主要指标', '内容分类（一级）', '热点问题', '承办单位', '典型案例', '通报正文']);
  const ind = wb.getWorksheet('主要指标')!;
  const cells = [1, 2, 3, 4, 5, 6, 7].map((c) => ind.getRow(2).getCell(c).value);
  assert.deepEqual(cells, ['信访总量（件）', 5, 2, 150, 0, null, '件'], 'numbers are numbers');
  assert.deepEqual(wb.worksheets.map((w) => w.name).slice(0, 2), ['主要指标', '内容分类（一级）']);
  const cats = wb.getWorksheet('内容分类（一级）')!;
  assert.deepEqual((cats.getRow(2).values as unknown[]).slice(1, 4), ['农村农业', '', 3], 'categories by name, not code');

  // A placeholder left in the draft (the notable cases' prompt) and an unnamed office stop publishing.
  const early = await clerk.call('POST', `/api/staff/bulletins/${id}/publish`, {});
  assert.equal(early.status, 409);
  assert.match(early.body.error.message, /机关名称尚未设置/);
  await admin.call('PUT', '/api/staff/settings/office', { name: '东湖市人大常委会信访办公室', docPrefix: '东人大信' });
  const placeholder = await clerk.call('POST', `/api/staff/bulletins/${id}/publish`, {});
  assert.equal(placeholder.status, 409);
  assert.match(placeholder.body.error.message, /“八、典型案例”中还有待填写的内容“（请在下方/);
  const { body: current } = await clerk.call('GET', `/api/staff/bulletins/${id}`);
  const filled = current.sections.map((s: { key: string; text: string }) => (s.key === 'notable' ? { ...s, text: '本月选取征地补偿典型案例一件。' } : s));
  const saved = await clerk.call('PUT', `/api/staff/bulletins/${id}`, { revision: current.revision, title: current.title, sections: filled, notable: current.notable, issueNo: 5, sendTo: '常委会主任、副主任，秘书长', copyTo: '各专门委员会' });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual([saved.body.issueNo, saved.body.sendTo], [5, '常委会主任、副主任，秘书长']);
  const printed = await (await env.app.request(`/api/staff/bulletins/${id}/print`, { headers: cookie })).text();
  for (const part of ['第5期', '主送：常委会主任、副主任，秘书长', '抄送：各专门委员会', '东湖市人大常委会信访办公室', '附表2　内容分类（一级）']) assert.ok(printed.includes(part), part);

  const pub = await clerk.call('POST', `/api/staff/bulletins/${id}/publish`, {});
  assert.equal(pub.status, 200, JSON.stringify(pub.body));
  assert.equal(pub.body.status, 'published');
  const edit = await clerk.call('PUT', `/api/staff/bulletins/${id}`, { revision: pub.body.revision, title: 'x', sections: [], notable: [] });
  assert.equal(edit.status, 409);
  const list = await clerk.call('GET', '/api/staff/bulletins');
  assert.deepEqual(list.body.items.map((i: { month: string; status: string }) => [i.month, i.status]), [['2026-05', 'published']]);
});

test('titles from cases are escaped in the print page', async () => {
  const r = await clerk.call('POST', '/api/staff/bulletins', { month: '2026-04' });
  assert.equal(r.status, 201);
  const put = await clerk.call('PUT', `/api/staff/bulletins/${r.body.id}`, { revision: r.body.revision, title: '<script>x</script>', sections: r.body.sections, notable: [{ caseNo: firstCase[4], note: '<i>注</i>' }] });
  assert.equal(put.status, 200);
  const html = await (await env.app.request(`/api/staff/bulletins/${r.body.id}/print`, { headers: { cookie: `xf_session=${clerk.cookie}` } })).text();
  assert.doesNotMatch(html, /<script>|<b>供暖|<i>注/);
  assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
});
