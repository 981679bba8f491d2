// Repeat detection on Chinese texts, through the HTTP API: a reworded complaint from the same
// person is found and shows the earlier outcome; the same person's other matter is not a repeat;
// two different people with similar texts are not repeats (only related-case hints); the same
// letter from anyone is 一信多投; the window holds; clerks confirm and dismiss.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestEnv } from './harness.ts';
import { scanRegistrations } from '../services/registration-scan.ts';
import { fileOnline, mustAct, staffEnv, team, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  t = await team(env);
});
after(() => env.close());

let seq = 0;
/** A distinct person each call (valid ID checksum not needed: the ID is optional). */
function person(name = '王秀英') {
  seq++;
  return { name, phone: `1380000${String(1000 + seq).padStart(4, '0')}`, address: `西城区德胜街道${seq}号` };
}

// Each test has its own texts, so one test's letters are not 一信多投 of another's.
const wages = {
  purpose: 'demand',
  categoryCode: 'labor.wages',
  title: '鸿达建筑公司拖欠农民工工资',
  content: '我于2026年3月至8月在鸿达建筑公司工地务工，公司至今拖欠工资28000元，多次讨要未果。',
};
const wagesReworded = {
  purpose: 'demand',
  categoryCode: 'labor.wages',
  title: '再次反映建筑公司欠薪问题',
  content: '今年三月到八月我在鸿达建筑公司的工地干活，到现在公司还欠我两万八千元工资没给，找了好几次都没有结果，请领导帮忙催一催。',
};
const heating = { purpose: 'demand', categoryCode: 'urban.housing', title: '小区供暖温度不达标', content: '我住在东湖小区5号楼，今年入冬以来家里暖气温度一直只有十四度左右，多次找物业和供热公司都没有解决。' };
const parking = { purpose: 'demand', categoryCode: 'urban.housing', title: '物业占用绿地建停车位', content: '东湖小区物业擅自把公共绿地改成停车位，还向业主收取停车费，业主意见很大，请有关部门查处。' };
const noise = { purpose: 'suggestion', categoryCode: 'environment.noise', title: '小区噪声扰民', content: '我家楼下饭店每天深夜营业，油烟和噪声严重影响休息，多次向街道反映没有解决。' };
const fumes = { purpose: 'demand', categoryCode: 'environment.pollution', title: '工厂夜间排放刺鼻废气', content: '我家附近的化工厂每天夜里排放刺鼻的废气，气味很大，家里老人孩子经常咳嗽，请环保部门查处。' };
const fumesOther = { purpose: 'demand', categoryCode: 'environment.pollution', title: '化工厂夜里排废气', content: '住在化工厂旁边，每到夜里工厂就排放废气，刺鼻难闻，影响居民身体健康，希望环保部门管一管。' };
const lift = { purpose: 'demand', categoryCode: 'urban.housing', title: '小区电梯频繁故障', content: '我们西苑小区3号楼的电梯今年已经坏了七八次，上个月还困住过人，物业一直拖着不修，请督促维修。' };
const liftReworded = {
  purpose: 'demand',
  categoryCode: 'urban.housing',
  title: '再次反映电梯故障问题',
  content: '西苑小区3号楼电梯又坏了，今年坏了好多次，还关过人，物业就是不修，老人上下楼非常困难，请尽快督促物业维修更换。',
};
const orchard = { purpose: 'demand', categoryCode: 'rural.land', title: '承包果园被邻村占用', content: '我家承包的十亩果园去年被邻村村民强行占用，多次找乡政府协调没有结果。' };

const repeatsOf = (caseNo: string, agent = t.clerk) => agent.call('GET', `/api/staff/petitions/${caseNo}/repeats`);

