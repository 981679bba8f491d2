// Walks every cell of the lifecycle table (api/domain/lifecycle.ts) through
// POST /api/staff/petitions/{caseNo}/actions: for every state, action and role, the allowed cells
// answer 200 with the table's next state and event visibility, a role that may never act gets
// 403, a state that does not allow it 409, and an agency officer on a case not routed to their
// agency 404. Then the rules the verbs check beyond the table.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ACTIONS, ROLES, STATUSES, type Action, type Role, type Status } from '../contract/enums.ts';
import { ACTION_RULES, decide, roleMay } from '../domain/lifecycle.ts';
import type { TestEnv } from './harness.ts';
import { reach, ROUTED_TO_AGENCY, type Case } from './case-flow.ts';
import { act, fileOnline, mustAct, paramsFor, staffEnv, team, type Agent, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  t = await team(env);
});
after(() => env.close());

const agentFor = (role: Role): Agent => ({ admin: t.admin, clerk: t.clerk, leader: t.leader, agency: t.agency, editor: t.editor })[role];

/** A fresh case in `state` on which `action` can succeed: the verbs' own conditions met (a
 *  pending objection to decide, a posted reply to record, a waiver before closing, a review of a
 *  case an agency handled to forward). */
async function freshFor(state: Status, action: Action): Promise<Case> {
  if (action === 'forward_review') {
    const c = await reach(env, t, 'forwarded');
    await mustAct(t.agency, c.caseNo, { action: 'reply', text: '经核查，答复如下。' });
    const r = await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: '对答复不服' });
    assert.equal(r.status, 201);
    return c;
  }
  if (action === 'record_delivery') {
    const c = await reach(env, t, 'handling');
    await mustAct(t.clerk, c.caseNo, { action: 'reply', text: '经核查，答复如下。', delivery: 'post', postedOn: paramsFor('record_delivery', t).deliveredOn });
    return c;
  }
  const c = await reach(env, t, state);
  if (action === 'approve_objection' || action === 'reject_objection') await mustAct(t.agency, c.caseNo, { action: 'object', reason: '不属于本单位职责' });
  if (action === 'close') await mustAct(t.clerk, c.caseNo, { action: 'waive_review', method: 'in_person' });
  return c;
}

test('every cell of the transition table, through HTTP', async () => {
  let allowed = 0;
  let refused = 0;
  for (const state of STATUSES) {
    const fixture = await reach(env, t, state);
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const params = paramsFor(action, t);
        const where = `${state} × ${action} × ${role}`;
        if (!roleMay(role, action)) {
          const r = await act(agentFor(role), fixture.caseNo, params);
          assert.equal(r.status, 403, where);
          refused++;
          continue;
        }
        if (role === 'agency' && !ROUTED_TO_AGENCY.includes(state)) {
          const r = await act(t.agency, fixture.caseNo, params);
          assert.equal(r.status, 404, where);
          refused++;
          continue;
        }
        const d = decide(state, action, role, params);
        if (!d.ok) {
          const r = await act(agentFor(role), fixture.caseNo, params);
          assert.equal(r.status, 409, `${where}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.error.code, 'not_allowed_in_state');
          refused++;
          continue;
        }
        const fresh: Case = await freshFor(state, action);
        if (action === 'merge') params.intoCaseNo = (await fileOnline(env)).caseNo;
        const r = await act(agentFor(role), fresh.caseNo, params);
        assert.equal(r.status, 200, `${where}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.petition.status, d.next, where);
        const last = r.body.events.at(-1);
        assert.equal(last.type, action, where);
        assert.equal(last.visibility, ACTION_RULES[action].visibility, where);
        allowed++;
      }
    }
  }
  assert.ok(allowed > 50 && refused > 500, `allowed ${allowed}, refused ${refused}`);
});

test('the console is offered exactly the actions the table allows this role now', async () => {
  const c = await reach(env, t, 'assigned');
  const asAgency = await t.agency.call('GET', `/api/staff/petitions/${c.caseNo}`);
  assert.deepEqual(asAgency.body.allowedActions, ['object', 'feedback', 'note', 'reveal_identity', 'acknowledge']);
  const asLeader = await t.leader.call('GET', `/api/staff/petitions/${c.caseNo}`);
  assert.deepEqual(asLeader.body.allowedActions, ['extend', 'supervise', 'remind', 'instruct', 'own', 'note', 'reveal_identity']);
});

