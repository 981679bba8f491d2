// The citizen's progress answer: status in words, the public part of the event log, the reply,
// the current due date, and whether rating or review may be asked for now. Internal notes,
// instructions and anyone's identity never appear (DESIGN §5).
import { EVENT_LABELS, STATUS_LABELS, type EventType, type Status } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { REVIEW_LEVEL_MAX } from '../domain/lifecycle.ts';
import { normaliseQueryCode } from '../security/query-code.ts';
import { UNKNOWN_CODE } from '../services/citizen-case.ts';
import { clockRules } from '../services/clocks.ts';
import { ratingRefusal } from './rate-reply.ts';

/** Which clock's due date the citizen sees for each state. */
const DUE_CLOCK: Partial<Record<Status, string>> = {
  registered: 'accept',
  accepted: 'handle',
  handling: 'handle',
  forwarded: 'handle',
  assigned: 'handle',
  feedback_received: 'handle',
  review_requested: 'review',
  reviewing: 'review',
  replied: 'review_window',
};

const RATEABLE: readonly Status[] = ['replied', 'review_requested', 'reviewing', 'closed'];

// The case, its public events and the clock its state shows, in ONE named statement (planned
// once per connection): a lookup is the most frequent request there is, and each round trip and
// each planning counts (issue 6 measured three round trips before). The status → clock map is
// code, not input, so it is written into the text.
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const TRACK = {
  name: 'xf_track_lookup',
  text: `
    SELECT p.id, p.case_no, p.status, p.review_level, p.rating, p.replied_at, p.rated_at, p.closed_at,
           CASE WHEN p.status IN ('replied', 'closed') THEN
             (SELECT c.due_at FROM clocks c WHERE c.petition_id = p.id AND c.clock = 'review_window') END AS review_window_due,
           COALESCE((SELECT json_agg(json_build_object('at', e.at, 'type', e.type, 'public_text', e.public_text) ORDER BY e.id)
                       FROM events e WHERE e.petition_id = p.id AND e.visibility = 'public'), '[]'::json) AS events,
           (SELECT json_build_object('due_at', c.due_at, 'stopped_at', c.stopped_at)
              FROM clocks c
             WHERE c.petition_id = p.id
               AND c.clock = (CASE p.status ${Object.entries(DUE_CLOCK).map(([status, clock]) => `WHEN ${lit(status)} THEN ${lit(clock)}`).join(' ')} END)) AS clock
      FROM petitions p
     WHERE p.query_code_hash = $1`,
};
// While a crypto:migrate runs (or after one, for codes issued before it) a code's hash has more
// than one stored form (api/security/keys.ts): the same lookup over each.
const TRACK_ANY = { name: 'xf_track_lookup_any', text: TRACK.text.replace('p.query_code_hash = $1', 'p.query_code_hash = ANY($1::bytea[])') };

type Row = {
  id: number;
  case_no: string;
  status: string;
  review_level: number;
  rating: string | null;
  replied_at: Date | null;
  rated_at: Date | null;
  closed_at: Date | null;
  review_window_due: Date | null;
  events: Array<{ at: string; type: string; public_text: string | null }>;
  clock: { due_at: string; stopped_at: string | null } | null;
};

/** The progress answer for a query code (its rate limit is counted before, by the route). */
export async function trackPetition(deps: Deps, queryCode: string) {
  const code = normaliseQueryCode(queryCode);
  if (!code) throw UNKNOWN_CODE();
  const hashes = deps.keys.queryCodeHashes(code);
  const [{ rows }, rules] = await Promise.all([
    deps.pool.query<Row>(hashes.length === 1 ? { ...TRACK, values: [hashes[0]] } : { ...TRACK_ANY, values: [hashes] }),
    clockRules(deps.db),
  ]);
  const p = rows[0];
  if (!p) throw UNKNOWN_CODE();
  const status = p.status as Status;
  const events = p.events.map((e) => ({ at: new Date(e.at), type: e.type, public_text: e.public_text }));
  const clock = p.clock ? { due_at: new Date(p.clock.due_at), stopped_at: p.clock.stopped_at ? new Date(p.clock.stopped_at) : null } : undefined;
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
    canRate: Boolean(last) && RATEABLE.includes(status) && !ratingRefusal(p, deps.now(), rules.procedure.ratingDays),
    canRequestReview: status === 'replied' && p.review_level < REVIEW_LEVEL_MAX && Boolean(windowOpen),
    // Why the citizen's forms are no longer offered (issue 14): the page explains it in words.
    reviewLevel: p.review_level,
    ...(p.closed_at ? { closedAt: new Date(p.closed_at).toISOString() } : {}),
    ...(p.review_window_due && new Date(p.review_window_due) <= deps.now() ? { reviewWindowEndedAt: new Date(p.review_window_due).toISOString() } : {}),
  };
}
