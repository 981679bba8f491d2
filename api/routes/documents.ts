// The office's paper and referrals (issue 15), mounted at /api/staff: the documents a case can
// have and those issued (文号), issuing one, the 逾期未结通报 for a selection, an issued document as
// its print-ready page; a case's registration details, the 报结 to its referrer and the referrals
// list; 催办 of several cases at once. Handlers check one permission, validate, call one service
// or verb and answer.
import { Hono } from 'hono';
import { batchRemindRequest, CASE_DOCUMENT_KINDS, DOCUMENT_LABELS, issueDocumentRequest, overdueReportRequest, referralReportRequest } from '../contract/registration.ts';
import type { AppEnv } from '../context.ts';
import { caseFacts, unavailable } from '../documents/case-documents.ts';
import { DOCUMENT_CSP } from '../documents/layout.ts';
import { renderIssued } from '../documents/render.ts';
import { AppError, badRequest, readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { scopedCase } from '../services/case-scope.ts';
import { listReferrals } from '../services/referrals.ts';
import { registrationView } from '../services/registration-details.ts';
import { actOnPetition } from '../verbs/act-on-petition.ts';
import { issueCaseDocument, issueOverdueReport } from '../verbs/issue-document.ts';
import { reportReferral } from '../verbs/report-referral.ts';

export const documentRoutes = new Hono<AppEnv>();

documentRoutes.get('/petitions/:caseNo/documents', requireStaff('case.register'), async (c) => {
  const deps = c.get('deps');
  const p = await scopedCase(deps.db, staffOf(c), c.req.param('caseNo'));
  const facts = await caseFacts(deps, p.id, false);
  const issued = await deps.db.selectFrom('issued_documents').select(['id', 'kind', 'subject', 'doc_no', 'issued_at']).where(({ eb }) => eb(eb.val(String(p.id)), '=', eb.fn.any('petition_ids'))).orderBy('id').execute();
  const docOf = (kind: string, subject: string) => issued.find((d) => d.kind === kind && d.subject === subject);
  const items = CASE_DOCUMENT_KINDS.flatMap((kind) => {
    const perEvent = kind === 'supervise' || kind === 'remind';
    const evs = perEvent ? facts.events.filter((e) => e.type === kind) : [undefined];
    return evs
      .filter((e) => !unavailable(facts, kind, e?.id))
      .map((e) => {
        const ev = e ?? (kind === 'report' ? undefined : [...facts.events].reverse().find((x) => x.type === (kind === 'transfer' ? 'route' : kind) && (kind !== 'transfer' || ['forward', 'assign'].includes(String(x.data.mode)))));
        const d = docOf(kind, ev ? `event:${ev.id}` : `petition:${p.id}`);
        const mode = kind === 'transfer' ? String(ev?.data.mode) : '';
        return {
          kind,
          label: kind === 'transfer' ? (mode === 'forward' ? '转送函' : '交办函') : DOCUMENT_LABELS[kind],
          eventId: ev?.id ?? null,
          eventAt: ev?.at.toISOString() ?? null,
          issued: d ? { id: d.id, docNo: d.doc_no, url: `/api/staff/documents/${d.id}`, issuedAt: d.issued_at.toISOString() } : null,
        };
      });
  });
  c.header('Cache-Control', 'private, no-store');
  return c.json({ items, overdue: issued.filter((d) => d.kind === 'overdue').map((d) => ({ id: d.id, docNo: d.doc_no, url: `/api/staff/documents/${d.id}`, issuedAt: d.issued_at.toISOString() })) });
});

documentRoutes.post('/petitions/:caseNo/documents', requireStaff('case.register'), async (c) => {
  const input = await readJson(c, issueDocumentRequest);
  const r = await issueCaseDocument(c.get('deps'), staffOf(c), c.req.param('caseNo'), input.kind, input.eventId);
  return c.json(r, r.created ? 201 : 200);
});

documentRoutes.post('/documents/overdue-report', requireStaff('case.register'), async (c) => {
  const input = await readJson(c, overdueReportRequest);
  const r = await issueOverdueReport(c.get('deps'), staffOf(c), input.caseNos);
  return c.json(r, r.created ? 201 : 200);
});

documentRoutes.get('/documents/:id', requireStaff('case.register'), async (c) => {
  const html = await renderIssued(c.get('deps'), staffOf(c), c.req.param('id'), { named: c.req.query('named') === '1' });
  c.header('Content-Security-Policy', DOCUMENT_CSP);
  c.header('Cache-Control', 'private, no-store');
  return c.html(html);
});

documentRoutes.get('/petitions/:caseNo/registration', requireStaff('case.read'), async (c) => {
  c.header('Cache-Control', 'private, no-store');
  return c.json(await registrationView(c.get('deps'), staffOf(c), c.req.param('caseNo')));
});

documentRoutes.post('/petitions/:caseNo/referral-report', requireStaff('case.register'), async (c) => {
  const input = await readJson(c, referralReportRequest);
  return c.json(await reportReferral(c.get('deps'), staffOf(c), c.req.param('caseNo'), input));
});

// The published reception days of one date, for registering a visit taken on one.
documentRoutes.get('/registration/reception-days', requireStaff('case.register'), async (c) => {
  const date = c.req.query('date') ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw badRequest('日期格式应为 YYYY-MM-DD', { date: '日期格式应为 YYYY-MM-DD' });
  const rows = await c.get('deps').db
    .selectFrom('reception_days')
    .select(['id', 'day', 'start_time', 'end_time', 'place', 'leader', 'topics'])
    .where('published', '=', true)
    .where('day', '=', date)
    .orderBy('start_time')
    .execute();
  return c.json({ items: rows.map((r) => ({ id: r.id, date: r.day, startTime: r.start_time, endTime: r.end_time, place: r.place, leader: r.leader, topics: r.topics })) });
});

documentRoutes.get('/referrals', requireStaff('case.register'), async (c) => {
  const state = c.req.query('state') === 'reported' ? 'reported' : 'awaiting';
  c.header('Cache-Control', 'private, no-store');
  return c.json(await listReferrals(c.get('deps'), staffOf(c), state));
});

// 催办 several cases at once: each case is its own action (its own transaction and event), so one
// case that may not be reminded does not stop the others; the answer says which and why.
documentRoutes.post('/petitions/batch/remind', requireStaff('case.register'), async (c) => {
  const input = await readJson(c, batchRemindRequest);
  const done: string[] = [];
  const refused: Array<{ caseNo: string; message: string }> = [];
  for (const caseNo of [...new Set(input.caseNos)]) {
    try {
      await actOnPetition(c.get('deps'), staffOf(c), caseNo, { action: 'remind', note: input.note });
      done.push(caseNo);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      refused.push({ caseNo, message: e.status === 409 ? '当前状态不能催办（只有办理中的信访件可以催办）' : e.message });
    }
  }
  return c.json({ done, refused });
});

registerOperation({ method: 'get', path: '/api/staff/petitions/{caseNo}/documents', summary: '信访件可出具的文书及已出具的文号', auth: true });
registerOperation({ method: 'post', path: '/api/staff/petitions/{caseNo}/documents', summary: '出具文书（首次出具时编文号）', body: issueDocumentRequest, status: 201, auth: true });
registerOperation({ method: 'post', path: '/api/staff/documents/overdue-report', summary: '出具逾期未结通报（所选信访件）', body: overdueReportRequest, status: 201, auth: true });
registerOperation({ method: 'get', path: '/api/staff/documents/{id}', summary: '文书打印页（A4，党政机关公文格式）', auth: true });
registerOperation({ method: 'get', path: '/api/staff/petitions/{caseNo}/registration', summary: '信访件来源、转交人、报结情况及台账导入信息', auth: true });
registerOperation({ method: 'post', path: '/api/staff/petitions/{caseNo}/referral-report', summary: '向转交人报结（代表转来、领导批转、上级人大交办）', body: referralReportRequest, auth: true });
registerOperation({ method: 'get', path: '/api/staff/registration/reception-days', summary: '某日已公布的领导接待日（登记来访用）', auth: true });
registerOperation({ method: 'get', path: '/api/staff/referrals', summary: '待报结 / 已报结的转交信访件', auth: true });
registerOperation({ method: 'post', path: '/api/staff/petitions/batch/remind', summary: '批量催办', body: batchRemindRequest, auth: true });
