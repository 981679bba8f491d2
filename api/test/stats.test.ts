// Statistics on a known dataset built through the HTTP API, day by day (the clock is moved, and
// staff sign in again each day): every count and share of May 2026 to one decimal, tree roll-ups
// included, the rates by their definitions (api/services/stats.ts), the rollup equal to a live
// recomputation, the lists behind the figures, and a repeat dismissal reflected at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestEnv } from './harness.ts';
import { settleFirstPassword, ADMIN_PASSWORD, STAFF_PASSWORD, createAgency, login, staffEnv, type Agent } from './staff-helpers.ts';
import { sql } from 'kysely';
import { categoryIndex } from '../services/category-index.ts';
import { liveMeasures } from '../services/stats-source.ts';
import { shapeStats } from '../services/stats.ts';

let env: TestEnv;
let clock = new Date('2026-03-01T02:00:00Z');
let clerk: Agent;
let agencyA: Agent;
let agencyAId: string;
let agencyBId: string;
const cases: Record<string, { caseNo: string; queryCode: string }> = {};

/** Moves the clock to 10:00 China time of `day` and signs the staff in again. */
async function on(day: string) {
  clock = new Date(`${day}T02:00:00Z`);
  clerk = await login(env, clerk.user.username, STAFF_PASSWORD);
  agencyA = await login(env, agencyA.user.username, STAFF_PASSWORD);
}

const people = {
  li: { name: '李大山', phone: '13912345678' },
  other: (n: number) => ({ name: `群众${n}`, phone: `1370000${String(n).padStart(4, '0')}` }),
};
// Unrelated texts, so that no two of them look like the same letter (一信多投).
const POOL = [
  ['小区供暖温度不达标', '东湖小区5号楼入冬以来暖气只有十四度，物业和供热公司互相推诿。'],
  ['社保缴费年限认定有误', '本人在纺织厂工作十二年，社保系统只记录了八年，要求更正。'],
  ['宅基地确权争议', '我家老宅基地被邻居占用建房，村里调解两次未果。'],
  ['法院判决执行不到位', '借款纠纷胜诉已两年，被执行人名下有车却一直未执行。'],
  ['建议修改物业管理条例', '建议条例明确业主委员会经费来源和公共收益公开办法。'],
  ['反映镇干部违规收礼', '某镇干部在低保审批中收受群众财物，有转账记录为证。'],
  ['咨询工伤认定时限', '工厂受伤后单位不申报，个人申请工伤认定的期限是多久？'],
  ['农田灌溉渠被堵', '上游养殖场把灌溉渠截断，下游两百亩稻田无法放水。'],
  ['林权证登记错误', '承包山林面积登记少了三十亩，林业站说要重新测量。'],
  ['老旧小区加装电梯', '西苑小区居民同意加装电梯，但审批手续迟迟办不下来。'],
  ['快递网点噪音', '快递网点凌晨装卸货物，叉车和喇叭声影响居民睡眠。'],
  ['公交线路调整', '学校附近公交站取消后，学生上学要多走两公里。'],
  ['菜市场乱收费', '菜市场管理方对摊贩额外收取卫生费和电费，标准不公开。'],
  ['医保报销比例', '异地住院的医保报销比例比本地低很多，希望说明依据。'],
  ['校外培训退费', '培训机构停业后拒不退还已交的两万元课时费。'],
];
const text = (n: number) => ({ title: POOL[n % POOL.length][0], content: POOL[n % POOL.length][1] });

async function register(key: string, body: Record<string, unknown>) {
  const r = await clerk.call('POST', '/api/staff/petitions', { purpose: 'demand', petitioner: people.other(Object.keys(cases).length + 1), ...text(Object.keys(cases).length + 1), receivedAt: clock.toISOString(), ...body });
  assert.equal(r.status, 201, `${key}: ${JSON.stringify(r.body)}`);
  cases[key] = r.body;
}
async function act(key: string, body: Record<string, unknown>, agent = clerk) {
  const r = await agent.call('POST', `/api/staff/petitions/${cases[key].caseNo}/actions`, body);
  assert.equal(r.status, 200, `${key} ${String(body.action)}: ${JSON.stringify(r.body)}`);
}
async function rate(key: string, score: string) {
  const r = await env.call('POST', '/api/public/track/rating', { queryCode: cases[key].queryCode, score });
  assert.equal(r.status, 201, `${key} rating: ${JSON.stringify(r.body)}`);
}
const selfHandled = async (key: string, scope = 'own') => {
  await act(key, { action: 'accept', scope });
  await act(key, { action: 'route', mode: 'self' });
};
const reply = (key: string) => act(key, { action: 'reply', text: '经核查，答复如下。' });

