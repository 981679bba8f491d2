// Staff sign-in at protection level 3 through the HTTP API: parallel guesses cannot pass the
// lockout limit (counted before the password check, in a logged table), lockout and unlock (by an
// admin, or when the lock period ends) as audit rows, TOTP two-factor sign-in with a generated code
// and recovery codes, the admin's password policy (length, classes, expiry, no reuse), the forced
// change of every admin-created account, the settable idle timeout and the last sign-in line.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { totpCode } from '../services/totp.ts';
import type { TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, authenticatorOf, createStaff, login, nextCode, staffEnv, STAFF_PASSWORD, type Agent } from './staff-helpers.ts';

let env: TestEnv;
let admin: Agent;
let clock = Date.parse('2026-05-11T01:00:00Z');
const advance = (ms: number) => {
  clock += ms;
};

before(async () => {
  env = await staffEnv({ now: () => new Date(clock) });
  admin = await login(env, 'admin', ADMIN_PASSWORD);
});
after(() => env.close());

const audit = async (action: string, target?: string) => {
  let q = env.deps.db.selectFrom('admin_audit').selectAll().where('action', '=', action);
  if (target) q = q.where('target', '=', target);
  return q.orderBy('id').execute();
};

test('twelve wrong passwords in parallel against a limit of five: five are checked, seven refused unchecked', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  const name = clerk.user.username;
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => env.call('POST', '/api/auth/login', { username: name, password: `wrong-password-${i}` }, { 'x-forwarded-for': `10.9.0.${i}` })));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(7).fill(429)]);
  // Each checked attempt wrote one failure row; the fifth locked the account, once.
  assert.equal((await audit('auth.login_failed', clerk.user.id)).length, 5);
  const locks = await audit('user.lock', clerk.user.id);
  assert.equal(locks.length, 1);
  assert.equal(locks[0].actor_name, 'system');
  // Locked: even the right password is refused, with Retry-After.
  const refused = await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error.code, 'account_locked');
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  // The counter lives in a logged table (a crash does not forgive it); public rate limits stay unlogged.
  const { rows } = await sql<{ relname: string; relpersistence: string }>`SELECT relname, relpersistence FROM pg_class WHERE relname IN ('login_attempts', 'rate_limits')`.execute(env.deps.db);
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.relname, r.relpersistence])), { login_attempts: 'p', rate_limits: 'u' });

  // The admin sees the lock and unlocks it: an audit row with who and from where.
  const listed = (await admin.call('GET', '/api/staff/users')).body.items.find((u: { id: string }) => u.id === clerk.user.id);
  assert.ok(listed.lockedUntil);
  const unlock = await admin.call('POST', `/api/staff/users/${clerk.user.id}/unlock`, undefined, { 'x-forwarded-for': '10.1.2.3' });
  assert.equal(unlock.status, 200);
  const unlocks = await audit('user.unlock', clerk.user.id);
  assert.equal(unlocks.length, 1);
  assert.equal(unlocks[0].actor_name, 'admin');
  assert.equal(unlocks[0].reason, '管理员解锁');
  assert.equal((await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD })).status, 200);
});

test('a locked account opens by itself when the lock period has passed, and that is an audit row too', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  for (let i = 0; i < 5; i++) assert.equal((await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: `bad-${i}-password` })).status, 401);
  assert.equal((await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD })).status, 429);
  advance(16 * 60_000);
  const r = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD });
  assert.equal(r.status, 200);
  const unlocks = await audit('user.unlock', clerk.user.id);
  assert.equal(unlocks.length, 1);
  assert.equal(unlocks[0].actor_name, 'system');
  assert.equal(unlocks[0].reason, '锁定期满自动解锁');
  // The sign-in after the lock says how many failed attempts came since the last sign-in.
  assert.equal(r.body.lastLogin.failedAttempts, 5);
  admin = await login(env, 'admin', ADMIN_PASSWORD); // the clock moved past the admin's idle timeout
});

