// Every clock and stage as 《信访工作条例》(2022) and the provincial people's-congress rules say
// (issue 13), through HTTP on the real 2026 official calendar with a fake clock: routing within 15
// days of receipt (art. 22), the agency's acknowledgement and objection (art. 23), handling days
// from the agency's receipt (art. 34), review decided from the request and by the right body
// (arts. 35, 36), closing only after the review window or a waiver, the window from delivery,
// the level-2 "no longer accepted", litigation matters declined with their route and time limit
// (arts. 28, 31), lawful clock settings, no future received dates, and one rating per reply.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runClockJob } from '../jobs/clock-job.ts';
import type { TestEnv } from './harness.ts';
import { act, fileOnline, mustAct, staffEnv, team, type Agent, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
let clock = Date.parse('2026-03-02T02:00:00Z');
/** 10:00 China time on a China date. Staff stay signed in across the fake days (their sessions
 *  are moved along with the clock; session expiry is tested in staff-auth.test.ts). */
const on = async (date: string) => {
  clock = Date.parse(`${date}T02:00:00Z`);
  await env.deps.db.updateTable('sessions').set({ created_at: new Date(clock), last_seen_at: new Date(clock) }).execute();
  return new Date(clock);
};

before(async () => {
  env = await staffEnv({ now: () => new Date(clock) });
  t = await team(env);
});
after(() => env.close());

type Detail = { petition: Record<string, any>; clocks: Array<{ clock: string; dueDate: string; stopped: boolean; overdue: boolean }>; events: Array<{ type: string; visibility: string; text?: string; data: any }> };
const detail = async (caseNo: string, who: Agent = t.clerk): Promise<Detail> => (await who.call('GET', `/api/staff/petitions/${caseNo}`)).body;
const clockOf = (d: Detail, name: string) => {
  const c = d.clocks.find((k) => k.clock === name);
  assert.ok(c, `no ${name} clock`);
  return c;
};
const track = async (queryCode: string) => (await env.call('POST', '/api/public/track', { queryCode })).body;
async function accepted(date: string) {
  await on(date);
  const c = await fileOnline(env);
  await mustAct(t.clerk, c.caseNo, { action: 'accept', scope: 'government' });
  return c;
}
async function replied(date: string, reply: Record<string, unknown> = {}) {
  const c = await accepted('2026-03-02');
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'self' });
  await on(date);
  await mustAct(t.clerk, c.caseNo, { action: 'reply', text: '经核查，答复如下。', ...reply });
  return c;
}
const expectConflict = async (r: Promise<{ status: number; body: any }>, code: string) => {
  const res = await r;
  assert.equal(res.status, 409, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code);
  return res.body.error.message as string;
};

