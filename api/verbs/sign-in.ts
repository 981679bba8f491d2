// Staff sign-in and password change. Sign-in answers the same 401 body, after one argon2
// verification either way, for an unknown user, a disabled one and a wrong password; failures
// are throttled per account and per address. A password change ends every other session.
import type { Deps, StaffSession } from '../context.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { checkLoginThrottle, clearAccountFailures, recordLoginFailure } from '../services/login-throttle.ts';
import { hashPassword, PASSWORD_MIN, verifyPassword } from '../services/passwords.ts';
import { createSession } from '../services/sessions.ts';
import { staffProfile, type StaffProfile } from '../services/staff-users.ts';

const badLogin = () => new AppError(401, 'invalid_credentials', '用户名或密码不正确');

export async function signIn(deps: Deps, input: { username: string; password: string }, ip: string): Promise<{ user: StaffProfile; sessionId: string; csrfToken: string }> {
  const username = input.username.trim().toLowerCase();
  const now = deps.now();
  await checkLoginThrottle(deps.db, username, ip, now);
  const user = await deps.db.selectFrom('users').select(['id', 'password_hash', 'disabled']).where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash, input.password);
  if (!ok || !user || user.disabled) {
    await recordLoginFailure(deps.db, username, ip, now);
    throw badLogin();
  }
  await clearAccountFailures(deps.db, username);
  const session = await createSession(deps, user.id);
  return { user: await staffProfile(deps, user.id), ...session };
}

export function checkNewPassword(password: string, username: string) {
  if (password.length < PASSWORD_MIN) throw badRequest(`新密码至少 ${PASSWORD_MIN} 位`, { newPassword: `新密码至少 ${PASSWORD_MIN} 位` });
  if (password.toLowerCase().includes(username.toLowerCase())) throw badRequest('新密码不能包含用户名', { newPassword: '新密码不能包含用户名' });
}

export async function changePassword(deps: Deps, staff: StaffSession, input: { currentPassword: string; newPassword: string }) {
  const row = await deps.db.selectFrom('users').select('password_hash').where('id', '=', staff.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw badRequest('当前密码不正确', { currentPassword: '当前密码不正确' });
  }
  checkNewPassword(input.newPassword, staff.username);
  if (input.newPassword === input.currentPassword) throw badRequest('新密码不能与当前密码相同', { newPassword: '新密码不能与当前密码相同' });
  const hash = await hashPassword(input.newPassword);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now }).where('id', '=', staff.userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', staff.userId).where('id_hash', '!=', Buffer.from(staff.sessionId, 'hex')).execute();
  });
  return staffProfile(deps, staff.userId);
}
