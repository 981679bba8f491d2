// Every administrative write is an audit row (who, when, from where, before/after): users (create,
// role, suspension, password reset), agencies, categories, clock settings, calendar days and
// imports, retention, repeat settings, the security policy. The admin finds them on the audit
// screen's API by action, actor, target and period, page by page; nothing in the API changes or
// deletes one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openApiDocument } from '../http/openapi.ts';
import type { TestEnv } from './harness.ts';
import { createAgency, createStaff, staffEnv, team, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  t = await team(env);
});
after(() => env.close());

const rowsOf = (action: string, target?: string) => {
  let q = env.deps.db.selectFrom('admin_audit').selectAll().where('action', '=', action);
  if (target) q = q.where('target', '=', target);
  return q.orderBy('id').execute();
};
const must = async (p: Promise<{ status: number; body: any }>, status = 200) => {
  const r = await p;
  assert.equal(r.status, status, JSON.stringify(r.body).slice(0, 300));
  return r.body;
};

test('every admin write leaves an audit row with before and after, who and from where', async () => {
  const ip = { 'x-forwarded-for': '198.51.100.23' };
  const admin = t.admin;
  // users: create, role change, suspension, password reset
  const user = await must(admin.call('POST', '/api/staff/users', { username: 'audited_user', password: 'Audit-pass-2026', role: 'clerk' }), 201);
  await must(admin.call('PATCH', `/api/staff/users/${user.id}`, { role: 'leader' }));
  await must(admin.call('PATCH', `/api/staff/users/${user.id}`, { disabled: true }));
  await must(admin.call('PATCH', `/api/staff/users/${user.id}`, { password: 'Reset-pass-2026' }));
  const userRows = [...(await rowsOf('user.create', user.id)), ...(await rowsOf('user.update', user.id))];
  assert.equal(userRows.length, 4);
  assert.deepEqual(userRows.map((r) => r.actor_name), ['admin', 'admin', 'admin', 'admin']);
  assert.equal((userRows[1].before as { role: string }).role, 'clerk');
  assert.equal((userRows[1].after as { role: string }).role, 'leader');
  assert.equal((userRows[2].after as { disabled: boolean }).disabled, true);
  assert.equal((userRows[3].after as { passwordReset: boolean }).passwordReset, true);
  assert.ok(userRows.every((r) => !JSON.stringify(r.after).includes('argon2')), 'no password hash in the log');

  const agencyId = await createAgency(admin, '审计测试局');
  await must(admin.call('PATCH', `/api/staff/agencies/${agencyId}`, { contact: '电话 1234' }));
  const agencyRows = [...(await rowsOf('agency.create', agencyId)), ...(await rowsOf('agency.update', agencyId))];
  assert.equal(agencyRows.length, 2);
  assert.equal((agencyRows[1].before as { contact: string | null }).contact, null);
  assert.equal((agencyRows[1].after as { contact: string }).contact, '电话 1234');

  await must(admin.call('POST', '/api/staff/categories', { code: 'labor.audit_x', parentCode: 'labor', name: '审计分类' }), 201);
  await must(admin.call('PATCH', '/api/staff/categories/labor.audit_x', { name: '审计分类改' }));
  assert.equal((await rowsOf('category.create', 'labor.audit_x')).length, 1);
  assert.equal(((await rowsOf('category.update', 'labor.audit_x'))[0].after as { name: string }).name, '审计分类改');

  await must(admin.call('PUT', '/api/staff/settings/clocks', { accept: { days: 10, unit: 'calendar' } }));
  assert.deepEqual(((await rowsOf('settings.clocks'))[0].after as Record<string, unknown>).accept, { days: 10, unit: 'calendar' });

  await must(admin.call('PUT', '/api/staff/calendar/2026-06-08', { kind: 'holiday', name: '测试假日' }, ip));
  const day = (await rowsOf('calendar.day', '2026-06-08'))[0];
  assert.deepEqual(day.before, { kind: 'normal', name: '' });
  assert.deepEqual(day.after, { kind: 'holiday', name: '测试假日' });
  assert.equal(day.ip, 'unknown', 'the address the request came from (TRUST_PROXY off: not the header)');

  // The State Council's 2026 schedule imported again: it replaces the year, the hand-set day goes.
  const official = fs.readFileSync(path.resolve(import.meta.dirname, '../db/reference/cn-official-calendar-2025-2026.csv'), 'utf8');
  const csv2026 = official.split('\n').filter((l, i) => i === 0 || l.startsWith('2026-')).join('\n');
  await must(admin.call('POST', '/api/staff/calendar/import', { csv: csv2026 }));
  const imp = (await rowsOf('calendar.import'))[0];
  assert.equal(imp.target, '2026');
  assert.deepEqual(imp.before, [{ date: '2026-06-08', kind: 'holiday', name: '测试假日' }]);
  assert.deepEqual(imp.after, []);

  await must(admin.call('PUT', '/api/staff/settings/retention', { days: 3650 }));
  assert.deepEqual((await rowsOf('settings.retention'))[0].after, { days: 3650 });

  const repeat = (await t.clerk.call('GET', '/api/staff/settings/repeat-detection')).body;
  await must(admin.call('PUT', '/api/staff/settings/repeat-detection', { ...repeat, windowMonths: repeat.windowMonths + 1 }));
  const rr = (await rowsOf('settings.repeat_detection'))[0];
  assert.equal((rr.after as { windowMonths: number }).windowMonths, (rr.before as { windowMonths: number }).windowMonths + 1);

  await must(admin.call('PUT', '/api/staff/settings/security', { lockMinutes: 20 }));
  assert.equal(((await rowsOf('settings.security'))[0].after as { lockMinutes: number }).lockMinutes, 20);
  await must(admin.call('PUT', '/api/staff/settings/office', { name: '审计市人大常委会' }));
  assert.equal((await rowsOf('settings.office')).at(-1)!.actor_name, 'admin');

  // A refused write leaves no row (the audit row is in the change's transaction).
  const before = (await rowsOf('agency.create')).length;
  await must(admin.call('POST', '/api/staff/agencies', { name: '审计测试局', kind: 'court' }), 409);
  assert.equal((await rowsOf('agency.create')).length, before);
});

