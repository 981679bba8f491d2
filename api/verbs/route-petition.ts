// 办理方式: self-handling, forwarding (转办: the agency answers the citizen itself) or assignment
// (交办: the agency reports back by a deadline, by default the handling deadline). Forward and
// assign need an active agency; the citizen is told which one has the case.
import { ROUTE_MODE_LABELS } from '../contract/enums.ts';
import { activeAgency, futureDate } from '../services/case-text.ts';
import type { ActionStep } from './act-on-petition.ts';

export const routePetition: ActionStep<'route'> = async ({ trx, petition, now }, params) => {
  if (params.mode === 'self') {
    return {
      set: { route_mode: 'self', agency_id: null },
      publicText: '您的信访事项由本机关直接办理。',
      data: { mode: 'self', instructions: params.instructions ?? null },
    };
  }
  const agency = await activeAgency(trx, params.agencyId);
  let feedbackDue: string | undefined;
  if (params.mode === 'assign') {
    if (params.dueAt) feedbackDue = futureDate(params.dueAt, now, 'dueAt');
    else {
      const handle = await trx.selectFrom('clocks').select('due_date').where('petition_id', '=', petition.id).where('clock', '=', 'handle').where('stopped_at', 'is', null).executeTakeFirst();
      feedbackDue = handle?.due_date;
    }
  }
  const verb = params.mode === 'forward' ? '转送' : '交办';
  return {
    set: { route_mode: params.mode, agency_id: agency.id },
    dueDates: feedbackDue ? { feedback: feedbackDue } : {},
    publicText: `已${verb}${agency.name}办理。`,
    data: { mode: params.mode, modeLabel: ROUTE_MODE_LABELS[params.mode], agencyId: agency.id, agencyName: agency.name, dueDate: feedbackDue ?? null, instructions: params.instructions ?? null },
  };
};