test('routing (art. 22): a 15-day clock from receipt runs until the route, in the case and the queue, and goes overdue', async () => {
  await on('2026-03-02');
  const r = await t.clerk.call('POST', '/api/staff/petitions', {
    channel: 'letter', purpose: 'demand', categoryCode: 'labor.wages', title: '拖欠工资', content: '公司拖欠工资。', petitioner: { name: '张三', phone: '13800000000' },
    receivedAt: '2026-02-27T02:00:00Z',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.acceptDueAt, '2026-03-16T16:00:00.000Z', 'acceptance: 15 days from receipt (Sat 03-14 → Mon 03-16)');
  const a = await mustAct(t.clerk, r.body.caseNo, { action: 'accept', scope: 'government' });
  assert.equal(clockOf(a, 'route').dueDate, '2026-03-16', 'routing counts from receipt, not from acceptance');
  assert.equal(clockOf(a, 'accept').stopped, true);
  const queue = (await t.clerk.call('GET', `/api/staff/petitions?q=${r.body.caseNo}`)).body.items[0];
  assert.equal(queue.nextDue.clock, 'route');
  assert.equal(queue.nextDue.label, '转送、交办期限');
  await on('2026-03-17');
  await runClockJob(env.deps);
  const late = await detail(r.body.caseNo);
  assert.equal(clockOf(late, 'route').overdue, true);
  assert.deepEqual(late.events.find((e) => e.type === 'clock_overdue')?.data, { clock: 'route', dueDate: '2026-03-16' });
  assert.ok((await t.clerk.call('GET', '/api/staff/petitions?overdue=1')).body.items.some((i: { caseNo: string }) => i.caseNo === r.body.caseNo));
  const routed = await mustAct(t.clerk, r.body.caseNo, { action: 'route', mode: 'forward', agencyId: t.agencyId });
  assert.equal(clockOf(routed, 'route').stopped, true);
});

test('receipt (arts. 23, 34): the agency acknowledges (stops ack); its 60 days run from receipt, or from acceptance by setting', async () => {
  const c = await accepted('2026-03-02');
  assert.equal(clockOf(await detail(c.caseNo), 'handle').dueDate, '2026-05-06');
  await on('2026-03-16');
  const routed = await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'forward', agencyId: t.agencyId });
  assert.equal(clockOf(routed, 'handle').dueDate, '2026-05-15', 'until it acknowledges, from the routing day');
  assert.equal(clockOf(routed, 'object').dueDate, '2026-03-23', 'a forwarded case may be objected to as well');
  await on('2026-03-20');
  const ack = await mustAct(t.agency, c.caseNo, { action: 'acknowledge' });
  assert.equal(clockOf(ack, 'ack').stopped, true);
  assert.equal(clockOf(ack, 'handle').dueDate, '2026-05-19', 'from the acknowledgement');
  assert.equal(ack.events.at(-1)!.visibility, 'public');
  assert.match((await track(c.queryCode)).events.at(-1).text, /已收到您的信访事项/);
  await expectConflict(act(t.agency, c.caseNo, { action: 'acknowledge' }), 'already_acknowledged');

  const assigned = await accepted('2026-03-02');
  await on('2026-03-16');
  await mustAct(t.clerk, assigned.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  assert.equal(clockOf(await mustAct(t.agency, assigned.caseNo, { action: 'acknowledge' }), 'ack').stopped, true);

  // The office counts handling from its own acceptance instead: audited, and then nothing moves.
  const set = await t.admin.call('PUT', '/api/staff/settings/procedure', { handleStart: 'acceptance' });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.handleStart, 'acceptance');
  const audit = await env.deps.db.selectFrom('admin_audit').selectAll().where('action', '=', 'settings.procedure').orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual([(audit.before as any).handleStart, (audit.after as any).handleStart], ['agency_receipt', 'acceptance']);
  assert.equal((await t.admin.call('PUT', '/api/staff/settings/procedure', { handleStart: 'whenever' })).status, 400);
  assert.equal((await t.admin.call('PUT', '/api/staff/settings/procedure', { postalDays: 45 })).status, 400);
  const other = await accepted('2026-03-02');
  await on('2026-03-16');
  await mustAct(t.clerk, other.caseNo, { action: 'route', mode: 'forward', agencyId: t.agencyId });
  await on('2026-03-20');
  assert.equal(clockOf(await mustAct(t.agency, other.caseNo, { action: 'acknowledge' }), 'handle').dueDate, '2026-05-06');
  await t.admin.call('PUT', '/api/staff/settings/procedure', { handleStart: 'agency_receipt' });
});

test('objection (art. 23): within 5 working days of receipt, acknowledged or not, on a forwarded case too; effective only when the office agrees', async () => {
  const c = await accepted('2026-03-02');
  await on('2026-03-16');
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'forward', agencyId: t.agencyId });
  await expectConflict(act(t.clerk, c.caseNo, { action: 'approve_objection' }), 'no_objection_pending');
  await on('2026-03-23'); // the fifth working day, never acknowledged
  const pending = await mustAct(t.agency, c.caseNo, { action: 'object', reason: '属于区住建局职责' });
  assert.equal(pending.petition.status, 'forwarded');
  assert.equal(pending.petition.objectionPending, true);
  await expectConflict(act(t.agency, c.caseNo, { action: 'object', reason: '再次' }), 'objection_pending');
  const row = (await t.clerk.call('GET', `/api/staff/petitions?q=${c.caseNo}`)).body.items[0];
  assert.equal(row.objectionPending, true, 'the queue shows the objection waiting for the office');
  assert.ok((await t.clerk.call('GET', `/api/staff/petitions/${c.caseNo}`)).body.allowedActions.includes('approve_objection'));
  const agreed = await mustAct(t.clerk, c.caseNo, { action: 'approve_objection', note: '改由区住建局办理' });
  assert.equal(agreed.petition.status, 'accepted');
  assert.equal(agreed.events.at(-1)!.type, 'approve_objection');
  assert.equal(clockOf(agreed, 'route').dueDate, '2026-04-07', 'a new 15-day routing clock from the office\'s agreement');
  assert.equal(clockOf(agreed, 'ack').stopped, true);

  const refused = await accepted('2026-03-02');
  await on('2026-03-16');
  await mustAct(t.clerk, refused.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  await on('2026-03-18');
  await mustAct(t.agency, refused.caseNo, { action: 'acknowledge' });
  await mustAct(t.agency, refused.caseNo, { action: 'object', reason: '不属于本单位' });
  const kept = await mustAct(t.clerk, refused.caseNo, { action: 'reject_objection', reason: '属于贵单位法定职责' });
  assert.equal(kept.petition.status, 'assigned');
  assert.equal(kept.petition.objectionPending, false);
  assert.deepEqual(kept.events.at(-1)!.data.reason, '属于贵单位法定职责');
  await expectConflict(act(t.agency, refused.caseNo, { action: 'object', reason: '再议' }), 'object_window_closed');

  const late = await accepted('2026-03-02');
  await on('2026-03-16');
  await mustAct(t.clerk, late.caseNo, { action: 'route', mode: 'forward', agencyId: t.agencyId });
  await on('2026-03-24');
  await expectConflict(act(t.agency, late.caseNo, { action: 'object', reason: '太晚' }), 'object_window_closed');
});

