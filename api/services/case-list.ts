// The staff work queue: filtered, sorted by urgency (earliest running staff deadline first, then
// the newest), keyset-paged with an opaque cursor, and its header counts. Every query starts from
// scopedPetitions, so an agency officer only ever counts and lists their agency's cases. The list
// carries no identity at all.
import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { CHANNEL_LABELS, CHANNELS, CLOCK_LABELS, PURPOSE_LABELS, PURPOSES, STATUS_LABELS, STATUSES, type Channel, type ClockName, type PeriodUnit, type Purpose, type Status } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import { chinaDate, daysLeft } from '../domain/calendar.ts';
import { OPEN_STATUSES } from '../domain/lifecycle.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { scopedPetitions, seesEveryCase } from './case-scope.ts';
import { clockRules } from './clocks.ts';
import { settleRegistrations } from './registration-scan.ts';
import { titleOrCaseNo } from './title-search.ts';

const flag = z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true');
export const listQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .refine((a) => a.every((s) => (STATUSES as readonly string[]).includes(s)), { error: '状态不正确' }),
  categoryCode: z.string().trim().max(64).optional(),
  channel: z.enum(CHANNELS, { error: '来源渠道不正确' }).optional(),
  purpose: z.enum(PURPOSES, { error: '信访目的不正确' }).optional(),
  agencyId: z.string().uuid({ error: '承办单位不正确' }).optional(),
  overdue: flag,
  dueWithin: z.coerce.number({ error: '天数须为数字' }).int().min(0).max(365).optional(),
  mine: flag,
  ownedByMe: flag,
  supervised: flag,
  returned: flag,
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ error: '每页条数须为数字' }).int().min(1).max(100).default(20),
});
export type ListQuery = z.infer<typeof listQuery>;

type Cursor = [due: string, received: string, id: number];
const decodeListCursor = (s: string) => decodeCursor<Cursor>(s, ['timestamp', 'timestamp', 'id']);

const DAY_MS = 86_400_000;

type Cases = ReturnType<typeof scopedPetitions>;

/** The filters, on the staff member's cases or on `from` (rows of petitions, aliased `p`). */
function filtered(deps: Deps, staff: StaffSession, f: ListQuery, from?: Cases) {
  // `from` is rows at hand (the head of the queue): a search checks them one by one.
  const now = deps.now();
  let q = from ?? scopedPetitions(deps.db, staff);
  if (f.status.length) q = q.where('p.status', 'in', f.status);
  if (f.channel) q = q.where('p.channel', '=', f.channel);
  if (f.purpose) q = q.where('p.purpose', '=', f.purpose);
  if (f.agencyId) q = q.where('p.agency_id', '=', f.agencyId);
  if (f.categoryCode) {
    q = q.where(
      'p.category_code',
      'in',
      sql<string>`(WITH RECURSIVE t(code) AS (SELECT code FROM categories WHERE code = ${f.categoryCode}
        UNION ALL SELECT c.code FROM categories c JOIN t ON c.parent_code = t.code) SELECT code FROM t)`,
    );
  }
  if (f.overdue) q = q.where('p.next_due_at', '<', now);
  if (f.dueWithin !== undefined) q = q.where('p.next_due_at', '>=', now).where('p.next_due_at', '<', new Date(now.getTime() + f.dueWithin * DAY_MS));
  if (f.mine) q = q.where(({ exists, selectFrom }) => exists(selectFrom('events as e').select('e.id').whereRef('e.petition_id', '=', 'p.id').where('e.actor_id', '=', staff.userId)));
  if (f.ownedByMe) q = q.where('p.owner_leader_id', '=', staff.userId);
  if (f.supervised) q = q.where(({ exists, selectFrom }) => exists(selectFrom('events as e').select('e.id').whereRef('e.petition_id', '=', 'p.id').where('e.type', '=', 'supervise')));
  // 发还补办: feedback sent back and awaiting a new report.
  if (f.returned) {
    q = q
      .where('p.status', '=', 'assigned')
      .where(({ exists, selectFrom }) => exists(selectFrom('events as e').select('e.id').whereRef('e.petition_id', '=', 'p.id').where('e.type', '=', 'return')));
  }
  if (f.q) q = q.where(titleOrCaseNo(f.q, { rowByRow: Boolean(from) }));
  return q;
}

/** A title search, or several statuses at once: the filters the planner serves by collecting
 *  and sorting every match; the others have indexes it walks in the queue's order. */
const needsHead = (f: ListQuery) => Boolean(f.q) || f.status.length > 1;

// How much of the queue's head (in urgency order, after the cursor) a filtered page looks at
// first. Most filters staff use match many cases near the head of the queue (overdue cases are
// its head; a common word in titles is everywhere), so a page is found there by walking the queue
// in order and stopping at the page's last row; the planner cannot know that and may sort every
// match instead (issue 6: 160 ms for "assigned, overdue", 780 ms for a title search on 工资, on a
// million petitions). When the head holds less than a page, the query runs over everything as
// the planner sees fit: then the filter is selective and its own index is the quick way.
const HEAD = 2_000;
/** Matches in the first HEAD cases from which a title search walks the queue further. */
const SEARCH_WALK_MIN = 3;
/** The longest head a title search walks (2,000 × 21/3 × 2 for a page of 20). */
const SEARCH_HEAD_MAX = 28_000;

