// 退回: the agency a case was forwarded or assigned to says it is not theirs, within the object
// clock (5 working days from receipt, whether or not it acknowledged). Only the case's own agency
// reaches it (the case scope); after the window the answer is 409 object_window_closed. The
// objection takes effect only when the office agrees (条例 art. 23: 经…核实同意后): it waits as
// pending until approve_objection or reject_objection (decide-objection.ts).
import { isPastDue } from '../domain/calendar.ts';
import { conflict } from '../http/errors.ts';
import type { ActionStep } from './act-on-petition.ts';

export const objectWindowClosed = () => conflict('已超过退回期限（收到之日起 5 个工作日），不能退回，请按期办理', 'object_window_closed');

export const objectToRouting: ActionStep<'object'> = async ({ trx, petition, staff, now }, params) => {
  if (petition.objection_at !== null) throw conflict('退回申请已提交，正等待信访部门审核', 'objection_pending');
  const clock = await trx.selectFrom('clocks').select(['due_date', 'stopped_at']).where('petition_id', '=', petition.id).where('clock', '=', 'object').executeTakeFirst();
  if (!clock || clock.stopped_at !== null || isPastDue(now, clock.due_date)) throw objectWindowClosed();
  return { set: { objection_at: now }, data: { reason: params.reason, agencyId: staff.agencyId, pending: true } };
};
