// Staff sign-in and password change (等保三级 identity authentication). Sign-in counts the attempt
// before the password is checked (api/services/login-throttle.ts), answers the same 401 body,
// after one argon2 verification either way, for an unknown user, a disabled one and a wrong
// password, asks for the second factor (TOTP or a recovery code) of a user who has one, locks the
// account after the policy's number of failures, and marks an expired password for change. Each
// sign-in, failure, lock and expired lock is an audit row. A password change follows the admin's
// policy (length, classes, no reuse of the last N) and ends every other session.
import type { Deps, StaffSession } from '../context.ts';
import { passwordProblem } from '../contract/security.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { recordAdminChange, SYSTEM_ACTOR } from '../services/admin-audit.ts';
import { failAttempt, releaseAttempt, reserveAttempt, type Attempt } from '../services/login-throttle.ts';
import { hashPassword, isRecentPassword, PASSWORD_HISTORY_KEEP, verifyPassword } from '../services/passwords.ts';
import { securityPolicy } from '../services/security-policy.ts';
import { createSession } from '../services/sessions.ts';
import { staffProfile, type StaffProfile } from '../services/staff-users.ts';
import { looksLikeRecoveryCode, recoveryCodeHashes, totpStep } from '../services/totp.ts';

const badLogin = () => new AppError(401, 'invalid_credentials', '用户名或密码不正确');
const badCode = () => new AppError(401, 'invalid_totp', '动态验证码不正确或已使用，请输入验证器上当前显示的 6 位数字', { fields: { code: '动态验证码不正确' } });
const codeRequired = () => new AppError(401, 'totp_required', '请输入验证器上的 6 位动态验证码', { fields: { code: '请输入 6 位动态验证码或恢复码' } });

/** The sign-in before this one, shown after each sign-in ("上次登录：时间，地址"). */
export type LastLogin = { at: string; ip: string; failedAttempts: number } | null;

export type SignInResult = {
  user: StaffProfile;
  sessionId: string;
  csrfToken: string;
  lastLogin: LastLogin;
  passwordExpired: boolean;
  recoveryCodesLeft?: number;
};

type UserRow = {
  id: string;
  password_hash: string;
  disabled: boolean;
  locked_until: Date | null;
  totp_secret_enc: Buffer | null;
  totp_enabled_at: Date | null;
  password_changed_at: Date;
  must_change_password: boolean;
};

async function failed(deps: Deps, attempt: Attempt, username: string, user: UserRow | undefined, ip: string, now: Date, why: string) {
  const policy = await securityPolicy(deps.db);
  const lockedUntil = await failAttempt(deps.db, attempt, now, policy);
  await deps.db.transaction().execute(async (trx) => {
    const actor = { userId: user?.id ?? null, username: username.slice(0, 64), ip };
    await recordAdminChange(trx, actor, { action: 'auth.login_failed', target: user?.id ?? username.slice(0, 64), reason: why }, now);
    if (!user) return;
    await trx.updateTable('users').set((eb) => ({ failed_since_login: eb('failed_since_login', '+', 1) })).where('id', '=', user.id).execute();
    if (lockedUntil) {
      await trx.updateTable('users').set({ locked_until: lockedUntil }).where('id', '=', user.id).execute();
      await recordAdminChange(
        trx,
        { ...SYSTEM_ACTOR, ip },
        { action: 'user.lock', target: user.id, after: { lockedUntil: lockedUntil.toISOString(), failures: attempt.accountCount }, reason: `连续 ${attempt.accountCount} 次登录失败` },
        now,
      );
    }
  });
}

/** The account's lock has run out (this attempt found its counter's lock over): record it once. */
async function noteExpiredLock(deps: Deps, user: UserRow, now: Date) {
  if (!user.locked_until || user.locked_until > now) return;
  await deps.db.transaction().execute(async (trx) => {
    const cleared = await trx.updateTable('users').set({ locked_until: null }).where('id', '=', user.id).where('locked_until', '<=', now).returning('id').executeTakeFirst();
    if (cleared) await recordAdminChange(trx, SYSTEM_ACTOR, { action: 'user.unlock', target: user.id, before: { lockedUntil: user.locked_until!.toISOString() }, reason: '锁定期满自动解锁' }, now);
  });
}

/** Checks the second factor; answers how it was met, or undefined. A TOTP step or a recovery
 *  code is consumed by a conditional UPDATE, so two requests cannot both use one. */
async function secondFactor(deps: Deps, user: UserRow, code: string, now: Date): Promise<'totp' | 'recovery' | undefined> {
  const trimmed = code.trim().replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    const step = totpStep(deps.keys.open(user.totp_secret_enc!), trimmed, now);
    if (step === undefined) return undefined;
    const used = await deps.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(used.numUpdatedRows) === 1 ? 'totp' : undefined;
  }
  if (!looksLikeRecoveryCode(trimmed)) return undefined;
  const used = await deps.db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', user.id)
    .where('code_hash', 'in', recoveryCodeHashes(deps.keys, trimmed))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? 'recovery' : undefined;
}

