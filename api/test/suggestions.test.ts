// Triage suggestions (issue 17) on an office's history made by the benchmark generator: who may
// ask and what is refused; the editors' keyword rules (audited) coming before the history; the
// category suggested right first time and in the top three for held-out letters (printed); each
// suggestion's reasons (similar cases, matched words); the clerk's final choice recorded beside
// the suggestion as the case is registered and triaged, and the monthly uptake figures; the
// learner following new registrations.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { learnSuggestions } from '../services/suggestion-model.ts';
import { sampleFiling, type TestEnv } from './harness.ts';
import { heldOutDrafts, seedHistory } from './history.ts';
import { mustAct, staffEnv, team, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
const HISTORY = 3000;

before(async () => {
  env = await staffEnv();
  t = await team(env);
  await seedHistory(env.deps, HISTORY);
  const built = await learnSuggestions(env.deps);
  assert.equal(built?.built, HISTORY);
});
after(() => env.close());

const ask = (body: Record<string, unknown>, who = t.clerk) => who.call('POST', '/api/staff/suggestions', body);

test('only office staff may ask; editors keep the rules; bad input is named', async () => {
  for (const who of [t.agency, t.editor, t.admin]) assert.equal((await ask({ title: '拖欠工资', content: '公司拖欠工资' }, who)).status, 403);
  assert.equal((await env.call('POST', '/api/staff/suggestions', { title: 'x' })).status, 401);
  const long = await ask({ title: '长'.repeat(101), content: '内容' });
  assert.equal(long.status, 400);
  assert.ok(long.body.error.fields.title);
  assert.equal((await ask({ title: 'a', content: 'b', categoryCode: 'x', id: 'nope' })).status, 400);
  for (const who of [t.clerk, t.leader, t.agency]) assert.equal((await who.call('GET', '/api/staff/suggestion-rules')).status, 403);
  assert.equal((await t.editor.call('GET', '/api/staff/suggestions/uptake')).status, 403);
  // A legal-route rule must say where to turn.
  const bare = await t.editor.call('POST', '/api/staff/suggestion-rules', { name: '诉讼', keywords: ['起诉'], scope: 'legal_route', reasonCode: 'legal_route', guidance: '' });
  assert.equal(bare.status, 400);
  assert.ok(bare.body.error.fields.guidance);
  // Someone else's draft record is not theirs to rewrite.
  const mine = await ask({ title: '拖欠工资', content: '公司拖欠工资三个月' });
  assert.equal((await ask({ id: mine.body.id, title: '拖欠工资', content: '公司拖欠工资三个月' }, t.leader)).status, 409);
});

test('an editor’s keyword rule comes before the history, and every change to it is audited', async () => {
  const list = await t.editor.call('GET', '/api/staff/suggestion-rules');
  assert.deepEqual(list.body.items.map((r: { name: string }) => r.name), ['法院判决、裁定', '劳动争议仲裁', '行政复议']);
  const wages = { title: '某公司拖欠工资', content: '我们在工地务工，公司拖欠工资八万元，我们已经申请劳动仲裁，仲裁裁决后公司仍不支付。恳请督促有关部门依法处理。' };
  const s = (await ask(wages)).body;
  assert.equal(s.scope.value, 'legal_route');
  assert.equal(s.scope.source, 'rule');
  assert.equal(s.scope.rule.name, '劳动争议仲裁');
  assert.deepEqual(s.scope.words, ['仲裁', '劳动仲裁', '仲裁裁决']);
  assert.equal(s.decline.reasonCode, 'legal_route');
  assert.match(s.decline.guidance, /1年内.*仲裁/);
  assert.equal(s.decline.guidancePath, '/guidance/legal-routes');
  assert.equal(s.agency, null, 'a matter for the legal route is not sent to an agency');
  // The category still comes from the history.
  assert.equal(s.category.code, 'labor.wages');

  // A rule the editors add, then switch off.
  const created = await t.editor.call('POST', '/api/staff/suggestion-rules', { name: '工伤认定', keywords: ['工伤认定', '工伤'], scope: 'government', sort: 1 });
  assert.equal(created.status, 201);
  const injury = { title: '工伤认定拖延', content: '我在工作中受伤，申请工伤认定已经半年仍无结论。请求督促人社部门依法作出认定。' };
  assert.equal((await ask(injury)).body.scope.rule.name, '工伤认定');
  const off = await t.editor.call('PUT', `/api/staff/suggestion-rules/${created.body.id}`, { ...created.body, active: false });
  assert.equal(off.status, 200);
  assert.notEqual((await ask(injury)).body.scope.source, 'rule');
  assert.equal((await t.editor.call('DELETE', `/api/staff/suggestion-rules/${created.body.id}`)).status, 200);
  assert.equal((await t.editor.call('DELETE', `/api/staff/suggestion-rules/${created.body.id}`)).status, 404);
  const audit = await env.deps.db.selectFrom('admin_audit').select(['action', 'target', 'actor_name']).where('target', '=', created.body.id).orderBy('id').execute();
  assert.deepEqual(audit.map((a) => a.action), ['suggestion_rule.create', 'suggestion_rule.update', 'suggestion_rule.delete']);
  assert.equal(audit[0].actor_name, t.editor.user.username);
});

test('on a seeded history, the category is right first time in ≥ 70 % of held-out letters and in the top three in ≥ 90 %', async () => {
  const drafts = heldOutDrafts(300);
  let first = 0;
  let top3 = 0;
  let branch = 0;
  let scopeFromHistory = 0;
  let withReasons = 0;
  for (const d of drafts) {
    const r = await ask({ title: d.title, content: d.content });
    assert.equal(r.status, 200);
    const codes = [r.body.category?.code, ...(r.body.category?.alternatives ?? []).map((a: { code: string }) => a.code)];
    if (codes[0] === d.category) first++;
    if (codes.includes(d.category)) top3++;
    if (codes[0]?.split('.')[0] === d.category.split('.')[0]) branch++;
    if (r.body.scope?.source === 'history') scopeFromHistory++;
    if (r.body.category?.cases.length === 3 && r.body.category.words.length) withReasons++;
  }
  const n = drafts.length;
  const pct = (x: number) => `${((x / n) * 100).toFixed(1)} %`;
  console.log(`\nCategory suggestions on ${HISTORY.toLocaleString('en')} seeded petitions, ${n} held-out letters: right first time ${pct(first)}, in the top three ${pct(top3)} (top-level branch right ${pct(branch)}); with three similar cases and matched words ${pct(withReasons)}; scope from the history in ${pct(scopeFromHistory)}`);
  assert.ok(first / n >= 0.7, `first ${pct(first)}`);
  assert.ok(top3 / n >= 0.9, `top three ${pct(top3)}`);
  assert.ok(withReasons / n >= 0.9, `with reasons ${pct(withReasons)}`);
});

test('each suggestion gives its reasons: the most similar past cases and the words that matched', async () => {
  const [d] = heldOutDrafts(1, 4242).filter(Boolean);
  const s = (await ask({ title: d.title, content: d.content })).body;
  assert.ok(s.basis >= HISTORY);
  assert.equal(s.similar.length, 3);
  const scores = s.similar.map((c: { score: number }) => c.score);
  assert.deepEqual(scores, [...scores].sort((a: number, b: number) => b - a));
  for (const c of s.category.cases) assert.equal(c.categoryCode, s.category.code);
  assert.ok(s.category.words.length > 0);
  for (const w of s.category.words) assert.ok(`${d.title}。${d.content}`.includes(w), `${w} is in the draft`);
  if (s.agency) for (const c of s.agency.cases) assert.equal(c.agencyId, s.agency.id);
  // A repeat of an earlier letter goes where that one went.
  const earlier = await sql<{ title: string; content: string; category_code: string; agency_id: string; route_mode: string }>`
    SELECT title, content, category_code, agency_id::text AS agency_id, route_mode FROM petitions
     WHERE route_mode IN ('forward', 'assign') AND anonymised_at IS NULL ORDER BY id DESC LIMIT 1`.execute(env.deps.db);
  const e = earlier.rows[0];
  const again = (await ask({ title: e.title, content: e.content })).body;
  assert.equal(again.category.code, e.category_code);
  assert.equal(again.agency?.id, e.agency_id);
  assert.ok(again.similar[0].score >= 0.8);
});

test('the clerk’s final choice is recorded beside the suggestion, and the console gets the monthly uptake', async () => {
  const text = { title: '某建筑劳务有限公司拖欠农民工工资', content: '我们12人于2025年3月至年底在某建筑劳务有限公司承建的朝阳区望京街道工地务工，公司至今拖欠工资共计96000元，多次讨要未果。恳请督促有关部门依法责令企业支付拖欠的工资。' };
  const s = (await ask(text)).body;
  assert.equal(s.category.code, 'labor.wages');
  assert.ok(s.agency, 'an agency is suggested');
  // An accusation against that agency is never suggested to go there.
  const accused = (await ask({ ...text, accusedAgencyId: s.agency.id })).body;
  assert.notEqual(accused.agency?.id, s.agency.id);
  // The draft is edited: the same record is rewritten, not a second one.
  const again = (await ask({ ...text, id: s.id, categoryCode: 'labor.wages' })).body;
  assert.equal(again.id, s.id);
  const reg = await t.clerk.call('POST', '/api/staff/petitions', { ...sampleFiling({ ...text, categoryCode: 'labor.wages' }), channel: 'letter' });
  assert.equal(reg.status, 201);
  const link = await t.clerk.call('POST', `/api/staff/suggestions/${s.id}/registered`, { caseNo: reg.body.caseNo });
  assert.equal(link.status, 200);
  assert.equal((await t.leader.call('POST', `/api/staff/suggestions/${s.id}/registered`, { caseNo: reg.body.caseNo })).status, 404);
  // Triage follows the suggestion for the agency, not for the scope.
  const otherScope = s.scope.value === 'government' ? 'lower_congress' : 'government';
  await mustAct(t.clerk, reg.body.caseNo, { action: 'accept', scope: otherScope });
  await mustAct(t.clerk, reg.body.caseNo, { action: 'route', mode: 'forward', agencyId: s.agency.id });
  await learnSuggestions(env.deps);
  const row = await env.deps.db.selectFrom('suggestions').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
  assert.equal(row.chosen_category, 'labor.wages');
  assert.equal(row.chosen_scope, otherScope);
  assert.equal(row.chosen_agency, s.agency.id);
  assert.equal(row.chosen_reason, '');

  // A legal-route decline taken as suggested.
  const legal = { title: '对法院判决不服', content: '我与某公司合同纠纷一案，区人民法院作出判决，我认为认定事实不清，请求人大监督。' };
  const ls = (await ask(legal)).body;
  const reg2 = await t.clerk.call('POST', '/api/staff/petitions', { ...sampleFiling({ ...legal, categoryCode: ls.category.code }), channel: 'letter' });
  await t.clerk.call('POST', `/api/staff/suggestions/${ls.id}/registered`, { caseNo: reg2.body.caseNo });
  await mustAct(t.clerk, reg2.body.caseNo, { action: 'decline', reasonCode: 'legal_route', guidance: ls.decline.guidance });
  await learnSuggestions(env.deps);

  const up = await t.leader.call('GET', '/api/staff/suggestions/uptake');
  assert.equal(up.status, 200);
  const month = up.body.months[up.body.months.length - 1];
  assert.equal(month.registered, 2);
  assert.deepEqual(month.fields.category, { decided: 2, taken: 2, rate: 100 });
  assert.deepEqual(month.fields.scope, { decided: 2, taken: 1, rate: 50 });
  assert.deepEqual(month.fields.agency, { decided: 1, taken: 1, rate: 100 });
  assert.deepEqual(month.fields.decline, { decided: 1, taken: 1, rate: 100 });
  // A linked record is closed: the draft cannot be rewritten into another case's suggestion.
  assert.equal((await ask({ ...text, id: s.id })).status, 409);
});

test('the learner follows new registrations and triage without counting a case twice', async () => {
  const docs = async () => Number((await sql<{ n: number }>`SELECT sum(docs)::int AS n FROM suggestion_totals WHERE field = 'category'`.execute(env.deps.db)).rows[0].n);
  await learnSuggestions(env.deps);
  const before = await docs();
  const reg = await t.clerk.call('POST', '/api/staff/petitions', { ...sampleFiling(), channel: 'letter' });
  assert.equal(reg.status, 201);
  await learnSuggestions(env.deps);
  assert.equal(await docs(), before + 1);
  await learnSuggestions(env.deps); // the overlap is read again: nothing changes
  assert.equal(await docs(), before + 1);
  const agencyDocs = async () => Number((await sql<{ n: number }>`SELECT coalesce(sum(docs), 0)::int AS n FROM suggestion_totals WHERE field = 'agency' AND value = ${t.agencyId}`.execute(env.deps.db)).rows[0].n);
  const a0 = await agencyDocs();
  await mustAct(t.clerk, reg.body.caseNo, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, reg.body.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  await learnSuggestions(env.deps);
  assert.equal(await agencyDocs(), a0 + 1);
  // Objected to and routed elsewhere: moved, not counted twice.
  await mustAct(t.agency, reg.body.caseNo, { action: 'object', reason: '不属于本单位职责' });
  await mustAct(t.clerk, reg.body.caseNo, { action: 'approve_objection' });
  await mustAct(t.clerk, reg.body.caseNo, { action: 'route', mode: 'forward', agencyId: t.otherAgencyId });
  await learnSuggestions(env.deps);
  assert.equal(await agencyDocs(), a0);
});
