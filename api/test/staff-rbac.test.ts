// Calls every staff and auth endpoint as every role and as nobody, and asserts the status: 401
// without a session, 403 for a role the permission table (or the lifecycle table, for actions)
// refuses, success for the roles it allows. A final check makes sure no endpoint of these routers
// is missing from the matrix.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLES, type Role } from '../contract/enums.ts';
import { authRoutes } from '../routes/auth.ts';
import { staffAdminRoutes } from '../routes/staff-admin.ts';
import { staffCaseRoutes } from '../routes/staff-cases.ts';
import type { TestEnv } from './harness.ts';
import { createStaff, fileOnline, mustAct, staffEnv, team, uploadPng, type Agent, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
let caseNo = '';
let fileId = '';
let spareUserId = '';
before(async () => {
  env = await staffEnv();
  t = await team(env);
  const attachment = await uploadPng(env);
  const c = await fileOnline(env, { attachmentIds: [attachment] });
  await mustAct(t.clerk, c.caseNo, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  caseNo = c.caseNo;
  fileId = attachment;
  spareUserId = (await createStaff(env, t.admin, 'clerk')).user.id;
});
after(() => env.close());

let n = 0;
const uniq = () => `${Date.now().toString(36)}${++n}`;
const OFFICE: Role[] = ['clerk', 'leader'];
const CASE_READERS: Role[] = ['clerk', 'leader', 'agency'];
const ADMIN: Role[] = ['admin'];
const EVERYONE: Role[] = [...ROLES];

type Endpoint = { method: string; path: string; route: string; body?: () => unknown; allowed: Role[]; ok: number };
const endpoints = (): Endpoint[] => [
  { method: 'GET', route: '/api/auth/me', path: '/api/auth/me', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/auth/password', path: '/api/auth/password', body: () => ({ currentPassword: 'not-the-password', newPassword: 'whatever-new-1' }), allowed: EVERYONE, ok: 400 },
  { method: 'GET', route: '/api/staff/petitions', path: '/api/staff/petitions', allowed: CASE_READERS, ok: 200 },
  { method: 'GET', route: '/api/staff/petitions/counts', path: '/api/staff/petitions/counts', allowed: CASE_READERS, ok: 200 },
  {
    method: 'POST', route: '/api/staff/petitions', path: '/api/staff/petitions', allowed: OFFICE, ok: 201,
    body: () => ({ channel: 'phone', purpose: 'inquiry', categoryCode: 'labor.wages', title: '电话咨询', content: '咨询工资支付', anonymous: true }),
  },
  { method: 'GET', route: '/api/staff/petitions/:caseNo', path: `/api/staff/petitions/${caseNo}`, allowed: CASE_READERS, ok: 200 },
  { method: 'POST', route: '/api/staff/petitions/:caseNo/actions', path: `/api/staff/petitions/${caseNo}/actions`, body: () => ({ action: 'note', text: '备注' }), allowed: CASE_READERS, ok: 200 },
  { method: 'POST', route: '/api/staff/petitions/:caseNo/actions', path: `/api/staff/petitions/${caseNo}/actions`, body: () => ({ action: 'reveal_identity', reason: '核对' }), allowed: ['clerk', 'leader', 'agency', 'admin'], ok: 200 },
  { method: 'GET', route: '/api/staff/attachments/:id', path: `/api/staff/attachments/${fileId}`, allowed: CASE_READERS, ok: 200 },
  { method: 'GET', route: '/api/staff/overview/agencies', path: '/api/staff/overview/agencies', allowed: OFFICE, ok: 200 },
  { method: 'GET', route: '/api/staff/users', path: '/api/staff/users', allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/staff/users', path: '/api/staff/users', body: () => ({ username: `u${uniq()}`, password: 'long-enough-pass-1', role: 'editor' }), allowed: ADMIN, ok: 201 },
  { method: 'PATCH', route: '/api/staff/users/:id', path: `/api/staff/users/${spareUserId}`, body: () => ({ displayName: '改名' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/agencies', path: '/api/staff/agencies', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/staff/agencies', path: '/api/staff/agencies', body: () => ({ name: `单位${uniq()}`, kind: 'court' }), allowed: ADMIN, ok: 201 },
  { method: 'PATCH', route: '/api/staff/agencies/:id', path: `/api/staff/agencies/${t.otherAgencyId}`, body: () => ({ contact: '电话 12345' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/categories', path: '/api/staff/categories', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/staff/categories', path: '/api/staff/categories', body: () => ({ code: `labor.x${uniq()}`, parentCode: 'labor', name: '新分类' }), allowed: ADMIN, ok: 201 },
  { method: 'PATCH', route: '/api/staff/categories/:code', path: '/api/staff/categories/labor.wages', body: () => ({ name: '拖欠工资' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/calendar', path: '/api/staff/calendar?year=2026', allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/staff/calendar/import', path: '/api/staff/calendar/import', body: () => ({ csv: 'date,kind,name\n2027-01-01,holiday,元旦\n' }), allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/calendar/:date', path: '/api/staff/calendar/2027-05-06', body: () => ({ kind: 'holiday', name: '测试' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/clocks', path: '/api/staff/settings/clocks', allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/clocks', path: '/api/staff/settings/clocks', body: () => ({ accept: { days: 15, unit: 'calendar' } }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/office', path: '/api/staff/settings/office', allowed: EVERYONE, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/office', path: '/api/staff/settings/office', body: () => ({ name: '测试市人大常委会' }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/retention', path: '/api/staff/settings/retention', allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/retention', path: '/api/staff/settings/retention', body: () => ({ days: 1825 }), allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/auth/totp/setup', path: '/api/auth/totp/setup', allowed: EVERYONE, ok: 200 },
  { method: 'POST', route: '/api/auth/totp/confirm', path: '/api/auth/totp/confirm', body: () => ({ code: '000000' }), allowed: EVERYONE, ok: 400 },
  { method: 'POST', route: '/api/staff/users/:id/unlock', path: `/api/staff/users/${spareUserId}/unlock`, allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/staff/users/:id/totp/reset', path: `/api/staff/users/${spareUserId}/totp/reset`, allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/settings/security', path: '/api/staff/settings/security', allowed: ADMIN, ok: 200 },
  { method: 'PUT', route: '/api/staff/settings/security', path: '/api/staff/settings/security', body: () => ({ idleMinutes: 30 }), allowed: ADMIN, ok: 200 },
  { method: 'GET', route: '/api/staff/audit', path: '/api/staff/audit?limit=5', allowed: ADMIN, ok: 200 },
  { method: 'POST', route: '/api/auth/logout', path: '/api/auth/logout', allowed: EVERYONE, ok: 200 },
];

const agentFor = (role: Role): Agent => ({ admin: t.admin, clerk: t.clerk, leader: t.leader, agency: t.agency, editor: t.editor })[role];

test('every staff endpoint, as every role and as nobody', async () => {
  for (const e of endpoints()) {
    const anon = await env.call(e.method, e.path, e.body?.());
    assert.equal(anon.status, 401, `nobody ${e.method} ${e.path}`);
    assert.equal(anon.body.error.code, 'unauthenticated');
    for (const role of ROLES) {
      const r = await agentFor(role).call(e.method, e.path, e.body?.());
      const want = e.allowed.includes(role) ? e.ok : 403;
      assert.equal(r.status, want, `${role} ${e.method} ${e.path}: ${typeof r.body === 'object' ? JSON.stringify(r.body).slice(0, 200) : ''}`);
    }
  }
});

test('the matrix covers every route of the auth and staff routers', () => {
  const covered = new Set(endpoints().map((e) => `${e.method} ${e.route}`));
  covered.add('POST /api/auth/login'); // the one endpoint without a session, covered in staff-auth.test.ts
  const declared = [
    ...authRoutes.routes.map((r) => `${r.method} /api/auth${r.path}`),
    ...staffCaseRoutes.routes.map((r) => `${r.method} /api/staff${r.path}`),
    ...staffAdminRoutes.routes.map((r) => `${r.method} /api/staff${r.path}`),
  ];
  for (const d of new Set(declared)) assert.ok(covered.has(d), `not in the RBAC matrix: ${d}`);
});