test('a leader must set up two-factor sign-in, then signs in with a generated TOTP code', async () => {
  const leader = await createStaff(env, admin, 'leader'); // the helper enrolled at the first sign-in
  const a = authenticatorOf(env, leader.user.username)!;
  assert.ok(a.secret.length >= 32);
  assert.equal(a.recovery.length, 10);
  const row = await env.deps.db.selectFrom('users').select(['totp_secret_enc', 'totp_enabled_at']).where('id', '=', leader.user.id).executeTakeFirstOrThrow();
  assert.ok(row.totp_enabled_at);
  assert.equal(row.totp_secret_enc![0], 1, 'the secret is sealed (AES-256-GCM) like an identity');
  assert.ok(!row.totp_secret_enc!.includes(Buffer.from(a.secret)));
  const codes = await env.deps.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', leader.user.id).execute();
  assert.equal(codes.length, 10);
  assert.ok(codes.every((c) => /^intl:[0-9a-f]{64}$/.test(c.code_hash)), 'recovery codes are stored only as keyed hashes');

  advance(60_000);
  const name = leader.user.username;
  const noCode = await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD });
  assert.equal(noCode.status, 401);
  assert.equal(noCode.body.error.code, 'totp_required');
  assert.equal(noCode.headers.get('set-cookie'), null, 'no session before the second factor');
  const wrong = await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD, code: '123456' === totpCode(a.secret, new Date(clock)) ? '654321' : '123456' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 'invalid_totp');
  const code = totpCode(a.secret, new Date(clock));
  const ok = await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD, code });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.user.totpEnabled, true);
  a.used.add(Math.floor(clock / 30_000));
  // The same code twice is refused (RFC 6238 §5.2).
  const replay = await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD, code });
  assert.equal(replay.status, 401);
  assert.equal(replay.body.error.code, 'invalid_totp');
  // A recovery code works once.
  const recovery = a.recovery.shift()!;
  const viaRecovery = await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD, code: recovery.toUpperCase() });
  assert.equal(viaRecovery.status, 200);
  assert.equal(viaRecovery.body.recoveryCodesLeft, 9);
  assert.equal((await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD, code: recovery })).status, 401);
  assert.equal((await audit('user.recovery_code_used', leader.user.id)).length, 1);

  // Lost phone: the admin resets the second factor; the leader sets it up again at the next sign-in.
  advance(60_000);
  assert.equal((await admin.call('POST', `/api/staff/users/${leader.user.id}/totp/reset`)).status, 200);
  assert.equal((await leader.call('GET', '/api/auth/me')).status, 401, 'the reset ends the sessions');
  const again = await env.call('POST', '/api/auth/login', { username: name, password: STAFF_PASSWORD });
  assert.equal(again.status, 200);
  assert.equal(again.body.user.mustEnrolTotp, true);
  const cookie = /xf_session=([^;]+)/.exec(again.headers.get('set-cookie') ?? '')![1];
  const blocked = await env.call('GET', '/api/staff/petitions', undefined, { cookie: `xf_session=${cookie}` });
  assert.equal(blocked.status, 403);
  assert.equal(blocked.body.error.code, 'totp_enrolment_required');
  const setup = await env.call('POST', '/api/auth/totp/setup', undefined, { cookie: `xf_session=${cookie}`, 'x-csrf-token': again.body.csrfToken });
  assert.equal(setup.status, 200);
  assert.match(setup.body.qrSvg, /^<svg[^>]*>/);
  assert.match(setup.body.uri, /^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
  assert.deepEqual((await audit('user.totp_reset', leader.user.id)).map((r) => r.actor_name), ['admin']);
});

test('the admin can require two-factor sign-in of everyone', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  assert.equal(clerk.user.mustEnrolTotp, false);
  assert.equal((await admin.call('PUT', '/api/staff/settings/security', { totpForAll: true })).status, 200);
  const r = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD });
  assert.equal(r.body.user.mustEnrolTotp, true);
  assert.equal((await admin.call('PUT', '/api/staff/settings/security', { totpForAll: false })).status, 200);
});

test('every account an admin creates must change its password at the first sign-in', async () => {
  const made = await admin.call('POST', '/api/staff/users', { username: 'new_editor', password: 'Temp-pass-2026', role: 'editor' });
  assert.equal(made.status, 201);
  assert.equal(made.body.mustChangePassword, true);
  const first = await login(env, 'new_editor', 'Temp-pass-2026');
  assert.equal(first.user.mustChangePassword, true);
  const refused = await first.call('GET', '/api/staff/articles');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'password_change_required');
  assert.equal((await first.call('POST', '/api/auth/password', { currentPassword: 'Temp-pass-2026', newPassword: 'Chosen-by-editor-1' })).status, 200);
  assert.notEqual((await first.call('GET', '/api/staff/articles')).status, 403);
});

