// Test support: every staff and auth endpoint of the application, with how to call it and which
// roles it answers (the RBAC matrix, api/test/staff-rbac.test.ts) — also walked as an agency
// officer by the accuser-privacy test (api/test/accuser-privacy.test.ts). `declaredStaffRoutes`
// reads the routes the application actually has, so an endpoint added anywhere under /api/staff
// or /api/auth fails both tests until it is listed here.
import { ROLES, type Role } from '../contract/enums.ts';
import { REPEAT_DEFAULTS } from '../contract/analysis.ts';
import type { TestEnv } from './harness.ts';

export const OFFICE: Role[] = ['clerk', 'leader'];
export const CASE_READERS: Role[] = ['clerk', 'leader', 'agency'];
export const ADMIN: Role[] = ['admin'];
export const EDITOR: Role[] = ['editor'];
export const EVERYONE: Role[] = [...ROLES];

/** What the endpoints' paths and bodies refer to. */
export type EndpointFixture = {
  caseNo: string;
  fileId: string;
  spareUserId: string;
  otherAgencyId: string;
  bulletinId: string;
};

export type Endpoint = { method: string; path: string; route: string; body?: () => unknown; allowed: Role[]; ok: number };

const NO_SUCH = '00000000-0000-4000-8000-000000000000';
let n = 0;
const uniq = () => `${Date.now().toString(36)}${++n}`;

/** Every staff and auth endpoint; `ok` is the status an allowed role gets (a 400 or 404 proves
 *  the permission let it through to the handler). */
