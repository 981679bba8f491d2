// One error shape for the whole API (DESIGN §4): { error: { code, message, fields? } }.
// Verbs throw AppError; the app's error handler turns anything else into a 500 without a stack.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly fields?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** More members of the error object, for errors a client can act on (e.g. the earlier receipt). */
  readonly extra?: Record<string, unknown>;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    opts: { fields?: Record<string, string>; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = opts.fields;
    this.headers = opts.headers;
    this.extra = opts.extra;
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError(400, 'invalid_input', message, { fields });
export const notFound = (message = '未找到相关内容') => new AppError(404, 'not_found', message);
export const forbidden = (message = '您没有权限进行此操作') => new AppError(403, 'forbidden', message);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);

/** Zod issues → { "petitioner.phone": "联系电话格式不正确…" }, first message per field. */
export function fieldsFromZod(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

export function errorBody(e: AppError) {
  return { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}), ...e.extra } };
}

export function sendError(c: Context, e: AppError) {
  if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
  return c.json(errorBody(e), e.status);
}

/** Parses a JSON body and validates it; malformed JSON and bad fields both answer 400. */
export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  extra?: (v: unknown) => Array<{ path: string; message: string }>,
): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw badRequest('请求内容不是有效的 JSON');
  }
  return parseWith(schema, body, extra);
}

/**
 * Validates; `extra` adds cross-field rules that must be reported even when another field has
 * already failed (so a form shows every message at once).
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  extra?: (v: unknown) => Array<{ path: string; message: string }>,
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const fields = fieldsFromZod(r.error);
  for (const i of extra?.(value) ?? []) if (!(i.path in fields)) fields[i.path] = i.message;
  const n = Object.keys(fields).length;
  throw badRequest(n === 1 ? `填写有误：${Object.values(fields)[0]}` : `有 ${n} 处填写有误，请逐项修改`, fields);
}