test('the password policy: length, character classes, no reuse of the last N, expiry', async () => {
  assert.equal((await admin.call('PUT', '/api/staff/settings/security', { minLength: 12, minClasses: 4, historyCount: 3, expiryDays: 30 })).status, 200);
  const clerk = await createStaff(env, admin, 'clerk').catch((e) => e as Error);
  assert.ok(clerk instanceof Error && /4 种|12 位/.test(clerk.message), 'STAFF_PASSWORD has three classes: refused');
  const made = await admin.call('POST', '/api/staff/users', { username: 'policy_clerk', password: 'Aa1!aaaaaaaaaa', role: 'clerk' });
  assert.equal(made.status, 201);
  const u = await login(env, 'policy_clerk', 'Aa1!aaaaaaaaaa');
  const change = (current: string, next: string) => u.call('POST', '/api/auth/password', { currentPassword: current, newPassword: next });
  const short = await change('Aa1!aaaaaaaaaa', 'Aa1!short');
  assert.equal(short.status, 400);
  assert.equal(short.body.error.fields.newPassword, '新密码至少 12 位');
  const classes = await change('Aa1!aaaaaaaaaa', 'onlylowercase-and-1');
  assert.equal(classes.status, 400);
  assert.match(classes.body.error.fields.newPassword, /至少 4 种/);
  assert.equal((await change('Aa1!aaaaaaaaaa', 'Bb2@bbbbbbbbbb')).status, 200);
  assert.equal((await change('Bb2@bbbbbbbbbb', 'Cc3#cccccccccc')).status, 200);
  const reuse = await change('Cc3#cccccccccc', 'Aa1!aaaaaaaaaa');
  assert.equal(reuse.status, 400);
  assert.equal(reuse.body.error.fields.newPassword, '新密码不能与最近 3 次使用过的密码相同');
  assert.equal((await change('Cc3#cccccccccc', 'Dd4$dddddddddd')).status, 200);
  assert.equal((await change('Dd4$dddddddddd', 'Aa1!aaaaaaaaaa')).status, 200, 'four passwords ago is allowed again');
  const history = await env.deps.db.selectFrom('password_history').select('password_hash').where('user_id', '=', u.user.id).execute();
  assert.ok(history.length >= 5 && history.every((h) => h.password_hash.startsWith('$argon2id$')));

  // Expiry: 31 days later the sign-in works but asks for a new password first.
  advance(31 * 86_400_000);
  const expired = await env.call('POST', '/api/auth/login', { username: 'policy_clerk', password: 'Aa1!aaaaaaaaaa' });
  assert.equal(expired.status, 200);
  assert.equal(expired.body.passwordExpired, true);
  assert.equal(expired.body.user.mustChangePassword, true);
  admin = await login(env, 'admin', ADMIN_PASSWORD);
  const back = await admin.call('PUT', '/api/staff/settings/security', { minLength: 10, minClasses: 3, historyCount: 5, expiryDays: 0 });
  assert.equal(back.status, 200);
  assert.equal((await admin.call('PUT', '/api/staff/settings/security', { minLength: 3 })).status, 400);
  const rows = await audit('settings.security');
  assert.deepEqual((rows.at(-1)!.after as { expiryDays: number }).expiryDays, 0);
  assert.equal((rows.at(-2)!.after as { minClasses: number }).minClasses, 4);
});

test('the idle timeout is the admin\'s setting', async () => {
  assert.equal((await admin.call('PUT', '/api/staff/settings/security', { idleMinutes: 10 })).status, 200);
  const clerk = await createStaff(env, admin, 'clerk');
  advance(9 * 60_000);
  assert.equal((await clerk.call('GET', '/api/auth/me')).status, 200);
  advance(11 * 60_000);
  assert.equal((await clerk.call('GET', '/api/auth/me')).status, 401, 'idle past 10 minutes');
  admin = await login(env, 'admin', ADMIN_PASSWORD);
  assert.equal((await admin.call('PUT', '/api/staff/settings/security', { idleMinutes: 30 })).status, 200);
});

test('after each sign-in: the time and address of the one before', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  const first = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD }, { 'x-forwarded-for': '192.0.2.7' });
  const firstAt = new Date(clock).toISOString();
  advance(3 * 60_000);
  const second = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD });
  assert.equal(second.status, 200);
  assert.equal(second.body.lastLogin.at, firstAt);
  assert.equal(second.body.lastLogin.ip, 'unknown', 'app.request has no socket; TRUST_PROXY is off, so the header is not believed');
  assert.equal(second.body.lastLogin.failedAttempts, 0);
  const cookie = /xf_session=([^;]+)/.exec(second.headers.get('set-cookie') ?? '')![1];
  const me = await env.call('GET', '/api/auth/me', undefined, { cookie: `xf_session=${cookie}` });
  assert.equal(me.body.lastLogin.at, firstAt);
  assert.equal(first.status, 200);
  assert.equal((await audit('auth.login', clerk.user.id)).length, 3);
});

test('with an admin\'s code sent for an account without a second factor, the code is ignored', async () => {
  const clerk = await createStaff(env, admin, 'clerk');
  const r = await env.call('POST', '/api/auth/login', { username: clerk.user.username, password: STAFF_PASSWORD, code: nextCode(env, 'admin') });
  assert.equal(r.status, 200);
});
