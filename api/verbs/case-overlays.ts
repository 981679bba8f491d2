// Overlays on an open case that leave its status alone (DESIGN §3): internal note, a leader's
// instruction (批示), a leader taking personal charge (包案), supervision (督办), a reminder to the
// agency (催办) and the follow-up call after the reply (回访). Their events are internal.
import { SUPERVISE_KIND_LABELS } from '../contract/enums.ts';
import type { ActionStep } from './act-on-petition.ts';

export const overlays: {
  note: ActionStep<'note'>;
  instruct: ActionStep<'instruct'>;
  own: ActionStep<'own'>;
  supervise: ActionStep<'supervise'>;
  remind: ActionStep<'remind'>;
  follow_up: ActionStep<'follow_up'>;
} = {
  note: async (_ctx, p) => ({ data: { text: p.text } }),
  instruct: async (_ctx, p) => ({ data: { text: p.text } }),
  own: async ({ staff, petition }) => ({ set: { owner_leader_id: staff.userId }, data: { previousOwnerId: petition.owner_leader_id } }),
  supervise: async (_ctx, p) => ({ data: { kind: p.kind, kindLabel: SUPERVISE_KIND_LABELS[p.kind], note: p.note } }),
  remind: async (_ctx, p) => ({ data: { note: p.note } }),
  follow_up: async (_ctx, p) => ({ data: { text: p.text } }),
};
