// The petition lifecycle (DESIGN §3, CONVENTIONS 2): one table of (state, action) → next state,
// who may act, whether the citizen sees it and which clocks it starts or stops. Nothing else
// assigns a status; verbs ask `decide` and write what it answers. Pure: imports only vocabulary.

import {
  CLOCK_NAMES,
  CLOSED_STATUSES,
  ACTIONS,
  ROUTE_MODES,
  STATUSES,
  type Action,
  type ClockName,
  type EventType,
  type PeriodUnit,
  type Role,
  type RouteMode,
  type Status,
} from '../contract/enums.ts';

export { CLOCK_NAMES, CLOCK_LABELS } from '../contract/enums.ts';
export type { ClockName } from '../contract/enums.ts';

export type Visibility = 'public' | 'internal';
/** The validated action body; the table reads only what decides the next state (route's mode). */
export type ActionParams = Readonly<Record<string, unknown>>;
export type ClockChange = { readonly start?: readonly ClockName[]; readonly stop?: readonly ClockName[] };

export type ActionRule = {
  readonly from: readonly Status[];
  readonly roles: readonly Role[];
  /** Narrows `from` for a role that may act only in some of those states. */
  readonly roleFrom?: Readonly<Partial<Record<Role, readonly Status[]>>>;
  /** 'same' for overlays that leave the status alone. */
  readonly next: Status | 'same' | ((from: Status, params: ActionParams) => Status);
  readonly visibility: Visibility;
  readonly clocks?: ClockChange | ((params: ActionParams) => ClockChange);
};

// ---- Named groups of states (the e-petitions habit: a predicate reads as a sentence) ----

/** States in which a petition is still open; overlays apply only here. */
export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => !CLOSED_STATUSES.includes(s));
/** States in which someone is working on the substance of the case. */
export const HANDLING_STATUSES: readonly Status[] = ['handling', 'forwarded', 'assigned', 'feedback_received'];
/** States that may be supervised: handling, and accepted cases still waiting to be routed. */
export const SUPERVISABLE_STATUSES: readonly Status[] = ['accepted', ...HANDLING_STATUSES];

export function isClosed(status: Status): boolean {
  return CLOSED_STATUSES.includes(status);
}

const OFFICE: readonly Role[] = ['clerk', 'leader'];

const ROUTE_NEXT: Record<RouteMode, Status> = { self: 'handling', forward: 'forwarded', assign: 'assigned' };
// Routing ends the 15-day routing clock (条例 art. 22). A forwarded or assigned agency owes the
// petitioner an acknowledgement and may object within 5 working days of receipt (art. 23); an
// assigned one also owes the office its report.
const ROUTE_CLOCKS: Record<RouteMode, ClockChange> = {
  self: { stop: ['route'] },
  forward: { stop: ['route'], start: ['ack', 'object'] },
  assign: { stop: ['route'], start: ['ack', 'object', 'feedback'] },
};
/** The states in which a case sits with an agency that received it by forward or assignment. */
const WITH_AGENCY: readonly Status[] = ['forwarded', 'assigned'];

function routeMode(params: ActionParams): RouteMode {
  const mode = params['mode'];
  if (typeof mode === 'string' && (ROUTE_MODES as readonly string[]).includes(mode)) return mode as RouteMode;
  // The contract schema validates the mode before a verb runs, so reaching here is a bug.
  throw new TypeError(`route needs mode ${ROUTE_MODES.join('|')}, got ${String(mode)}`);
}

