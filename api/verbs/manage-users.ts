// The admin's writes on staff accounts, and the first start's `admin` account. Guarantees: an
// agency officer always belongs to one active agency and nobody else belongs to one; a password
// an admin sets (a new account's or a reset) follows the policy, is argon2id-hashed, must be
// changed at the user's first sign-in, and ends the user's sessions; suspending a user ends them
// too; unlocking an account and resetting its second factor are the admin's alone. Every change
// is one transaction with its audit row (who, when, from where, before and after).
import type { Transaction } from 'kysely';
import { ROLES, type Role } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError, badRequest, notFound } from '../http/errors.ts';
import { recordAdminChange, SYSTEM_ACTOR, type AdminActor } from '../services/admin-audit.ts';
import { clearAccountAttempts } from '../services/login-throttle.ts';
import { hashPassword, randomPassword } from '../services/passwords.ts';
import { staffProfile } from '../services/staff-users.ts';
import { checkNewPassword, recordPasswordHistory } from './sign-in.ts';

async function checkAgency(deps: Deps, role: Role, agencyId: string | null | undefined) {
  if (role !== 'agency') {
    if (agencyId) throw badRequest('只有承办单位账号需要选择承办单位', { agencyId: '只有承办单位账号需要选择承办单位' });
    return null;
  }
  if (!agencyId) throw badRequest('承办单位账号必须选择所属单位', { agencyId: '请选择所属承办单位' });
  const a = await deps.db.selectFrom('agencies').select('id').where('id', '=', agencyId).where('active', '=', true).executeTakeFirst();
  if (!a) throw badRequest('承办单位不存在或已停用', { agencyId: '承办单位不存在或已停用' });
  return agencyId;
}

/** What the audit log keeps of an account: never a hash or a secret. */
async function auditView(trx: Transaction<DB>, id: string) {
  const u = await trx
    .selectFrom('users')
    .select(['username', 'display_name', 'role', 'agency_id', 'disabled', 'must_change_password', 'locked_until', 'totp_enabled_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    agencyId: u.agency_id,
    disabled: u.disabled,
    mustChangePassword: u.must_change_password,
    lockedUntil: u.locked_until?.toISOString() ?? null,
    totpEnabled: u.totp_enabled_at !== null,
  };
}

export async function createUser(
  deps: Deps,
  actor: AdminActor,
  input: { username: string; password: string; role: Role; agencyId?: string; displayName?: string },
) {
  await checkNewPassword(deps, input.password, input.username, 'password');
  const agencyId = await checkAgency(deps, input.role, input.agencyId);
  const hash = await hashPassword(input.password);
  const now = deps.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    // Every account an admin creates starts with a one-time password: the user chooses their own.
    const row = await trx
      .insertInto('users')
      .values({ username: input.username, display_name: input.displayName ?? '', password_hash: hash, role: input.role, agency_id: agencyId, must_change_password: true, password_changed_at: now })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError(409, 'username_taken', '该用户名已被使用', { fields: { username: '该用户名已被使用' } });
    await recordPasswordHistory(trx, row.id, hash, now);
    await recordAdminChange(trx, actor, { action: 'user.create', target: row.id, after: await auditView(trx, row.id) }, now);
    return row.id;
  });
  return staffProfile(deps, id);
}

export type UserPatch = { role?: Role; agencyId?: string | null; disabled?: boolean; password?: string; displayName?: string };

