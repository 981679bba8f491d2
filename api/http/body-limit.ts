// A ceiling on every API request body (issue 6, hostile input): JSON bodies stop at 1 MB with a
// 413 before they are buffered or parsed, so a client cannot make a process hold huge bodies.
// Upload endpoints (paths ending in /uploads, and the scanned letters' upload) set their own,
// larger limit on the route.
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { AppError } from './errors.ts';

export const API_BODY_MAX = 1024 * 1024;

const limited = bodyLimit({
  maxSize: API_BODY_MAX,
  onError: () => {
    throw tooLarge();
  },
});

const tooLarge = () => new AppError(413, 'too_large', '提交的内容过大，请删减后重试');

export const apiBodyLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || /\/uploads$/.test(c.req.path) || /^\/api\/staff\/letters\/?$/.test(c.req.path)) return next();
  // With a declared length the check needs no look at the body (and leaves the server's fast
  // body path alone); only a chunked body is counted as it streams in.
  const declared = c.req.header('content-length');
  if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (Number(declared) > API_BODY_MAX) throw tooLarge();
    return next();
  }
  return limited(c, next);
});