test('a reworded complaint from the same person is a repeat and shows the earlier outcome', async () => {
  const who = person();
  const first = await fileOnline(env, { ...wages, petitioner: who });
  await mustAct(t.clerk, first.caseNo, { action: 'accept', scope: 'own' });
  await mustAct(t.clerk, first.caseNo, { action: 'route', mode: 'self' });
  await mustAct(t.clerk, first.caseNo, { action: 'reply', text: '经核查，已责令该公司限期支付拖欠工资。' });
  // Same phone, written differently (spaces, +86), new wording.
  const again = await fileOnline(env, { ...wagesReworded, petitioner: { ...who, phone: `+86 ${who.phone.slice(0, 3)} ${who.phone.slice(3)}`, address: undefined } });

  const r = await repeatsOf(again.caseNo);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.repeatOf, null, 'a system hint: not counted as a repeat until a clerk confirms it');
  assert.equal(r.body.earlier.length, 1);
  const e = r.body.earlier[0];
  assert.equal(e.caseNo, first.caseNo);
  assert.equal(e.kind, 'same_person');
  assert.equal(e.basis, 'phone');
  assert.equal(e.linkStatus, 'auto');
  assert.ok(e.score >= 0.25 && e.score < 0.8, `score ${e.score}`);
  assert.equal(e.status, 'replied');
  assert.equal(e.outcome.reply, '经核查，已责令该公司限期支付拖欠工资。');
  assert.ok(e.outcome.repliedAt);

  const back = await repeatsOf(first.caseNo);
  assert.deepEqual(back.body.later.map((l: { caseNo: string }) => l.caseNo), [again.caseNo]);
  const detail = await t.clerk.call('GET', `/api/staff/petitions/${again.caseNo}`);
  assert.ok(detail.body.events.some((ev: { type: string }) => ev.type === 'repeat_detected'), 'the detection is in the case log');
});

test('the same person writing about another matter is not a repeat', async () => {
  const who = person();
  const first = await fileOnline(env, { ...heating, petitioner: who });
  const sameBranch = await fileOnline(env, { ...parking, petitioner: who });
  const otherBranch = await fileOnline(env, { ...noise, petitioner: who });
  for (const c of [sameBranch, otherBranch]) {
    const r = await repeatsOf(c.caseNo);
    assert.equal(r.body.repeatOf, null, `${c.caseNo} is not a repeat of ${first.caseNo}`);
    assert.deepEqual(r.body.earlier, []);
  }
});

test('two different people with similar texts are not repeats, only related cases', async () => {
  const a = await fileOnline(env, { ...fumes, petitioner: person('赵建国') });
  const b = await fileOnline(env, { ...fumesOther, petitioner: person('钱卫东') });
  const r = await repeatsOf(b.caseNo);
  assert.equal(r.body.repeatOf, null);
  assert.deepEqual(r.body.earlier, []);
  assert.ok(r.body.related.some((x: { caseNo: string }) => x.caseNo === a.caseNo), 'shown as a related case');
});

test('the same letter sent again by anyone (一信多投) is recognised', async () => {
  const letter = {
    purpose: 'demand',
    categoryCode: 'rural.land',
    title: '征地补偿款未发放',
    content: '我村2025年被征收土地50亩，村委会至今未按标准发放征地补偿款，每户少发约两万元。恳请市人大常委会督促有关部门依法处理，维护村民的合法权益。',
  };
  const first = await fileOnline(env, { ...letter, petitioner: person('孙立新') });
  const copy = await fileOnline(env, { ...letter, content: letter.content.replace('市人大常委会', '市政府'), anonymous: true, petitioner: undefined });
  const r = await repeatsOf(copy.caseNo);
  assert.equal(r.body.repeatOf, null, 'a hint until confirmed');
  assert.equal(r.body.earlier[0].caseNo, first.caseNo);
  assert.equal(r.body.earlier[0].kind, 'copy');
  assert.equal(r.body.earlier[0].basis, 'text');
  assert.ok(r.body.earlier[0].score >= 0.8);
});

test('an earlier petition outside the window (12 months) is not linked', async () => {
  const who = person();
  const old = await t.clerk.call('POST', '/api/staff/petitions', { ...orchard, channel: 'letter', receivedAt: '2024-01-10T02:00:00Z', petitioner: who });
  assert.equal(old.status, 201, JSON.stringify(old.body));
  const now = await fileOnline(env, { ...orchard, petitioner: who });
  assert.equal((await repeatsOf(now.caseNo)).body.repeatOf, null);
});