export async function updateUser(deps: Deps, actor: AdminActor, id: string, patch: UserPatch) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'username', 'role', 'agency_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!user) throw notFound('用户不存在');
    if (id === actor.userId && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
      throw new AppError(409, 'self_lockout', '不能停用自己的账号或取消自己的管理员角色');
    }
    const before = await auditView(trx, id);
    const role = patch.role ?? (user.role as Role);
    const agencyId = role !== 'agency' ? null : patch.agencyId !== undefined ? patch.agencyId : user.agency_id;
    const set: Record<string, unknown> = { role, agency_id: await checkAgency(deps, role, agencyId), updated_at: now };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    let hash: string | undefined;
    if (patch.password !== undefined) {
      await checkNewPassword(deps, patch.password, user.username, 'password');
      hash = await hashPassword(patch.password);
      // An admin-set password is a one-time password: the user must choose their own.
      Object.assign(set, { password_hash: hash, must_change_password: true, password_changed_at: now });
    }
    await trx.updateTable('users').set(set).where('id', '=', id).execute();
    if (hash) await recordPasswordHistory(trx, id, hash, now);
    const roleChanged = role !== user.role || set.agency_id !== user.agency_id;
    if (patch.password !== undefined || patch.disabled === true || roleChanged) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    await recordAdminChange(trx, actor, {
      action: 'user.update',
      target: id,
      before,
      after: { ...(await auditView(trx, id)), ...(patch.password !== undefined ? { passwordReset: true } : {}) },
    }, now);
  }).then(() => staffProfile(deps, id));
}

/** An admin unlocks an account locked after repeated failures: its counter starts again. */
export async function unlockUser(deps: Deps, actor: AdminActor, id: string) {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['username', 'locked_until']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!user) throw notFound('用户不存在');
    await trx.updateTable('users').set({ locked_until: null, updated_at: now }).where('id', '=', id).execute();
    await clearAccountAttempts(trx, user.username);
    await recordAdminChange(trx, actor, { action: 'user.unlock', target: id, before: { lockedUntil: user.locked_until?.toISOString() ?? null }, after: { lockedUntil: null }, reason: '管理员解锁' }, now);
  });
  return staffProfile(deps, id);
}

/** An admin clears a user's second factor (a lost phone): their recovery codes go with it, their
 *  sessions end, and they set it up again at their next sign-in when it is required of them. */
export async function resetUserTotp(deps: Deps, actor: AdminActor, id: string) {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['totp_enabled_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!user) throw notFound('用户不存在');
    await trx
      .updateTable('users')
      .set({ totp_secret_enc: null, totp_pending_enc: null, totp_enabled_at: null, totp_last_step: null, updated_at: now })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAdminChange(trx, actor, { action: 'user.totp_reset', target: id, before: { totpEnabled: user.totp_enabled_at !== null }, after: { totpEnabled: false } }, now);
  });
  return staffProfile(deps, id);
}

/** Accounts whose lock period has ended are unlocked, each with a system audit row (a sign-in
 *  attempt after the lock does the same for its account at once, api/verbs/sign-in.ts). */
export async function releaseExpiredLocks(deps: Deps, now = deps.now()) {
  await deps.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('users').select(['id', 'locked_until']).where('locked_until', '<=', now).forUpdate().skipLocked().execute();
    if (!rows.length) return;
    await trx.updateTable('users').set({ locked_until: null }).where('id', 'in', rows.map((r) => r.id)).execute();
    for (const r of rows) {
      await recordAdminChange(trx, SYSTEM_ACTOR, { action: 'user.unlock', target: r.id, before: { lockedUntil: r.locked_until!.toISOString() }, reason: '锁定期满自动解锁' }, now);
    }
  });
}

/** First start: the `admin` account with ADMIN_PASSWORD, or a one-time password logged once. */
export async function ensureAdmin(deps: Deps, log: (m: string) => void) {
  const existing = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  if (existing) return;
  const given = deps.config.adminPassword;
  const password = given ?? randomPassword();
  const hash = await hashPassword(password);
  const created = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ username: 'admin', display_name: '系统管理员', password_hash: hash, role: 'admin', must_change_password: !given })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await recordPasswordHistory(trx, row.id, hash, deps.now());
    await recordAdminChange(trx, SYSTEM_ACTOR, { action: 'user.create', target: row.id, after: { username: 'admin', role: 'admin', firstStart: true } });
    return true;
  });
  // Another process created it a moment ago: its password is the one that counts.
  if (!created || given) return;
  log(`Created the admin account. One-time password (shown only now, change it at first sign-in): ${password}`);
}

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
