// 受理: the office accepts a registered petition and records which body's powers it falls under;
// the handling clock starts and the citizen is told by when the case will be answered. The routing
// clock (条例 art. 22: forwarded or assigned within 15 days of receipt) starts too, counted from
// the day the petition was received. A matter for litigation, arbitration or administrative review
// is not accepted but declined with that route (诉访分离, arts. 28, 31). For an accusation the office
// may record here the body it accuses (never routed to it, arts. 30, 46).
import { SCOPE_LABELS } from '../contract/enums.ts';
import { chinaDate } from '../domain/calendar.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { cnDate } from '../services/case-text.ts';
import { dueFor } from '../services/clocks.ts';
import type { ActionStep } from './act-on-petition.ts';

export const legalRouteRefused = () =>
  new AppError(409, 'legal_route_must_decline', '应当通过诉讼、仲裁、行政复议等法定途径解决的事项不予受理：请选择“不予受理”，在引导意见中写明法定途径及其时限', {
    fields: { scope: '法定途径（诉讼、仲裁、行政复议）事项应当不予受理并告知途径，不能受理' },
  });

export const acceptPetition: ActionStep<'accept'> = async ({ trx, petition, now, rules }, params) => {
  if (params.scope === 'legal_route') throw legalRouteRefused();
  let accused = petition.accused_agency_id;
  if (params.accusedAgencyId) {
    if (petition.purpose !== 'accusation') throw badRequest('只有检举控告类信访事项需要填写被检举控告的单位', { accusedAgencyId: '只有检举控告类信访事项需要填写' });
    const a = await trx.selectFrom('agencies').select('id').where('id', '=', params.accusedAgencyId).executeTakeFirst();
    if (!a) throw badRequest('被检举控告的单位不存在', { accusedAgencyId: '被检举控告的单位不存在' });
    accused = a.id;
  }
  const due = dueFor(rules.calendar, now, rules.periods.handle);
  return {
    set: { scope: params.scope, accused_agency_id: accused },
    clockStarts: { route: { from: chinaDate(petition.received_at) } },
    publicText: `经审查，您的信访事项已受理（${SCOPE_LABELS[params.scope]}），将于${cnDate(due.dueDate)}前办理完毕。`,
    data: { scope: params.scope, ...(accused ? { accusedAgencyId: accused } : {}) },
  };
};
