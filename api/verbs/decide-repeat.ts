// A clerk's decision on a repeat link: confirm it (also to link a repeat the detection missed)
// or dismiss it. The case is locked, the link written, petitions.repeat_of_id recomputed (the
// statistics follow by trigger) and an internal event logged, all in one transaction. Merging
// stays the lifecycle's `merge` action.
import { REPEAT_STATUS_LABELS } from '../contract/analysis.ts';
import type { RepeatDecisionRequest } from '../contract/analysis.ts';
import type { Deps, StaffSession } from '../context.ts';
import { can } from '../domain/permissions.ts';
import { petitionText, similarity } from '../domain/text-similarity.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { scopedCase, scopedPetitions } from '../services/case-scope.ts';
import { settledCase } from '../services/registration-scan.ts';
import { refreshRepeatOf, round3 } from '../services/repeat-detection.ts';
import { repeatsView } from '../services/repeats-view.ts';

export type RepeatDecision = 'confirm' | 'dismiss';

export async function decideRepeat(deps: Deps, staff: StaffSession, caseNo: string, decision: RepeatDecision, input: RepeatDecisionRequest) {
  // Telling repeats apart is triage, the office's work: the same permission as registering.
  if (!can(staff.role, 'case.register')) throw forbidden();
  await settledCase(deps.db, staff, caseNo);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const p = await scopedCase(trx, staff, caseNo, true);
    const earlier = await scopedPetitions(trx, staff)
      .select(['p.id', 'p.case_no', 'p.title', 'p.content'])
      .where('p.case_no', '=', input.earlierCaseNo)
      .executeTakeFirst();
    if (!earlier) throw badRequest('原信访件不存在', { earlierCaseNo: '原信访件不存在' });
    if (earlier.id === p.id) throw badRequest('不能与本件自身关联', { earlierCaseNo: '不能与本件自身关联' });
    const link = await trx.selectFrom('repeats').select(['status']).where('petition_id', '=', p.id).where('earlier_id', '=', earlier.id).executeTakeFirst();
    const status = decision === 'confirm' ? 'confirmed' : 'dismissed';
    if (!link) {
      if (decision === 'dismiss') throw notFound('该信访件与原信访件之间没有重复提示');
      await trx
        .insertInto('repeats')
        .values({
          petition_id: p.id,
          earlier_id: earlier.id,
          kind: 'same_person',
          basis: 'manual',
          score: round3(similarity(petitionText(p), petitionText(earlier))),
          status,
          decided_by: staff.userId,
          decided_at: now,
          reason: input.reason ?? null,
        })
        .execute();
    } else {
      await trx
        .updateTable('repeats')
        .set({ status, decided_by: staff.userId, decided_at: now, reason: input.reason ?? null })
        .where('petition_id', '=', p.id)
        .where('earlier_id', '=', earlier.id)
        .execute();
    }
    await refreshRepeatOf(trx, p.id);
    await trx
      .insertInto('events')
      .values({
        petition_id: p.id,
        at: now,
        type: decision === 'confirm' ? 'repeat_confirm' : 'repeat_dismiss',
        visibility: 'internal',
        actor_kind: 'staff',
        actor_id: staff.userId,
        data: JSON.stringify({ earlierCaseNo: earlier.case_no, status, statusLabel: REPEAT_STATUS_LABELS[status], reason: input.reason ?? null }),
      })
      .execute();
  });
  return repeatsView(deps, staff, caseNo);
}
