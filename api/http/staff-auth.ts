// The guard of every staff endpoint: `requireStaff(perm?)` resolves the session cookie (401),
// refuses a state-changing request without the session's CSRF token or from a foreign Origin
// (403), holds a user with a one-time password to changing it (403) and a user who must set up
// two-factor sign-in to doing that (403), checks the permission in
// api/domain/permissions.ts (403), and sets c.get('staff').
import crypto from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, StaffSession } from '../context.ts';
import { can, type Permission } from '../domain/permissions.ts';
import type { AdminActor } from '../services/admin-audit.ts';
import { resolveSession, SESSION_ABSOLUTE_MS } from '../services/sessions.ts';
import { AppError } from './errors.ts';

export type { Permission } from '../domain/permissions.ts';
export const SESSION_COOKIE = 'xf_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const unauthenticated = () => new AppError(401, 'unauthenticated', '请先登录');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function isHttps(c: Context<AppEnv>): boolean {
  if (c.get('deps').config.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

export function setSessionCookie(c: Context<AppEnv>, sessionId: string) {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(c),
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

export function sessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** CSRF for writes: the session's token in X-CSRF-Token, and an Origin (when sent) of this host. */
export function checkCsrf(c: Context<AppEnv>, staff: StaffSession) {
  if (SAFE_METHODS.has(c.req.method)) return;
  const sent = c.req.header('x-csrf-token') ?? '';
  if (!sameToken(sent, staff.csrfToken)) throw new AppError(403, 'csrf_failed', '页面已过期，请刷新后重试');
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    const host = c.req.header('x-forwarded-host') && c.get('deps').config.trustProxy ? c.req.header('x-forwarded-host') : c.req.header('host') ?? new URL(c.req.url).host;
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      /* "null" or garbage: refused below */
    }
    if (originHost === '' || originHost !== host) throw new AppError(403, 'csrf_failed', '请求来源不正确，请从本系统页面操作');
  }
}

export const passwordChangeRequired = () => new AppError(403, 'password_change_required', '首次登录请先修改密码');
export const totpEnrolmentRequired = () => new AppError(403, 'totp_enrolment_required', '请先设置双因素认证（动态验证码）');

/**
 * Resolves the signed-in staff member. `allowPendingPassword` is for the few endpoints a user
 * with a one-time password or a second factor still to set up may reach (me, password, logout,
 * two-factor enrolment).
 */
export function requireStaff(perm?: Permission, opts: { allowPendingPassword?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const staff = c.get('staff') ?? (await resolveSession(c.get('deps'), sessionCookie(c)));
    if (!staff) throw unauthenticated();
    checkCsrf(c, staff);
    if (staff.mustChangePassword && !opts.allowPendingPassword) throw passwordChangeRequired();
    if (staff.mustEnrolTotp && !opts.allowPendingPassword) throw totpEnrolmentRequired();
    if (perm && !can(staff.role, perm)) throw new AppError(403, 'forbidden', '您没有权限进行此操作');
    c.set('staff', staff);
    await next();
  });
}

/** The staff member set by requireStaff; a handler without the guard is a bug. */
export function staffOf(c: Context<AppEnv>): StaffSession {
  const s = c.get('staff');
  if (!s) throw unauthenticated();
  return s;
}

/** The signed-in staff member as the actor of an administrative change (the admin audit log). */
export function adminActorOf(c: Context<AppEnv>): AdminActor {
  const s = staffOf(c);
  return { userId: s.userId, username: s.username, ip: c.get('clientIp') };
}
