// What the console reads of a scanned letter (issue 17): its recognition status and progress,
// and once done the text, the fields and where on the page each was read, the confidence, the
// suggestions, and the page images. Office staff who register cases may read any letter of the
// last day (a registration desk is shared); the text is opened from its seal only here.
import { sql } from 'kysely';
import { LETTER_LIMITS, LETTER_STATUS_LABELS, LOW_CONFIDENCE_MESSAGE, type LetterStatus } from '../contract/letters-vocab.ts';
import type { Deps, StaffSession } from '../context.ts';
import { can } from '../domain/permissions.ts';
import { forbidden, notFound } from '../http/errors.ts';
import type { LetterResult } from '../jobs/letter-recognition.ts';
import { openAttachment } from './staff-attachments.ts';

type Who = Pick<StaffSession, 'userId' | 'role'>;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY_FIELDS = { names: [], phones: [], idNumbers: [], address: '', date: '', signatories: 0 };

function progressOf(status: string, total: number, done: number): number {
  if (status === 'done') return 1;
  if (!total) return 0;
  return Math.round((done / total) * 1000) / 1000;
}

const FRESH = (deps: Deps) => new Date(deps.now().getTime() - LETTER_LIMITS.keepHours * 3600_000);

/** One letter as GET /api/staff/letters/{id} answers it. */
export async function letterView(deps: Deps, who: Who, id: string) {
  if (!can(who.role, 'case.register')) throw forbidden();
  if (!UUID_RE.test(id)) throw notFound('扫描件不存在或已超过保存期限');
  const row = await deps.db
    .selectFrom('letters as l')
    .leftJoin('attachments as a', 'a.id', 'l.attachment_id')
    .leftJoin('petitions as p', 'p.id', 'a.petition_id')
    .select(['l.id', 'l.name', 'l.type', 'l.status', 'l.pages_total', 'l.pages_done', 'l.error', 'l.confidence', 'l.result_enc', 'l.attachment_id', 'a.size as attachment_size', 'l.created_at', 'l.finished_at', 'p.case_no'])
    .where('l.id', '=', id)
    .where('l.created_at', '>=', FRESH(deps))
    .executeTakeFirst();
  if (!row) throw notFound('扫描件不存在或已超过保存期限');
  const pages = await deps.db.selectFrom('letter_pages').select(['page', 'width', 'height']).where('letter_id', '=', id).orderBy('page').execute();
  const result: LetterResult | null = row.result_enc ? JSON.parse(deps.keys.open(row.result_enc)) : null;
  const done = row.status === 'done' && result;
  const low = done ? result.low : false;
  const ok = done && !result.low ? result : null;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    status: row.status as LetterStatus,
    statusLabel: LETTER_STATUS_LABELS[row.status as LetterStatus] ?? row.status,
    progress: progressOf(row.status, row.pages_total, row.pages_done),
    pagesTotal: row.pages_total,
    pagesDone: row.pages_done,
    error: row.error,
    confidence: row.confidence,
    lowConfidence: low,
    message: low ? LOW_CONFIDENCE_MESSAGE : null,
    text: ok?.text ?? '',
    title: ok?.title ?? '',
    request: ok?.request ?? '',
    fields: ok?.fields ?? EMPTY_FIELDS,
    regions: ok?.regions ?? {},
    pages: pages.map((p) => ({ page: p.page, width: p.width, height: p.height, url: `/api/staff/letters/${row.id}/pages/${p.page}` })),
    attachmentId: row.attachment_id,
    attachmentSize: row.attachment_size ?? null,
    caseNo: row.case_no ?? null,
    suggestionId: ok?.suggestionId ?? null,
    suggestions: ok?.suggestions ? { id: ok.suggestionId, ...ok.suggestions } : null,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** The signed-in member's letters of the last day, newest first (the console's list). */
export async function myLetters(deps: Deps, who: Who) {
  if (!can(who.role, 'case.register')) throw forbidden();
  const { rows } = await sql<{ id: string; name: string; status: string; pages_total: number; pages_done: number; error: string | null; confidence: number | null; case_no: string | null; created_at: Date }>`
    SELECT l.id, l.name, l.status, l.pages_total, l.pages_done, l.error, l.confidence, p.case_no, l.created_at
      FROM letters l LEFT JOIN attachments a ON a.id = l.attachment_id LEFT JOIN petitions p ON p.id = a.petition_id
     WHERE l.created_by = ${who.userId} AND l.created_at >= ${FRESH(deps)}
     ORDER BY l.created_at DESC, l.id LIMIT 50`.execute(deps.db);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      progress: progressOf(r.status, r.pages_total, r.pages_done),
      pagesTotal: r.pages_total,
      pagesDone: r.pages_done,
      error: r.error,
      confidence: r.confidence,
      caseNo: r.case_no,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

/** A page image: a PDF page's preview, or the uploaded image itself. */
export async function letterPage(deps: Deps, who: Who, id: string, page: number) {
  if (!can(who.role, 'case.register')) throw forbidden();
  const missing = () => notFound('页面不存在');
  if (!UUID_RE.test(id) || !Number.isInteger(page) || page < 1) throw missing();
  const row = await deps.db
    .selectFrom('letters as l')
    .innerJoin('letter_pages as g', 'g.letter_id', 'l.id')
    .leftJoin('attachments as a', 'a.id', 'l.attachment_id')
    .select(['g.preview', 'g.preview_type', 'a.data', 'a.sealed', 'a.type'])
    .where('l.id', '=', id)
    .where('g.page', '=', page)
    .where('l.created_at', '>=', FRESH(deps))
    .executeTakeFirst();
  // Both are sealed at rest: a preview always, the scan like every attachment.
  if (row?.preview && row.preview_type) return { type: row.preview_type, data: deps.keys.openBytes(row.preview) };
  if (row?.data && row.type && row.type !== 'application/pdf') return { type: row.type, data: openAttachment(deps, { data: row.data, sealed: row.sealed ?? false }) };
  throw missing();
}