test('review (arts. 35, 36): the decision clock runs from the request; in-house or forwarded to the superior; one 30-day extension; after 复核 不再受理', async () => {
  const c = await replied('2026-04-01');
  await on('2026-04-10');
  assert.equal((await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: '对答复不服' })).status, 201);
  const requested = await detail(c.caseNo);
  assert.equal(requested.petition.status, 'review_requested');
  assert.equal(clockOf(requested, 'review').dueDate, '2026-05-11', '30 days from the day the request was received');
  assert.equal((await t.clerk.call('GET', `/api/staff/petitions?q=${c.caseNo}`)).body.items[0].nextDue.clock, 'review');
  assert.equal((await track(c.queryCode)).dueAt, '2026-05-11T16:00:00.000Z');
  await expectConflict(act(t.clerk, c.caseNo, { action: 'forward_review', agencyId: t.otherAgencyId }), 'review_in_house');
  await on('2026-04-15');
  const reviewing = await mustAct(t.clerk, c.caseNo, { action: 'accept_review' });
  assert.equal(clockOf(reviewing, 'review').dueDate, '2026-05-11', 'accepting does not restart it');
  await on('2026-04-20');
  assert.equal((await act(t.clerk, c.caseNo, { action: 'extend', days: 7, reason: 'x' })).status, 403, 'a leader approves extensions');
  const ext = await mustAct(t.leader, c.caseNo, { action: 'extend', days: 7, reason: '需要调取原始档案' });
  assert.equal(clockOf(ext, 'review').dueDate, '2026-05-18', '04-10 + 37 days = Sun 05-17 → Mon 05-18');
  assert.match(ext.events.at(-1)!.text!, /复查期限延长 7 日，至2026年5月18日。延期理由：需要调取原始档案/);
  assert.equal(ext.petition.reviewExtendedDays, 7);
  await expectConflict(act(t.leader, c.caseNo, { action: 'extend', days: 3, reason: '再延' }), 'already_extended');

  // Level 2 (复核): its reply and the closing say the matter will not be accepted again.
  await on('2026-04-24');
  await mustAct(t.clerk, c.caseNo, { action: 'reply', text: '复查意见：维持原处理意见。' });
  await on('2026-04-27');
  assert.equal((await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: '仍不服' })).status, 201);
  await mustAct(t.clerk, c.caseNo, { action: 'accept_review' });
  const final = await mustAct(t.clerk, c.caseNo, { action: 'reply', text: '复核意见：维持复查意见。' });
  assert.match(final.events.at(-1)!.text!, /复核意见：维持复查意见。\n\n.*不再受理/);
  assert.equal(final.petition.reviewFinal, true);
  assert.equal((await track(c.queryCode)).canRequestReview, false);
  const closed = await mustAct(t.clerk, c.caseNo, { action: 'close' });
  assert.match(closed.events.at(-1)!.text!, /已经复核终结，以同一事实和理由再次提出的，不再受理/);

  // An agency handled it: the request goes to the agency's superior, with its own clock.
  const f = await accepted('2026-03-02');
  await mustAct(t.clerk, f.caseNo, { action: 'route', mode: 'forward', agencyId: t.agencyId });
  await on('2026-04-01');
  await mustAct(t.agency, f.caseNo, { action: 'reply', text: '经核查，答复如下。' });
  await on('2026-04-10');
  await env.call('POST', '/api/public/track/review', { queryCode: f.queryCode, reason: '不服' });
  await expectConflict(act(t.clerk, f.caseNo, { action: 'accept_review' }), 'review_goes_to_superior');
  const same = await act(t.clerk, f.caseNo, { action: 'forward_review', agencyId: t.agencyId });
  assert.equal(same.status, 400);
  assert.ok(same.body.error.fields.agencyId);
  await on('2026-04-15');
  const fwd = await mustAct(t.clerk, f.caseNo, { action: 'forward_review', agencyId: t.otherAgencyId, note: '请依法作出复查意见' });
  assert.equal(fwd.petition.status, 'reviewing');
  assert.equal(fwd.petition.reviewAgencyId, t.otherAgencyId);
  assert.equal(clockOf(fwd, 'review').dueDate, '2026-05-15', 'the reviewing body\'s own 30 days from its receipt');
  assert.match((await track(f.queryCode)).events.at(-1).text, /复查申请已转送.*30 日内作出复查意见/);
  await on('2026-05-16');
  await expectConflict(act(t.leader, f.caseNo, { action: 'extend', days: 10, reason: '晚了' }), 'deadline_passed');
});

