// The office's identity is a setting: named from OFFICE_* on a first start, changed by the admin
// (audited, before/after), read by the portal through /api/public/office; the admin audit log
// refuses changes and deletions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { testEnv, type TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, createStaff, login } from './staff-helpers.ts';

let env: TestEnv;
before(async () => {
  env = await testEnv({ adminPassword: ADMIN_PASSWORD, office: { name: '东湖市人大常委会', phone: '0571-12345678' } });
});
after(() => env.close());

test('a first start names the office from OFFICE_*; the portal reads it', async () => {
  const r = await env.call('GET', '/api/public/office');
  assert.equal(r.status, 200);
  assert.equal(r.body.name, '东湖市人大常委会');
  assert.equal(r.body.phone, '0571-12345678');
  assert.equal(r.body.address, '');
  assert.equal(r.body.docPrefix, undefined, 'the document prefix is internal');
});

test('the admin changes the office identity; the change is an audit row with before and after', async () => {
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  const bad = await admin.call('PUT', '/api/staff/settings/office', { name: '', postcode: '12' });
  assert.equal(bad.status, 400);
  assert.ok(bad.body.error.fields.name && bad.body.error.fields.postcode, JSON.stringify(bad.body));
  const next = { name: '西山市人大常委会', address: '西山市人民路 1 号', postcode: '310000', phone: '0571-87654321', receptionHours: '工作日 9:00-17:00', docPrefix: '西人大信' };
  const r = await admin.call('PUT', '/api/staff/settings/office', next);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, next);
  const pub = await env.call('GET', '/api/public/office');
  assert.equal(pub.body.name, '西山市人大常委会');
  assert.equal(pub.body.address, '西山市人民路 1 号');

  const rows = await env.deps.db.selectFrom('admin_audit').selectAll().where('action', '=', 'settings.office').orderBy('id').execute();
  assert.equal(rows.length, 2, 'first start and the edit');
  const edit = rows[1];
  assert.equal(edit.actor_name, 'admin');
  assert.equal((edit.before as { name: string }).name, '东湖市人大常委会');
  assert.equal((edit.after as { name: string }).name, '西山市人大常委会');

  const clerk = await createStaff(env, admin, 'clerk');
  assert.equal((await clerk.call('PUT', '/api/staff/settings/office', next)).status, 403);
  assert.equal((await clerk.call('GET', '/api/staff/settings/office')).body.docPrefix, '西人大信');
});

test('audit rows cannot be changed or deleted, even by the application database user', async () => {
  const c = new pg.Client({ connectionString: env.url });
  await c.connect();
  try {
    await assert.rejects(c.query(`UPDATE admin_audit SET actor_name = 'x'`), /append-only/);
    await assert.rejects(c.query(`DELETE FROM admin_audit`), /append-only/);
  } finally {
    await c.end();
  }
});
