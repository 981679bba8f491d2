// Issuing a document (出具文书): the first time a letter about an event, a case or a selection is
// printed it gets the next 文号 of the year (document_counters) and a row in issued_documents, with
// a `document_issued` event on every case it concerns — all in one transaction; printing it again
// answers the same document and number. Office roles only (agency officers receive letters, they
// do not issue them).
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { DOCUMENT_LABELS, type DocumentKind } from '../contract/registration.ts';
import type { Deps, StaffSession } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { chinaDate } from '../domain/calendar.ts';
import { can } from '../domain/permissions.ts';
import { AppError, forbidden } from '../http/errors.ts';
import { caseFacts, eventFor, unavailable } from '../documents/case-documents.ts';
import { docNumber } from '../documents/layout.ts';
import { overdueRows } from '../documents/overdue-report.ts';
import { officeIdentity } from '../services/office.ts';
import { scopedCase } from '../services/case-scope.ts';

export type Issued = { id: number; kind: DocumentKind; docNo: string; url: string; issuedAt: string; created: boolean };

const toIssued = (r: { id: number; kind: string; doc_no: string; issued_at: Date }, created: boolean): Issued => ({
  id: r.id, kind: r.kind as DocumentKind, docNo: r.doc_no, url: `/api/staff/documents/${r.id}`, issuedAt: r.issued_at.toISOString(), created,
});

async function issue(deps: Deps, staff: StaffSession, kind: DocumentKind, subject: string, petitionIds: number[], data: Record<string, unknown>): Promise<Issued> {
  const find = () => deps.db.selectFrom('issued_documents').select(['id', 'kind', 'doc_no', 'issued_at']).where('kind', '=', kind).where('subject', '=', subject).executeTakeFirst();
  const earlier = await find();
  if (earlier) return toIssued(earlier, false);
  const office = await officeIdentity(deps);
  const now = deps.now();
  const year = Number(chinaDate(now).slice(0, 4));
  try {
    return await deps.db.transaction().execute(async (trx: Transaction<DB>) => {
      const { last } = await trx
        .insertInto('document_counters')
        .values({ year, last: 1 })
        .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('document_counters.last', '+', 1) })))
        .returning('last')
        .executeTakeFirstOrThrow();
      const docNo = docNumber(office.docPrefix, year, last);
      const row = await trx
        .insertInto('issued_documents')
        .values({ kind, subject, year, seq: last, doc_no: docNo, petition_ids: petitionIds.map(String), data: JSON.stringify(data), issued_at: now, issued_by: staff.userId })
        .returning(['id', 'kind', 'doc_no', 'issued_at'])
        .executeTakeFirstOrThrow();
      if (petitionIds.length) {
        await trx
          .insertInto('events')
          .values(petitionIds.map((pid) => ({ petition_id: pid, at: now, type: 'document_issued', visibility: 'internal' as const, actor_kind: 'staff' as const, actor_id: staff.userId, data: JSON.stringify({ kind, kindLabel: DOCUMENT_LABELS[kind], docNo, documentId: row.id }) })))
          .execute();
      }
      return toIssued(row, true);
    });
  } catch (e) {
    // Someone issued the same document a moment earlier: theirs is the one.
    if ((e as { code?: string }).code === '23505') {
      const theirs = await find();
      if (theirs) return toIssued(theirs, false);
    }
    throw e;
  }
}

export async function issueCaseDocument(deps: Deps, staff: StaffSession, caseNo: string, kind: DocumentKind, eventId?: number): Promise<Issued> {
  if (!can(staff.role, 'case.register')) throw forbidden();
  const p = await scopedCase(deps.db, staff, caseNo);
  const facts = await caseFacts(deps, p.id, false);
  const why = unavailable(facts, kind, eventId);
  if (why) throw new AppError(409, 'document_unavailable', why);
  const ev = kind === 'report' ? undefined : eventFor(facts, kind, eventId);
  return issue(deps, staff, kind, ev ? `event:${ev.id}` : `petition:${p.id}`, [p.id], { caseNo, eventId: ev?.id ?? null });
}

export async function issueOverdueReport(deps: Deps, staff: StaffSession, caseNos: string[]): Promise<Issued> {
  if (!can(staff.role, 'case.register')) throw forbidden();
  const now = deps.now();
  const rows = await overdueRows(deps, staff, caseNos, now);
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  // The same selection on the same day is the same report.
  const subject = `overdue:${chinaDate(now)}:${crypto.createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 16)}`;
  // The report says what was true when it was issued: its rows are kept with it.
  return issue(deps, staff, 'overdue', subject, ids, { caseNos: rows.map((r) => r.caseNo), rows: rows.map((r) => ({ ...r, routedAt: r.routedAt?.toISOString() ?? null })) });
}
