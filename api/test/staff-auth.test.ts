// Staff accounts and sessions through the HTTP API: sign-in answers, cookie attributes, the same
// 401 for an unknown user and a wrong password, throttling, CSRF, idle and absolute expiry,
// logout, password change signing out other sessions, and the first start's one-time password.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureAdmin } from '../verbs/manage-users.ts';
import { ADMIN_PASSWORD, createStaff, login, nextCode, staffEnv, STAFF_PASSWORD, type Agent } from './staff-helpers.ts';
import type { TestEnv } from './harness.ts';

let env: TestEnv;
let admin: Agent;
let clock = Date.parse('2026-03-02T01:00:00Z');
const advance = (ms: number) => {
  clock += ms;
};

before(async () => {
  env = await staffEnv({ now: () => new Date(clock) });
  admin = await login(env, 'admin', ADMIN_PASSWORD);
});
after(() => env.close());

test('a clerk signs in and reads who they are; the cookie is HttpOnly, SameSite=Strict, Path=/', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  const r = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body.user).sort(), ['agencyId', 'agencyName', 'displayName', 'id', 'mustChangePassword', 'mustEnrolTotp', 'role', 'totpEnabled', 'username']);
  assert.equal(r.body.user.role, 'clerk');
  assert.equal(typeof r.body.csrfToken, 'string');
  const cookie = r.headers.get('set-cookie') ?? '';
  assert.match(cookie, /xf_session=[A-Za-z0-9_-]{43}/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Secure/);
  const me = await clerk.call('GET', '/api/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, clerk.user.username);
  assert.equal((await env.call('GET', '/api/auth/me')).status, 401);
  assert.equal((await env.call('GET', '/api/auth/me')).body.error.code, 'unauthenticated');
});

test('the cookie is Secure over https, and the password is stored as argon2id', async () => {
  const res = await env.app.request('https://xinfang.example/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD, code: nextCode(env, 'admin') }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('set-cookie') ?? '', /Secure/);
  const row = await env.deps.db.selectFrom('users').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
  assert.match(row.password_hash, /^\$argon2id\$/);
});

test('an unknown user and a wrong password get the same 401 body', async () => {
  const unknown = await env.call('POST', '/api/auth/login', { username: 'nobody-here', password: 'whatever-123' }, { 'x-forwarded-for': '10.0.0.1' });
  const wrong = await env.call('POST', '/api/auth/login', { username: 'admin', password: 'wrong-password-1' });
  assert.equal(unknown.status, 401);
  assert.equal(wrong.status, 401);
  assert.deepEqual(unknown.body, wrong.body);
  assert.equal(wrong.body.error.code, 'invalid_credentials');
  // A successful sign-in clears the account's failures.
  await login(env, 'admin', ADMIN_PASSWORD);
});

test('five failures lock the account for 15 minutes with Retry-After; then it opens again', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  for (let i = 0; i < 5; i++) {
    assert.equal((await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: `bad-password-${i}` })).status, 401);
  }
  const locked = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD });
  assert.equal(locked.status, 429);
  assert.equal(locked.body.error.code, 'account_locked');
  assert.ok(Number(locked.headers.get('retry-after')) > 0);
  advance(17 * 60_000);
  assert.equal((await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD })).status, 200);
});

