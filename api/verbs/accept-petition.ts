// 受理: the office accepts a registered petition and records which body's powers it falls under;
// the handling clock starts and the citizen is told by when the case will be answered.
import { SCOPE_LABELS } from '../contract/enums.ts';
import { cnDate } from '../services/case-text.ts';
import { dueFor } from '../services/clocks.ts';
import type { ActionStep } from './act-on-petition.ts';

export const acceptPetition: ActionStep<'accept'> = async ({ now, rules }, params) => {
  const due = dueFor(rules.calendar, now, rules.periods.handle);
  return {
    set: { scope: params.scope },
    publicText: `经审查，您的信访事项已受理（${SCOPE_LABELS[params.scope]}），将于${cnDate(due.dueDate)}前办理完毕。`,
    data: { scope: params.scope },
  };
};
