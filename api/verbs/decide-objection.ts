// The office's decision on an agency's objection (条例 art. 23): agreed, the case goes back to be
// routed again (a new 15-day routing clock; the agency keeps sight of it until then); refused, the
// agency keeps the case and handles it. Both need a pending objection (409 otherwise).
import { conflict } from '../http/errors.ts';
import type { PetitionRow } from '../services/case-scope.ts';
import type { ActionStep } from './act-on-petition.ts';

function assertPending(petition: PetitionRow) {
  if (petition.objection_at === null) throw conflict('承办单位没有提出退回申请', 'no_objection_pending');
}

export const approveObjection: ActionStep<'approve_objection'> = async ({ petition }, params) => {
  assertPending(petition);
  return { set: { objection_at: null }, data: { agencyId: petition.agency_id, objectedAt: petition.objection_at!.toISOString(), note: params.note ?? null } };
};

export const rejectObjection: ActionStep<'reject_objection'> = async ({ petition }, params) => {
  assertPending(petition);
  return { set: { objection_at: null }, data: { agencyId: petition.agency_id, objectedAt: petition.objection_at!.toISOString(), reason: params.reason } };
};