test('the level-2 window closes the case with "不再受理" (the clock job)', async () => {
  const c = await replied('2026-04-01');
  for (const level of [1, 2]) {
    await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: `不服${level}` });
    await mustAct(t.clerk, c.caseNo, { action: 'accept_review' });
    await mustAct(t.clerk, c.caseNo, { action: 'reply', text: `第${level}级意见` });
  }
  await on('2026-05-08'); // the window from 04-01: 05-01 is a holiday, so 05-06; passed
  await runClockJob(env.deps);
  const d = await detail(c.caseNo);
  assert.equal(d.petition.status, 'closed');
  assert.match(d.events.at(-1)!.text!, /复核意见已送达.*不再受理/);
});

test('closing (art. 35): not while the review window is open, unless the citizen waived review (how it was given is recorded)', async () => {
  const c = await replied('2026-04-01');
  await on('2026-04-02');
  const msg = await expectConflict(act(t.clerk, c.caseNo, { action: 'close' }), 'review_window_open');
  assert.match(msg, /2026年5月6日届满/);
  assert.equal((await act(t.clerk, c.caseNo, { action: 'waive_review', method: 'by_pigeon' })).status, 400);
  const w = await mustAct(t.clerk, c.caseNo, { action: 'waive_review', method: 'writing', note: '信访人提交书面说明' });
  assert.equal(w.events.at(-1)!.text, '信访人已书面表示不申请复查。');
  assert.equal(w.events.at(-1)!.data.method, 'writing');
  await expectConflict(act(t.clerk, c.caseNo, { action: 'waive_review', method: 'phone' }), 'already_waived');
  assert.equal((await mustAct(t.clerk, c.caseNo, { action: 'close' })).petition.status, 'closed');
  // After the window, no waiver is needed.
  const d = await replied('2026-04-01');
  await on('2026-05-07');
  assert.equal((await mustAct(t.clerk, d.caseNo, { action: 'close' })).petition.status, 'closed');
});

test('the review window runs from delivery (art. 35): online, in person, by post (posting + postal days, or the recorded delivery date)', async () => {
  const posted = await replied('2026-04-08', { delivery: 'post', postedOn: '2026-04-08' });
  let d = await detail(posted.caseNo);
  assert.equal(clockOf(d, 'review_window').dueDate, '2026-05-15', 'posted 04-08 + 7 postal days = 04-15, + 30');
  await on('2026-04-13');
  assert.equal((await act(t.clerk, posted.caseNo, { action: 'record_delivery', deliveredOn: '2026-04-14' })).status, 400, 'not after today');
  assert.equal((await act(t.clerk, posted.caseNo, { action: 'record_delivery', deliveredOn: '2026-04-07' })).status, 400, 'not before posting');
  const rec = await mustAct(t.clerk, posted.caseNo, { action: 'record_delivery', deliveredOn: '2026-04-10' });
  assert.equal(clockOf(rec, 'review_window').dueDate, '2026-05-11');
  assert.match((await track(posted.queryCode)).events.at(-1).text, /答复已于2026年4月10日送达.*至2026年5月11日.*申请复查/);

  const inPerson = await replied('2026-04-10', { delivery: 'in_person' });
  assert.equal(clockOf(await detail(inPerson.caseNo), 'review_window').dueDate, '2026-05-11');
  await expectConflict(act(t.clerk, inPerson.caseNo, { action: 'record_delivery', deliveredOn: '2026-04-10' }), 'not_posted');

  const c = await accepted('2026-03-02');
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'self' });
  const noDate = await act(t.clerk, c.caseNo, { action: 'reply', text: '答复', delivery: 'post' });
  assert.equal(noDate.status, 400);
  assert.ok(noDate.body.error.fields.postedOn);
});

