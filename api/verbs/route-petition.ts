// 办理方式: self-handling, forwarding (转办: the agency answers the citizen itself) or assignment
// (交办: the agency reports back by a deadline, by default the handling deadline). Forward and
// assign need an active agency; the citizen is told which one has the case. An accusation is
// never sent to the body it accuses (条例 arts. 30, 46: 409). The agency's handling days count
// from this day until it acknowledges receipt (art. 34, api/services/agency-receipt.ts).
import { ROUTE_MODE_LABELS } from '../contract/enums.ts';
import { chinaDate } from '../domain/calendar.ts';
import { conflict } from '../http/errors.ts';
import { countHandlingFromReceipt } from '../services/agency-receipt.ts';
import { activeAgency, futureDate } from '../services/case-text.ts';
import type { PetitionRow } from '../services/case-scope.ts';
import type { ActionStep } from './act-on-petition.ts';

/** 409 when an accusation would go to the body it accuses (条例 arts. 30, 46). */
export function assertNotAccused(petition: Pick<PetitionRow, 'purpose' | 'accused_agency_id'>, agencyId: string) {
  if (petition.purpose === 'accusation' && petition.accused_agency_id === agencyId) {
    throw conflict('该检举控告反映的正是这个单位：依照《信访工作条例》第三十条、第四十六条，检举控告不得转送、交办给被检举控告的单位，请选择其他有权处理的机关', 'accused_agency');
  }
}

export const routePetition: ActionStep<'route'> = async ({ trx, petition, now, rules }, params) => {
  if (params.mode === 'self') {
    return {
      set: { route_mode: 'self', agency_id: null },
      publicText: '您的信访事项由本机关直接办理。',
      data: { mode: 'self', instructions: params.instructions ?? null },
    };
  }
  const agency = await activeAgency(trx, params.agencyId);
  assertNotAccused(petition, agency.id);
  const handle = await countHandlingFromReceipt(trx, rules, petition, chinaDate(now));
  let feedbackDue: string | undefined;
  if (params.mode === 'assign') {
    if (params.dueAt) feedbackDue = futureDate(params.dueAt, now, 'dueAt');
    else if (handle) feedbackDue = handle.toDate;
    else {
      const running = await trx.selectFrom('clocks').select('due_date').where('petition_id', '=', petition.id).where('clock', '=', 'handle').where('stopped_at', 'is', null).executeTakeFirst();
      feedbackDue = running?.due_date;
    }
  }
  const verb = params.mode === 'forward' ? '转送' : '交办';
  return {
    set: { route_mode: params.mode, agency_id: agency.id, objection_at: null },
    dueDates: feedbackDue ? { feedback: feedbackDue } : {},
    publicText: `已${verb}${agency.name}办理。`,
    data: { mode: params.mode, modeLabel: ROUTE_MODE_LABELS[params.mode], agencyId: agency.id, agencyName: agency.name, dueDate: feedbackDue ?? null, instructions: params.instructions ?? null },
  };
};