/** The staff actions of DESIGN §4. */
export const ACTION_RULES: Readonly<Record<Action, ActionRule>> = {
  // Acceptance starts the handling clock and the routing clock; the routing clock counts from
  // receipt (the verb gives its start), so accepting late does not buy routing time.
  accept: { from: ['registered'], roles: OFFICE, next: 'accepted', visibility: 'public', clocks: { stop: ['accept'], start: ['handle', 'route'] } },
  decline: { from: ['registered'], roles: OFFICE, next: 'declined', visibility: 'public', clocks: { stop: ['accept'] } },
  merge: { from: ['registered', 'accepted'], roles: OFFICE, next: 'merged', visibility: 'public', clocks: { stop: CLOCK_NAMES } },
  route: {
    from: ['accepted'],
    roles: OFFICE,
    next: (_from, params) => ROUTE_NEXT[routeMode(params)],
    visibility: 'public',
    clocks: (params) => ROUTE_CLOCKS[routeMode(params)],
  },
  // An objection (退回) waits for the office (条例 art. 23: 经转送、交办的信访部门核实同意后): the
  // case stays where it is until approve_objection sends it back to be routed again. Whether the 5
  // working days have run out, and whether one is already pending, are the verb's checks.
  object: { from: WITH_AGENCY, roles: ['agency'], next: 'same', visibility: 'internal', clocks: { stop: ['object'] } },
  approve_objection: { from: WITH_AGENCY, roles: OFFICE, next: 'accepted', visibility: 'internal', clocks: { stop: ['ack', 'object', 'feedback'], start: ['route'] } },
  reject_objection: { from: WITH_AGENCY, roles: OFFICE, next: 'same', visibility: 'internal' },
  // The agency tells the petitioner it has the case (art. 23 para 3); its handling days may count
  // from here (the verb, by the office's handle-start setting).
  acknowledge: { from: WITH_AGENCY, roles: ['agency'], next: 'same', visibility: 'public', clocks: { stop: ['ack'] } },
  feedback: { from: ['assigned'], roles: ['agency'], next: 'feedback_received', visibility: 'internal', clocks: { stop: ['ack', 'object', 'feedback'] } },
  return: { from: ['feedback_received'], roles: OFFICE, next: 'assigned', visibility: 'internal', clocks: { start: ['feedback'] } },
  reply: {
    from: ['handling', 'forwarded', 'feedback_received', 'reviewing'],
    roles: ['clerk', 'leader', 'agency'],
    // A forwarded case is answered by the agency itself (转送); every other reply is the office's.
    roleFrom: { agency: ['forwarded'] },
    next: 'replied',
    visibility: 'public',
    clocks: { stop: ['handle', 'ack', 'object', 'review'], start: ['review_window'] },
  },
  // The reason is told to the petitioner, hence public; "once, ≤ 30 days, not after expiry" is the
  // verb's check. While reviewing it extends the review decision (Beijing art. 50).
  extend: { from: [...HANDLING_STATUSES, 'reviewing'], roles: ['leader'], next: 'same', visibility: 'public' },
  supervise: { from: SUPERVISABLE_STATUSES, roles: OFFICE, next: 'same', visibility: 'internal' },
  remind: { from: HANDLING_STATUSES, roles: OFFICE, next: 'same', visibility: 'internal' },
  instruct: { from: OPEN_STATUSES, roles: ['leader'], next: 'same', visibility: 'internal' },
  own: { from: OPEN_STATUSES, roles: ['leader'], next: 'same', visibility: 'internal' },
  note: { from: STATUSES, roles: ['clerk', 'leader', 'agency'], next: 'same', visibility: 'internal' },
  follow_up: { from: ['replied', 'closed'], roles: OFFICE, next: 'same', visibility: 'internal' },
  // The review clock already runs from the day the request was received (request_review). A case
  // the office handled itself is reviewed in-house (accept_review); one an agency handled goes to
  // that agency's superior (forward_review), whose own 30 days start on receipt. Which applies is
  // the verb's check (the table does not know the route).
  accept_review: { from: ['review_requested'], roles: OFFICE, next: 'reviewing', visibility: 'public', clocks: { stop: ['review_window'] } },
  forward_review: { from: ['review_requested'], roles: OFFICE, next: 'reviewing', visibility: 'public', clocks: { stop: ['review_window'], start: ['review'] } },
  decline_review: { from: ['review_requested'], roles: OFFICE, next: 'closed', visibility: 'public', clocks: { stop: ['review_window', 'review'] } },
  // Not while the citizen's review window is open, unless they waived review (the verb's check).
  close: { from: ['replied'], roles: OFFICE, next: 'closed', visibility: 'public', clocks: { stop: ['review_window'] } },
  waive_review: { from: ['replied'], roles: OFFICE, next: 'same', visibility: 'public' },
  // A posted reply's delivery date, once known, restarts the review window from it (art. 35).
  record_delivery: { from: ['replied'], roles: OFFICE, next: 'same', visibility: 'public', clocks: { start: ['review_window'] } },
  // Audited, never shown to the citizen; the verb refuses agency users on accusations (DESIGN §5).
  // Only roles that read cases (the admin does not, so may not reveal either).
  reveal_identity: { from: STATUSES, roles: ['clerk', 'leader', 'agency'], next: 'same', visibility: 'internal' },
};