test('litigation matters (arts. 28, 31): not accepted; declined with guidance that names the route and its time limit', async () => {
  await on('2026-04-01');
  const c = await fileOnline(env);
  const r = await act(t.clerk, c.caseNo, { action: 'accept', scope: 'legal_route' });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'legal_route_must_decline');
  assert.ok(r.body.error.fields.scope);
  for (const [guidance, says] of [['请向法院起诉。', /时限/], ['请在六个月内办理。', /途径/], ['。', /途径.*时限/]] as const) {
    const bad = await act(t.clerk, c.caseNo, { action: 'decline', reasonCode: 'legal_route', guidance });
    assert.equal(bad.status, 400, guidance);
    assert.match(bad.body.error.fields.guidance, says, guidance);
  }
  const ok = await mustAct(t.clerk, c.caseNo, { action: 'decline', reasonCode: 'legal_route', guidance: '请自收到本告知之日起六十日内向市人民政府申请行政复议，或者六个月内向人民法院提起行政诉讼。' });
  assert.equal(ok.petition.status, 'declined');
});

test('clock settings within the law: shorten only, in the law\'s unit; the citizen\'s window fixed; 400 naming the bound', async () => {
  const put = (body: unknown) => t.admin.call('PUT', '/api/staff/settings/clocks', body);
  const longer = await put({ handle: { days: 61, unit: 'calendar' } });
  assert.equal(longer.status, 400);
  assert.match(longer.body.error.fields.handle, /不能超过法定的 60 日/);
  const unit = await put({ object: { days: 5, unit: 'calendar' } });
  assert.equal(unit.status, 400);
  assert.match(unit.body.error.fields.object, /个工作日/);
  const citizen = await put({ review_window: { days: 20, unit: 'calendar' } });
  assert.equal(citizen.status, 400);
  assert.match(citizen.body.error.fields.review_window, /不能修改/);
  assert.equal((await put({ review_window: { days: 31, unit: 'calendar' } })).status, 400);
  const stricter = await put({ route: { days: 10, unit: 'calendar' }, handle: { days: 45, unit: 'calendar' } });
  assert.equal(stricter.status, 200, JSON.stringify(stricter.body));
  assert.deepEqual([stricter.body.route.days, stricter.body.route.max, stricter.body.review_window.fixed], [10, 15, true]);
  await put({ route: { days: 15, unit: 'calendar' }, handle: { days: 60, unit: 'calendar' } });
});

test('a received date in the future is refused at registration', async () => {
  await on('2026-04-01');
  const r = await t.clerk.call('POST', '/api/staff/petitions', {
    channel: 'visit', purpose: 'demand', categoryCode: 'labor.wages', title: '来访', content: '来访反映。', petitioner: { name: '李四', phone: '13900000000' },
    receivedAt: '2026-04-02T02:00:00Z',
  });
  assert.equal(r.status, 400);
  assert.match(r.body.error.fields.receivedAt, /不能晚于现在/);
});

test('rating: once per reply (a review decision is a new reply), and not once the case has been closed past the rating period', async () => {
  const c = await replied('2026-04-01');
  const rate = (score = 'satisfied') => env.call('POST', '/api/public/track/rating', { queryCode: c.queryCode, score });
  assert.equal((await rate('dissatisfied')).status, 201);
  assert.equal((await rate()).status, 409);
  assert.equal((await track(c.queryCode)).canRate, false);
  await on('2026-04-05');
  await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: '不满意' });
  await mustAct(t.clerk, c.caseNo, { action: 'accept_review' });
  await mustAct(t.clerk, c.caseNo, { action: 'reply', text: '复查意见' });
  assert.equal((await track(c.queryCode)).canRate, true, 'the review decision may be rated');
  assert.equal((await rate('basically_satisfied')).status, 201);
  assert.equal((await detail(c.caseNo)).petition.rating, 'basically_satisfied');

  const old = await replied('2026-04-01');
  await mustAct(t.clerk, old.caseNo, { action: 'waive_review', method: 'in_person' });
  await mustAct(t.clerk, old.caseNo, { action: 'close' }); // closed 2026-04-01
  await on('2026-06-30'); // 90 days
  assert.equal((await track(old.queryCode)).canRate, true);
  await on('2026-07-01');
  assert.equal((await track(old.queryCode)).canRate, false);
  const late = await env.call('POST', '/api/public/track/rating', { queryCode: old.queryCode, score: 'satisfied' });
  assert.equal(late.status, 409);
  assert.equal(late.body.error.code, 'rating_period_over');
});