function cursorCondition(cursor: string): Expression<SqlBool> {
  const [due, received, id] = decodeListCursor(cursor);
  const d = sql`${due}::timestamptz`;
  const r = sql`${received}::timestamptz`;
  return sql<SqlBool>`(p.next_due_at > ${d} OR (p.next_due_at = ${d} AND (p.received_at < ${r} OR (p.received_at = ${r} AND p.id < ${id}))))`;
}

const urgency = <Q extends Cases>(q: Q) => q.orderBy('p.next_due_at', 'asc').orderBy('p.received_at', 'desc').orderBy('p.id', 'desc') as Q;

const PAGE_COLUMNS = [
  'p.id', 'p.case_no', 'p.title', 'p.purpose', 'p.channel', 'p.category_code', 'p.status', 'p.agency_id',
  'p.received_at', 'p.person_count', 'p.joint', 'p.anonymous', 'p.review_level', 'p.objection_at',
] as const;

/** A title search and nothing else, by a role that sees every case. */
const searchAlone = (staff: StaffSession, f: ListQuery) =>
  Boolean(f.q) && seesEveryCase(staff) && !f.status.length && !f.channel && !f.purpose && !f.agencyId &&
  !f.categoryCode && !f.overdue && f.dueWithin === undefined && !f.mine && !f.ownedByMe && !f.supervised && !f.returned;

const STAFF_CLOCKS: readonly ClockName[] = ['accept', 'route', 'ack', 'handle', 'feedback', 'review'];

/** The case's earliest running staff clock, [clock, due date, due time, unit], or null. It comes
 *  with the page's rows rather than in a query of its own: on this host a round trip to
 *  PostgreSQL costs a list page more than the reading does (issue 6). A scalar subquery, so
 *  PostgreSQL works it out for the page's rows only, after the limit. */
const nextClock = () =>
  sql<[string, string, string, string] | null>`(SELECT json_build_array(c.clock, c.due_date, c.due_at, c.unit) FROM clocks c
    WHERE c.petition_id = p.id AND c.stopped_at IS NULL AND c.clock IN (${sql.join(STAFF_CLOCKS)}) ORDER BY c.due_at LIMIT 1)`.as('next_clock');

const pageSelect = () =>
  [
    ...PAGE_COLUMNS,
    sql<string>`(SELECT name FROM categories WHERE code = p.category_code)`.as('category_name'),
    sql<string | null>`(SELECT name FROM agencies WHERE id = p.agency_id)`.as('agency_name'),
    sql<string>`p.next_due_at::text`.as('due_key'),
    sql<string>`p.received_at::text`.as('received_key'),
    nextClock(),
  ] as const;

/**
 * A title search alone: the queue's head is read from the urgency index itself, which carries
 * each case's number and title (migrations/048), so the walk touches no table rows (issue 6: a
 * 工资 search read ~1,300 rows of the table per page, 7 ms of a page's 11); then the page's rows by
 * id. The walk stops at the page's last match, so a longer head costs only when its matches are
 * sparse. Undefined when the head holds less than a page, as for pageInHead.
 */
async function searchInHead(deps: Deps, f: ListQuery) {
  const walk = (size: number) => {
    let head = deps.db.selectFrom('petitions as p').select(['p.id', 'p.case_no', 'p.title', 'p.next_due_at', 'p.received_at']);
    if (f.cursor) head = head.where(cursorCondition(f.cursor));
    const inHead = deps.db.selectFrom(urgency(head as unknown as Cases).limit(size).as('p')) as unknown as Cases;
    return urgency(inHead.where(titleOrCaseNo(f.q!, { rowByRow: true })))
      .select('p.id')
      .limit(f.limit + 1)
      .execute();
  };
  let hits = await walk(HEAD);
  if (hits.length <= f.limit) {
    // The first HEAD cases held k matches, short of a page: a common word that happens to be
    // thinner at the head (工资 on a fresh million: 19 in 2,000, 11,202 in all, and the general path
    // fetched and sorted all 11,202 rows: p95 395 ms). With k ≥ SEARCH_WALK_MIN the walk goes on
    // to twice the head the density k/HEAD needs for a page (at most SEARCH_HEAD_MAX index
    // entries, ~35 ms at ~1.25 µs each); with fewer the word is rare, and the general path,
    // whose cost grows with the number of matches, is the quicker one.
    const k = hits.length;
    if (k < SEARCH_WALK_MIN) return undefined;
    hits = await walk(Math.min(SEARCH_HEAD_MAX, Math.ceil((HEAD * (f.limit + 1)) / k) * 2));
    if (hits.length <= f.limit) return undefined;
  }
  const rows = await urgency(deps.db.selectFrom('petitions as p').where('p.id', 'in', hits.map((h) => h.id)) as Cases)
    .select(pageSelect())
    .execute();
  // A case changed in between (anonymised, its deadline moved): the general path answers.
  return rows.length === hits.length ? rows : undefined;
}

