// Applies one staff action to one case (DESIGN §4 actions): the role is judged first (403, before
// the case is looked up, so nothing about its existence leaks), then the case is found within the
// actor's scope and locked (404 / FOR UPDATE), then the lifecycle table decides (409). The
// action's own step adds its checks and words; this runner writes the status, the clocks the
// table starts and stops, and the event, all in one transaction: a failed event rolls it all back.
import type { Transaction, Updateable } from 'kysely';
import { CLOSED_STATUSES, type Action, type ClockName } from '../contract/enums.ts';
import type { ActionRequest } from '../contract/schemas.ts';
import type { Deps, StaffSession } from '../context.ts';
import type { DB, Petitions } from '../db/schema.ts';
import { can } from '../domain/permissions.ts';
import { decide, roleMay, type Decision } from '../domain/lifecycle.ts';
import { conflict, forbidden } from '../http/errors.ts';
import { caseDetail, type CaseDetail } from '../services/case-detail.ts';
import { scopedCase, type PetitionRow } from '../services/case-scope.ts';
import { settledCase } from '../services/registration-scan.ts';
import { clockRules, startClock, stopClocks, type ClockRules, type ClockStart } from '../services/clocks.ts';
import { queueNotifications } from '../services/notifications.ts';
import { acceptPetition } from './accept-petition.ts';
import { overlays } from './case-overlays.ts';
import { closePetition } from './close-petition.ts';
import { declinePetition } from './decline-petition.ts';
import { acceptReview, declineReview, forwardReview } from './decide-review.ts';
import { acknowledgeReceipt } from './acknowledge-receipt.ts';
import { approveObjection, rejectObjection } from './decide-objection.ts';
import { recordDelivery } from './record-delivery.ts';
import { waiveReview } from './waive-review.ts';
import { extendHandling } from './extend-handling.ts';
import { mergePetition } from './merge-petition.ts';
import { objectToRouting } from './object-to-routing.ts';
import { replyPetition } from './reply-petition.ts';
import { returnFeedback } from './return-feedback.ts';
import { revealIdentity } from './reveal-identity.ts';
import { routePetition } from './route-petition.ts';
import { submitFeedback } from './submit-feedback.ts';

export type StepContext = {
  deps: Deps;
  trx: Transaction<DB>;
  staff: StaffSession;
  petition: PetitionRow;
  decision: Decision;
  now: Date;
  rules: ClockRules;
};
export type StepResult = {
  /** What the citizen reads, for public events. */
  publicText?: string;
  data?: Record<string, unknown>;
  set?: Updateable<Petitions>;
  /** Due dates for clocks the table starts, overriding their periods. */
  dueDates?: Partial<Record<ClockName, string>>;
  /** How clocks the table starts count, when not from today for the period in force. */
  clockStarts?: Partial<Record<ClockName, ClockStart>>;
  /** Runs after the event row exists (e.g. binding files to it). */
  afterEvent?: (eventId: number) => Promise<void>;
};
type Params<A extends Action> = Extract<ActionRequest, { action: A }>;
export type ActionStep<A extends Action> = (ctx: StepContext, params: Params<A>) => Promise<StepResult>;

const STEPS: { [A in Action]: ActionStep<A> } = {
  accept: acceptPetition,
  decline: declinePetition,
  merge: mergePetition,
  route: routePetition,
  object: objectToRouting,
  feedback: submitFeedback,
  return: returnFeedback,
  reply: replyPetition,
  extend: extendHandling,
  accept_review: acceptReview,
  decline_review: declineReview,
  close: closePetition,
  reveal_identity: revealIdentity,
  acknowledge: acknowledgeReceipt,
  approve_objection: approveObjection,
  reject_objection: rejectObjection,
  waive_review: waiveReview,
  forward_review: forwardReview,
  record_delivery: recordDelivery,
  ...overlays,
};

export const notAllowedInState = () => conflict('该信访件当前状态不能进行此操作，请刷新页面查看最新状态', 'not_allowed_in_state');

export async function actOnPetition(deps: Deps, staff: StaffSession, caseNo: string, req: ActionRequest): Promise<CaseDetail> {
  // A reveal needs both: reading cases and revealing identity (an admin reads no case, so may
  // never reveal one, issue 13).
  const perms = req.action === 'reveal_identity' ? (['case.read', 'identity.reveal'] as const) : (['case.act'] as const);
  if (!roleMay(staff.role, req.action) || !perms.every((perm) => can(staff.role, perm))) throw forbidden();
  const rules = await clockRules(deps.db);
  await settledCase(deps.db, staff, caseNo);
  await deps.db.transaction().execute(async (trx) => {
    const petition = await scopedCase(trx, staff, caseNo, true);
    const decision = decide(petition.status as never, req.action, staff.role, req);
    if (!decision.ok) throw decision.reason === 'role' ? forbidden() : notAllowedInState();
    const now = deps.now();
    const step = STEPS[req.action] as ActionStep<Action>;
    const r = await step({ deps, trx, staff, petition, decision, now, rules }, req as never);

    const set: Updateable<Petitions> = { ...r.set, updated_at: now };
    if (decision.changed) {
      set.status = decision.next;
      if (CLOSED_STATUSES.includes(decision.next)) set.closed_at = now;
    }
    await trx.updateTable('petitions').set(set).where('id', '=', petition.id).execute();
    await stopClocks(trx, petition.id, decision.clocksStop, now);
    for (const clock of decision.clocksStart) {
      const due = r.dueDates?.[clock];
      await startClock(trx, rules, petition.id, clock, now, due ? { dueDate: due } : (r.clockStarts?.[clock] ?? {}));
    }
    const event = await trx
      .insertInto('events')
      .values({
        petition_id: petition.id,
        at: now,
        type: req.action,
        visibility: decision.visibility,
        actor_kind: 'staff',
        actor_id: staff.userId,
        public_text: decision.visibility === 'public' ? (r.publicText ?? null) : null,
        data: JSON.stringify(r.data ?? {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await r.afterEvent?.(event.id);
    // The citizen's text message / mail for the events that tell them (NOTIFY_EVENTS), in this transaction.
    await queueNotifications(trx, deps, { petitionId: petition.id, eventId: event.id, type: req.action, at: now });
  });
  return caseDetail(deps, staff, caseNo, { reveal: req.action === 'reveal_identity' });
}
