// The console's one way to talk to the staff API: the signed-in user and CSRF token (read once
// per page from /api/auth/me and shared by every island on the page, since an ES module is one
// instance per page), JSON requests that carry `X-CSRF-Token` on every write, and the two
// redirects every page needs: to the login when the session is gone, to the password form when
// the API insists on a new password. Every failure comes back as one `Problem`.
import type { Role } from '../../../api/contract/enums';
import type { Problem, Result } from '../lib/api';

export type { Problem, Result } from '../lib/api';

export interface StaffUser {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  mustChangePassword: boolean;
  /** Two-factor sign-in is set up / is required and not yet set up (issue 16). */
  totpEnabled?: boolean;
  mustEnrolTotp?: boolean;
}
/** The sign-in before this one ("上次登录：时间，地址"). */
export interface LastLogin {
  at: string;
  ip: string;
  failedAttempts?: number;
}
/** The admin's rules for a new password, for the password form's hint. */
export interface PasswordRules {
  minLength: number;
  minClasses: number;
  historyCount: number;
  expiryDays: number;
}
export interface Session {
  user: StaffUser;
  csrfToken: string;
  lastLogin?: LastLogin | null;
  passwordRules?: PasswordRules;
}

let csrfToken = '';
let current: Promise<Session | null> | null = null;

export function loginUrl(extra = ''): string {
  const here = location.pathname + location.search;
  const next = here.startsWith('/console/login') ? '' : 'next=' + encodeURIComponent(here);
  const q = [next, extra].filter(Boolean).join('&');
  return '/console/login' + (q ? '?' + q : '');
}

/** Keeps the session given by a login, so the page that logged in can write at once. */
export function adoptSession(s: Session) {
  csrfToken = s.csrfToken;
  current = Promise.resolve(s);
}

export function forgetSession() {
  csrfToken = '';
  current = Promise.resolve(null);
}

/** Set from the moment the person presses 退出登录: an island's request answered 401 after the
 *  session ended must not race the sign-out to a different login URL. */
let signingOut = false;

/** Ends the session and goes to the login page that says so. */
export async function signOut() {
  signingOut = true;
  await post('/api/auth/logout', {}, { noRedirect: true });
  forgetSession();
  location.assign('/console/login?out=1');
}

/** Set when /api/auth/me kept failing for a reason other than a missing session (the server
 *  busy, the network down): the page must not mistake that for "signed out". */
let sessionUnknown = false;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The signed-in user, or null; one request per page however many islands ask. Only a 401 means
 *  signed out: a 5xx, a 429 or a lost connection is tried again (1, 2 and 4 s later) so a busy
 *  moment never sends a signed-in person back to the login. */
