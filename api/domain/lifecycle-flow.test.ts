// Tests of the lifecycle as a whole: the citizen's and the clock job's steps, reachability of every
// status, and that the clocks the table starts are always stopped again by the time a case closes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIONS,
  CLOCK_NAMES,
  CLOSED_STATUSES,
  ROLES,
  ROUTE_MODES,
  STATUSES,
  SYSTEM_EVENT_TYPES,
  type ClockName,
  type Status,
} from '../contract/enums.ts';
import {
  CLOCK_DEFAULTS,
  CLOCK_LABELS,
  CLOCK_ON_EXPIRY,
  CLOCK_REMINDERS,
  STEP_RULES,
  STEPS,
  decide,
  decideStep,
  isClosed,
  type Decision,
  type Refusal,
  type Step,
} from './lifecycle.ts';

// step | states it may be taken in | effect ("next public|internal +start -stop")
const STEP_EXPECTATIONS = `
request_review | replied                                                        | review_requested public -review_window +review
supplement     | registered accepted handling forwarded assigned feedback_received replied review_requested reviewing | same public
rate           | replied review_requested reviewing closed                      | same public
auto_close     | replied                                                        | closed public -review_window
`;

test('every citizen and system step in every status', () => {
  const expected = new Map<string, string>();
  for (const line of STEP_EXPECTATIONS.trim().split('\n')) {
    const [step = '', states = '', effect = ''] = line.split('|').map((p) => p.trim());
    for (const s of states.split(/\s+/)) expected.set(`${s}/${step}`, effect);
  }
  assert.deepEqual([...STEPS].sort(), ['auto_close', 'rate', 'request_review', 'supplement']);
  for (const state of STATUSES) {
    for (const step of STEPS) {
      const d = decideStep(state, step);
      const want = expected.get(`${state}/${step}`);
      if (want === undefined) {
        assert.deepEqual(d, { ok: false, reason: 'state' }, `${state} × ${step}`);
        continue;
      }
      assert.ok(d.ok, `${state} × ${step}`);
      const clocks = [...d.clocksStop.map((c) => `-${c}`), ...d.clocksStart.map((c) => `+${c}`)];
      assert.equal([d.next === state ? 'same' : d.next, d.visibility, ...clocks].join(' '), want, `${state} × ${step}`);
    }
  }
});

test('steps are event types; the citizen steps are the citizen\'s, auto_close the system\'s', () => {
  for (const step of STEPS) assert.ok((SYSTEM_EVENT_TYPES as readonly string[]).includes(step), step);
  assert.deepEqual(
    STEPS.filter((s) => STEP_RULES[s].actor === 'system'),
    ['auto_close'],
  );
});

// Every move the table allows, by anyone, from a state: staff actions (route in each mode) and steps.
function moves(state: Status): { name: string; d: Decision }[] {
  const out: { name: string; d: Decision }[] = [];
  for (const action of ACTIONS) {
    const paramSets = action === 'route' ? ROUTE_MODES.map((mode) => ({ mode })) : [{}];
    for (const params of paramSets) {
      for (const role of ROLES) {
        const d = decide(state, action, role, params);
        if (d.ok) {
          out.push({ name: action, d });
          break;
        }
      }
    }
  }
  for (const step of STEPS as readonly Step[]) {
    const d = decideStep(state, step);
    if (d.ok) out.push({ name: step, d });
  }
  return out;
}

function reachable(from: Status, skip: (next: Status) => boolean = () => false): Set<Status> {
  const seen = new Set<Status>([from]);
  const queue: Status[] = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const { d } of moves(s)) {
      if (skip(d.next) || seen.has(d.next)) continue;
      seen.add(d.next);
      queue.push(d.next);
    }
  }
  return seen;
}

test('every status is reachable from registered', () => {
  assert.deepEqual([...reachable('registered')].sort(), [...STATUSES].sort());
});

test('a rating is only possible once a reply exists', () => {
  const beforeReply = reachable('registered', (next) => next === 'replied');
  for (const s of beforeReply) assert.equal(decideStep(s, 'rate').ok, false, s);
});

test('closed states have no way out', () => {
  for (const s of CLOSED_STATUSES) {
    assert.ok(isClosed(s));
    for (const { name, d } of moves(s)) assert.equal(d.changed, false, `${s} --${name}--> ${d.next}`);
  }
  assert.equal(isClosed('replied'), false);
});

