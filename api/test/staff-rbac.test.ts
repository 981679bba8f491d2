// Calls every staff and auth endpoint as every role and as nobody, and asserts the status: 401
// without a session, 403 for a role the permission table (or the lifecycle table, for actions)
// refuses, the handler's answer for the roles it allows. The list lives in staff-endpoints.ts
// (the accuser-privacy test walks it too); a final check makes sure no route the application
// serves under /api/staff or /api/auth is missing from it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLES, type Role } from '../contract/enums.ts';
import type { TestEnv } from './harness.ts';
import { declaredStaffRoutes, staffEndpoints, type EndpointFixture } from './staff-endpoints.ts';
import { createStaff, fileOnline, mustAct, staffEnv, team, uploadPng, type Agent, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
let fx: EndpointFixture;
before(async () => {
  env = await staffEnv();
  t = await team(env);
  const attachment = await uploadPng(env);
  const c = await fileOnline(env, { attachmentIds: [attachment] });
  await mustAct(t.clerk, c.caseNo, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  const bulletin = await t.clerk.call('POST', '/api/staff/bulletins', { month: '2026-05' });
  assert.equal(bulletin.status, 201, JSON.stringify(bulletin.body));
  fx = { caseNo: c.caseNo, fileId: attachment, spareUserId: (await createStaff(env, t.admin, 'clerk')).user.id, otherAgencyId: t.otherAgencyId, bulletinId: bulletin.body.id };
});
after(() => env.close());

const agentFor = (role: Role): Agent => ({ admin: t.admin, clerk: t.clerk, leader: t.leader, agency: t.agency, editor: t.editor })[role];

test('every staff endpoint, as every role and as nobody', async () => {
  for (const e of staffEndpoints(fx)) {
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

test('the matrix covers every staff and auth route the application serves', () => {
  const covered = new Set(staffEndpoints(fx).map((e) => `${e.method} ${e.route}`));
  const declared = declaredStaffRoutes(env);
  assert.ok(declared.length > 60, `only ${declared.length} routes found`);
  for (const d of declared) assert.ok(covered.has(d), `not in the RBAC matrix (api/test/staff-endpoints.ts): ${d}`);
});
