// 不予受理: the office declines with a coded reason and tells the citizen where to turn instead;
// both reach the citizen's timeline with a pointer to the matching guidance page. The case is closed.
import { DECLINE_REASON_GUIDANCE } from '../contract/content-vocab.ts';
import { DECLINE_REASON_LABELS } from '../contract/enums.ts';
import type { ActionStep } from './act-on-petition.ts';

export const declinePetition: ActionStep<'decline'> = async (_ctx, params) => ({
  // The guidance page for the reason is named as a path; the track page turns it into a link.
  publicText: `经审查，您的信访事项不予受理。理由：${DECLINE_REASON_LABELS[params.reasonCode]}。${params.guidance}（相关指引：${DECLINE_REASON_GUIDANCE[params.reasonCode]}）`,
  data: { reasonCode: params.reasonCode, guidance: params.guidance },
});