test('the audit screen finds changes by action, actor, target and period, page by page', async () => {
  const admin = t.admin;
  const all = await must(admin.call('GET', '/api/staff/audit?limit=200'));
  assert.ok(all.items.length > 20);
  const byAction = await must(admin.call('GET', '/api/staff/audit?action=user.update'));
  assert.ok(byAction.items.length >= 3 && byAction.items.every((i: { action: string; actionLabel: string }) => i.action === 'user.update' && i.actionLabel === '修改账号'));
  const bySubject = await must(admin.call('GET', '/api/staff/audit?action=settings.'));
  assert.ok(new Set(bySubject.items.map((i: { action: string }) => i.action)).size >= 5);
  const byTargetName = await must(admin.call('GET', '/api/staff/audit?target=audited_user'));
  assert.ok(byTargetName.items.length >= 4);
  assert.ok(byTargetName.items.every((i: { targetName: string }) => i.targetName === 'audited_user'));
  const byAgency = await must(admin.call('GET', `/api/staff/audit?target=${encodeURIComponent('审计测试局')}`));
  assert.equal(byAgency.items.length, 2);
  const byActor = await must(admin.call('GET', '/api/staff/audit?actor=admin&action=category.create'));
  assert.equal(byActor.items.length, 1);
  assert.equal((await must(admin.call('GET', '/api/staff/audit?actor=nobody'))).items.length, 0);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  assert.ok((await must(admin.call('GET', `/api/staff/audit?from=${today}&to=${today}&limit=200`))).items.length === all.items.length);
  assert.equal((await must(admin.call('GET', '/api/staff/audit?from=2020-01-01&to=2020-12-31'))).items.length, 0);
  assert.equal((await admin.call('GET', `/api/staff/audit?from=${today}&to=2020-01-01`)).status, 400);

  // Paging: newest first, no row twice, none left out.
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: number }>; nextCursor: string | null } = await must(admin.call('GET', `/api/staff/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`));
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, all.items.map((i: { id: number }) => i.id));
  const times = all.items.map((i: { at: string }) => i.at);
  assert.deepEqual([...times].sort().reverse(), times, 'newest first');

  // Only the admin reads it.
  assert.equal((await t.clerk.call('GET', '/api/staff/audit')).status, 403);
  assert.equal((await t.leader.call('GET', '/api/staff/audit')).status, 403);
});