export function loadSession(): Promise<Session | null> {
  current ??= (async () => {
    for (let attempt = 0; ; attempt++) {
      let transient = true;
      try {
        const res = await fetch('/api/auth/me', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        if (res.ok) {
          const s = (await res.json()) as Session;
          csrfToken = s.csrfToken;
          sessionUnknown = false;
          return s;
        }
        transient = res.status >= 500 || res.status === 429;
      } catch {
        // A lost connection: transient.
      }
      if (!transient) return null;
      if (attempt === 3) {
        sessionUnknown = true;
        return null;
      }
      await pause(1000 * 2 ** attempt);
    }
  })();
  return current;
}

/** Tells the person the console cannot be reached, in place of the page (no redirect). */
function showUnavailable() {
  if (document.getElementById('session-unknown')) return; // one message, however many islands ask
  const box = document.createElement('div');
  box.id = 'session-unknown';
  box.className = 'alert';
  box.setAttribute('role', 'alert');
  box.textContent = '系统暂时繁忙，无法确认您的登录状态。请稍后刷新页面重试。';
  const again = document.createElement('button');
  again.type = 'button';
  again.className = 'button';
  again.textContent = '刷新页面';
  again.addEventListener('click', () => location.reload());
  box.append(' ', again);
  const main = document.querySelector('main') ?? document.body;
  main.querySelectorAll('[role=status]').forEach((e) => e.remove()); // no "正在加载…" under it
  main.prepend(box);
}

/** For console pages: the session, or a redirect to the login (or to the forced password change). */
export async function requireSession(): Promise<Session> {
  const s = await loadSession();
  if (!s) {
    if (sessionUnknown) showUnavailable();
    else location.replace(loginUrl());
    return new Promise<Session>(() => {}); // the page is leaving (or waits for a reload)
  }
  if (s.user.mustChangePassword) {
    location.replace(loginUrl('change=1'));
    return new Promise<Session>(() => {});
  }
  if (s.user.mustEnrolTotp) {
    location.replace(loginUrl('totp=1'));
    return new Promise<Session>(() => {});
  }
  return s;
}

function problemFrom(status: number, body: unknown, requestId?: string | null): Problem {
  const e = (body as { error?: { code?: string; message?: string; fields?: Record<string, string>; requestId?: string } } | null)?.error;
  // A server error names its request id, to quote to the administrator.
  const id = status >= 500 ? (e?.requestId ?? requestId) : undefined;
  const fallback =
    status === 403 ? '您没有权限进行这项操作。' : status === 429 ? '操作太频繁，请稍后再试。' : '服务器暂时无法处理，请稍后重试。';
  return { status, code: e?.code ?? 'http_' + status, message: (e?.message || fallback) + (id ? `（错误编号：${id}）` : ''), fields: e?.fields ?? {} };
}

export interface RequestOptions {
  /** Do not redirect on 401 (the login page itself). */
  noRedirect?: boolean;
  /** Extra headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
}

/** One JSON request. Writes carry the CSRF token; a lost session sends the user to the login. */
export async function request<T>(method: string, url: string, body?: unknown, opts: RequestOptions = {}): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    if (!csrfToken && !opts.noRedirect) await loadSession();
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, problem: { status: 0, code: 'network', message: '网络连接出现问题，请检查网络后重试。', fields: {} } };
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // An empty or non-JSON body: the status decides.
  }
  if (res.ok) return { ok: true, status: res.status, data: data as T };
  const problem = problemFrom(res.status, data, res.headers.get('x-request-id'));
  if (!opts.noRedirect && !signingOut) {
    if (res.status === 401) location.assign(loginUrl());
    else if (res.status === 403 && problem.code === 'password_change_required') location.assign(loginUrl('change=1'));
    else if (res.status === 403 && problem.code === 'totp_enrolment_required') location.assign(loginUrl('totp=1'));
  }
  return { ok: false, problem };
}

export const get = <T>(url: string, opts?: RequestOptions) => request<T>('GET', url, undefined, opts);
export const post = <T>(url: string, body: unknown = {}, opts?: RequestOptions) => request<T>('POST', url, body, opts);
export const patch = <T>(url: string, body: unknown) => request<T>('PATCH', url, body);
export const put = <T>(url: string, body: unknown) => request<T>('PUT', url, body);

/** Query string from a record, leaving out empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    u.set(k, v === true ? '1' : String(v));
  }
  const s = u.toString();
  return s ? '?' + s : '';
}

/** Where each role starts after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'leader':
      return '/console/leader';
    case 'agency':
      return '/console/agency';
    case 'admin':
      return '/console/admin';
    case 'editor':
      return '/console/content';
    default:
      return '/console';
  }
}

/** Only console paths are followed after login (no open redirect). */
export function safeNext(raw: string | null): string | null {
  if (!raw || !raw.startsWith('/console') || raw.startsWith('//') || raw.startsWith('/console/login')) return null;
  return raw;
}

/** An `<input type="date">` value as the end of that day in the office's time zone. */
export function endOfDay(date: string): string {
  return `${date}T23:59:59+08:00`;
}

/** An `<input type="datetime-local">` value read in the office's time zone. */
export function localDateTime(value: string): string {
  return value.length === 16 ? `${value}:00+08:00` : `${value}+08:00`;
}

/** Today (or today + n days) in the office's time zone, as YYYY-MM-DD. */
export function officeDate(addDays = 0): string {
  const d = new Date(Date.now() + addDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Now in the office's time zone, as a datetime-local value. */
export function officeNowLocal(): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date());
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour') === '24' ? '00' : p('hour')}:${p('minute')}`;
}
