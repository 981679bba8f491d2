// Overlays on an open case that leave its status alone (DESIGN §3): internal note, a leader's
// instruction (批示), a leader taking personal charge (包案), supervision (督办), a reminder to the
// agency (催办) and the follow-up after the reply (回访). Their events are internal. A 回访 with a
// structured result (满意 / 基本满意 / 不满意, by phone, visit or letter) records the petitioner's
// rating when the case has none yet, so satisfaction counts for offline cases too.
import { RATING_LABELS, SUPERVISE_KIND_LABELS } from '../contract/enums.ts';
import { FOLLOW_UP_METHOD_LABELS } from '../contract/registration.ts';
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
  follow_up: async ({ petition, now }, p) => ({
    data: {
      text: p.text,
      ...(p.result ? { result: p.result, resultLabel: RATING_LABELS[p.result] } : {}),
      ...(p.method ? { method: p.method, methodLabel: FOLLOW_UP_METHOD_LABELS[p.method] } : {}),
      ...(p.result && petition.rating ? { ratingKept: petition.rating } : {}),
    },
    ...(p.result && !petition.rating ? { set: { rating: p.result, rated_at: now } } : {}),
  }),
};
