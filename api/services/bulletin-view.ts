// Reading bulletins: the list, and one bulletin with its notable cases resolved to what the
// bulletin prints about them (number, title, category, status, agency — never an identity),
// each through scopedPetitions.
import type { BulletinFigures } from '../contract/analysis.ts';
import { STATUS_LABELS, type Status } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import type { Section } from '../domain/bulletin-text.ts';
import { notFound } from '../http/errors.ts';
import { scopedPetitions } from './case-scope.ts';
import { categoryIndex } from './category-index.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;

export async function listBulletins(deps: Deps) {
  const rows = await deps.db
    .selectFrom('bulletins')
    .select(['id', 'month', 'title', 'status', 'updated_at', 'published_at'])
    .orderBy('month', 'desc')
    .limit(120)
    .execute();
  return {
    items: rows.map((r) => ({ id: r.id, month: r.month.slice(0, 7), title: r.title, status: r.status, updatedAt: r.updated_at.toISOString(), publishedAt: r.published_at?.toISOString() ?? null })),
  };
}

export async function bulletinView(deps: Deps, who: Who, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('没有找到该通报');
  const b = await deps.db
    .selectFrom('bulletins as b')
    .leftJoin('users as u', 'u.id', 'b.updated_by')
    .selectAll('b')
    .select(['u.display_name', 'u.username'])
    .where('b.id', '=', id)
    .executeTakeFirst();
  if (!b) throw notFound('没有找到该通报');
  const notable = b.notable as Array<{ caseNo: string; note: string }>;
  const [cases, categories] = await Promise.all([
    notable.length
      ? scopedPetitions(deps.db, who)
          .leftJoin('agencies as a', 'a.id', 'p.agency_id')
          .select(['p.case_no', 'p.title', 'p.category_code', 'p.status', 'p.received_at', 'a.name as agency_name'])
          .where('p.case_no', 'in', notable.map((n) => n.caseNo))
          .execute()
      : [],
    categoryIndex(deps.db),
  ]);
  return {
    id: b.id,
    month: b.month.slice(0, 7),
    title: b.title,
    issueNo: b.issue_no,
    sendTo: b.send_to,
    copyTo: b.copy_to,
    categoryLevel: b.category_level,
    status: b.status as 'draft' | 'published',
    revision: b.revision,
    figures: b.figures as BulletinFigures,
    sections: b.sections as Section[],
    notable: notable.map((n) => {
      const c = cases.find((x) => x.case_no === n.caseNo);
      return {
        caseNo: n.caseNo,
        note: n.note,
        title: c?.title ?? '',
        categoryName: c ? (categories.byCode.get(c.category_code)?.path ?? c.category_code) : '',
        statusLabel: c ? (STATUS_LABELS[c.status as Status] ?? c.status) : '',
        agencyName: c?.agency_name ?? null,
        receivedAt: c?.received_at.toISOString() ?? null,
      };
    }),
    updatedAt: b.updated_at.toISOString(),
    updatedBy: b.display_name || b.username || null,
    publishedAt: b.published_at?.toISOString() ?? null,
  };
}
export type BulletinView = Awaited<ReturnType<typeof bulletinView>>;
