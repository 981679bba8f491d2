// 签收告知: the agency a case was forwarded or assigned to tells the petitioner it has received it
// (条例 art. 23 para 3), which stops its 15-day acknowledgement clock; by the office's default
// setting its 60 handling days count from this day (art. 34). Once per routing.
import { chinaDate } from '../domain/calendar.ts';
import { conflict } from '../http/errors.ts';
import { countHandlingFromReceipt } from '../services/agency-receipt.ts';
import type { ActionStep } from './act-on-petition.ts';

export const acknowledgeReceipt: ActionStep<'acknowledge'> = async ({ trx, petition, now, rules }, params) => {
  const ack = await trx.selectFrom('clocks').select('due_date').where('petition_id', '=', petition.id).where('clock', '=', 'ack').where('stopped_at', 'is', null).executeTakeFirst();
  if (!ack) throw conflict('已经告知收到，不需要重复操作', 'already_acknowledged');
  const agency = petition.agency_id ? await trx.selectFrom('agencies').select('name').where('id', '=', petition.agency_id).executeTakeFirst() : undefined;
  const handle = await countHandlingFromReceipt(trx, rules, petition, chinaDate(now));
  return {
    publicText: `${agency?.name ?? '承办单位'}已收到您的信访事项，将依法办理。`,
    data: { agencyId: petition.agency_id, note: params.note ?? null, ...(handle ? { handleDueDate: handle.toDate } : {}) },
  };
};