test('clerks dismiss and confirm; agency officers may not', async () => {
  const who = person();
  const first = await fileOnline(env, { ...lift, petitioner: who });
  const again = await fileOnline(env, { ...liftReworded, petitioner: who });
  const hinted = (await repeatsOf(again.caseNo)).body;
  assert.deepEqual([hinted.repeatOf, hinted.earlier[0].caseNo, hinted.earlier[0].linkStatus], [null, first.caseNo, 'auto']);

  const dismissed = await t.clerk.call('POST', `/api/staff/petitions/${again.caseNo}/repeats/dismiss`, { earlierCaseNo: first.caseNo, reason: '诉求不同' });
  assert.equal(dismissed.status, 200, JSON.stringify(dismissed.body));
  assert.equal(dismissed.body.repeatOf, null);
  assert.equal(dismissed.body.earlier[0].linkStatus, 'dismissed');

  const confirmed = await t.clerk.call('POST', `/api/staff/petitions/${again.caseNo}/repeats/confirm`, { earlierCaseNo: first.caseNo });
  assert.equal(confirmed.body.repeatOf, first.caseNo);
  assert.equal(confirmed.body.earlier[0].linkStatus, 'confirmed');

  // A link the detection did not make can be confirmed by hand.
  const other = await fileOnline(env, { ...noise, title: '广场舞音响扰民', content: '小区广场每晚广场舞音响开得很大，一直到十点多，影响学生学习。', petitioner: person() });
  const manual = await t.clerk.call('POST', `/api/staff/petitions/${other.caseNo}/repeats/confirm`, { earlierCaseNo: first.caseNo, reason: '同一事项' });
  assert.equal(manual.status, 200);
  assert.equal(manual.body.earlier[0].basis, 'manual');

  const missing = await t.clerk.call('POST', `/api/staff/petitions/${other.caseNo}/repeats/dismiss`, { earlierCaseNo: again.caseNo });
  assert.equal(missing.status, 404);
  const self = await t.clerk.call('POST', `/api/staff/petitions/${other.caseNo}/repeats/confirm`, { earlierCaseNo: other.caseNo });
  assert.equal(self.status, 400);

  await mustAct(t.clerk, again.caseNo, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, again.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  const byAgency = await t.agency.call('POST', `/api/staff/petitions/${again.caseNo}/repeats/dismiss`, { earlierCaseNo: first.caseNo });
  assert.equal(byAgency.status, 403);
  // The agency officer sees its own case, but not the earlier one routed nowhere near it.
  const seen = await repeatsOf(again.caseNo, t.agency);
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.body.earlier, []);
});

test('detection follows the filing: the background scan links it in order without any reader', async () => {
  const who = person('钱国庆');
  const bus = { purpose: 'suggestion', categoryCode: 'urban.housing', title: '建议增开到北郊新区的公交线路', content: '北郊新区入住居民已有两万多人，目前只有一条公交线路，早晚高峰车上非常拥挤，建议增开线路并加密班次。' };
  const busReworded = { ...bus, title: '再次建议北郊新区增加公交', content: '北郊新区现在住了两万多居民，只有一条公交线，上下班高峰挤不上车，再次建议增开公交线路、加密班次。' };
  const first = await fileOnline(env, { ...bus, petitioner: who });
  const again = await fileOnline(env, { ...busReworded, petitioner: { ...who, phone: `+86 ${who.phone}` } });
  const copy = await fileOnline(env, { ...bus, anonymous: true, petitioner: undefined });
  const rows = () =>
    env.deps.db.selectFrom('petitions').select(['case_no', 'scan_pending', 'repeat_of_id']).where('case_no', 'in', [first.caseNo, again.caseNo, copy.caseNo]).orderBy('id').execute();
  assert.deepEqual((await rows()).map((r) => r.scan_pending), [true, true, true], 'the filing itself only queues the scan');
  // The job leaves the last second's filings alone (an earlier id may still be committing).
  assert.equal(await scanRegistrations(env.deps.db, new Date(Date.now() - 60_000)), 0);
  assert.equal(await scanRegistrations(env.deps.db, new Date(Date.now() + 2_000)), 3);
  const [a, b, c] = await rows();
  assert.deepEqual([a.scan_pending, b.scan_pending, c.scan_pending], [false, false, false]);
  const firstId = (await env.deps.db.selectFrom('petitions').select('id').where('case_no', '=', first.caseNo).executeTakeFirstOrThrow()).id;
  assert.deepEqual([a.repeat_of_id, b.repeat_of_id, c.repeat_of_id], [null, null, null], 'hints are not repeats until confirmed');
  const links = await env.deps.db.selectFrom('repeats').select(['petition_id', 'earlier_id', 'kind', 'status']).where('earlier_id', '=', firstId).orderBy('petition_id').execute();
  assert.deepEqual(links.map((l) => [l.earlier_id, l.kind, l.status]), [
    [firstId, 'same_person', 'auto'], // the same person reworded
    [firstId, 'copy', 'auto'], // the same text from anyone: 一信多投 (its bands were stored by the scan before)
  ]);
  const log = await env.deps.db.selectFrom('events').select('type').where('petition_id', '=', firstId + 2).where('type', '=', 'repeat_detected').execute();
  assert.equal(log.length, 1, 'the detection is written once, in the case log');
  assert.equal(await scanRegistrations(env.deps.db, new Date(Date.now() + 2_000)), 0, 'nothing is scanned twice');
});