export const staffEndpoints = (fx: EndpointFixture): Endpoint[] => [
  { method: 'GET', route: '/api/auth/me', path: '/api/auth/me', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/auth/password', path: '/api/auth/password', body: () => ({ currentPassword: 'not-the-password', newPassword: 'whatever-new-1' }), allowed: EVERYONE, ok: 400 },
  { method: 'GET', route: '/api/staff/petitions', path: '/api/staff/petitions', allowed: CASE_READERS, ok: 200 },
  { method: 'GET', route: '/api/staff/petitions/counts', path: '/api/staff/petitions/counts', allowed: CASE_READERS, ok: 200 },
  {
    method: 'POST', route: '/api/staff/petitions', path: '/api/staff/petitions', allowed: OFFICE, ok: 201,
    body: () => ({ channel: 'phone', purpose: 'inquiry', categoryCode: 'labor.wages', title: '电话咨询', content: '咨询工资支付', anonymous: true }),
  },
  { method: 'GET', route: '/api/staff/petitions/:caseNo', path: `/api/staff/petitions/${fx.caseNo}`, allowed: CASE_READERS, ok: 200 },
  { method: 'POST', route: '/api/staff/petitions/:caseNo/actions', path: `/api/staff/petitions/${fx.caseNo}/actions`, body: () => ({ action: 'note', text: '备注' }), allowed: CASE_READERS, ok: 200 },
  // Revealing needs case.read and identity.reveal: the admin reads no case, so reveals none.
  { method: 'POST', route: '/api/staff/petitions/:caseNo/actions', path: `/api/staff/petitions/${fx.caseNo}/actions`, body: () => ({ action: 'reveal_identity', reason: '核对' }), allowed: CASE_READERS, ok: 200 },
  { method: 'GET', route: '/api/staff/petitions/:caseNo/repeats', path: `/api/staff/petitions/${fx.caseNo}/repeats`, allowed: CASE_READERS, ok: 200 },
  { method: 'POST', route: '/api/staff/petitions/:caseNo/repeats/confirm', path: `/api/staff/petitions/${fx.caseNo}/repeats/confirm`, body: () => ({ earlierCaseNo: '2001-999999' }), allowed: OFFICE, ok: 400 },
  { method: 'POST', route: '/api/staff/petitions/:caseNo/repeats/dismiss', path: `/api/staff/petitions/${fx.caseNo}/repeats/dismiss`, body: () => ({ earlierCaseNo: '2001-999999' }), allowed: OFFICE, ok: 400 },
  { method: 'GET', route: '/api/staff/attachments/:id', path: `/api/staff/attachments/${fx.fileId}`, allowed: CASE_READERS, ok: 200 },
  { method: 'GET', route: '/api/staff/overview/agencies', path: '/api/staff/overview/agencies', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/stats', path: '/api/staff/stats?from=2026-01-01&to=2026-12-31', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/stats/series', path: '/api/staff/stats/series?from=2026-01-01&to=2026-12-31', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/stats/agencies', path: '/api/staff/stats/agencies?from=2026-01-01&to=2026-12-31', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/analysis/cases', path: '/api/staff/analysis/cases?repeat=1', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/repeat-detection', path: '/api/staff/settings/repeat-detection', allowed: CASE_READERS, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/repeat-detection', path: '/api/staff/settings/repeat-detection', body: () => REPEAT_DEFAULTS, allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/staff/ledger/uploads', path: '/api/staff/ledger/uploads', body: () => ({}), allowed: ['clerk'], ok: 400 },
  { method: 'POST', route: '/api/staff/ledger/imports/dry-run', path: '/api/staff/ledger/imports/dry-run', body: () => ({ uploadId: NO_SUCH, mapping: {} }), allowed: ['clerk'], ok: 404 },
  { method: 'POST', route: '/api/staff/ledger/imports', path: '/api/staff/ledger/imports', body: () => ({ uploadId: NO_SUCH, mapping: {} }), allowed: ['clerk'], ok: 404 },
  { method: 'GET', route: '/api/staff/ledger/export', path: '/api/staff/ledger/export?format=csv', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/bulletins', path: '/api/staff/bulletins', allowed: OFFICE, ok: 200 },
  { method: 'POST', route: '/api/staff/bulletins', path: '/api/staff/bulletins', body: () => ({ month: `20${10 + (n++ % 10)}-0${1 + (n % 9)}` }), allowed: OFFICE, ok: 201 },
  { method: 'GET', route: '/api/staff/bulletins/:id', path: `/api/staff/bulletins/${fx.bulletinId}`, allowed: OFFICE, ok: 200 },
  { method: 'PUT', route: '/api/staff/bulletins/:id', path: `/api/staff/bulletins/${NO_SUCH}`, body: () => ({ revision: 1, title: '通报', sections: [], notable: [] }), allowed: OFFICE, ok: 404 },
  { method: 'POST', route: '/api/staff/bulletins/:id/regenerate', path: `/api/staff/bulletins/${NO_SUCH}/regenerate`, allowed: OFFICE, ok: 404 },
  { method: 'POST', route: '/api/staff/bulletins/:id/publish', path: `/api/staff/bulletins/${NO_SUCH}/publish`, allowed: OFFICE, ok: 404 },
  { method: 'GET', route: '/api/staff/bulletins/:id/print', path: `/api/staff/bulletins/${fx.bulletinId}/print`, allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/bulletins/:id/xlsx', path: `/api/staff/bulletins/${fx.bulletinId}/xlsx`, allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/users', path: '/api/staff/users', allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/staff/users', path: '/api/staff/users', body: () => ({ username: `u${uniq()}`, password: 'long-enough-pass-1', role: 'editor' }), allowed: ADMIN, ok: 201 },
  { method: 'PATCH', route: '/api/staff/users/:id', path: `/api/staff/users/${fx.spareUserId}`, body: () => ({ displayName: '改名' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/agencies', path: '/api/staff/agencies', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/staff/agencies', path: '/api/staff/agencies', body: () => ({ name: `单位${uniq()}`, kind: 'court' }), allowed: ADMIN, ok: 201 },
  { method: 'PATCH', route: '/api/staff/agencies/:id', path: `/api/staff/agencies/${fx.otherAgencyId}`, body: () => ({ contact: '电话 12345' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/categories', path: '/api/staff/categories', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/staff/categories', path: '/api/staff/categories', body: () => ({ code: `labor.x${uniq()}`, parentCode: 'labor', name: '新分类' }), allowed: ADMIN, ok: 201 },
  { method: 'PATCH', route: '/api/staff/categories/:code', path: '/api/staff/categories/labor.wages', body: () => ({ name: '拖欠工资' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/calendar', path: '/api/staff/calendar?year=2026', allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/calendar/status', path: '/api/staff/calendar/status', allowed: EVERYONE, ok: 200 },
  // A year's schedule must rest on every statutory holiday of it: this one does not (400 naming them).
  { method: 'POST', route: '/api/staff/calendar/import', path: '/api/staff/calendar/import', body: () => ({ csv: 'date,kind,name\n2027-01-01,holiday,元旦\n' }), allowed: ADMIN, ok: 400 },
  { method: 'PUT', route: '/api/staff/calendar/:date', path: '/api/staff/calendar/2027-05-06', body: () => ({ kind: 'holiday', name: '测试' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/clocks', path: '/api/staff/settings/clocks', allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/clocks', path: '/api/staff/settings/clocks', body: () => ({ accept: { days: 15, unit: 'calendar' } }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/procedure', path: '/api/staff/settings/procedure', allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/procedure', path: '/api/staff/settings/procedure', body: () => ({ postalDays: 7 }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/office', path: '/api/staff/settings/office', allowed: EVERYONE, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/office', path: '/api/staff/settings/office', body: () => ({ name: '测试市人大常委会' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/retention', path: '/api/staff/settings/retention', allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/retention', path: '/api/staff/settings/retention', body: () => ({ days: 1825 }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/articles', path: '/api/staff/articles', allowed: EDITOR, ok: 200 },
  { method: 'POST', route: '/api/staff/articles', path: '/api/staff/articles', body: () => ({ section: 'faq', slug: `a-${uniq()}`, title: '标题', body: '正文' }), allowed: EDITOR, ok: 201 },
  { method: 'POST', route: '/api/staff/articles/preview', path: '/api/staff/articles/preview', body: () => ({ body: '正文' }), allowed: EDITOR, ok: 200 },
  { method: 'GET', route: '/api/staff/articles/:id', path: `/api/staff/articles/${NO_SUCH}`, allowed: EDITOR, ok: 404 },
  { method: 'PUT', route: '/api/staff/articles/:id', path: `/api/staff/articles/${NO_SUCH}`, body: () => ({ section: 'faq', slug: `a-${uniq()}`, title: '标题', body: '正文' }), allowed: EDITOR, ok: 404 },
  { method: 'POST', route: '/api/staff/articles/:id/publish', path: `/api/staff/articles/${NO_SUCH}/publish`, body: () => ({}), allowed: EDITOR, ok: 404 },
  { method: 'POST', route: '/api/staff/articles/:id/unpublish', path: `/api/staff/articles/${NO_SUCH}/unpublish`, allowed: EDITOR, ok: 404 },
  { method: 'POST', route: '/api/staff/articles/:id/restore', path: `/api/staff/articles/${NO_SUCH}/restore`, body: () => ({ revision: 1 }), allowed: EDITOR, ok: 404 },
  { method: 'GET', route: '/api/staff/articles/:id/revisions', path: `/api/staff/articles/${NO_SUCH}/revisions`, allowed: EDITOR, ok: 404 },
  { method: 'GET', route: '/api/staff/articles/:id/revisions/:revision', path: `/api/staff/articles/${NO_SUCH}/revisions/1`, allowed: EDITOR, ok: 404 },
  { method: 'GET', route: '/api/staff/articles/:id/diff', path: `/api/staff/articles/${NO_SUCH}/diff?from=1&to=2`, allowed: EDITOR, ok: 404 },
  { method: 'GET', route: '/api/staff/reception-days', path: '/api/staff/reception-days', allowed: EDITOR, ok: 200 },
  {
    method: 'POST', route: '/api/staff/reception-days', path: '/api/staff/reception-days', allowed: EDITOR, ok: 201,
    body: () => ({ date: '2099-05-20', startTime: '09:00', endTime: '11:00', place: '接待室', leader: '主任', topics: '' }),
  },
  {
    method: 'PUT', route: '/api/staff/reception-days/:id', path: `/api/staff/reception-days/${NO_SUCH}`, allowed: EDITOR, ok: 404,
    body: () => ({ date: '2099-05-20', startTime: '09:00', endTime: '11:00', place: '接待室', leader: '主任', topics: '' }),
  },
  { method: 'DELETE', route: '/api/staff/reception-days/:id', path: `/api/staff/reception-days/${NO_SUCH}`, allowed: EDITOR, ok: 404 },
  { method: 'GET', route: '/api/staff/guide', path: '/api/staff/guide', allowed: EDITOR, ok: 200 },
  { method: 'PUT', route: '/api/staff/guide', path: '/api/staff/guide', body: () => ({ nodes: [] }), allowed: EDITOR, ok: 400 },
  // Scanned letters and triage suggestions (issue 17). The upload without files is a 400.
  { method: 'GET', route: '/api/staff/letters/engine', path: '/api/staff/letters/engine', allowed: OFFICE, ok: 200 },
  { method: 'POST', route: '/api/staff/letters', path: '/api/staff/letters', body: () => ({}), allowed: OFFICE, ok: 400 },
  { method: 'GET', route: '/api/staff/letters', path: '/api/staff/letters', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/letters/:id', path: `/api/staff/letters/${NO_SUCH}`, allowed: OFFICE, ok: 404 },
  { method: 'GET', route: '/api/staff/letters/:id/pages/:page', path: `/api/staff/letters/${NO_SUCH}/pages/1`, allowed: OFFICE, ok: 404 },
  { method: 'POST', route: '/api/staff/suggestions', path: '/api/staff/suggestions', body: () => ({ title: '拖欠工资', content: '公司拖欠工资三个月' }), allowed: OFFICE, ok: 200 },
  { method: 'POST', route: '/api/staff/suggestions/:id/registered', path: `/api/staff/suggestions/${NO_SUCH}/registered`, body: () => ({ caseNo: '2001-999999' }), allowed: OFFICE, ok: 404 },
  { method: 'GET', route: '/api/staff/suggestions/uptake', path: '/api/staff/suggestions/uptake', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/suggestion-rules', path: '/api/staff/suggestion-rules', allowed: EDITOR, ok: 200 },
  { method: 'POST', route: '/api/staff/suggestion-rules', path: '/api/staff/suggestion-rules', body: () => ({ name: `规则${uniq()}`, keywords: ['测试词'], scope: 'government' }), allowed: EDITOR, ok: 201 },
  { method: 'PUT', route: '/api/staff/suggestion-rules/:id', path: `/api/staff/suggestion-rules/${NO_SUCH}`, body: () => ({ name: '规则', keywords: ['测试词'], scope: 'government' }), allowed: EDITOR, ok: 404 },
  { method: 'DELETE', route: '/api/staff/suggestion-rules/:id', path: `/api/staff/suggestion-rules/${NO_SUCH}`, allowed: EDITOR, ok: 404 },
  { method: 'GET', route: '/api/staff/guidance/synonyms', path: '/api/staff/guidance/synonyms', allowed: EDITOR, ok: 200 },
  { method: 'PUT', route: '/api/staff/guidance/synonyms', path: '/api/staff/guidance/synonyms', body: () => ({ groups: ['孤单'] }), allowed: EDITOR, ok: 400 },
  // Staff sign-in security (issue 16).
  { method: 'POST', route: '/api/auth/totp/setup', path: '/api/auth/totp/setup', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/auth/totp/confirm', path: '/api/auth/totp/confirm', body: () => ({ code: '000000' }), allowed: EVERYONE, ok: 400 },
  { method: 'POST', route: '/api/staff/users/:id/unlock', path: `/api/staff/users/${fx.spareUserId}/unlock`, allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/staff/users/:id/totp/reset', path: `/api/staff/users/${fx.spareUserId}/totp/reset`, allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/security', path: '/api/staff/settings/security', allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/security', path: '/api/staff/settings/security', body: () => ({ idleMinutes: 30 }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/audit', path: '/api/staff/audit?limit=5', allowed: ADMIN, ok: 200 },
  // Issue 15: the ledger's refused rows, aliases, documents, registration details and referrals.
  { method: 'POST', route: '/api/staff/ledger/imports/dry-run/refused.xlsx', path: '/api/staff/ledger/imports/dry-run/refused.xlsx', body: () => ({ uploadId: NO_SUCH, mapping: {} }), allowed: ['clerk'], ok: 404 },
  { method: 'GET', route: '/api/staff/ledger/imports/:id/refused.xlsx', path: `/api/staff/ledger/imports/${NO_SUCH}/refused.xlsx`, allowed: ['clerk'], ok: 404 },
  { method: 'GET', route: '/api/staff/aliases', path: '/api/staff/aliases', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/staff/agencies/:id/aliases', path: `/api/staff/agencies/${fx.otherAgencyId}/aliases`, body: () => ({ alias: `别名${uniq()}` }), allowed: ADMIN, ok: 201 },
  { method: 'DELETE', route: '/api/staff/agencies/:id/aliases/:alias', path: `/api/staff/agencies/${fx.otherAgencyId}/aliases/${encodeURIComponent('没有的别名')}`, allowed: ADMIN, ok: 404 },
  { method: 'POST', route: '/api/staff/categories/:code/aliases', path: '/api/staff/categories/labor.wages/aliases', body: () => ({ alias: `欠薪${uniq()}` }), allowed: ADMIN, ok: 201 },
  { method: 'DELETE', route: '/api/staff/categories/:code/aliases/:alias', path: `/api/staff/categories/labor.wages/aliases/${encodeURIComponent('没有的别名')}`, allowed: ADMIN, ok: 404 },
  { method: 'GET', route: '/api/staff/petitions/:caseNo/documents', path: `/api/staff/petitions/${fx.caseNo}/documents`, allowed: OFFICE, ok: 200 },
  // Not a referral: no 报结函 (409 proves the permission let it through).
  { method: 'POST', route: '/api/staff/petitions/:caseNo/documents', path: `/api/staff/petitions/${fx.caseNo}/documents`, body: () => ({ kind: 'report' }), allowed: OFFICE, ok: 409 },
  { method: 'POST', route: '/api/staff/documents/overdue-report', path: '/api/staff/documents/overdue-report', body: () => ({ caseNos: ['2001-999999'] }), allowed: OFFICE, ok: 400 },
  { method: 'GET', route: '/api/staff/documents/:id', path: '/api/staff/documents/999999999', allowed: OFFICE, ok: 404 },
  { method: 'GET', route: '/api/staff/petitions/:caseNo/registration', path: `/api/staff/petitions/${fx.caseNo}/registration`, allowed: CASE_READERS, ok: 200 },
  { method: 'POST', route: '/api/staff/petitions/:caseNo/referral-report', path: `/api/staff/petitions/${fx.caseNo}/referral-report`, body: () => ({}), allowed: OFFICE, ok: 409 },
  { method: 'GET', route: '/api/staff/registration/reception-days', path: '/api/staff/registration/reception-days?date=2026-05-20', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/referrals', path: '/api/staff/referrals', allowed: OFFICE, ok: 200 },
  { method: 'POST', route: '/api/staff/petitions/batch/remind', path: '/api/staff/petitions/batch/remind', body: () => ({ caseNos: ['2001-999999'], note: '请抓紧办理' }), allowed: OFFICE, ok: 200 },
  { method: 'POST', route: '/api/auth/logout', path: '/api/auth/logout', allowed: EVERYONE, ok: 200 },
];

/** Every staff and auth route the application serves, as "METHOD /path/:param" (the session-less
 *  login is tested on its own, in staff-auth.test.ts). */
export function declaredStaffRoutes(env: TestEnv): string[] {
  const out = new Set<string>();
  for (const r of env.app.routes) {
    if (r.method === 'ALL') continue; // middleware
    if (!r.path.startsWith('/api/staff/') && !r.path.startsWith('/api/auth/') && r.path !== '/api/staff') continue;
    if (r.path === '/api/auth/login') continue;
    out.add(`${r.method} ${r.path.replace(/\/$/, '')}`);
  }
  return [...out].sort();
}