/** Steps that are not staff actions: the citizen's own, and the clock job's. */
export const STEPS = ['request_review', 'supplement', 'rate', 'auto_close'] as const satisfies readonly EventType[];
export type Step = (typeof STEPS)[number];
export type StepRule = Omit<ActionRule, 'roles' | 'roleFrom' | 'next' | 'clocks'> & {
  readonly actor: 'citizen' | 'system';
  readonly next: Status | 'same';
  readonly clocks?: ClockChange;
};

export const STEP_RULES: Readonly<Record<Step, StepRule>> = {
  // Asking in time settles the window, so it stops here rather than expiring into auto_close while
  // the office decides. The 30-day window and review level < 2 are the verb's checks.
  // The decision clock starts on the day the request is received (条例 art. 35), shown at once.
  request_review: { actor: 'citizen', from: ['replied'], next: 'review_requested', visibility: 'public', clocks: { stop: ['review_window'], start: ['review'] } },
  supplement: { actor: 'citizen', from: OPEN_STATUSES, next: 'same', visibility: 'public' },
  // Each of these states lies after a reply (see the reachability test), so a reply exists.
  rate: { actor: 'citizen', from: ['replied', 'review_requested', 'reviewing', 'closed'], next: 'same', visibility: 'public' },
  auto_close: { actor: 'system', from: ['replied'], next: 'closed', visibility: 'public', clocks: { stop: ['review_window'] } },
};

// ---- Clocks (DESIGN §3); every number is a default an admin may change per step ----

export type ClockPeriod = { readonly days: number; readonly unit: PeriodUnit };

/** Counted from the day the clock starts, the start day not counted (see calendar.periodEnd).
 *  `feedback` takes the due date given on assign/return; without one the verb uses the handle
 *  clock's due date, and this entry is only the fallback for a case with no handle clock. */
export const CLOCK_DEFAULTS: Readonly<Record<ClockName, ClockPeriod>> = {
  accept: { days: 15, unit: 'calendar' },
  route: { days: 15, unit: 'calendar' },
  ack: { days: 15, unit: 'calendar' },
  object: { days: 5, unit: 'working' },
  handle: { days: 60, unit: 'calendar' },
  feedback: { days: 60, unit: 'calendar' },
  review_window: { days: 30, unit: 'calendar' },
  review: { days: 30, unit: 'calendar' },
};

/** How long before its due date a clock reminds (only the handle clock does, per §3). */
export const CLOCK_REMINDERS: Readonly<Partial<Record<ClockName, ClockPeriod>>> = {
  handle: { days: 3, unit: 'working' },
};

/** The event the clock job writes when a clock runs out. */
export const CLOCK_ON_EXPIRY: Readonly<Record<ClockName, 'clock_overdue' | 'object_refused' | 'auto_close'>> = {
  accept: 'clock_overdue',
  route: 'clock_overdue',
  ack: 'clock_overdue',
  object: 'object_refused',
  handle: 'clock_overdue',
  feedback: 'clock_overdue',
  review_window: 'auto_close',
  review: 'clock_overdue',
};

