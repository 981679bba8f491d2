// What an operator sees of each request and of the process (DESIGN §4 operations): a request id
// on every request (taken from the proxy's X-Request-Id when TRUST_PROXY says the proxy is ours,
// otherwise made here), returned in the X-Request-Id header and in the body of every 5xx so a
// citizen can quote it, and on every log line written meanwhile; the request counted in the
// route/status latency histogram; one log line per request at debug level, and at warn when it
// failed (5xx) or was slow. GET /metrics (Prometheus text) is open from this host only; from
// elsewhere it needs `Authorization: Bearer $METRICS_TOKEN`. /api/health says the process is
// alive; /api/ready that it can serve (database answers, migrations applied, not stopping).
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import type { Context, Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { sql } from 'kysely';
import type { AppEnv, Deps } from '../context.ts';
import { migrationFiles } from '../db/migrate.ts';
import { log, requestContext } from '../log.ts';
import { httpDuration, metricsText } from '../services/metrics.ts';

const SLOW_MS = 2_000;
// A short id a citizen can read out: a random prefix per process and a counter.
const PREFIX = crypto.randomBytes(4).toString('hex').slice(0, 6);
let counter = 0;
const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

function routeOf(c: Context<AppEnv>): string {
  try {
    const path = matchedRoutes(c)[c.req.routeIndex]?.path ?? '';
    return path === '*' || path === '/*' ? 'static' : path;
  } catch {
    return 'unmatched';
  }
}

export const observeRequests = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  const incoming = deps.config.trustProxy ? c.req.header('x-request-id') : undefined;
  const reqId = incoming && INCOMING_ID.test(incoming) ? incoming : `${PREFIX}-${(++counter).toString(36)}`;
  c.set('requestId', reqId);
  const started = performance.now();
  await requestContext.run({ reqId }, next);
  const ms = performance.now() - started;
  c.res.headers.set('X-Request-Id', reqId);
  const status = c.res.status;
  const route = routeOf(c);
  httpDuration.observe({ method: c.req.method, route, status: String(status) }, ms / 1000);
  if (status >= 500 || ms > SLOW_MS) {
    log.warn({ reqId, method: c.req.method, route, path: c.req.path, status, ms: Math.round(ms) }, status >= 500 ? 'request failed' : 'slow request');
  } else if (log.isLevelEnabled('debug')) {
    log.debug({ reqId, method: c.req.method, route, status, ms: Math.round(ms * 10) / 10 }, 'request');
  }
});

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** From this host itself, not through the reverse proxy. */
function isLocal(c: Context<AppEnv>): boolean {
  let socket = '';
  try {
    socket = getConnInfo(c).remote.address ?? '';
  } catch {
    return false;
  }
  if (!LOOPBACK.test(socket)) return false;
  // The proxy runs on this host too: a request it forwarded is not local.
  return !(c.req.header('x-forwarded-for') || c.req.header('x-real-ip') || c.req.header('forwarded'));
}

function sameSecret(a: string, b: string) {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

// Several API processes: the primary gathers every process's figures (api/cluster.ts).
let pending = 0;
const waiting = new Map<number, (text: string | undefined) => void>();
if (cluster.isWorker) {
  process.on('message', (m: { xf?: string; id?: number; text?: string }) => {
    if (m?.xf === 'metrics' && typeof m.id === 'number') {
      waiting.get(m.id)?.(m.text);
      waiting.delete(m.id);
    }
  });
}
function clusterMetrics(): Promise<string | undefined> {
  const id = ++pending;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(undefined);
    }, 5_000);
    waiting.set(id, (t) => {
      clearTimeout(timer);
      resolve(t);
    });
    process.send!({ xf: 'metrics?', id });
  });
}

/** Whether migrations on disk are all applied (read once per process; files do not change). */
let expectedMigrations: string[] | undefined;
async function migrationsApplied(deps: Deps): Promise<boolean> {
  expectedMigrations ??= migrationFiles();
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations WHERE name = ANY(${expectedMigrations})`.execute(deps.db);
  return rows[0].n === expectedMigrations.length;
}

export function mountOperations(app: Hono<AppEnv>, deps: Deps, state: { stopping: () => boolean }) {
  app.get('/metrics', async (c) => {
    const token = deps.config.metricsToken;
    if (!isLocal(c)) {
      const auth = c.req.header('authorization') ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!token || !given || !sameSecret(given, token)) {
        c.header('WWW-Authenticate', 'Bearer');
        return c.text('metrics: from this host, or with Authorization: Bearer <METRICS_TOKEN>\n', token ? 401 : 403);
      }
    }
    const text = (cluster.isWorker ? await clusterMetrics() : undefined) ?? (await metricsText());
    c.header('Cache-Control', 'no-store');
    return c.body(text, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  // Alive: the process answers (no database: a database restart must not get the process killed).
  app.get('/api/health', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true });
  });

  // Ready: this process can serve requests now.
  app.get('/api/ready', async (c) => {
    c.header('Cache-Control', 'no-store');
    const checks = { database: false, migrations: false, stopping: state.stopping() };
    if (!checks.stopping) {
      try {
        await sql`SELECT 1`.execute(deps.db);
        checks.database = true;
        checks.migrations = await migrationsApplied(deps);
      } catch {
        /* reported below */
      }
    }
    const ok = checks.database && checks.migrations && !checks.stopping;
    if (!ok) c.header('Retry-After', '5');
    return c.json({ ok, ...checks }, ok ? 200 : 503);
  });
}
