// Builds the one Hono application that serves the API, the portal and the console (DESIGN §6).
// Feature routers are mounted here; everything below /api answers JSON, errors included.
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv, Deps } from './context.ts';
import { isDatabaseUnavailable } from './http/db-unavailable.ts';
import { AppError, errorBody, sendError } from './http/errors.ts';
import { apiBodyLimit } from './http/body-limit.ts';
import { openApiDocument } from './http/openapi.ts';
import { securityHeaders } from './http/security-headers.ts';
import { compressResponses } from './http/compress.ts';
import { mountOperations, observeRequests } from './http/observe.ts';
import { loadSite, pageVariant, resolveStatic, sendVariant, type StaticFile } from './http/static.ts';
import { log } from './log.ts';
import { observeDatabase } from './services/metrics.ts';
import { publicRoutes } from './routes/public.ts';
import { mountFeatures } from './routes/features.ts';
import { nojsFill } from './routes/portal-forms.ts';

export function createApp(deps: Deps, opts: { site?: Map<string, StaticFile>; stopping?: () => boolean } = {}) {
  const site = opts.site ?? loadSite();
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    let ip = 'unknown';
    try {
      ip = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      /* app.request() in tests has no socket */
    }
    if (deps.config.trustProxy) {
      const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (fwd) ip = fwd;
    }
    c.set('clientIp', ip);
    await next();
  });
  app.use('*', compressResponses);
  app.use('*', observeRequests);
  app.use('*', securityHeaders);
  app.use('/api/*', apiBodyLimit);

  app.onError((err, c) => {
    if (err instanceof AppError) return sendError(c, err);
    // Text the database cannot store (a NUL character, broken UTF-8) is the client's input error.
    const sqlState = (err as { code?: unknown }).code;
    if (sqlState === '22021' || sqlState === '22P05') {
      return sendError(c, new AppError(400, 'invalid_input', '内容中含有无法识别的字符（如空字符），请删除后重试'));
    }
    // The database is unreachable or shutting down: tell the client to retry, quickly.
    // A 5xx carries the request id, for the citizen to quote (it is in the X-Request-Id header too).
    const requestId = c.get('requestId');
    if (isDatabaseUnavailable(err)) {
      c.header('Retry-After', '5');
      const body = errorBody(new AppError(503, 'unavailable', '系统暂时繁忙，请稍后再试'));
      return c.json({ error: { ...body.error, requestId } }, 503);
    }
    log.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    const body = errorBody(new AppError(500, 'internal', '系统出现错误，请稍后再试。您填写的内容没有丢失，可以再次提交。'));
    return c.json({ error: { ...body.error, requestId } }, 500);
  });

  mountOperations(app, deps, { stopping: opts.stopping ?? (() => false) });
  observeDatabase(deps);
  // Built once, at the first request (every router has registered its paths by then): building
  // it took ~12 ms of CPU, which made this public URL the cheapest way to load a process.
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  app.get('/api/openapi.json', (c) => c.json((openApi ??= openApiDocument())));
  app.route('/api/public', publicRoutes);
  mountFeatures(app);

  app.all('/api/*', (c) => sendError(c, new AppError(404, 'not_found', '接口不存在')));

  app.get('*', async (c) => {
    const file = resolveStatic(site, c.req.path);
    const page = file ?? site.get('/404.html');
    if (!page) return c.text('Not found', 404);
    const variant = page.html ? await pageVariant(deps, page, (html) => nojsFill(deps, html)) : page;
    return sendVariant(c, variant, page.type, file ? 200 : 404, page.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  return app;
}
