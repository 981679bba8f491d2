// An issued document as its page: read back by id, built from the current record (the office's
// identity of today, the case as it stands; an overdue report from the rows kept when it was
// issued), under the 文号 and date it was issued with. Full names only for a clerk who revealed
// the identity (an audited event) within the last hours; otherwise masked, with a link to do so.
import type { DocumentKind } from '../contract/registration.ts';
import type { Deps, StaffSession } from '../context.ts';
import { can } from '../domain/permissions.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { officeIdentity } from '../services/office.ts';
import { buildCaseDocument, caseFacts, NAMED_WINDOW_MS } from './case-documents.ts';
import { renderDocument, type DocumentPage } from './layout.ts';
import { buildOverdueReport, type OverdueRow } from './overdue-report.ts';

/** Whether this clerk revealed the case's identity (an audited event) recently. */
async function revealedRecently(deps: Deps, staff: StaffSession, petitionId: number): Promise<boolean> {
  const since = new Date(deps.now().getTime() - NAMED_WINDOW_MS);
  const ev = await deps.db
    .selectFrom('events')
    .select('id')
    .where('petition_id', '=', petitionId)
    .where('type', '=', 'reveal_identity')
    .where('actor_id', '=', staff.userId)
    .where('at', '>=', since)
    .executeTakeFirst();
  return !!ev;
}

export async function renderIssued(deps: Deps, staff: StaffSession, rawId: string, opts: { named: boolean }): Promise<string> {
  if (!can(staff.role, 'case.register')) throw forbidden();
  if (!/^\d{1,12}$/.test(rawId)) throw notFound('没有找到该文书');
  const doc = await deps.db.selectFrom('issued_documents').selectAll().where('id', '=', Number(rawId)).executeTakeFirst();
  if (!doc) throw notFound('没有找到该文书');
  const office = await officeIdentity(deps);
  const kind = doc.kind as DocumentKind;
  const data = doc.data as { caseNo?: string; eventId?: number | null; rows?: Array<Omit<OverdueRow, 'routedAt'> & { routedAt: string | null }> };
  let page: Omit<DocumentPage, 'office' | 'docNo' | 'date' | 'toolbar'>;
  let toolbar: DocumentPage['toolbar'];
  if (kind === 'overdue') {
    const rows = (data.rows ?? []).map((r) => ({ ...r, routedAt: r.routedAt ? new Date(r.routedAt) : null }));
    page = await buildOverdueReport(deps, rows, office, doc.issued_at);
    toolbar = { back: '/console/?overdue=1', backLabel: '返回逾期列表' };
  } else {
    const petitionId = Number(doc.petition_ids[0]);
    const named = opts.named && (await revealedRecently(deps, staff, petitionId));
    const facts = await caseFacts(deps, petitionId, named);
    const built = buildCaseDocument(facts, kind, office, doc.issued_at, data.eventId ?? undefined);
    const { recipientKind, ...rest } = built;
    page = rest;
    const caseNo = facts.p.case_no;
    const canName = !named && facts.people.length > 0 && !(recipientKind === 'agency' && facts.p.purpose === 'accusation');
    toolbar = {
      back: `/console/case?no=${encodeURIComponent(caseNo)}`,
      backLabel: '返回信访件',
      extra: canName ? [{ href: `/console/notice?no=${encodeURIComponent(caseNo)}&kind=${kind}${data.eventId ? `&event=${data.eventId}` : ''}&named=1`, label: '填写信访人姓名（查看身份，留痕）' }] : [],
      note: opts.named && !named ? '请先说明理由查看信访人身份，再打印写明姓名的文书。' : undefined,
    };
  }
  return renderDocument({ ...page, office, docNo: doc.doc_no, date: doc.issued_at, toolbar });
}
