// Registration that fits letters and referrals, and the documents an office sends (issue 15),
// through the HTTP API: a letter with only a postal address registers; a deputy's referral is
// handled, its 报结函 issued under the office's own 文号 and the referrer told, leaving the
// "awaiting report-back" list; a visit on a published reception day takes its leader; the 交办函,
// 督办函 and 催办单 go to the agency without an accuser's name; a collective visit's notice is
// addressed to its representatives; 催办 of several cases and the 逾期未结通报 of a selection; a
// structured 回访 counts in satisfaction; 一次性化解率; agency officers issue nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { sampleFiling, type TestEnv } from './harness.ts';
import { act, createAgency, createStaff, login, mustAct, staffEnv, ADMIN_PASSWORD, type Agent } from './staff-helpers.ts';

let env: TestEnv;
let admin: Agent;
let clerk: Agent;
let leader: Agent;
let officer: Agent;
let editor: Agent;
let agencyId: string;

before(async () => {
  env = await staffEnv();
  admin = await login(env, 'admin', ADMIN_PASSWORD);
  agencyId = await createAgency(admin, '东湖市住房和城乡建设局');
  [clerk, leader, officer, editor] = await Promise.all([createStaff(env, admin, 'clerk'), createStaff(env, admin, 'leader'), createStaff(env, admin, 'agency', agencyId), createStaff(env, admin, 'editor')]);
  const office = await admin.call('PUT', '/api/staff/settings/office', { name: '东湖市人大常委会信访办公室', address: '东湖市人民路1号', postcode: '310000', phone: '0571-87000000', receptionHours: '工作日 9:00—17:00', docPrefix: '东人大信' });
  assert.equal(office.status, 200, JSON.stringify(office.body));
});
after(() => env.close());

const register = (agent: Agent, body: Record<string, unknown>) => agent.call('POST', '/api/staff/petitions', { channel: 'letter', ...sampleFiling(), ...body });
const html = async (agent: Agent, url: string) => {
  const res = await env.app.request(url, { headers: { cookie: `xf_session=${agent.cookie}` } });
  return { status: res.status, text: await res.text(), csp: res.headers.get('content-security-policy') ?? '' };
};

test('a letter with only a postal address registers; one with neither phone nor address is refused', async () => {
  const none = await register(clerk, { petitioner: { name: '赵老汉' } });
  assert.equal(none.status, 400);
  assert.match(none.body.error.fields['petitioner.phone'], /联系电话或通信地址/);
  const letter = await register(clerk, { petitioner: { name: '赵老汉', address: '东湖市北镇赵家村3组' } });
  assert.equal(letter.status, 201, JSON.stringify(letter.body));
  const online = await env.call('POST', '/api/public/petitions', sampleFiling({ petitioner: { name: '赵老汉', address: '东湖市北镇赵家村3组' } }));
  assert.equal(online.status, 400, 'the public contract still asks for a phone');
});

