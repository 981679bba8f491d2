// The staff view of one case: the body, petitioners (masked by default, withheld entirely from an
// agency officer on an accusation), attachments, the full timeline, every clock with days left,
// and the actions this role may take now. Reached only through scopedCase (by way of
// settledCase), so an agency officer gets 404 for another agency's case.
import { CLOCK_LABELS, EVENT_LABELS, STATUS_LABELS, type ClockName, type EventType, type PeriodUnit, type Status } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import { chinaDate, daysLeft } from '../domain/calendar.ts';
import { allowedActions } from '../domain/lifecycle.ts';
import type { Database } from '../db/database.ts';
import type { PetitionRow } from './case-scope.ts';
import { clockRules } from './clocks.ts';
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

export async function caseDetail(deps: Deps, staff: StaffSession, caseNo: string, opts: { reveal?: boolean } = {}) {
  const p = await settledCase(deps.db, staff, caseNo);
  const [agency, category, petitioners, files, events, clocks, rules] = await Promise.all([
    p.agency_id ? deps.db.selectFrom('agencies').select('name').where('id', '=', p.agency_id).executeTakeFirst() : undefined,
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
      agencyName: agency?.name ?? null,
      reviewLevel: p.review_level,
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
    allowedActions: allowedActions(status, staff.role).filter((a) => !(a === 'reveal_identity' && (withheld || p.anonymous && petitioners.length === 0))),
  };
}
export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>;