test('the happy paths read as DESIGN §3 tells them', () => {
  const walk = (steps: [string, Record<string, unknown>?][]): Status[] => {
    let s: Status = 'registered';
    const trail: Status[] = [s];
    for (const [name, params] of steps) {
      const d: Decision | Refusal = (STEPS as readonly string[]).includes(name)
        ? decideStep(s, name as Step)
        : decide(s, name as (typeof ACTIONS)[number], ['object', 'feedback', 'acknowledge'].includes(name) ? 'agency' : 'leader', params);
      assert.ok(d.ok, `${s} --${name}-->`);
      s = d.next;
      trail.push(s);
    }
    return trail;
  };
  assert.deepEqual(
    walk([
      ['accept'], ['route', { mode: 'assign' }], ['object'], ['approve_objection'], ['route', { mode: 'assign' }], ['acknowledge'], ['object'], ['reject_objection'],
      ['feedback'], ['return'], ['feedback'], ['reply'], ['request_review'], ['forward_review'], ['extend'], ['reply'], ['auto_close'],
    ]),
    [
      'registered', 'accepted', 'assigned', 'assigned', 'accepted', 'assigned', 'assigned', 'assigned', 'assigned',
      'feedback_received', 'assigned', 'feedback_received', 'replied', 'review_requested', 'reviewing', 'reviewing', 'replied', 'closed',
    ],
  );
  assert.deepEqual(walk([['accept'], ['route', { mode: 'self' }], ['reply'], ['waive_review'], ['close']]), ['registered', 'accepted', 'handling', 'replied', 'replied', 'closed']);
  assert.deepEqual(walk([['accept'], ['route', { mode: 'self' }], ['reply'], ['record_delivery'], ['request_review'], ['accept_review'], ['reply'], ['close']]), [
    'registered', 'accepted', 'handling', 'replied', 'replied', 'review_requested', 'reviewing', 'replied', 'closed',
  ]);
  assert.deepEqual(walk([['accept'], ['route', { mode: 'forward' }], ['reply'], ['request_review'], ['decline_review']]), [
    'registered', 'accepted', 'forwarded', 'replied', 'review_requested', 'closed',
  ]);
});

// Explores (status, running clocks) over every move, starting as registration leaves a case.
test('clocks: nothing runs in a closed case, only the review window after a reply', () => {
  type Reached = { status: Status; running: Set<ClockName> };
  const start: Reached = { status: 'registered', running: new Set(['accept']) };
  const key = (x: Reached) => `${x.status}:${[...x.running].sort().join(',')}`;
  const seen = new Map([[key(start), start]]);
  const queue: Reached[] = [start];
  for (let x = queue.shift(); x !== undefined; x = queue.shift()) {
    for (const { name, d } of moves(x.status)) {
      const running: Set<ClockName> = new Set(x.running);
      for (const c of d.clocksStop) running.delete(c);
      for (const c of d.clocksStart) running.add(c);
      const y: Reached = { status: d.next, running };
      if (isClosed(y.status)) assert.equal(running.size, 0, `${key(x)} --${name}--> ${key(y)}`);
      if (y.status === 'replied') assert.deepEqual([...running], ['review_window'], `${key(x)} --${name}-->`);
      if (y.status === 'reviewing') assert.deepEqual([...running], ['review'], `${key(x)} --${name}-->`);
      if (!seen.has(key(y))) {
        seen.set(key(y), y);
        queue.push(y);
      }
    }
  }
  // The agency's right to object runs only while a case sits with the agency it was sent to; the
  // routing clock only while the case waits to be routed.
  for (const { status, running } of seen.values()) {
    if (running.has('object')) assert.ok(status === 'assigned' || status === 'forwarded', key({ status, running }));
    if (running.has('route')) assert.equal(status, 'accepted', key({ status, running }));
    if (['handling', 'forwarded', 'assigned', 'feedback_received'].includes(status)) assert.ok(running.has('handle'), status);
  }
  // Every clock is started somewhere (accept by registration) and seen running.
  const everRunning = new Set([...seen.values()].flatMap((x) => [...x.running]));
  assert.deepEqual([...everRunning].sort(), [...CLOCK_NAMES].sort());
});

test('clock defaults, reminders, labels and expiry events', () => {
  assert.deepEqual(CLOCK_DEFAULTS, {
    accept: { days: 15, unit: 'calendar' },
    route: { days: 15, unit: 'calendar' },
    ack: { days: 15, unit: 'calendar' },
    object: { days: 5, unit: 'working' },
    handle: { days: 60, unit: 'calendar' },
    feedback: { days: 60, unit: 'calendar' },
    review_window: { days: 30, unit: 'calendar' },
    review: { days: 30, unit: 'calendar' },
  });
  assert.deepEqual(CLOCK_REMINDERS, { handle: { days: 3, unit: 'working' } });
  for (const c of CLOCK_NAMES) {
    assert.match(CLOCK_LABELS[c], /期限$/, c);
    assert.ok((SYSTEM_EVENT_TYPES as readonly string[]).includes(CLOCK_ON_EXPIRY[c]), c);
  }
  assert.equal(CLOCK_ON_EXPIRY.review_window, 'auto_close');
  assert.equal(CLOCK_ON_EXPIRY.object, 'object_refused');
  assert.equal(STEP_RULES.auto_close.from.includes('replied'), true);
});