before(async () => {
  env = await staffEnv({ now: () => clock });
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  // The story spans months of the test clock: no password expiry in between.
  assert.equal((await admin.call('PUT', '/api/staff/settings/security', { expiryDays: 0 })).status, 200);
  agencyAId = await createAgency(admin, '市人社局测试');
  agencyBId = await createAgency(admin, '市监委测试');
  for (const [role, agencyId] of [['clerk', undefined], ['agency', agencyAId]] as const) {
    const username = `${role}_stats`;
    const r = await admin.call('POST', '/api/staff/users', { username, password: 'First-' + STAFF_PASSWORD, role, ...(agencyId ? { agencyId } : {}) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await settleFirstPassword(env, username, 'First-' + STAFF_PASSWORD);
  }
  clerk = await login(env, 'clerk_stats', STAFF_PASSWORD);
  agencyA = await login(env, 'agency_stats', STAFF_PASSWORD);

  await on('2026-03-01');
  await register('PM', { channel: 'online', categoryCode: 'labor.wages' });
  await on('2026-03-02');
  await selfHandled('PM'); // handle due 60 days later, moved past the May Day holiday: 2026-05-06
  await on('2026-04-20');
  await register('PA', { channel: 'letter', categoryCode: 'labor.wages' });
  await on('2026-05-03');
  await register('P1', { channel: 'letter', categoryCode: 'labor.wages', petitioner: people.li, title: '鸿达建筑公司拖欠农民工工资', content: '我于2026年3月至8月在鸿达建筑公司工地务工，公司至今拖欠工资28000元，多次讨要未果。' });
  await on('2026-05-04');
  await selfHandled('P1');
  await on('2026-05-05');
  await register('P2', { channel: 'letter', categoryCode: 'labor.insurance' });
  await register('P9', { channel: 'letter', categoryCode: 'rural.land', joint: true, cosigners: [1, 2, 3, 4].map((i) => ({ name: `联名人${i}` })) });
  await on('2026-05-06');
  await register('P3', { channel: 'visit', categoryCode: 'rural.land', personCount: 6 });
  await act('P2', { action: 'accept', scope: 'government' });
  await act('P2', { action: 'route', mode: 'assign', agencyId: agencyAId });
  await on('2026-05-07');
  await selfHandled('P3');
  await on('2026-05-08');
  await register('P4', { channel: 'visit', purpose: 'appeal', categoryCode: 'judicial.court', personCount: 3 });
  await on('2026-05-09');
  await act('P4', { action: 'decline', reasonCode: 'legal_route', guidance: '请依法申请再审，一般应当在判决生效后六个月内提出。' });
  await on('2026-05-10');
  await register('P5', { channel: 'online', purpose: 'suggestion', categoryCode: 'congress.legislation' });
  await reply('P1');
  await on('2026-05-12');
  await rate('P1', 'satisfied');
  await register('P6', { channel: 'online', purpose: 'accusation', categoryCode: 'discipline.official' });
  await on('2026-05-13');
  await act('P6', { action: 'accept', scope: 'supervision' });
  await act('P6', { action: 'route', mode: 'forward', agencyId: agencyBId });
  await on('2026-05-15');
  await register('P7', { channel: 'phone', purpose: 'inquiry', categoryCode: 'labor' });
  await selfHandled('P7');
  await reply('PM'); // late: due 2026-05-06
  await act('P2', { action: 'feedback', text: '已责令补缴社会保险。' }, agencyA);
  await on('2026-05-16');
  await reply('P2');
  await on('2026-05-17');
  await rate('P2', 'dissatisfied');
  await on('2026-05-18');
  await reply('P7');
  await on('2026-05-20');
  await register('P8', {
    channel: 'phone',
    categoryCode: 'labor.wages',
    petitioner: people.li,
    title: '再次反映建筑公司欠薪问题',
    content: '今年三月到八月我在鸿达建筑公司的工地干活，到现在公司还欠我两万八千元工资没给，找了好几次都没有结果，请领导帮忙催一催。',
  });
  await reply('P3');
  await on('2026-05-21');
  await act('P8', { action: 'accept', scope: 'own' });
  // The system hinted that P8 repeats P1; only the clerk's confirmation makes it count.
  const confirmed = await clerk.call('POST', `/api/staff/petitions/${cases.P8.caseNo}/repeats/confirm`, { earlierCaseNo: cases.P1.caseNo });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  await rate('P3', 'basically_satisfied');
  await on('2026-05-26');
  await act('P9', { action: 'accept', scope: 'own' }); // late: due 2026-05-20
  await on('2026-05-28');
  await register('P10', { channel: 'online', categoryCode: 'rural.forest' });
  await on('2026-05-29');
  await register('P11', { channel: 'letter', categoryCode: 'urban.housing' });
  await on('2026-05-30');
  await register('P12', { channel: 'online', categoryCode: 'labor.wages' });
  await on('2026-06-02');
  await register('PJ', { channel: 'visit', categoryCode: 'labor.wages' });
  await on('2026-06-10');
});
after(() => env.close());

const MAY = '/api/staff/stats?from=2026-05-01&to=2026-05-31';

test('May 2026: totals and every breakdown, to one decimal', async () => {
  const r = await clerk.call('GET', MAY);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const s = r.body;
  assert.deepEqual(s.period, { from: '2026-05-01', to: '2026-05-31' });
  assert.equal(s.total, 12);
  assert.equal(s.persons, 23);
  assert.deepEqual(s.byChannel, { letter: { count: 4, share: 33.3 }, visit: { count: 2, share: 16.7 }, online: { count: 4, share: 33.3 }, phone: { count: 2, share: 16.7 } });
  // 66.7 + 4 × 8.3 = 99.9: the first of the equally rounded-down entries gives the missing 0.1.
  assert.deepEqual(s.byPurpose, {
    suggestion: { count: 1, share: 8.4 },
    accusation: { count: 1, share: 8.3 },
    appeal: { count: 1, share: 8.3 },
    demand: { count: 8, share: 66.7 },
    inquiry: { count: 1, share: 8.3 },
  });
  assert.deepEqual(s.byScope, {
    own: { count: 5, share: 41.7 },
    government: { count: 1, share: 8.3 },
    supervision: { count: 1, share: 8.3 },
    court: { count: 0, share: 0 },
    procuratorate: { count: 0, share: 0 },
    lower_congress: { count: 0, share: 0 },
    legal_route: { count: 0, share: 0 },
    none: { count: 0, share: 0 },
    unset: { count: 5, share: 41.7 },
  });
  assert.deepEqual(s.byAgency, {
    self: { count: 3, share: 25 },
    [agencyAId]: { count: 1, share: 8.3 },
    [agencyBId]: { count: 1, share: 8.3 },
    unrouted: { count: 7, share: 58.4 },
  });
  assert.deepEqual(s.collective, { count: 2, share: 16.7, persons: 11 });
  assert.deepEqual(s.repeat, { count: 1, share: 8.3 });
  assert.deepEqual(s.outOfScope, { count: 2, share: 16.7 });
  // P5 (acceptance), P6 (the agency's acknowledgement), and P8 and P9, accepted but not routed
  // within 15 days of receipt (the routing clock, 条例 art. 22).
  assert.deepEqual(s.overdue, { count: 4 });
  assert.equal(s.onTimeRate, 80); // 4 of the 5 handle clocks stopped in May (PM was late)
  assert.equal(s.acceptOnTimeRate, 87.5); // 7 of 8 (P9 was late)
  assert.equal(s.ratingRate, 75); // 3 rated of 4 replied
  assert.equal(s.satisfactionRate, 66.7); // satisfied + basically satisfied: 2 of 3
});

test('May 2026: the category tree, parents counting their children, each level adding up', async () => {
  const { body: s } = await clerk.call('GET', MAY);
  const nonZero = Object.fromEntries(Object.entries(s.byCategory as Record<string, { count: number }>).filter(([, v]) => v.count > 0));
  assert.deepEqual(nonZero, {
    urban: { count: 1, share: 8.4 }, // top level: 41.7 + 25 + 4 × 8.3 = 99.9; urban comes first in the tree
    'urban.housing': { count: 1, share: 8.3 },
    rural: { count: 3, share: 25 },
    'rural.land': { count: 2, share: 16.7 },
    'rural.forest': { count: 1, share: 8.3 },
    labor: { count: 5, share: 41.7 }, // P7 was filed on the parent itself
    'labor.wages': { count: 3, share: 25 },
    'labor.insurance': { count: 1, share: 8.3 },
    judicial: { count: 1, share: 8.3 },
    'judicial.court': { count: 1, share: 8.3 },
    discipline: { count: 1, share: 8.3 },
    'discipline.official': { count: 1, share: 8.3 },
    congress: { count: 1, share: 8.3 },
    'congress.legislation': { count: 1, share: 8.3 },
  });
  assert.deepEqual(s.byCategory.environment, { count: 0, share: 0 });
});

test('the rollup equals a recomputation from the base tables', async () => {
  const { body: s } = await clerk.call('GET', MAY);
  const period = { from: '2026-05-01', to: '2026-05-31' };
  const live = shapeStats(period, await liveMeasures(env.deps.db, period), await categoryIndex(env.deps.db), s.overdue.count);
  const { oneTimeRate: _o, imported: _i, ...rollup } = s;
  assert.deepEqual(live, rollup);
  await sql`SELECT stats_rebuild()`.execute(env.deps.db);
  assert.deepEqual((await clerk.call('GET', MAY)).body, s, 'a rebuild from the base tables gives the same figures');
  const wide = await clerk.call('GET', '/api/staff/stats?from=2026-03-01&to=2026-06-30');
  assert.equal(wide.body.total, 15);
});

test('every figure opens the list of its cases', async () => {
  const list = async (q: string) => (await clerk.call('GET', `/api/staff/analysis/cases?from=2026-05-01&to=2026-05-31&${q}`)).body;
  assert.equal((await list('categoryCode=labor')).total, 5);
  assert.equal((await list('channel=visit')).total, 2);
  assert.equal((await list('collective=1')).total, 2);
  assert.equal((await list('outOfScope=1')).total, 2);
  assert.equal((await list('overdue=1')).total, 4);
  assert.equal((await list('agencyId=unrouted')).total, 7);
  assert.equal((await list('scope=unset')).total, 5);
  const repeat = await list('repeat=1');
  assert.deepEqual(repeat.items.map((i: { caseNo: string; repeatOf: string }) => [i.caseNo, i.repeatOf]), [[cases.P8.caseNo, cases.P1.caseNo]]);
  const late = await list('clock=handle&late=1');
  assert.deepEqual(late.items.map((i: { caseNo: string }) => i.caseNo), [cases.PM.caseNo]);
  const page = await clerk.call('GET', '/api/staff/analysis/cases?from=2026-05-01&to=2026-05-31&limit=5');
  assert.equal(page.body.items.length, 5);
  const next = await clerk.call('GET', `/api/staff/analysis/cases?from=2026-05-01&to=2026-05-31&limit=10&cursor=${page.body.nextCursor}`);
  assert.equal(next.body.items.length, 7);
});

test('the dashboard series and agency table', async () => {
  const series = await clerk.call('GET', '/api/staff/stats/series?from=2026-03-01&to=2026-06-30');
  assert.deepEqual(series.body.months.map((m: { month: string; total: number }) => [m.month, m.total]), [['2026-03', 1], ['2026-04', 1], ['2026-05', 12], ['2026-06', 1]]);
  assert.deepEqual(series.body.months[2].byChannel, { letter: 4, visit: 2, online: 4, phone: 2 });
  const agencies = await clerk.call('GET', `/api/staff/stats/agencies?from=2026-05-01&to=2026-05-31`);
  const a = agencies.body.items.find((i: { key: string }) => i.key === agencyAId);
  // P2 was assigned to agency A: its handle clock (stopped by the office's reply) counts there.
  assert.deepEqual(a, { key: agencyAId, name: '市人社局测试', count: 1, share: 8.3, handleStopped: 1, onTimeRate: 100, overdue: 0, rated: 1, satisfactionRate: 0 });
  const self = agencies.body.items.find((i: { key: string }) => i.key === 'self');
  assert.deepEqual([self.count, self.handleStopped, self.onTimeRate], [3, 4, 75]); // P1, P3, P7, and PM received in March
  const b = agencies.body.items.find((i: { key: string }) => i.key === agencyBId);
  assert.equal(b.overdue, 1); // P6: the forwarded agency has not acknowledged within 15 days
});

test('a dismissed repeat leaves the figures at once; agency officers cannot read statistics', async () => {
  const r = await clerk.call('POST', `/api/staff/petitions/${cases.P8.caseNo}/repeats/dismiss`, { earlierCaseNo: cases.P1.caseNo });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const { body: s } = await clerk.call('GET', MAY);
  assert.deepEqual(s.repeat, { count: 0, share: 0 });
  assert.equal((await agencyA.call('GET', MAY)).status, 403);
});

test('a filing counts once, from its registration scan on, and a rebuild agrees', async () => {
  const JUNE = '/api/staff/stats?from=2026-06-01&to=2026-06-30';
  await on('2026-06-20');
  const before = (await clerk.call('GET', JUNE)).body.total;
  const rollup = async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT (SELECT COALESCE(sum(received), 0) FROM stats_deltas WHERE day = '2026-06-20')
           + (SELECT COALESCE(sum(received), 0) FROM stats_daily WHERE day = '2026-06-20' AND dim = 'all') AS n`.execute(env.deps.db);
    return Number(rows[0].n);
  };
  const counted = await rollup();
  const filed = await env.call('POST', '/api/public/petitions', { purpose: 'demand', categoryCode: 'labor', ...text(7), petitioner: people.other(90) });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  assert.equal(await rollup(), counted, 'not yet in the rollup while its scan is outstanding');
  assert.equal((await clerk.call('GET', JUNE)).body.total, before + 1, 'a statistics read settles the scan first');
  assert.equal(await rollup(), counted + 1, 'counted once');
  await sql`SELECT stats_rebuild()`.execute(env.deps.db);
  assert.equal((await clerk.call('GET', JUNE)).body.total, before + 1, 'a rebuild from the base tables agrees');
});