/** The page's rows (and one more) when the queue's head holds them, else undefined. */
async function pageInHead(deps: Deps, staff: StaffSession, f: ListQuery) {
  if (searchAlone(staff, f)) return searchInHead(deps, f);
  // The columns the filters and the page read, not the letters' texts.
  let head = scopedPetitions(deps.db, staff).select([...PAGE_COLUMNS, 'p.next_due_at', 'p.owner_leader_id']);
  if (f.cursor) head = head.where(cursorCondition(f.cursor));
  // The head comes in the queue's order, and the outer query asks for that same order: PostgreSQL
  // knows it has it (no sort, no join: names come from scalar subqueries), so it stops reading the
  // queue at the page's last match; if a filter ever made it reorder, it would sort, never return
  // a wrong page. (A derived table of petitions rows is typed as the table.)
  const inHead = deps.db.selectFrom(urgency(head).limit(HEAD).as('p')) as unknown as Cases;
  const rows = await urgency(filtered(deps, staff, f, inHead))
    .select(pageSelect())
    .limit(f.limit + 1)
    .execute();
  return rows.length > f.limit ? rows : undefined;
}

function pageQuery(deps: Deps, staff: StaffSession, f: ListQuery) {
  let q = filtered(deps, staff, f);
  if (f.cursor) q = q.where(cursorCondition(f.cursor));
  return urgency(q)
    .select(pageSelect())
    .limit(f.limit + 1)
    .execute();
}

export async function listPetitions(deps: Deps, staff: StaffSession, f: ListQuery) {
  let rows = needsHead(f) ? await pageInHead(deps, staff, f) : undefined;
  if (!rows) {
    // The head reads titles themselves; the search index holds a title from its registration
    // scan on: settle those outstanding first, so a letter filed a moment ago is found too.
    if (f.q) await settleRegistrations(deps.db);
    rows = await pageQuery(deps, staff, f);
  }
  const page = rows.slice(0, f.limit);
  const due = await nextDues(deps, page);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      caseNo: r.case_no,
      title: r.title,
      purpose: r.purpose,
      purposeLabel: PURPOSE_LABELS[r.purpose as Purpose],
      channel: r.channel,
      channelLabel: CHANNEL_LABELS[r.channel as Channel],
      categoryCode: r.category_code,
      categoryName: r.category_name,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status as Status],
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      receivedAt: r.received_at.toISOString(),
      personCount: r.person_count,
      joint: r.joint,
      anonymous: r.anonymous,
      reviewLevel: r.review_level,
      /** An agency's objection waits for the office (条例 art. 23). */
      objectionPending: r.objection_at !== null,
      nextDue: due.get(r.id) ?? null,
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.due_key, last.received_key, last.id]) : null,
  };
}

/** The next staff deadline of each page row, with days left on the official calendar. */
async function nextDues(deps: Deps, page: { id: number; next_clock: [string, string, string, string] | null }[]) {
  const out = new Map<number, { clock: ClockName; label: string; dueAt: string; daysLeft: number; overdue: boolean }>();
  if (!page.some((r) => r.next_clock)) return out;
  const rules = await clockRules(deps.db);
  const now = deps.now();
  const today = chinaDate(now);
  for (const r of page) {
    if (!r.next_clock) continue;
    const [clock, dueDate, dueText, unit] = r.next_clock;
    const dueAt = new Date(dueText);
    out.set(r.id, {
      clock: clock as ClockName,
      label: CLOCK_LABELS[clock as ClockName],
      dueAt: dueAt.toISOString(),
      daysLeft: daysLeft(rules.calendar, today, dueDate, unit as PeriodUnit),
      overdue: dueAt <= now,
    });
  }
  return out;
}

/** The queue header: cases by status, overdue, due within 3 days, and the ones I worked on. */
export async function countPetitions(deps: Deps, staff: StaffSession) {
  const now = deps.now();
  const open = [...OPEN_STATUSES];
  const [byStatus, totals] = await Promise.all([
    scopedPetitions(deps.db, staff).select(['p.status', sql<number>`count(*)::int`.as('n')]).groupBy('p.status').execute(),
    scopedPetitions(deps.db, staff)
      .where('p.status', 'in', open)
      .select([
        sql<number>`count(*) FILTER (WHERE p.next_due_at < ${now})::int`.as('overdue'),
        sql<number>`count(*) FILTER (WHERE p.next_due_at >= ${now} AND p.next_due_at < ${new Date(now.getTime() + 3 * DAY_MS)})::int`.as('due_soon'),
        sql<number>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.petition_id = p.id AND e.actor_id = ${staff.userId}))::int`.as('mine'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, byStatus.find((r) => r.status === s)?.n ?? 0])),
    overdue: totals.overdue,
    dueSoon: totals.due_soon,
    mine: totals.mine,
  };
}
