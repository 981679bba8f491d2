// 报结: the referrer of a petition — the deputy who passed it on, the leader who 批转 it, the upper
// congress that 交办 it — is told the result. Allowed once the office's part is done (replied,
// closed, declined, merged, or forwarded to the body that answers itself); records who told them,
// when and with which letter (the 报结函's 文号 when one was issued), with an internal event, in one
// transaction with the case locked.
import { isReferral } from '../contract/registration.ts';
import type { Deps, StaffSession } from '../context.ts';
import { can } from '../domain/permissions.ts';
import { conflict, forbidden } from '../http/errors.ts';
import { scopedCase } from '../services/case-scope.ts';
import { registrationView } from '../services/registration-details.ts';

const CONCLUDED = ['replied', 'closed', 'declined', 'merged', 'forwarded'];

export async function reportReferral(deps: Deps, staff: StaffSession, caseNo: string, input: { note?: string }) {
  if (!can(staff.role, 'case.register')) throw forbidden();
  await deps.db.transaction().execute(async (trx) => {
    const p = await scopedCase(trx, staff, caseNo, true);
    const d = await trx.selectFrom('registration_details').selectAll().where('petition_id', '=', p.id).forUpdate().executeTakeFirst();
    if (!d || !isReferral(d.source)) throw conflict('该信访件不是代表转来、领导批转或上级人大交办的，无需报结', 'not_a_referral');
    if (d.reported_at) throw conflict('已经报结过了', 'already_reported');
    if (!CONCLUDED.includes(p.status)) throw conflict('信访件办结（或转送有权机关）后才能报结', 'not_allowed_in_state');
    const letter = await trx.selectFrom('issued_documents').select('doc_no').where('kind', '=', 'report').where('subject', '=', `petition:${p.id}`).executeTakeFirst();
    const now = deps.now();
    await trx
      .updateTable('registration_details')
      .set({ reported_at: now, reported_by: staff.userId, report_doc_no: letter?.doc_no ?? null })
      .where('petition_id', '=', p.id)
      .execute();
    await trx
      .insertInto('events')
      .values({
        petition_id: p.id, at: now, type: 'referral_report', visibility: 'internal', actor_kind: 'staff', actor_id: staff.userId,
        data: JSON.stringify({ source: d.source, referrer: d.referrer, docNo: letter?.doc_no ?? null, note: input.note ?? null }),
      })
      .execute();
  });
  return registrationView(deps, staff, caseNo);
}
