// The staff view of one case: the body, petitioners (masked by default, withheld entirely from an
// agency officer on an accusation), attachments, the full timeline, every clock with days left,
// and the actions this role may take now. Reached only through scopedCase (by way of
// settledCase), so an agency officer gets 404 for another agency's case; the timeline comes
// through eventsFor, so an officer never reads a link to another case it may not connect
// (api/services/accusation-links.ts).
import { CLOCK_LABELS, EVENT_LABELS, STATUS_LABELS, type Action, type ClockName, type EventType, type PeriodUnit, type Status } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import { chinaDate, daysLeft, isPastDue } from '../domain/calendar.ts';
import { allowedActions, REVIEW_LEVEL_MAX } from '../domain/lifecycle.ts';
import type { Database } from '../db/database.ts';
import type { PetitionRow } from './case-scope.ts';
import { clockRules } from './clocks.ts';
import { eventsFor } from './accusation-links.ts';
import { identityWithheld, petitionersFor } from './identity-access.ts';
import { settledCase } from './registration-scan.ts';
import { caseNotifications } from './notifications.ts';

/** Attachments this actor may open: for an accusation an agency officer gets only the files that
 *  staff attached to events (e.g. their own report), never what the petitioner sent, since a
 *  scanned letter carries a signature and an address. */
export function visibleAttachments(db: Database, staff: Pick<StaffSession, 'role'>, p: Pick<PetitionRow, 'id' | 'purpose'>) {
  let q = db.selectFrom('attachments as f').where('f.petition_id', '=', p.id);
  if (identityWithheld(staff, p)) {
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('events as e').select('e.id').whereRef('e.id', '=', 'f.event_id').where('e.actor_kind', '=', 'staff')),
    );
  }
  return q;
}

function eventText(publicText: string | null, data: Record<string, unknown>): string | undefined {
  if (publicText) return publicText;
  for (const k of ['text', 'note', 'reason', 'guidance']) if (typeof data[k] === 'string') return data[k] as string;
  return undefined;
}

type ClockRow = { clock: string; due_date: string; stopped_at: Date | null };

/** Whether an action the table allows is possible now, by the verbs' own checks on dates and
 *  history, so the console offers only steps that can succeed (the verbs check again). */
function practicable(action: Action, p: PetitionRow, clocks: ClockRow[], events: Array<{ type: string; data: unknown }>, now: Date): boolean {
  const running = (name: string) => clocks.find((c) => c.clock === name && c.stopped_at === null);
  const lastOf = (types: string[]) => [...events].reverse().find((e) => types.includes(e.type));
  switch (action) {
    case 'approve_objection':
    case 'reject_objection':
      return p.objection_at !== null;
    case 'object': {
      const c = running('object');
      return p.objection_at === null && !!c && !isPastDue(now, c.due_date);
    }
    case 'acknowledge':
      return !!running('ack');
    case 'accept_review':
      return p.route_mode !== 'forward' && p.route_mode !== 'assign';
    case 'forward_review':
      return p.route_mode === 'forward' || p.route_mode === 'assign';
    case 'record_delivery':
      return (lastOf(['reply'])?.data as { delivery?: string } | undefined)?.delivery === 'post';
    case 'waive_review':
      return p.review_level < REVIEW_LEVEL_MAX && lastOf(['reply', 'waive_review'])?.type === 'reply';
    default:
      return true;
  }
}