export async function signIn(deps: Deps, input: { username: string; password: string; code?: string }, ip: string): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const now = deps.now();
  const policy = await securityPolicy(deps.db);
  const attempt = await reserveAttempt(deps.db, username, ip, now, policy);
  const user: UserRow | undefined = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'disabled', 'locked_until', 'totp_secret_enc', 'totp_enabled_at', 'password_changed_at', 'must_change_password'])
    .where('username', '=', username)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!ok || !user || user.disabled) {
    await failed(deps, attempt, username, user, ip, now, !user ? '用户不存在' : user.disabled ? '账号已停用' : '密码错误');
    throw badLogin();
  }
  await noteExpiredLock(deps, user, now);
  let via: 'totp' | 'recovery' | undefined;
  if (user.totp_enabled_at && user.totp_secret_enc) {
    if (!input.code?.trim()) {
      // The password was right; the second step is still to come, so this is no failure.
      await releaseAttempt(deps.db, attempt, false);
      throw codeRequired();
    }
    via = await secondFactor(deps, user, input.code, now);
    if (!via) {
      await failed(deps, attempt, username, user, ip, now, '动态验证码错误');
      throw badCode();
    }
  }
  await releaseAttempt(deps.db, attempt, true);

  const expired = policy.expiryDays > 0 && now.getTime() - user.password_changed_at.getTime() > policy.expiryDays * 86_400_000;
  const { session, before, left } = await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select(['last_login_at', 'last_login_ip', 'failed_since_login'])
      .where('id', '=', user.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('users')
      .set({
        prev_login_at: before.last_login_at,
        prev_login_ip: before.last_login_ip,
        last_login_at: now,
        last_login_ip: ip,
        prev_failed_attempts: before.failed_since_login,
        failed_since_login: 0,
        ...(expired && !user.must_change_password ? { must_change_password: true } : {}),
      })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(deps, user.id, trx);
    const actor = { userId: user.id, username, ip };
    await recordAdminChange(trx, actor, { action: 'auth.login', target: user.id, after: { secondFactor: via ?? null, passwordExpired: expired } }, now);
    let left: number | undefined;
    if (via === 'recovery') {
      const r = await trx.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', user.id).where('used_at', 'is', null).executeTakeFirstOrThrow();
      left = Number(r.n);
      await recordAdminChange(trx, actor, { action: 'user.recovery_code_used', target: user.id, after: { left } }, now);
    }
    return { session, before, left };
  });
  return {
    user: await staffProfile(deps, user.id),
    ...session,
    lastLogin: before.last_login_at ? { at: before.last_login_at.toISOString(), ip: before.last_login_ip ?? '', failedAttempts: before.failed_since_login } : null,
    passwordExpired: expired,
    ...(left !== undefined ? { recoveryCodesLeft: left } : {}),
  };
}

/** The policy's objection to a new password as a 400 naming the field. */
export async function checkNewPassword(deps: Deps, password: string, username: string, field = 'newPassword') {
  const problem = passwordProblem(await securityPolicy(deps.db), password, username);
  if (problem) throw badRequest(problem, { [field]: problem });
}

export async function changePassword(deps: Deps, staff: StaffSession, input: { currentPassword: string; newPassword: string }, ip = '') {
  const row = await deps.db.selectFrom('users').select('password_hash').where('id', '=', staff.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw badRequest('当前密码不正确', { currentPassword: '当前密码不正确' });
  }
  await checkNewPassword(deps, input.newPassword, staff.username);
  if (input.newPassword === input.currentPassword) throw badRequest('新密码不能与当前密码相同', { newPassword: '新密码不能与当前密码相同' });
  const policy = await securityPolicy(deps.db);
  if (await isRecentPassword(deps.db, staff.userId, input.newPassword, policy.historyCount)) {
    const m = `新密码不能与最近 ${policy.historyCount} 次使用过的密码相同`;
    throw badRequest(m, { newPassword: m });
  }
  const hash = await hashPassword(input.newPassword);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now }).where('id', '=', staff.userId).execute();
    await recordPasswordHistory(trx, staff.userId, hash, now);
    await trx.deleteFrom('sessions').where('user_id', '=', staff.userId).where('id_hash', '!=', Buffer.from(staff.sessionId, 'hex')).execute();
    await recordAdminChange(trx, { userId: staff.userId, username: staff.username, ip }, { action: 'user.password_change', target: staff.userId }, now);
  });
  return staffProfile(deps, staff.userId);
}

/** Keeps the new password's hash for "no reuse of the last N", and no more history than any
 *  policy can ask for. */
export async function recordPasswordHistory(trx: import('kysely').Transaction<import('../db/schema.ts').DB>, userId: string, hash: string, now: Date) {
  await trx.insertInto('password_history').values({ user_id: userId, password_hash: hash, changed_at: now }).execute();
  await trx
    .deleteFrom('password_history')
    .where('user_id', '=', userId)
    .where('id', 'not in', (eb) => eb.selectFrom('password_history').select('id').where('user_id', '=', userId).orderBy('changed_at', 'desc').orderBy('id', 'desc').limit(PASSWORD_HISTORY_KEEP))
    .execute();
}
