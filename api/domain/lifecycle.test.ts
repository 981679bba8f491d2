// Walks every (status × action × role) cell of the lifecycle table against an expectation typed out
// again here from DESIGN §3–4, so a slip in the table cannot also be a slip in its test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, ROLES, STATUSES, type Action, type Role, type Status } from '../contract/enums.ts';
import { ACTION_RULES, allowedActions, decide, roleMay, type ActionParams } from './lifecycle.ts';

// action | states it may be taken in | roles. One line per (states, roles) block; a role that
// appears on two lines of the same action may act in the union of their states.
const ALLOWED = `
accept          | registered                                                   | clerk leader
decline         | registered                                                   | clerk leader
merge           | registered accepted                                          | clerk leader
route           | accepted                                                     | clerk leader
object          | forwarded assigned                                           | agency
feedback        | assigned                                                     | agency
return          | feedback_received                                            | clerk leader
reply           | handling forwarded feedback_received reviewing               | clerk leader
reply           | forwarded                                                    | agency
extend          | handling forwarded assigned feedback_received reviewing      | leader
supervise       | accepted handling forwarded assigned feedback_received       | clerk leader
remind          | handling forwarded assigned feedback_received                | clerk leader
instruct        | registered accepted handling forwarded assigned feedback_received replied review_requested reviewing | leader
own             | registered accepted handling forwarded assigned feedback_received replied review_requested reviewing | leader
note            | registered accepted declined merged handling forwarded assigned feedback_received replied review_requested reviewing closed | clerk leader agency
follow_up       | replied closed                                               | clerk leader
accept_review   | review_requested                                             | clerk leader
decline_review  | review_requested                                             | clerk leader
close           | replied                                                      | clerk leader
reveal_identity | registered accepted declined merged handling forwarded assigned feedback_received replied review_requested reviewing closed | clerk leader agency
acknowledge     | forwarded assigned                                           | agency
approve_objection | forwarded assigned                                         | clerk leader
reject_objection | forwarded assigned                                          | clerk leader
waive_review    | replied                                                      | clerk leader
forward_review  | review_requested                                             | clerk leader
record_delivery | replied                                                      | clerk leader
`;

const allowed = new Set<string>();
const everAllowed = new Set<string>();
for (const line of ALLOWED.trim().split('\n')) {
  const [action = '', states = '', roles = ''] = line.split('|').map((part) => part.trim());
  for (const role of roles.split(/\s+/)) {
    everAllowed.add(`${action}/${role}`);
    for (const state of states.split(/\s+/)) allowed.add(`${state}/${action}/${role}`);
  }
}

// What each allowed action leads to, its visibility and its clocks, as "next public|internal +start -stop".
const ROUTE_EFFECTS: Record<string, string> = {
  self: 'handling public -route',
  forward: 'forwarded public -route +ack +object',
  assign: 'assigned public -route +ack +object +feedback',
};
const EFFECTS: Record<Exclude<Action, 'route'>, string> = {
  accept: 'accepted public -accept +handle +route',
  decline: 'declined public -accept',
  merge: 'merged public -accept -route -ack -object -handle -feedback -review_window -review',
  object: 'same internal -object',
  feedback: 'feedback_received internal -ack -object -feedback',
  return: 'assigned internal +feedback',
  reply: 'replied public -handle -ack -object -review +review_window',
  extend: 'same public',
  supervise: 'same internal',
  remind: 'same internal',
  instruct: 'same internal',
  own: 'same internal',
  note: 'same internal',
  follow_up: 'same internal',
  accept_review: 'reviewing public -review_window',
  decline_review: 'closed public -review_window -review',
  close: 'closed public -review_window',
  reveal_identity: 'same internal',
  acknowledge: 'same public -ack',
  approve_objection: 'accepted internal -ack -object -feedback +route',
  reject_objection: 'same internal',
  waive_review: 'same public',
  forward_review: 'reviewing public -review_window +review',
  record_delivery: 'same public +review_window',
};

function outcome(state: Status, action: Action, role: Role, params: ActionParams): string {
  const d = decide(state, action, role, params);
  if (!d.ok) return `refused:${d.reason}`;
  const next = d.next === state ? 'same' : d.next;
  assert.equal(d.changed, next !== 'same');
  const start = [...d.clocksStart].sort().map((c) => `+${c}`);
  const stop = [...d.clocksStop].sort().map((c) => `-${c}`);
  return [next, d.visibility, ...stop, ...start].join(' ');
}

function normalise(effect: string): string {
  const [next = '', visibility = '', ...clocks] = effect.split(' ');
  const stop = clocks.filter((c) => c.startsWith('-')).sort();
  const start = clocks.filter((c) => c.startsWith('+')).sort();
  return [next, visibility, ...stop, ...start].join(' ');
}

test('the expectation covers every action and every role appears somewhere', () => {
  const actions = new Set([...everAllowed].map((k) => k.split('/')[0]));
  assert.deepEqual([...actions].sort(), [...ACTIONS].sort());
  for (const key of allowed) assert.ok(STATUSES.includes(key.split('/')[0] as Status), key);
});

test('every (status × action × role) cell matches the expectation', () => {
  let cells = 0;
  let oks = 0;
  for (const state of STATUSES) {
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const modes = action === 'route' ? (['self', 'forward', 'assign'] as const) : ([undefined] as const);
        for (const mode of modes) {
          cells++;
          const params: ActionParams = mode ? { mode, agencyId: 'a1' } : {};
          const got = outcome(state, action, role, params);
          const where = `${state} × ${action}${mode ? `(${mode})` : ''} × ${role}`;
          if (allowed.has(`${state}/${action}/${role}`)) {
            oks++;
            const want = action === 'route' ? ROUTE_EFFECTS[mode ?? ''] : EFFECTS[action as Exclude<Action, 'route'>];
            assert.equal(got, normalise(want ?? ''), where);
          } else {
            assert.equal(got, everAllowed.has(`${action}/${role}`) ? 'refused:state' : 'refused:role', where);
          }
        }
      }
    }
  }
  // 12 statuses × (25 actions + route's 2 further modes) × 5 roles.
  assert.equal(cells, 12 * 27 * 5);
  assert.ok(oks > 150, `only ${oks} allowed cells`);
});