export async function caseDetail(deps: Deps, staff: StaffSession, caseNo: string, opts: { reveal?: boolean } = {}) {
  const p = await settledCase(deps.db, staff, caseNo);
  const bodies = [p.agency_id, p.accused_agency_id, p.review_agency_id].filter((x): x is string => x !== null);
  const [agencies, category, petitioners, files, allEvents, clocks, rules] = await Promise.all([
    bodies.length ? deps.db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', bodies).execute() : [],
    deps.db.selectFrom('categories').select('name').where('code', '=', p.category_code).executeTakeFirst(),
    petitionersFor(deps.db, deps.keys, staff, p, opts.reveal ? 'revealed' : 'masked'),
    visibleAttachments(deps.db, staff, p).select(['f.id', 'f.name', 'f.size', 'f.type']).orderBy('f.uploaded_at').execute(),
    deps.db
      .selectFrom('events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.at', 'e.type', 'e.visibility', 'e.actor_kind', 'e.public_text', 'e.data', 'u.display_name', 'u.username'])
      .where('e.petition_id', '=', p.id)
      .orderBy('e.id')
      .execute(),
    deps.db.selectFrom('clocks').selectAll().where('petition_id', '=', p.id).orderBy('started_at').orderBy('due_at').execute(),
    clockRules(deps.db),
  ]);
  const events = await eventsFor(deps.db, staff, p, allEvents);
  const nameOf = (id: string | null) => (id ? (agencies.find((a) => a.id === id)?.name ?? null) : null);
  // What the citizen was told by text message / mail (agency users do not see the outbox).
  const notifications = staff.role === 'agency' ? [] : await caseNotifications(deps, p.id);
  const now = deps.now();
  const today = chinaDate(now);
  const status = p.status as Status;
  const withheld = identityWithheld(staff, p);
  return {
    petition: {
      caseNo: p.case_no,
      channel: p.channel,
      purpose: p.purpose,
      categoryCode: p.category_code,
      categoryName: category?.name ?? p.category_code,
      title: p.title,
      content: p.content,
      desiredOutcome: p.desired_outcome,
      place: p.place,
      anonymous: p.anonymous,
      joint: p.joint,
      personCount: p.person_count,
      status,
      statusLabel: STATUS_LABELS[status],
      scope: p.scope,
      routeMode: p.route_mode,
      agencyId: p.agency_id,
      agencyName: nameOf(p.agency_id),
      accusedAgencyId: p.accused_agency_id,
      accusedAgencyName: nameOf(p.accused_agency_id),
      objectionPending: p.objection_at !== null,
      objectionAt: p.objection_at?.toISOString() ?? null,
      reviewAgencyId: p.review_agency_id,
      reviewAgencyName: nameOf(p.review_agency_id),
      reviewLevel: p.review_level,
      reviewExtendedDays: p.review_extended_days,
      /** After a level-2 decision (复核) the same facts are not accepted again (条例 art. 36). */
      reviewFinal: p.review_level >= REVIEW_LEVEL_MAX && (status === 'replied' || status === 'closed'),
      extendedDays: p.extended_days,
      ownerLeaderId: p.owner_leader_id,
      receivedAt: p.received_at.toISOString(),
      registeredAt: p.registered_at.toISOString(),
      repliedAt: p.replied_at?.toISOString() ?? null,
      closedAt: p.closed_at?.toISOString() ?? null,
      rating: p.rating,
    },
    petitioners,
    identityMasked: !opts.reveal || withheld,
    identityWithheld: withheld,
    attachments: files.map((f) => ({ id: f.id, name: f.name, size: f.size, type: f.type })),
    events: events.map((e) => {
      const data = (e.data ?? {}) as Record<string, unknown>;
      const text = eventText(e.public_text, data);
      const actorName = e.actor_kind === 'staff' ? e.display_name || e.username || undefined : e.actor_kind === 'system' ? '系统' : undefined;
      return {
        id: e.id,
        at: e.at.toISOString(),
        type: e.type,
        label: EVENT_LABELS[e.type as EventType] ?? e.type,
        visibility: e.visibility,
        ...(actorName ? { actorName } : {}),
        ...(text ? { text } : {}),
        data,
      };
    }),
    clocks: clocks.map((c) => ({
      clock: c.clock,
      label: CLOCK_LABELS[c.clock as ClockName] ?? c.clock,
      dueDate: c.due_date,
      dueAt: c.due_at.toISOString(),
      daysLeft: daysLeft(rules.calendar, today, c.due_date, c.unit as PeriodUnit),
      unit: c.unit,
      stopped: c.stopped_at !== null,
      overdue: c.stopped_at === null && c.due_at <= now,
    })),
    notifications,
    allowedActions: allowedActions(status, staff.role).filter(
      (a) => !(a === 'reveal_identity' && (withheld || p.anonymous && petitioners.length === 0)) && practicable(a, p, clocks, allEvents, now),
    ),
  };
}
export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>;
