// The citizen's progress answer: status in words, the public part of the event log, the reply,
// the current due date, and whether rating or review may be asked for now. Internal notes,
// instructions and anyone's identity never appear (DESIGN §5).
import { EVENT_LABELS, STATUS_LABELS, type EventType, type Status } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { REVIEW_LEVEL_MAX } from '../domain/lifecycle.ts';
import { petitionByCode } from '../services/citizen-case.ts';

/** Which clock's due date the citizen sees for each state. */
const DUE_CLOCK: Partial<Record<Status, string>> = {
  registered: 'accept',
  accepted: 'handle',
  handling: 'handle',
  forwarded: 'handle',
  assigned: 'handle',
  feedback_received: 'handle',
  reviewing: 'review',
  replied: 'review_window',
};

const RATEABLE: readonly Status[] = ['replied', 'review_requested', 'reviewing', 'closed'];

export async function trackPetition(deps: Deps, queryCode: string) {
  const p = await petitionByCode(deps, deps.db, queryCode);
  const status = p.status as Status;
  const [events, clock] = await Promise.all([
    deps.db
      .selectFrom('events')
      .select(['at', 'type', 'public_text', 'data'])
      .where('petition_id', '=', p.id)
      .where('visibility', '=', 'public')
      .orderBy('id')
      .execute(),
    DUE_CLOCK[status]
      ? deps.db
          .selectFrom('clocks')
          .select(['due_at', 'stopped_at'])
          .where('petition_id', '=', p.id)
          .where('clock', '=', DUE_CLOCK[status]!)
          .executeTakeFirst()
      : undefined,
  ]);
  const replies = events.filter((e) => e.type === 'reply');
  const last = replies.at(-1);
  const windowOpen = clock && !clock.stopped_at && clock.due_at > deps.now();
  return {
    caseNo: p.case_no,
    status,
    statusLabel: STATUS_LABELS[status],
    events: events.map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      label: EVENT_LABELS[e.type as EventType] ?? e.type,
      ...(e.public_text ? { text: e.public_text } : {}),
    })),
    ...(last ? { reply: { at: last.at.toISOString(), text: last.public_text ?? '', level: replies.length - 1 } } : {}),
    ...(clock && !clock.stopped_at ? { dueAt: clock.due_at.toISOString() } : {}),
    canRate: Boolean(last) && RATEABLE.includes(status) && !p.rating,
    canRequestReview: status === 'replied' && p.review_level < REVIEW_LEVEL_MAX && Boolean(windowOpen),
  };
}
