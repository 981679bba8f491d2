// 复查 / 复核: the office accepts the citizen's request for review (level 1, then level 2), which
// starts the review clock, or declines it, which closes the case. Both are told to the citizen.
import type { ActionStep } from './act-on-petition.ts';

const levelName = (level: number) => (level <= 1 ? '复查' : '复核');

export const acceptReview: ActionStep<'accept_review'> = async ({ petition }) => {
  const level = petition.review_level + 1;
  return {
    set: { review_level: level },
    publicText: `已受理您的${levelName(level)}申请，将在法定期限内作出${levelName(level)}意见。`,
    data: { level },
  };
};

export const declineReview: ActionStep<'decline_review'> = async ({ petition }, params) => {
  const level = petition.review_level + 1;
  return {
    publicText: `您的${levelName(level)}申请不予受理。理由：${params.reason}`,
    data: { level, reason: params.reason },
  };
};
