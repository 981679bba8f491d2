// 退回: the agency a case was assigned to says it is not theirs, within the object clock (5 working
// days by default). Only the case's own agency reaches it (the case scope); after the window the
// answer is 409 object_window_closed. The case goes back to the office to be routed again; the
// agency keeps sight of it until then.
import { isPastDue } from '../domain/calendar.ts';
import { conflict } from '../http/errors.ts';
import type { ActionStep } from './act-on-petition.ts';

export const objectWindowClosed = () => conflict('已超过退回期限（交办之日起 5 个工作日），不能退回，请按期办理', 'object_window_closed');

export const objectToRouting: ActionStep<'object'> = async ({ trx, petition, staff, now }, params) => {
  const clock = await trx.selectFrom('clocks').select(['due_date', 'stopped_at']).where('petition_id', '=', petition.id).where('clock', '=', 'object').executeTakeFirst();
  if (!clock || clock.stopped_at !== null || isPastDue(now, clock.due_date)) throw objectWindowClosed();
  return { data: { reason: params.reason, agencyId: staff.agencyId } };
};
