// 查看信访人身份: an audited reveal. The event (with the reason) is written in the transaction
// before the plain identity is read; an agency officer is refused on an accusation (DESIGN §5).
import { assertMayReveal } from '../services/identity-access.ts';
import type { ActionStep } from './act-on-petition.ts';

export const revealIdentity: ActionStep<'reveal_identity'> = async ({ staff, petition }, params) => {
  assertMayReveal(staff, petition);
  return { data: { reason: params.reason } };
};
