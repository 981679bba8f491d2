// Staff sign-in, sign-out, the current user, the password change and two-factor enrolment
// (DESIGN §4). Login is the one state-changing auth endpoint without a CSRF token (there is no
// session yet); SameSite=Strict on the cookie and the Origin check below keep other sites from
// signing someone in. A user with a second factor sends its code with the password (`code`);
// without it the answer is 401 `totp_required`.
import { Hono } from 'hono';
import { z } from 'zod';
import { loginRequest } from '../contract/schemas.ts';
import { totpConfirmRequest } from '../contract/security.ts';
import type { AppEnv } from '../context.ts';
import { AppError, readJson } from '../http/errors.ts';
import { clearSessionCookie, requireStaff, sessionCookie, setSessionCookie, staffOf } from '../http/staff-auth.ts';
import { endSession } from '../services/sessions.ts';
import { passwordRules } from '../services/security-policy.ts';
import { lastLoginOf, staffProfile } from '../services/staff-users.ts';
import { confirmTotpEnrolment, startTotpEnrolment } from '../verbs/enrol-totp.ts';
import { changePassword, signIn } from '../verbs/sign-in.ts';

export const authRoutes = new Hono<AppEnv>();

export const passwordRequest = z.object({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, { error: '请填写当前密码' }).max(256),
  newPassword: z.string({ error: '请填写新密码' }).min(1, { error: '请填写新密码' }).max(256),
});

authRoutes.post('/login', async (c) => {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && URL.canParse(origin) && new URL(origin).host !== (c.req.header('host') ?? new URL(c.req.url).host)) {
    throw new AppError(403, 'csrf_failed', '请求来源不正确，请从本系统页面登录');
  }
  const input = await readJson(c, loginRequest);
  c.header('Cache-Control', 'no-store');
  const r = await signIn(c.get('deps'), input, c.get('clientIp'));
  setSessionCookie(c, r.sessionId);
  return c.json({
    user: r.user,
    csrfToken: r.csrfToken,
    lastLogin: r.lastLogin,
    passwordExpired: r.passwordExpired,
    passwordRules: await passwordRules(c.get('deps').db),
    ...(r.recoveryCodesLeft !== undefined ? { recoveryCodesLeft: r.recoveryCodesLeft } : {}),
  });
});

authRoutes.get('/me', requireStaff(undefined, { allowPendingPassword: true }), async (c) => {
  const staff = staffOf(c);
  c.header('Cache-Control', 'no-store');
  const [user, lastLogin, rules] = await Promise.all([staffProfile(c.get('deps'), staff.userId), lastLoginOf(c.get('deps'), staff.userId), passwordRules(c.get('deps').db)]);
  return c.json({ user, csrfToken: staff.csrfToken, lastLogin, passwordRules: rules });
});

authRoutes.post('/logout', requireStaff(undefined, { allowPendingPassword: true }), async (c) => {
  const cookie = sessionCookie(c);
  if (cookie) await endSession(c.get('deps'), cookie);
  clearSessionCookie(c);
  return c.json({ ok: true });
});

authRoutes.post('/password', requireStaff(undefined, { allowPendingPassword: true }), async (c) => {
  const input = await readJson(c, passwordRequest);
  const staff = staffOf(c);
  return c.json({ user: await changePassword(c.get('deps'), staff, input, c.get('clientIp')), csrfToken: staff.csrfToken });
});

// Two-factor enrolment: a QR code for the authenticator app, then one code from it to confirm.
authRoutes.post('/totp/setup', requireStaff(undefined, { allowPendingPassword: true }), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await startTotpEnrolment(c.get('deps'), staffOf(c)));
});

authRoutes.post('/totp/confirm', requireStaff(undefined, { allowPendingPassword: true }), async (c) => {
  const { code } = await readJson(c, totpConfirmRequest);
  c.header('Cache-Control', 'no-store');
  return c.json(await confirmTotpEnrolment(c.get('deps'), staffOf(c), code, c.get('clientIp')));
});
