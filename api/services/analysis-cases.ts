// The cases behind a figure: the filter of the ledger page, its export and every dashboard link
// (contract `caseFilter`), with the same definitions as the statistics (stats.ts), so a figure
// and its list always agree. Every query starts from scopedPetitions (an agency officer reaches
// only their agency's cases). The list carries no identity.
import { sql, type SqlBool } from 'kysely';
import type { CaseFilter } from '../contract/analysis.ts';
import { CHANNEL_LABELS, PURPOSE_LABELS, RATING_LABELS, STATUS_LABELS, type Channel, type Purpose, type RatingScore, type Status } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { badRequest } from '../http/errors.ts';
import { scopedPetitions } from './case-scope.ts';
import { categoryIndex, subtree } from './category-index.ts';
import { periodBounds } from './stats-source.ts';
import { settleRegistrations } from './registration-scan.ts';
import { linksFiltered } from './accusation-links.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;

export async function filteredCases(deps: Deps, who: Who, f: Omit<CaseFilter, 'cursor' | 'limit'>) {
  await settleRegistrations(deps.db); // the repeat filter and column see every petition filed so far
  let q = scopedPetitions(deps.db, who);
  const from = f.from ?? '1970-01-01';
  const to = f.to ?? '2999-12-31';
  const { start, end } = periodBounds({ from, to });
  if (f.clock) {
    const late = f.late === undefined ? sql`true` : f.late === '1' ? sql`c.stopped_at > c.due_at` : sql`c.stopped_at <= c.due_at`;
    const notMerged = f.clock === 'handle' ? sql`p.status <> 'merged'` : sql`true`;
    q = q.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM clocks c WHERE c.petition_id = p.id AND c.clock = ${f.clock}
        AND c.stopped_at >= ${start} AND c.stopped_at < ${end} AND ${late}) AND ${notMerged}`,
    );
  } else if (f.from || f.to) {
    q = q.where('p.received_at', '>=', start).where('p.received_at', '<', end);
  }
  if (f.status.length) q = q.where('p.status', 'in', f.status);
  if (f.categoryCode) {
    const codes = subtree(await categoryIndex(deps.db), f.categoryCode);
    if (!codes.length) throw badRequest('内容分类不存在', { categoryCode: '内容分类不存在' });
    q = q.where('p.category_code', 'in', codes);
  }
  if (f.channel) q = q.where('p.channel', '=', f.channel);
  if (f.purpose) q = q.where('p.purpose', '=', f.purpose);
  if (f.scope) q = f.scope === 'unset' ? q.where('p.scope', 'is', null) : q.where('p.scope', '=', f.scope);
  if (f.agencyId === 'self') q = q.where('p.agency_id', 'is', null).where('p.route_mode', '=', 'self');
  else if (f.agencyId === 'unrouted') q = q.where('p.agency_id', 'is', null).where(sql<SqlBool>`p.route_mode IS DISTINCT FROM 'self'`);
  else if (f.agencyId) q = q.where('p.agency_id', '=', f.agencyId);
  if (f.collective) q = q.where('p.person_count', '>=', 5);
  if (f.repeat) q = q.where('p.repeat_of_id', 'is not', null);
  if (f.outOfScope) q = q.where('p.scope', 'is not', null).where('p.scope', '<>', 'own');
  if (f.overdue) q = q.where('p.next_due_at', '<', deps.now()).where(sql<SqlBool>`p.next_due_at <> 'infinity'`);
  if (f.replied) q = q.where('p.replied_at', 'is not', null);
  if (f.rated) q = q.where('p.rating', 'is not', null);
  if (f.rating) q = q.where('p.rating', '=', f.rating);
  if (f.imported) {
    const imported = sql<SqlBool>`EXISTS (SELECT 1 FROM petition_imports i WHERE i.petition_id = p.id)`;
    q = q.where(f.imported === 'only' ? imported : sql<SqlBool>`NOT ${imported}`);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    q = q.where((eb) => eb.or([eb('p.case_no', '=', f.q!), eb('p.title', 'ilike', like)]));
  }
  return q;
}

type Cursor = [received: string, id: number];

export async function analysisCaseList(deps: Deps, who: Who, f: CaseFilter) {
  let q = await filteredCases(deps, who, f);
  const countQ = q.select(sql<number>`count(*)::int`.as('n'));
  if (f.cursor) {
    const [received, id] = decodeCursor<Cursor>(f.cursor, ['timestamp', 'id']);
    q = q.where(sql<SqlBool>`(p.received_at, p.id) < (${received}::timestamptz, ${id})`);
  }
  const [rows, count, categories] = await Promise.all([
    q
      .leftJoin('agencies as a', 'a.id', 'p.agency_id')
      .leftJoin('petitions as r', 'r.id', 'p.repeat_of_id')
      .select([
        'p.id', 'p.case_no', 'p.title', 'p.channel', 'p.purpose', 'p.category_code', 'p.status', 'p.received_at', 'p.person_count', 'p.rating',
        'p.replied_at', 'a.name as agency_name', 'r.case_no as repeat_of', 'r.purpose as repeat_purpose', 'r.agency_id as repeat_agency_id',
        sql<string>`p.received_at::text`.as('received_key'),
      ])
      .orderBy('p.received_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(f.limit + 1)
      .execute(),
    f.cursor ? Promise.resolve(undefined) : countQ.executeTakeFirstOrThrow(),
    categoryIndex(deps.db),
  ]);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    total: count?.n ?? null,
    items: page.map((r) => ({
      caseNo: r.case_no,
      title: r.title,
      channel: r.channel,
      channelLabel: CHANNEL_LABELS[r.channel as Channel],
      purpose: r.purpose,
      purposeLabel: PURPOSE_LABELS[r.purpose as Purpose],
      categoryCode: r.category_code,
      categoryName: categories.byCode.get(r.category_code)?.path ?? r.category_code,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status as Status] ?? r.status,
      agencyName: r.agency_name,
      receivedAt: r.received_at.toISOString(),
      repliedAt: r.replied_at?.toISOString() ?? null,
      personCount: r.person_count,
      rating: r.rating,
      ratingLabel: r.rating ? RATING_LABELS[r.rating as RatingScore] : null,
      // An agency officer never reads a link touching an accusation or naming another agency's case.
      repeatOf:
        linksFiltered(who) && (r.purpose === 'accusation' || r.repeat_purpose === 'accusation' || r.repeat_agency_id !== who.agencyId) ? null : r.repeat_of,
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.received_key, last.id]) : null,
  };
}