let referral: string;
test('a deputy’s referral is handled, its 报结函 issued under the office’s 文号, and the referrer told', async () => {
  const noDocNo = await register(clerk, { details: { source: 'upper_congress', referrer: '省人大常委会办公厅' } });
  assert.equal(noDocNo.status, 400);
  assert.equal(noDocNo.body.error.fields['details.referrerDocNo'], '请填写交办文号');
  const r = await register(clerk, { details: { source: 'deputy', referrer: '王建华', referrerAddress: '东湖市第一中学' } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  referral = r.body.caseNo;
  const reg = (await clerk.call('GET', `/api/staff/petitions/${referral}/registration`)).body;
  assert.deepEqual([reg.source, reg.sourceLabel, reg.referrer, reg.canReport], ['deputy', '代表转来', '王建华', false]);
  const early = await clerk.call('POST', `/api/staff/petitions/${referral}/documents`, { kind: 'report' });
  assert.equal(early.status, 409, 'no 报结 before the office’s part is done');
  assert.equal((await clerk.call('GET', '/api/staff/referrals')).body.items[0].caseNo, referral);

  await mustAct(clerk, referral, { action: 'accept', scope: 'government' });
  await mustAct(clerk, referral, { action: 'route', mode: 'assign', agencyId, instructions: '请于15日内核实工资支付情况' });
  await mustAct(officer, referral, { action: 'feedback', text: '已责令该公司支付全部拖欠工资。' });
  await mustAct(clerk, referral, { action: 'reply', text: '经核实，该公司已于5月10日支付拖欠工资28000元。' });

  const list = (await clerk.call('GET', `/api/staff/petitions/${referral}/documents`)).body.items.map((i: { kind: string; label: string }) => i.label);
  assert.deepEqual(list, ['受理告知书', '转送（交办）告知书', '答复意见书', '交办函', '报结函']);
  const issued = await clerk.call('POST', `/api/staff/petitions/${referral}/documents`, { kind: 'report' });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  assert.match(issued.body.docNo, /^东人大信〔\d{4}〕1号$/);
  const again = await clerk.call('POST', `/api/staff/petitions/${referral}/documents`, { kind: 'report' });
  assert.equal(again.status, 200);
  assert.equal(again.body.docNo, issued.body.docNo, 'printed again, the same number');
  const page = await html(clerk, issued.body.url);
  assert.equal(page.status, 200);
  assert.match(page.csp, /script-src 'sha256-/);
  for (const part of ['东湖市人大常委会信访办公室', issued.body.docNo, '关于代表转来信访事项办理情况的函', '王建华代表：', '东湖市住房和城乡建设局', '已于5月10日支付拖欠工资', '特此函告', '0571-87000000']) {
    assert.ok(page.text.includes(part), part);
  }
  assert.ok(!page.text.includes('李大山'), 'masked without a reveal');

  const told = await clerk.call('POST', `/api/staff/petitions/${referral}/referral-report`, {});
  assert.equal(told.status, 200, JSON.stringify(told.body));
  assert.equal(told.body.reportDocNo, issued.body.docNo);
  assert.equal((await clerk.call('POST', `/api/staff/petitions/${referral}/referral-report`, {})).status, 409);
  assert.ok(!(await clerk.call('GET', '/api/staff/referrals')).body.items.some((i: { caseNo: string }) => i.caseNo === referral));
  assert.equal((await clerk.call('GET', '/api/staff/referrals?state=reported')).body.items[0].caseNo, referral);
  const events = (await clerk.call('GET', `/api/staff/petitions/${referral}`)).body.events.map((e: { type: string }) => e.type);
  assert.ok(events.includes('document_issued') && events.includes('referral_report'));
});

test('the 交办函, 督办函 and 催办单 go to the agency; an accuser is never named in them', async () => {
  const acc = await register(clerk, { purpose: 'accusation', title: '反映某局干部违规收受红包', content: '某局工作人员在办理许可时收受红包。', petitioner: { name: '钱检举', phone: '13700001234' } });
  const no = acc.body.caseNo;
  await mustAct(clerk, no, { action: 'accept', scope: 'government' });
  await mustAct(clerk, no, { action: 'route', mode: 'assign', agencyId });
  await mustAct(leader, no, { action: 'supervise', kind: 'tracking', note: '请于一周内报送核查情况' });
  await mustAct(clerk, no, { action: 'remind', note: '请抓紧报送办结报告' });
  await mustAct(clerk, no, { action: 'reveal_identity', reason: '核对信访人身份' });
  for (const [kind, parts] of [
    ['transfer', ['关于交办信访事项的函', '东湖市住房和城乡建设局：', '信访事项登记表', '依法保密', '不得将检举控告材料']],
    ['supervise', ['关于督办信访事项的函', '跟踪督办', '请于一周内报送核查情况']],
    ['remind', ['信访事项催办单', '请抓紧报送办结报告']],
  ] as const) {
    const d = await clerk.call('POST', `/api/staff/petitions/${no}/documents`, { kind });
    assert.equal(d.status, 201, JSON.stringify(d.body));
    const page = await html(clerk, d.body.url + '?named=1');
    for (const part of parts) assert.ok(page.text.includes(part), `${kind}: ${part}`);
    assert.ok(!page.text.includes('钱检举') && !page.text.includes('13700001234'), `${kind} names no accuser`);
  }
  assert.equal((await officer.call('POST', `/api/staff/petitions/${no}/documents`, { kind: 'transfer' })).status, 403);
  assert.equal((await html(officer, '/api/staff/documents/1')).status, 403);
});

test('a collective visit on a reception day takes its leader; its notice is addressed to the representatives', async () => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const day = await editor.call('POST', '/api/staff/reception-days', { date: today, startTime: '00:00', endTime: '23:59', place: '信访接待室', leader: '陈主任', published: true });
  assert.equal(day.status, 201, JSON.stringify(day.body));
  const wrong = await register(clerk, { channel: 'letter', details: { receptionDayId: day.body.id } });
  assert.equal(wrong.status, 400);
  const visit = await register(clerk, {
    channel: 'visit', personCount: 30, title: '小区电梯停运', content: '小区电梯停运三个月无人维修。',
    petitioner: { name: '张代表', phone: '13800001111' }, cosigners: [{ name: '李代表' }, { name: '王代表' }],
    details: { receptionDayId: day.body.id, skipLevel: true },
  });
  assert.equal(visit.status, 201, JSON.stringify(visit.body));
  const reg = (await clerk.call('GET', `/api/staff/petitions/${visit.body.caseNo}/registration`)).body;
  assert.deepEqual([reg.receptionDate, reg.receivingLeader, reg.skipLevel], [today, '陈主任', true]);
  await mustAct(clerk, visit.body.caseNo, { action: 'accept', scope: 'own' });
  const d = await clerk.call('POST', `/api/staff/petitions/${visit.body.caseNo}/documents`, { kind: 'accept' });
  assert.match((await html(clerk, d.body.url)).text, /集体访代表（共 30 人）：/);
  await mustAct(clerk, visit.body.caseNo, { action: 'reveal_identity', reason: '寄送受理告知书' });
  assert.match((await html(clerk, d.body.url + '?named=1')).text, /张代表、李代表、王代表等30人（集体访代表）：/);
});

test('催办 several cases at once, and the 逾期未结通报 of a selection', async () => {
  const nos: string[] = [];
  for (const title of ['甲小区供暖不达标', '乙小区物业乱收费']) {
    const r = await register(clerk, { title });
    await mustAct(clerk, r.body.caseNo, { action: 'accept', scope: 'government' });
    await mustAct(clerk, r.body.caseNo, { action: 'route', mode: 'assign', agencyId });
    nos.push(r.body.caseNo);
  }
  const fresh = (await register(clerk, {})).body.caseNo;
  const batch = await clerk.call('POST', '/api/staff/petitions/batch/remind', { caseNos: [...nos, fresh], note: '请于本周内报送办理结果' });
  assert.equal(batch.status, 200, JSON.stringify(batch.body));
  assert.deepEqual(batch.body.done, nos);
  assert.deepEqual(batch.body.refused.map((r: { caseNo: string }) => r.caseNo), [fresh]);

  const notLate = await clerk.call('POST', '/api/staff/documents/overdue-report', { caseNos: nos });
  assert.equal(notLate.status, 400, 'cases within their deadline are not reported as overdue');
  // Time passes: the deadlines run out (no endpoint may move a clock).
  await sql`UPDATE clocks SET due_at = now() - interval '3 days', due_date = (now() - interval '3 days')::date, period_days = NULL
             WHERE stopped_at IS NULL AND petition_id IN (SELECT id FROM petitions WHERE case_no IN (${sql.join(nos)}))`.execute(env.deps.db);
  const report = await clerk.call('POST', '/api/staff/documents/overdue-report', { caseNos: nos });
  assert.equal(report.status, 201, JSON.stringify(report.body));
  const page = await html(clerk, report.body.url);
  for (const part of ['关于信访事项逾期未办结情况的通报', '东湖市住房和城乡建设局：', '甲小区供暖不达标', '乙小区物业乱收费', '下列2件信访事项']) assert.ok(page.text.includes(part), part);
});

test('a structured 回访 counts in satisfaction; 一次性化解率 counts cases settled at the first answer', async () => {
  const r = await register(clerk, { channel: 'phone', title: '咨询社保转移', content: '咨询养老保险关系转移。' });
  const no = r.body.caseNo;
  await mustAct(clerk, no, { action: 'accept', scope: 'own' });
  await mustAct(clerk, no, { action: 'route', mode: 'self' });
  await mustAct(clerk, no, { action: 'reply', text: '已电话告知办理流程。' });
  const bad = await act(clerk, no, { action: 'follow_up', text: '电话回访', result: 'happy' });
  assert.equal(bad.status, 400);
  const fu = await mustAct(clerk, no, { action: 'follow_up', text: '电话回访，信访人表示基本满意。', result: 'basically_satisfied', method: 'phone' });
  assert.equal(fu.petition.rating, 'basically_satisfied');
  const stats = (await clerk.call('GET', '/api/staff/stats')).body;
  assert.ok(stats.ratingRate > 0);
  assert.equal(typeof stats.oneTimeRate, 'number');
  assert.equal(stats.oneTimeRate, 100, 'every replied case this month was settled at its first answer');
});
