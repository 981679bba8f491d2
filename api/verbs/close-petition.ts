// 办结: the office closes a replied case (e.g. the citizen has said they will not ask for review).
import type { ActionStep } from './act-on-petition.ts';

export const closePetition: ActionStep<'close'> = async () => ({ publicText: '您的信访事项已办结。' });