test('decline, route, extension, reply and closure reach the citizen; internal steps do not', async () => {
  const declined = await reach(env, t, 'declined');
  const d = await env.call('POST', '/api/public/track', { queryCode: declined.queryCode });
  assert.match(d.body.events.at(-1).text, /应当通过诉讼、仲裁、行政复议等法定途径解决.*请依法向人民法院起诉，诉讼时效为三年/);

  const c = await reach(env, t, 'accepted');
  await mustAct(t.leader, c.caseNo, { action: 'instruct', text: '秘密批示内容' });
  await mustAct(t.clerk, c.caseNo, { action: 'note', text: '内部备注内容' });
  const agencyName = (await t.admin.call('GET', '/api/staff/agencies')).body.items.find((a: { id: string }) => a.id === t.agencyId).name;
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'forward', agencyId: t.agencyId });
  const ext = await mustAct(t.leader, c.caseNo, { action: 'extend', days: 10, reason: '需要现场核查' });
  await mustAct(t.agency, c.caseNo, { action: 'reply', text: '答复正文' });
  const track = await env.call('POST', '/api/public/track', { queryCode: c.queryCode });
  const texts = track.body.events.map((e: { text?: string }) => e.text ?? '').join('\n');
  assert.match(texts, new RegExp(`已转送${agencyName}办理`));
  const toDate = ext.events.at(-1).data.toDate as string;
  const [y, m, day] = toDate.split('-').map(Number);
  assert.match(texts, new RegExp(`延长 10 日，至${y}年${m}月${day}日。延期理由：需要现场核查`));
  assert.match(texts, /答复正文/);
  assert.doesNotMatch(texts, /秘密批示|内部备注/);
  assert.equal(track.body.reply.text, '答复正文');
});

test('extension: once, at most 30 days, and it moves the handle due date', async () => {
  const c = await reach(env, t, 'handling');
  const before = (await t.leader.call('GET', `/api/staff/petitions/${c.caseNo}`)).body.clocks.find((k: { clock: string }) => k.clock === 'handle');
  assert.equal((await act(t.leader, c.caseNo, { action: 'extend', days: 31, reason: 'x' })).status, 400);
  const r = await mustAct(t.leader, c.caseNo, { action: 'extend', days: 30, reason: '案情复杂' });
  const handle = r.clocks.find((k: { clock: string }) => k.clock === 'handle');
  assert.ok(handle.dueDate > before.dueDate);
  assert.equal(r.petition.extendedDays, 30);
  const again = await act(t.leader, c.caseNo, { action: 'extend', days: 5, reason: '再次' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'already_extended');
});

test('merge needs an existing, different, open case', async () => {
  const c = await fileOnline(env);
  assert.equal((await act(t.clerk, c.caseNo, { action: 'merge', intoCaseNo: c.caseNo })).status, 400);
  assert.equal((await act(t.clerk, c.caseNo, { action: 'merge', intoCaseNo: '2026-999999' })).status, 400);
  const closed = await reach(env, t, 'declined');
  const r = await act(t.clerk, c.caseNo, { action: 'merge', intoCaseNo: closed.caseNo });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'merge_target_closed');
});

test('routing needs an active agency; assign takes the handle due date unless given one', async () => {
  const c = await reach(env, t, 'accepted');
  assert.equal((await act(t.clerk, c.caseNo, { action: 'route', mode: 'forward' })).status, 400);
  const gone = (await t.admin.call('POST', '/api/staff/agencies', { name: '已撤销单位', kind: 'government' })).body.id;
  await t.admin.call('PATCH', `/api/staff/agencies/${gone}`, { active: false });
  assert.equal((await act(t.clerk, c.caseNo, { action: 'route', mode: 'assign', agencyId: gone })).status, 400);
  const r = await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  const due = (name: string) => r.clocks.find((k: { clock: string }) => k.clock === name).dueDate;
  assert.equal(due('feedback'), due('handle'));
  assert.equal(r.petition.agencyId, t.agencyId);
  assert.equal(r.petition.routeMode, 'assign');

  const c2 = await reach(env, t, 'accepted');
  const r2 = await mustAct(t.clerk, c2.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId, dueAt: '2099-01-05T03:00:00Z' });
  assert.equal(r2.clocks.find((k: { clock: string }) => k.clock === 'feedback').dueDate, '2099-01-05');
});

