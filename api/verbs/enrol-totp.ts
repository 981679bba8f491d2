// A staff member sets up two-factor sign-in: `start` draws a new secret (kept sealed as pending)
// and answers its QR code; `confirm` checks one code from the authenticator against it, makes it
// the account's second factor and answers ten recovery codes, shown only then (only their hashes
// are kept). Setting it up again replaces the old secret and codes, after the user proves the
// old factor by having signed in with it.
import type { Deps, StaffSession } from '../context.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { recordAdminChange } from '../services/admin-audit.ts';
import { staffProfile } from '../services/staff-users.ts';
import { enrolmentOf, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep } from '../services/totp.ts';

export async function startTotpEnrolment(deps: Deps, staff: StaffSession) {
  const secret = newTotpSecret();
  await deps.db.updateTable('users').set({ totp_pending_enc: deps.keys.seal(secret), updated_at: deps.now() }).where('id', '=', staff.userId).execute();
  return enrolmentOf(secret, staff.username);
}

export async function confirmTotpEnrolment(deps: Deps, staff: StaffSession, code: string, ip: string) {
  const now = deps.now();
  const codes = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('users').select(['totp_pending_enc', 'totp_enabled_at']).where('id', '=', staff.userId).forUpdate().executeTakeFirstOrThrow();
    if (!u.totp_pending_enc) throw new AppError(409, 'totp_not_started', '请先点击“开始设置”获取二维码');
    const step = totpStep(deps.keys.open(u.totp_pending_enc), code, now);
    if (step === undefined) throw badRequest('验证码不正确，请输入验证器上当前显示的 6 位数字（并检查手机时间是否准确）', { code: '验证码不正确' });
    await trx
      .updateTable('users')
      .set({ totp_secret_enc: u.totp_pending_enc, totp_pending_enc: null, totp_enabled_at: now, totp_last_step: step, updated_at: now })
      .where('id', '=', staff.userId)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', staff.userId).execute();
    await trx.insertInto('recovery_codes').values(codes.map((c) => ({ user_id: staff.userId, code_hash: recoveryCodeHash(deps.keys, c) }))).execute();
    await recordAdminChange(trx, { userId: staff.userId, username: staff.username, ip }, { action: 'user.totp_enable', target: staff.userId, before: { totpEnabled: u.totp_enabled_at !== null }, after: { totpEnabled: true, recoveryCodes: codes.length } }, now);
  });
  return { user: await staffProfile(deps, staff.userId), recoveryCodes: codes };
}
