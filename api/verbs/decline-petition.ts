// 不予受理: the office declines with a coded reason and tells the citizen where to turn instead;
// both reach the citizen's timeline with a pointer to the matching guidance page. The case is
// closed. A matter for the courts, arbitration or administrative review (诉访分离, 条例 arts. 28,
// 31) is declined with guidance that names that route AND its time limit, since a citizen who
// misses the limit loses the route: "请向法院起诉" alone is refused (400, field guidance).
import { DECLINE_REASON_GUIDANCE } from '../contract/content-vocab.ts';
import { DECLINE_REASON_LABELS } from '../contract/enums.ts';
import { badRequest } from '../http/errors.ts';
import type { ActionStep } from './act-on-petition.ts';

/** Words that name a legal route: litigation, arbitration, administrative review, appeal. */
const ROUTE_WORDS = /诉讼|起诉|上诉|仲裁|复议|申诉|再审|申请执行|劳动人事争议/;
/** A time limit: a number of days, months or years (digits or Chinese numerals), or the words for one. */
const TIME_LIMIT = /([0-9０-９]+|[一二两三四五六七八九十百]+)\s*(个)?\s*(日|天|工作日|周|月|年)|时效|期限|期间|届满/;

/** Why the guidance for a legal-route decline is not enough, or undefined. */
export function legalRouteGuidanceProblem(guidance: string): string | undefined {
  const route = ROUTE_WORDS.test(guidance);
  const limit = TIME_LIMIT.test(guidance);
  if (route && limit) return undefined;
  if (!route && !limit) return '请写明应当通过的法定途径（如向人民法院起诉、申请劳动争议仲裁、申请行政复议）及其时限（如“自知道或者应当知道之日起六十日内”）';
  if (!route) return '请写明应当通过的法定途径（如向人民法院起诉、申请仲裁或者申请行政复议）';
  return '请写明该法定途径的时限（如“自知道或者应当知道之日起六个月内”“一年仲裁时效”），以免信访人错过';
}

export const declinePetition: ActionStep<'decline'> = async (_ctx, params) => {
  if (params.reasonCode === 'legal_route') {
    const problem = legalRouteGuidanceProblem(params.guidance);
    if (problem) throw badRequest(`引导意见不完整：${problem}`, { guidance: problem });
  }
  return {
    // The guidance page for the reason is named as a path; the track page turns it into a link.
    publicText: `经审查，您的信访事项不予受理。理由：${DECLINE_REASON_LABELS[params.reasonCode]}。${params.guidance}（相关指引：${DECLINE_REASON_GUIDANCE[params.reasonCode]}）`,
    data: { reasonCode: params.reasonCode, guidance: params.guidance },
  };
};