test('nothing in the API changes or deletes an audit row', async () => {
  const admin = t.admin;
  const id = (await must(admin.call('GET', '/api/staff/audit?limit=1'))).items[0].id;
  for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
    const r = await admin.call(method, `/api/staff/audit/${id}`, method === 'DELETE' ? undefined : { actor: 'x' });
    assert.equal(r.status, 404, `${method} /api/staff/audit/${id}`);
  }
  assert.equal((await admin.call('DELETE', '/api/staff/audit')).status, 404);
  // The API document lists no write on the audit log.
  const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
  const auditOps = Object.entries(paths).filter(([p]) => p.includes('/audit')).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
  assert.deepEqual(auditOps, ['get /api/staff/audit']);
  // And the application's own database user cannot either (the trigger).
  await assert.rejects(env.deps.db.updateTable('admin_audit').set({ actor_name: 'x' }).where('id', '=', id).execute(), /append-only/);
  await assert.rejects(env.deps.db.deleteFrom('admin_audit').where('id', '=', id).execute(), /append-only/);
  const still = (await must(admin.call('GET', '/api/staff/audit?limit=1'))).items[0];
  assert.equal(still.id, id);
});

test('registering the same draft twice with one Idempotency-Key makes one case', async () => {
  const draft = { channel: 'visit', purpose: 'demand', categoryCode: 'labor.wages', title: '来访反映欠薪', content: '来访人反映工地欠薪。', personCount: 1, petitioner: { name: '王五', phone: '13800001111' } };
  const key = { 'idempotency-key': 'draft-0001-abcdef' };
  const first = await t.clerk.call('POST', '/api/staff/petitions', draft, key);
  assert.equal(first.status, 201);
  const again = await t.clerk.call('POST', '/api/staff/petitions', draft, key);
  assert.equal(again.status, 200);
  assert.equal(again.body.caseNo, first.body.caseNo);
  assert.equal(again.body.queryCode, first.body.queryCode);
  const both = await Promise.all([1, 2].map(() => t.clerk.call('POST', '/api/staff/petitions', draft, { 'idempotency-key': 'draft-0002-parallel' })));
  assert.equal(both[0].body.caseNo, both[1].body.caseNo, 'a double click in parallel: one case');
  assert.deepEqual(both.map((b) => b.status).sort(), [200, 201]);
  const other = await t.clerk.call('POST', '/api/staff/petitions', { ...draft, title: '另一件事' }, key);
  assert.equal(other.status, 422);
  // Another clerk's key is their own.
  const clerk2 = await createStaff(env, t.admin, 'clerk');
  const theirs = await clerk2.call('POST', '/api/staff/petitions', draft, key);
  assert.equal(theirs.status, 201);
  assert.notEqual(theirs.body.caseNo, first.body.caseNo);
  assert.equal((await t.clerk.call('POST', '/api/staff/petitions', draft, { 'idempotency-key': 'bad key!' })).status, 400);
  const n = await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', '来访反映欠薪').executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 3);
});

test('crafted paging cursors are a 400 with a message, never a 500', async () => {
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const crafted = [
    b64(['infinity', '2026-01-01 00:00:00+08', 1e30]),
    b64(['infinity', '2026-01-01 00:00:00+08', -1]),
    b64(['infinity', '2026-01-01 00:00:00+08', 2 ** 63]),
    b64(['not a time', '2026-01-01 00:00:00+08', 5]),
    b64(['2026-13-45 99:00:00+08', '2026-01-01 00:00:00+08', 5]),
    b64(['infinity', "2026-01-01'; DROP TABLE petitions; --", 5]),
    b64(['infinity', '2026-01-01 00:00:00+08', '5']),
    b64(['infinity', '2026-01-01 00:00:00+08']),
    b64({ a: 1 }),
    b64('[1,2'),
    'not*base64',
    '%00%ff',
    b64(['10000-01-01 00:00:00+08', '2026-01-01 00:00:00+08', 5]),
  ];
  for (const cursor of crafted) {
    for (const path of ['/api/staff/petitions', '/api/staff/analysis/cases', '/api/staff/audit']) {
      const agent = path.includes('audit') ? t.admin : t.clerk;
      const r = await agent.call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(r.status, 400, `${path} ${cursor}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.fields.cursor, '翻页参数不正确');
      assert.match(r.body.error.message, /翻页参数不正确/);
    }
  }
  // A few thousand random ones: 400 or 200 (a valid page), never 500.
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const parts = ['infinity', '-infinity', '2026-05-01 12:00:00.5+08', '2026-05-01T12:00:00Z', 0, 1, 9007199254740991, 9007199254740992, -0.5, null, true, '', '1e400'];
  for (let i = 0; i < 300; i++) {
    const arr = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => parts[Math.floor(rnd() * parts.length)]);
    const r = await t.clerk.call('GET', `/api/staff/petitions?cursor=${b64(arr)}`);
    assert.ok(r.status === 400 || r.status === 200, `${JSON.stringify(arr)} → ${r.status}`);
  }
});
