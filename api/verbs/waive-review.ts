// 放弃复查: the citizen said they will not ask for review (in person, by phone or in writing); the
// office records how, and may then close the case before the review window ends (close-petition.ts).
import { WAIVER_METHOD_LABELS } from '../contract/enums.ts';
import { conflict } from '../http/errors.ts';
import { levelName } from '../services/review-text.ts';
import { waivedSinceReply } from './close-petition.ts';
import type { ActionStep } from './act-on-petition.ts';

export const waiveReview: ActionStep<'waive_review'> = async ({ trx, petition }, params) => {
  if (await waivedSinceReply(trx, petition.id)) throw conflict('已经记录过信访人放弃复查', 'already_waived');
  const label = WAIVER_METHOD_LABELS[params.method];
  return {
    publicText: `信访人已${label}不申请${levelName(petition.review_level + 1)}。`,
    data: { method: params.method, methodLabel: label, note: params.note ?? null },
  };
};
