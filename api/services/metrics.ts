// The Prometheus metrics of a process (prom-client), served at GET /metrics (api/http/observe.ts):
// requests by route and status with latency histograms, filings, lookups, the embedded server's
// restarts and the pool's use are counted in memory as they happen (a few hundred nanoseconds a
// request, no I/O); the queue lengths by status, overdue cases, the notification outbox's backlog
// and the registration-scan backlog are read from the database when Prometheus scrapes, never on
// a request. With API_PROCESSES > 1 the primary sums the processes' figures (database figures are
// taken once, not summed: every process reads the same database).
import cluster from 'node:cluster';
import client from 'prom-client';
import { sql } from 'kysely';
import type { Deps } from '../context.ts';
import { OPEN_STATUSES } from '../domain/lifecycle.ts';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'xf_' });
// The primary's aggregation asks each worker for this registry's figures (api/cluster.ts).
// (Constructing one is what makes prom-client answer the primary's requests in a worker.)
if (cluster.isWorker) {
  client.AggregatorRegistry.setRegistries([registry]);
  new client.AggregatorRegistry();
}

export const httpDuration = new client.Histogram({
  name: 'xf_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status, with their latency',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const filings = new client.Counter({ name: 'xf_filings_total', help: 'Petitions registered, by channel', labelNames: ['channel'], registers: [registry] });
export const lookups = new client.Counter({ name: 'xf_lookups_total', help: 'Progress lookups by query code, by result', labelNames: ['result'], registers: [registry] });
export const embeddedRestarts = new client.Gauge({
  name: 'xf_embedded_postgres_restarts_total',
  help: 'Times the embedded PostgreSQL was restarted after it stopped on its own',
  registers: [registry],
  aggregator: 'max',
});

/** The database behind the gauges below: the first application this process built (a process
 *  serves one database; createApp calls this). */
let source: Deps | undefined;
export function observeDatabase(deps: Deps) {
  source ??= deps;
}

new client.Gauge({
  name: 'xf_db_pool_connections',
  help: 'Connections of this process\'s pool by state',
  labelNames: ['state'],
  registers: [registry],
  collect() {
    const p = source?.pool;
    if (!p) return;
    this.set({ state: 'total' }, p.totalCount);
    this.set({ state: 'idle' }, p.idleCount);
    this.set({ state: 'waiting' }, p.waitingCount);
  },
});

// The database figures: one query at scrape time, shared by the gauges of one scrape.
let snapshot: Promise<DbFigures | undefined> | undefined;
type DbFigures = { byStatus: Record<string, number>; overdue: number; scanBacklog: number; outbox: number | null };
let outboxExists: boolean | undefined;

async function readFigures(deps: Deps): Promise<DbFigures> {
  const now = deps.now();
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM petitions WHERE status = ANY(${OPEN_STATUSES as unknown as string[]}) GROUP BY status`.execute(deps.db);
  const one = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(deps.db)).rows[0]?.n ?? 0;
  const overdue = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM petitions WHERE next_due_at < ${now}`);
  const scanBacklog = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM petitions WHERE scan_pending`);
  // The notifications outbox (issue 14) may not exist in this database yet.
  outboxExists ??= (await sql<{ t: string | null }>`SELECT to_regclass('public.notifications')::text AS t`.execute(deps.db)).rows[0].t !== null || undefined;
  const outbox = outboxExists ? await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications WHERE status = 'pending'`) : null;
  return { byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])), overdue, scanBacklog, outbox };
}

function figures(): Promise<DbFigures | undefined> {
  if (!source) return Promise.resolve(undefined);
  snapshot ??= readFigures(source)
    .catch(() => undefined) // the database is away: those gauges are left out of this scrape
    .finally(() => setTimeout(() => (snapshot = undefined), 1_000).unref());
  return snapshot;
}

new client.Gauge({
  name: 'xf_petitions_open',
  help: 'Open petitions by status (the queues)',
  labelNames: ['status'],
  registers: [registry],
  aggregator: 'max',
  async collect() {
    const f = await figures();
    if (!f) return;
    for (const s of OPEN_STATUSES) this.set({ status: s }, f.byStatus[s] ?? 0);
  },
});
new client.Gauge({
  name: 'xf_petitions_overdue',
  help: 'Petitions with a running clock past its due time',
  registers: [registry],
  aggregator: 'max',
  async collect() {
    const f = await figures();
    if (f) this.set(f.overdue);
  },
});
new client.Gauge({
  name: 'xf_registration_scan_backlog',
  help: 'Petitions registered but not yet scanned for repeats and indexed',
  registers: [registry],
  aggregator: 'max',
  async collect() {
    const f = await figures();
    if (f) this.set(f.scanBacklog);
  },
});
// Labelled by its table, so the metric is absent (not a misleading 0) while there is no outbox.
new client.Gauge({
  name: 'xf_outbox_backlog',
  help: 'Notifications to citizens waiting to be sent',
  labelNames: ['table'],
  registers: [registry],
  aggregator: 'max',
  async collect() {
    const f = await figures();
    if (f && f.outbox !== null) this.set({ table: 'notifications' }, f.outbox);
  },
});

/** The metrics text of this process. */
export function metricsText(): Promise<string> {
  return registry.metrics();
}
