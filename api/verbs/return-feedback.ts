// 发还补办: the office rejects an agency's report and sends the case back with a new deadline.
import { futureDate } from '../services/case-text.ts';
import type { ActionStep } from './act-on-petition.ts';

export const returnFeedback: ActionStep<'return'> = async ({ now }, params) => {
  const dueDate = futureDate(params.dueAt, now, 'dueAt');
  return { dueDates: { feedback: dueDate }, data: { reason: params.reason, dueDate } };
};
