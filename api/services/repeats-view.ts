// What the case page shows a clerk about repeats: the earlier petitions this one was linked to
// (how it matched, the score, the clerk's decision, and the earlier case's outcome: status,
// agency, reply and rating), the later petitions linked to this one, and related cases (other
// people, similar text, same category, within the window: a hint, never a repeat). Every case
// named comes through scopedPetitions, so an agency officer sees only their own agency's cases,
// and never a link that touches an accusation (api/services/accusation-links.ts: the link would
// name the accuser's other case). No identity is shown here.
import { sql } from 'kysely';
import { REPEAT_BASIS_LABELS, REPEAT_KIND_LABELS, REPEAT_STATUS_LABELS, type RepeatBasis, type RepeatKind, type RepeatStatus } from '../contract/analysis.ts';
import { RATING_LABELS, STATUS_LABELS, type RatingScore, type Status } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import { petitionText, similarity } from '../domain/text-similarity.ts';
import { scopedPetitions } from './case-scope.ts';
import { categoryIndex } from './category-index.ts';
import { repeatSettingsOf, round3, windowStart } from './repeat-detection.ts';
import { settledCase } from './registration-scan.ts';
import { linksFiltered } from './accusation-links.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;
const RELATED_SCAN = 200;
const RELATED_SHOWN = 5;

export async function repeatsView(deps: Deps, staff: Who, caseNo: string) {
  const p = await settledCase(deps.db, staff, caseNo);
  // An agency officer reads no link of an accusation, and no link from another case to one.
  if (linksFiltered(staff) && p.purpose === 'accusation') return { caseNo: p.case_no, repeatOf: null, earlier: [], later: [], related: [] };
  const [categories, settings] = await Promise.all([categoryIndex(deps.db), repeatSettingsOf(deps.db)]);
  const base = () =>
    (linksFiltered(staff) ? scopedPetitions(deps.db, staff).where('p.purpose', '<>', 'accusation') : scopedPetitions(deps.db, staff))
      .leftJoin('agencies as a', 'a.id', 'p.agency_id')
      .select(['p.id', 'p.case_no', 'p.title', 'p.category_code', 'p.channel', 'p.status', 'p.received_at', 'p.replied_at', 'p.closed_at', 'p.rating', 'a.name as agency_name']);
  const [earlier, later] = await Promise.all([
    base()
      .innerJoin('repeats as r', 'r.earlier_id', 'p.id')
      .select(['r.kind', 'r.basis', 'r.score', 'r.status as link_status', 'r.decided_at', 'r.reason'])
      .where('r.petition_id', '=', p.id)
      .orderBy('r.score', 'desc')
      .execute(),
    base()
      .innerJoin('repeats as r', 'r.petition_id', 'p.id')
      .select(['r.kind', 'r.score', 'r.status as link_status'])
      .where('r.earlier_id', '=', p.id)
      .orderBy('p.received_at', 'desc')
      .limit(50)
      .execute(),
  ]);
  const replies = earlier.length
    ? await deps.db
        .selectFrom('events')
        .select(['petition_id', 'public_text', 'at'])
        .where('petition_id', 'in', earlier.map((e) => e.id))
        .where('type', '=', 'reply')
        .orderBy('id', 'desc')
        .execute()
    : [];
  const lastReply = (id: number) => replies.find((r) => r.petition_id === id);
  const caseRef = (r: { case_no: string; title: string; category_code: string; status: string; received_at: Date }) => ({
    caseNo: r.case_no,
    title: r.title,
    categoryCode: r.category_code,
    categoryName: categories.byCode.get(r.category_code)?.path ?? r.category_code,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
    receivedAt: r.received_at.toISOString(),
  });
  const linked = new Set([p.id, ...earlier.map((e) => e.id), ...later.map((e) => e.id)]);
  const repeatOf = p.repeat_of_id ? earlier.find((e) => e.id === p.repeat_of_id)?.case_no ?? null : null;
  return {
    caseNo: p.case_no,
    repeatOf,
    earlier: earlier.map((e) => {
      const reply = lastReply(e.id);
      return {
        ...caseRef(e),
        kind: e.kind as RepeatKind,
        kindLabel: REPEAT_KIND_LABELS[e.kind as RepeatKind],
        basis: e.basis as RepeatBasis,
        basisLabel: REPEAT_BASIS_LABELS[e.basis as RepeatBasis],
        score: e.score,
        linkStatus: e.link_status as RepeatStatus,
        linkStatusLabel: REPEAT_STATUS_LABELS[e.link_status as RepeatStatus],
        decidedAt: e.decided_at?.toISOString() ?? null,
        reason: e.reason,
        outcome: {
          agencyName: e.agency_name,
          repliedAt: e.replied_at?.toISOString() ?? null,
          reply: reply?.public_text ?? null,
          rating: e.rating,
          ratingLabel: e.rating ? RATING_LABELS[e.rating as RatingScore] : null,
          closedAt: e.closed_at?.toISOString() ?? null,
        },
      };
    }),
    later: later.map((e) => ({ ...caseRef(e), kind: e.kind as RepeatKind, kindLabel: REPEAT_KIND_LABELS[e.kind as RepeatKind], score: e.score, linkStatus: e.link_status as RepeatStatus })),
    related: await relatedCases(deps, staff, p, settings, linked, caseRef),
  };
}

/** Other people's petitions in the same category within the window whose text is similar. */
async function relatedCases<T>(
  deps: Deps,
  staff: Who,
  p: { id: number; title: string; content: string; category_code: string; received_at: Date },
  settings: { windowMonths: number; relatedThreshold: number },
  linked: Set<number>,
  caseRef: (r: { case_no: string; title: string; category_code: string; status: string; received_at: Date }) => T,
) {
  const since = windowStart(p.received_at, settings.windowMonths);
  const until = windowStart(p.received_at, -settings.windowMonths);
  const rows = await scopedPetitions(deps.db, staff)
    .select(['p.id', 'p.case_no', 'p.title', 'p.content', 'p.category_code', 'p.status', 'p.received_at'])
    .where('p.category_code', '=', p.category_code)
    .where('p.id', '<>', p.id)
    .where('p.received_at', '>=', since)
    .where('p.received_at', '<=', until)
    // Not the same person: no shared identity hash.
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM petitioners o JOIN petitioners me ON me.petition_id = ${p.id}
        AND (o.phone_hash = me.phone_hash OR o.id_number_hash = me.id_number_hash OR o.name_address_hash = me.name_address_hash)
        WHERE o.petition_id = p.id)`,
    )
    .orderBy('p.id', 'desc')
    .limit(RELATED_SCAN)
    .execute();
  const text = petitionText(p);
  return rows
    .filter((r) => !linked.has(r.id))
    .map((r) => ({ r, score: similarity(text, petitionText(r)) }))
    .filter((x) => x.score >= settings.relatedThreshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, RELATED_SHOWN)
    .map((x) => ({ ...caseRef(x.r), score: round3(x.score) }));
}