test('review levels: accept_review counts the level, the reply answers it, and after level 2 no more', async () => {
  const c = await reach(env, t, 'reviewing');
  let d = (await t.clerk.call('GET', `/api/staff/petitions/${c.caseNo}`)).body;
  assert.equal(d.petition.reviewLevel, 1);
  d = await mustAct(t.clerk, c.caseNo, { action: 'reply', text: '复查意见' });
  assert.equal(d.events.at(-1).data.level, 1);
  assert.ok(d.petition.repliedAt);
  assert.equal((await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: '仍不服' })).status, 201);
  d = await mustAct(t.clerk, c.caseNo, { action: 'accept_review' });
  assert.equal(d.petition.reviewLevel, 2);
  d = await mustAct(t.clerk, c.caseNo, { action: 'reply', text: '复核意见' });
  const third = await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: '还是不服' });
  assert.equal(third.status, 409);
  assert.equal(third.body.error.code, 'review_final');
});

test('own makes the leader the owner; an agency never reaches another agency\'s case', async () => {
  const c = await reach(env, t, 'assigned');
  const d = await mustAct(t.leader, c.caseNo, { action: 'own' });
  assert.equal(d.petition.ownerLeaderId, t.leader.user.id);
  const owned = await t.leader.call('GET', '/api/staff/petitions?ownedByMe=1');
  assert.ok(owned.body.items.some((i: { caseNo: string }) => i.caseNo === c.caseNo));
  const notOwned = await t.clerk.call('GET', '/api/staff/petitions?ownedByMe=1');
  assert.deepEqual(notOwned.body.items, []);
  assert.equal((await t.otherAgency.call('GET', `/api/staff/petitions/${c.caseNo}`)).status, 404);
  assert.equal((await act(t.otherAgency, c.caseNo, { action: 'note', text: 'x' })).status, 404);
  assert.equal((await act(t.otherAgency, c.caseNo, { action: 'object', reason: 'x' })).status, 404);
});

test('an objection the office agrees to sends the case back to be routed again; the new agency then answers', async () => {
  const c = await reach(env, t, 'assigned');
  const pending = await mustAct(t.agency, c.caseNo, { action: 'object', reason: '应由其他部门办理' });
  assert.equal(pending.petition.status, 'assigned', 'an objection waits for the office');
  assert.equal(pending.petition.objectionPending, true);
  const d = await mustAct(t.clerk, c.caseNo, { action: 'approve_objection' });
  assert.equal(d.petition.status, 'accepted');
  assert.ok(d.clocks.filter((k: { clock: string }) => ['ack', 'object', 'feedback'].includes(k.clock)).every((k: { stopped: boolean }) => k.stopped));
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'assign', agencyId: t.otherAgencyId });
  assert.equal((await t.agency.call('GET', `/api/staff/petitions/${c.caseNo}`)).status, 404);
  const fb = await mustAct(t.otherAgency, c.caseNo, { action: 'feedback', text: '已办结' });
  assert.equal(fb.petition.status, 'feedback_received');
  const ret = await mustAct(t.clerk, c.caseNo, { action: 'return', reason: '请补充', dueAt: '2099-02-01T00:00:00Z' });
  assert.equal(ret.petition.status, 'assigned');
  assert.equal(ret.clocks.find((k: { clock: string }) => k.clock === 'feedback').dueDate, '2099-02-01');
});

test('bad action bodies answer 400 with fields', async () => {
  const c = await fileOnline(env);
  const r = await act(t.clerk, c.caseNo, { action: 'accept' });
  assert.equal(r.status, 400);
  assert.ok(r.body.error.fields.scope);
  assert.equal((await act(t.clerk, c.caseNo, { action: 'fly' })).status, 400);
  assert.equal((await act(t.clerk, '2026-999999', { action: 'note', text: 'x' })).status, 404);
});
