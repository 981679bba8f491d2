// Browser helpers for the public API (DESIGN §4): JSON posts that turn every failure into one
// `Problem` shape, uploads with progress through XMLHttpRequest, and date formatting in the
// office's time zone. Kept tiny on purpose: the filing page's whole JS budget is 40 KB gzipped.
import { common } from '../i18n/zh';

/** What the islands show when a request did not succeed. */
export interface Problem {
  status: number; // 0 when the network failed
  code: string;
  message: string;
  fields: Record<string, string>;
  /** Seconds the server asked to wait (Retry-After), for 429 and 503. */
  retryAfter?: number;
  /** 422 idempotency_key_reused: the receipt of the letter that key already filed. */
  receipt?: { caseNo: string; queryCode: string; registeredAt: string; acceptDueAt: string };
}

export type Result<T> = { ok: true; status: number; data: T } | { ok: false; problem: Problem };

/** The problem a failed answer describes; a server error names its request id (X-Request-Id);
 *  a 429 or 503 says how long to wait (Retry-After); a reused request key brings its receipt. */
export function problemFrom(status: number, body: unknown, requestId?: string | null, retryAfter?: string | null): Problem {
  const e = (body as { error?: { code?: string; message?: string; fields?: Record<string, string>; requestId?: string; receipt?: Problem['receipt'] } } | null)?.error;
  const fallback = status === 429 ? common.tooMany : common.serverError;
  const id = status >= 500 ? (e?.requestId ?? requestId) : undefined;
  const wait = Number(retryAfter);
  return {
    status,
    code: e?.code ?? 'http_' + status,
    message: (e?.message || fallback) + (id ? common.errorId(id) : ''),
    fields: e?.fields ?? {},
    ...(wait > 0 ? { retryAfter: wait } : {}),
    ...(e?.receipt ? { receipt: e.receipt } : {}),
  };
}

const networkProblem = (): Problem => ({ status: 0, code: 'network', message: common.networkError, fields: {} });

export async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, problem: networkProblem() };
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // Non-JSON (a proxy's error page, an empty body): the status alone decides.
  }
  return res.ok ? { ok: true, status: res.status, data: data as T } : { ok: false, problem: problemFrom(res.status, data, res.headers.get('x-request-id'), res.headers.get('retry-after')) };
}

export async function getJson<T>(url: string): Promise<Result<T>> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    const data = await res.json().catch(() => null);
    return res.ok ? { ok: true, status: res.status, data: data as T } : { ok: false, problem: problemFrom(res.status, data, res.headers.get('x-request-id')) };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

export interface Uploaded {
  id: string;
  name: string;
  size: number;
  type: string;
}

/** Uploads one file as multipart field `file`; `onProgress` gets 0..1. */
export function upload(file: File, onProgress: (p: number) => void): { done: Promise<Result<Uploaded>>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Result<Uploaded>>((resolve) => {
    xhr.open('POST', '/api/public/uploads');
    xhr.responseType = 'json';
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const ok = xhr.status >= 200 && xhr.status < 300;
      resolve(ok ? { ok, status: xhr.status, data: xhr.response as Uploaded } : { ok: false, problem: problemFrom(xhr.status, xhr.response, xhr.getResponseHeader('x-request-id'), xhr.getResponseHeader('retry-after')) });
    };
    xhr.onerror = () => resolve({ ok: false, problem: networkProblem() });
    xhr.onabort = () => resolve({ ok: false, problem: { status: 0, code: 'aborted', message: '', fields: {} } });
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** A random key for `Idempotency-Key`; works outside secure contexts, unlike randomUUID. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// Office time is China Standard Time (UTC+8, no daylight saving). Formatting by hand instead of
// Intl.DateTimeFormat keeps ICU's locale and time-zone data from loading on page start, which
// cost ~180 ms of main thread on a throttled phone (Lighthouse).
const OFFICE_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');
const dateFmt = {
  format: (d: Date) => {
    const c = new Date(d.getTime() + OFFICE_OFFSET_MS);
    return `${c.getUTCFullYear()}年${c.getUTCMonth() + 1}月${c.getUTCDate()}日`;
  },
};
const timeFmt = {
  format: (d: Date) => {
    const c = new Date(d.getTime() + OFFICE_OFFSET_MS);
    return `${dateFmt.format(d)} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`;
  },
};

/** "2026年1月15日"; a bare YYYY-MM-DD is read as that calendar day. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return `${+m[1]}年${+m[2]}月${+m[3]}日`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

/** The last day of a period: the API's due instants are the moment it expires (the start of
 *  the next day, office time), so the day shown is the one just before that instant. */
export function formatDueDate(dueAt: string): string {
  const t = Date.parse(dueAt);
  return /^\d{4}-\d{2}-\d{2}$/.test(dueAt) || Number.isNaN(t) ? formatDate(dueAt) : dateFmt.format(new Date(t - 1));
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) || /^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso) : timeFmt.format(d);
}

export function formatSize(bytes: number): string {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
}