/**
 * What the law allows an office to set (issue 13): a statutory period may be shortened (a stricter
 * office) but never lengthened, and keeps the law's unit; the citizen's own window is fixed.
 * Sources: 条例 arts. 22 (accept, route: 15 days), 23 (ack: 15 days; object: 5 working days),
 * 34 (handle: 60 days; feedback within it), 35–36 (review window and decision: 30 days).
 */
export const CLOCK_LAW: Readonly<Record<ClockName, ClockPeriod & { fixed?: true }>> = {
  accept: { days: 15, unit: 'calendar' },
  route: { days: 15, unit: 'calendar' },
  ack: { days: 15, unit: 'calendar' },
  object: { days: 5, unit: 'working' },
  handle: { days: 60, unit: 'calendar' },
  feedback: { days: 60, unit: 'calendar' },
  review_window: { days: 30, unit: 'calendar', fixed: true },
  review: { days: 30, unit: 'calendar' },
};

/** The handle clock may be extended once, by at most this many calendar days. */
export const HANDLE_EXTENSION_MAX_DAYS = 30;
export const HANDLE_EXTENSIONS_MAX = 1;
/** After a level-2 review (复核) the same facts are not accepted again. */
export const REVIEW_LEVEL_MAX = 2;

// ---- Decisions ----

export type Decision = {
  ok: true;
  next: Status;
  /** False for overlays, so a verb can skip the status write. */
  changed: boolean;
  visibility: Visibility;
  clocksStart: ClockName[];
  clocksStop: ClockName[];
};
export type Refusal = { ok: false; reason: 'state' | 'role' };

/** Whether the role may ever take the action (the 403 test, before any state is looked at). */
export function roleMay(role: Role, action: Action): boolean {
  return ACTION_RULES[action].roles.includes(role);
}

function statesFor(rule: ActionRule, role: Role): readonly Status[] {
  return rule.roleFrom?.[role] ?? rule.from;
}

function settle(state: Status, next: Status | 'same', visibility: Visibility, clocks: ClockChange | undefined): Decision {
  const to = next === 'same' ? state : next;
  return {
    ok: true,
    next: to,
    changed: to !== state,
    visibility,
    clocksStart: [...(clocks?.start ?? [])],
    clocksStop: [...(clocks?.stop ?? [])],
  };
}

/**
 * May `role` take `action` on a petition in `state`, and what follows? The role is judged first
 * and regardless of state (reason 'role' → 403), then the state (reason 'state' → 409).
 * Throws only on a route without a valid mode, which the contract schema already refuses.
 */
export function decide(state: Status, action: Action, role: Role, params: ActionParams = {}): Decision | Refusal {
  const rule = ACTION_RULES[action];
  if (rule === undefined) throw new RangeError(`unknown action: ${String(action)}`);
  if (!rule.roles.includes(role)) return { ok: false, reason: 'role' };
  if (!statesFor(rule, role).includes(state)) return { ok: false, reason: 'state' };
  const next = typeof rule.next === 'function' ? rule.next(state, params) : rule.next;
  const clocks = typeof rule.clocks === 'function' ? rule.clocks(params) : rule.clocks;
  return settle(state, next, rule.visibility, clocks);
}

/** The actions the console offers this role on a petition in this state, in contract order. */
export function allowedActions(state: Status, role: Role): Action[] {
  return ACTIONS.filter((action) => {
    const rule = ACTION_RULES[action];
    return rule.roles.includes(role) && statesFor(rule, role).includes(state);
  });
}

/** May the citizen (or the clock job) take this step now? Conditions that need dates or history,
 *  such as the review window or a rating already given, are the verb's. */
export function decideStep(state: Status, step: Step): Decision | Refusal {
  const rule = STEP_RULES[step];
  if (rule === undefined) throw new RangeError(`unknown step: ${String(step)}`);
  if (!rule.from.includes(state)) return { ok: false, reason: 'state' };
  return settle(state, rule.next, rule.visibility, rule.clocks);
}
