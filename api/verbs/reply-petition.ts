// 答复: the written answer to the citizen, shown in full on their timeline. It opens the 30-day
// window to ask for review; a reply given while reviewing answers that review level.
import type { ActionStep } from './act-on-petition.ts';

export const replyPetition: ActionStep<'reply'> = async ({ petition, now }, params) => ({
  set: { replied_at: now },
  publicText: params.text,
  data: { text: params.text, level: petition.review_level },
});
