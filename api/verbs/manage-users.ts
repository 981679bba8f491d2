// The admin's writes on staff accounts, and the first start's `admin` account. Guarantees: an
// agency officer always belongs to one active agency and nobody else belongs to one; a new
// password is argon2id-hashed and ends the user's sessions; suspending a user ends them too.
import { ROLES, type Role } from '../contract/enums.ts';
import type { Deps } from '../context.ts';
import { AppError, badRequest, notFound } from '../http/errors.ts';
import { hashPassword, randomPassword } from '../services/passwords.ts';
import { staffProfile } from '../services/staff-users.ts';
import { checkNewPassword } from './sign-in.ts';

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

export async function createUser(
  deps: Deps,
  input: { username: string; password: string; role: Role; agencyId?: string; displayName?: string },
) {
  checkNewPassword(input.password, input.username);
  const agencyId = await checkAgency(deps, input.role, input.agencyId);
  const hash = await hashPassword(input.password);
  const row = await deps.db
    .insertInto('users')
    .values({ username: input.username, display_name: input.displayName ?? '', password_hash: hash, role: input.role, agency_id: agencyId })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError(409, 'username_taken', '该用户名已被使用', { fields: { username: '该用户名已被使用' } });
  return staffProfile(deps, row.id);
}

export type UserPatch = { role?: Role; agencyId?: string | null; disabled?: boolean; password?: string; displayName?: string };

export async function updateUser(deps: Deps, actorId: string, id: string, patch: UserPatch) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'username', 'role', 'agency_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!user) throw notFound('用户不存在');
    if (id === actorId && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
      throw new AppError(409, 'self_lockout', '不能停用自己的账号或取消自己的管理员角色');
    }
    const role = patch.role ?? (user.role as Role);
    const agencyId = role !== 'agency' ? null : patch.agencyId !== undefined ? patch.agencyId : user.agency_id;
    const set: Record<string, unknown> = { role, agency_id: await checkAgency(deps, role, agencyId), updated_at: now };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.password !== undefined) {
      checkNewPassword(patch.password, user.username);
      // An admin-set password is a one-time password: the user must choose their own.
      Object.assign(set, { password_hash: await hashPassword(patch.password), must_change_password: true, password_changed_at: now });
    }
    await trx.updateTable('users').set(set).where('id', '=', id).execute();
    const roleChanged = role !== user.role || set.agency_id !== user.agency_id;
    if (patch.password !== undefined || patch.disabled === true || roleChanged) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
  }).then(() => staffProfile(deps, id));
}

/** First start: the `admin` account with ADMIN_PASSWORD, or a one-time password logged once. */
export async function ensureAdmin(deps: Deps, log: (m: string) => void) {
  const existing = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  if (existing) return;
  const given = deps.config.adminPassword;
  const password = given ?? randomPassword();
  const row = await deps.db
    .insertInto('users')
    .values({ username: 'admin', display_name: '系统管理员', password_hash: await hashPassword(password), role: 'admin', must_change_password: !given })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Another process created it a moment ago: its password is the one that counts.
  if (!row || given) return;
  log(`Created the admin account. One-time password (shown only now, change it at first sign-in): ${password}`);
}

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