test('twenty failures from one address lock that address for every account', async () => {
  // app.request() has no socket, so every call comes from the same address ("unknown").
  advance(20 * 60_000);
  for (let i = 0; i < 20; i++) {
    assert.equal((await env.call('POST', '/api/auth/login', { username: `ghost${i}`, password: 'bad-password-x' })).status, 401);
  }
  const r = await env.call('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  assert.equal(r.status, 429);
  assert.ok(r.headers.get('retry-after'));
  advance(17 * 60_000);
  admin = await login(env, 'admin', ADMIN_PASSWORD);
});

test('writes without the CSRF token, with a wrong one or from another origin are refused', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  const cookie = { cookie: `xf_session=${clerk.cookie}` };
  const note = { action: 'note', text: 'x' };
  const missing = await env.call('POST', '/api/staff/petitions/2026-999999/actions', note, cookie);
  assert.equal(missing.status, 403);
  assert.equal(missing.body.error.code, 'csrf_failed');
  const wrong = await env.call('POST', '/api/staff/petitions/2026-999999/actions', note, { ...cookie, 'x-csrf-token': 'nope' });
  assert.equal(wrong.status, 403);
  const foreign = await clerk.call('POST', '/api/staff/petitions/2026-999999/actions', note, { origin: 'https://evil.example', host: 'xinfang.example' });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.body.error.code, 'csrf_failed');
  const same = await clerk.call('POST', '/api/staff/petitions/2026-999999/actions', note, { origin: 'http://localhost', host: 'localhost' });
  assert.equal(same.status, 404); // passes CSRF, then the case does not exist
  assert.equal((await env.call('POST', '/api/auth/logout', undefined, cookie)).status, 403);
  assert.equal((await env.call('POST', '/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'another-pass-9' }, cookie)).status, 403);
  // Reads need no token.
  assert.equal((await env.call('GET', '/api/staff/petitions', undefined, cookie)).status, 200);
});

test('a session ends after 30 idle minutes, and after 12 hours however busy', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  advance(29 * 60_000);
  assert.equal((await clerk.call('GET', '/api/auth/me')).status, 200);
  advance(29 * 60_000);
  assert.equal((await clerk.call('GET', '/api/auth/me')).status, 200, 'activity keeps it alive');
  advance(31 * 60_000);
  assert.equal((await clerk.call('GET', '/api/auth/me')).status, 401, 'idle too long');

  const busy = await login(env, clerk.user.username, STAFF_PASSWORD);
  for (let t = 0; t < 12 * 60; t += 20) {
    advance(20 * 60_000);
    const r = await busy.call('GET', '/api/auth/me');
    if (t + 20 <= 12 * 60) assert.equal(r.status, 200, `alive at ${t + 20} min`);
  }
  advance(20 * 60_000);
  assert.equal((await busy.call('GET', '/api/auth/me')).status, 401, 'past 12 hours');
});

test('logout ends the session', async () => {
  admin = await login(env, 'admin', ADMIN_PASSWORD); // the clock moved past the earlier session
  const clerk = await createStaff(env, admin, 'clerk');
  const r = await clerk.call('POST', '/api/auth/logout');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('set-cookie') ?? '', /xf_session=;/);
  assert.equal((await clerk.call('GET', '/api/auth/me')).status, 401);
});

test('changing the password signs out every other session of that user', async () => {
  const a = await createStaff(env, admin, 'leader');
  const b = await login(env, a.user.username, STAFF_PASSWORD);
  const bad = await a.call('POST', '/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'brand-new-pass-1' });
  assert.equal(bad.status, 400);
  const short = await a.call('POST', '/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'short' });
  assert.equal(short.status, 400);
  const ok = await a.call('POST', '/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'brand-new-pass-1' });
  assert.equal(ok.status, 200);
  assert.equal((await a.call('GET', '/api/auth/me')).status, 200, 'this session stays');
  assert.equal((await b.call('GET', '/api/auth/me')).status, 401, 'the other one is gone');
  assert.equal((await env.call('POST', '/api/auth/login', { username: a.user.username, password: STAFF_PASSWORD })).status, 401);
  await login(env, a.user.username, 'brand-new-pass-1');
});

test('first start without ADMIN_PASSWORD: a one-time password, logged once, and a forced change', async () => {
  await env.deps.db.deleteFrom('sessions').execute();
  await env.deps.db.updateTable('users').set({ role: 'clerk', username: 'old-admin' }).where('username', '=', 'admin').execute();
  const logs: string[] = [];
  const deps = { ...env.deps, config: { ...env.deps.config, adminPassword: undefined } };
  await ensureAdmin(deps, (m) => logs.push(m));
  await ensureAdmin(deps, (m) => logs.push(m));
  assert.equal(logs.length, 1, 'printed once');
  const password = /password[^:]*: (\S+)$/.exec(logs[0])?.[1];
  assert.ok(password && password.length >= 16);
  const first = await login(env, 'admin', password);
  assert.equal(first.user.mustChangePassword, true);
  assert.equal((await first.call('GET', '/api/auth/me')).status, 200);
  const refused = await first.call('GET', '/api/staff/users');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'password_change_required');
  const changed = await first.call('POST', '/api/auth/password', { currentPassword: password, newPassword: 'chosen-by-me-42' });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.user.mustChangePassword, false);
  assert.equal((await first.call('GET', '/api/staff/users')).status, 200);
});

test('a suspended user is signed out and cannot sign in', async () => {
  admin = await login(env, 'admin', 'chosen-by-me-42');
  const clerk = await createStaff(env, admin, 'clerk');
  const r = await admin.call('PATCH', `/api/staff/users/${clerk.user.id}`, { disabled: true });
  assert.equal(r.status, 200);
  assert.equal((await clerk.call('GET', '/api/auth/me')).status, 401);
  const again = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD });
  assert.equal(again.status, 401);
});
