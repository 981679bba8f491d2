// Staff sign-in, sign-out, the current user and the password change (DESIGN §4). Login is the
// one state-changing auth endpoint without a CSRF token (there is no session yet); SameSite=Strict
// on the cookie and the Origin check below keep other sites from signing someone in.
import { Hono } from 'hono';
import { z } from 'zod';
import { loginRequest } from '../contract/schemas.ts';
import type { AppEnv } from '../context.ts';
import { AppError, readJson } from '../http/errors.ts';
import { clearSessionCookie, requireStaff, sessionCookie, setSessionCookie, staffOf } from '../http/staff-auth.ts';
import { endSession } from '../services/sessions.ts';
import { staffProfile } from '../services/staff-users.ts';
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
  const r = await signIn(c.get('deps'), input, c.get('clientIp'));
  setSessionCookie(c, r.sessionId);
  c.header('Cache-Control', 'no-store');
  return c.json({ user: r.user, csrfToken: r.csrfToken });
});

authRoutes.get('/me', requireStaff(undefined, { allowPendingPassword: true }), async (c) => {
  const staff = staffOf(c);
  c.header('Cache-Control', 'no-store');
  return c.json({ user: await staffProfile(c.get('deps'), staff.userId), csrfToken: staff.csrfToken });
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
  return c.json({ user: await changePassword(c.get('deps'), staff, input), csrfToken: staff.csrfToken });
});