test('the role is judged before the state: 403 beats 409', () => {
  assert.deepEqual(decide('closed', 'accept', 'agency'), { ok: false, reason: 'role' });
  assert.deepEqual(decide('closed', 'accept', 'clerk'), { ok: false, reason: 'state' });
  assert.deepEqual(decide('registered', 'extend', 'clerk'), { ok: false, reason: 'role' });
  // An agency may reply, but only to a case forwarded to it: elsewhere that is the state's fault.
  assert.deepEqual(decide('handling', 'reply', 'agency'), { ok: false, reason: 'state' });
  assert.equal(decide('forwarded', 'reply', 'agency').ok, true);
});

test('editors and admins may do nothing to a case (an admin reads no case, so reveals none)', () => {
  for (const state of STATUSES) {
    assert.deepEqual(allowedActions(state, 'editor'), [], state);
    assert.deepEqual(allowedActions(state, 'admin'), [], state);
  }
  for (const action of ACTIONS) {
    assert.equal(roleMay('editor', action), false, action);
    assert.equal(roleMay('admin', action), false, action);
  }
});

test('allowedActions for the console, cell by cell', () => {
  assert.deepEqual(allowedActions('registered', 'clerk'), ['accept', 'decline', 'merge', 'note', 'reveal_identity']);
  assert.deepEqual(allowedActions('registered', 'leader'), ['accept', 'decline', 'merge', 'instruct', 'own', 'note', 'reveal_identity']);
  assert.deepEqual(allowedActions('accepted', 'clerk'), ['merge', 'route', 'supervise', 'note', 'reveal_identity']);
  assert.deepEqual(allowedActions('handling', 'leader'), ['reply', 'extend', 'supervise', 'remind', 'instruct', 'own', 'note', 'reveal_identity']);
  assert.deepEqual(allowedActions('assigned', 'agency'), ['object', 'feedback', 'note', 'reveal_identity', 'acknowledge']);
  assert.deepEqual(allowedActions('forwarded', 'agency'), ['object', 'reply', 'note', 'reveal_identity', 'acknowledge']);
  assert.deepEqual(allowedActions('assigned', 'clerk'), ['supervise', 'remind', 'note', 'reveal_identity', 'approve_objection', 'reject_objection']);
  assert.deepEqual(allowedActions('feedback_received', 'clerk'), ['return', 'reply', 'supervise', 'remind', 'note', 'reveal_identity']);
  assert.deepEqual(allowedActions('replied', 'clerk'), ['note', 'follow_up', 'close', 'reveal_identity', 'waive_review', 'record_delivery']);
  assert.deepEqual(allowedActions('review_requested', 'leader'), ['instruct', 'own', 'note', 'accept_review', 'decline_review', 'reveal_identity', 'forward_review']);
  assert.deepEqual(allowedActions('reviewing', 'clerk'), ['reply', 'note', 'reveal_identity']);
  assert.deepEqual(allowedActions('reviewing', 'leader'), ['reply', 'extend', 'instruct', 'own', 'note', 'reveal_identity']);
  assert.deepEqual(allowedActions('closed', 'leader'), ['note', 'follow_up', 'reveal_identity']);
  assert.deepEqual(allowedActions('declined', 'clerk'), ['note', 'reveal_identity']);
  assert.deepEqual(allowedActions('merged', 'agency'), ['note', 'reveal_identity']);
});

test('allowedActions agrees with decide on every cell', () => {
  for (const state of STATUSES) {
    for (const role of ROLES) {
      const viaDecide = ACTIONS.filter((a) => decide(state, a, role, { mode: 'self' }).ok);
      assert.deepEqual(allowedActions(state, role), viaDecide, `${state} × ${role}`);
    }
  }
});

test('route needs a valid mode, but a refusal never looks at it', () => {
  assert.throws(() => decide('accepted', 'route', 'clerk'), TypeError);
  assert.throws(() => decide('accepted', 'route', 'clerk', { mode: 'delegate' }), TypeError);
  assert.deepEqual(decide('handling', 'route', 'clerk'), { ok: false, reason: 'state' });
  assert.deepEqual(decide('accepted', 'route', 'agency'), { ok: false, reason: 'role' });
});

test('a decision is a copy: changing it cannot change the table', () => {
  const d = decide('registered', 'accept', 'clerk');
  assert.ok(d.ok);
  d.clocksStart.push('review');
  const again = decide('registered', 'accept', 'clerk');
  assert.ok(again.ok);
  assert.deepEqual(again.clocksStart, ['handle', 'route']);
});

test('the table is well formed', () => {
  for (const action of ACTIONS) {
    const rule = ACTION_RULES[action];
    assert.equal(new Set(rule.from).size, rule.from.length, `${action}: repeated state`);
    for (const [role, states] of Object.entries(rule.roleFrom ?? {})) {
      assert.ok(rule.roles.includes(role as Role), `${action}: roleFrom for a role not in roles`);
      for (const s of states ?? []) assert.ok(rule.from.includes(s), `${action}: roleFrom ${s} outside from`);
    }
    if (typeof rule.clocks === 'object') {
      const start = rule.clocks.start ?? [];
      for (const c of rule.clocks.stop ?? []) assert.ok(!start.includes(c), `${action} starts and stops ${c}`);
    }
  }
});
