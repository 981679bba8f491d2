// 复查 / 复核 (条例 arts. 35, 36): the citizen's request is decided by the superior of the body that
// handled the case. A case the office handled itself is reviewed in-house (accept_review); one an
// agency handled (forwarded or assigned) is forwarded to that agency's superior, chosen by the
// clerk (forward_review), whose own 30 days start on receipt. Or the request is declined, which
// closes the case. Each is told to the citizen. The decision clock itself started the day the
// request was received (request-review.ts).
import { badRequest, conflict } from '../http/errors.ts';
import { activeAgency } from '../services/case-text.ts';
import { startClock } from '../services/clocks.ts';
import { levelName } from '../services/review-text.ts';
import { assertNotAccused } from './route-petition.ts';
import type { ActionStep } from './act-on-petition.ts';

const handledByAgency = (routeMode: string | null) => routeMode === 'forward' || routeMode === 'assign';

export const acceptReview: ActionStep<'accept_review'> = async ({ trx, petition, now, rules }) => {
  if (handledByAgency(petition.route_mode)) {
    throw conflict('该信访事项由承办单位办理，复查请求应转送原办理机关的上一级机关：请选择“转送复查（复核）机关”', 'review_goes_to_superior');
  }
  // A request from before the decision clock started on receipt: start it now.
  const running = await trx.selectFrom('clocks').select('clock').where('petition_id', '=', petition.id).where('clock', '=', 'review').where('stopped_at', 'is', null).executeTakeFirst();
  if (!running) await startClock(trx, rules, petition.id, 'review', now);
  const level = petition.review_level + 1;
  return {
    set: { review_level: level },
    publicText: `已受理您的${levelName(level)}申请，将自收到申请之日起 30 日内作出${levelName(level)}意见。`,
    data: { level, inHouse: true },
  };
};

export const forwardReview: ActionStep<'forward_review'> = async ({ trx, petition }, params) => {
  if (!handledByAgency(petition.route_mode)) {
    throw conflict('该信访事项由本机关办理，复查由本机关作出：请选择“受理复查”', 'review_in_house');
  }
  const agency = await activeAgency(trx, params.agencyId);
  if (agency.id === petition.agency_id || agency.id === petition.review_agency_id) {
    throw badRequest('复查（复核）由原办理机关的上一级机关作出，请选择其上一级机关', { agencyId: '请选择原办理机关的上一级机关' });
  }
  assertNotAccused(petition, agency.id);
  const level = petition.review_level + 1;
  return {
    set: { review_level: level, review_agency_id: agency.id },
    publicText: `您的${levelName(level)}申请已转送${agency.name}办理，将自其收到之日起 30 日内作出${levelName(level)}意见。`,
    data: { level, agencyId: agency.id, agencyName: agency.name, note: params.note ?? null },
  };
};

export const declineReview: ActionStep<'decline_review'> = async ({ petition }, params) => {
  const level = petition.review_level + 1;
  return {
    publicText: `您的${levelName(level)}申请不予受理。理由：${params.reason}`,
    data: { level, reason: params.reason },
  };
};
