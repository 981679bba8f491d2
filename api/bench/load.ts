// One load scenario of `npm run bench`: N keep-alive connections (autocannon) send requests built
// per request (a fresh query code, a fresh filing) for a warm-up and then a measured period.
// Every response time is kept, so percentiles are exact (autocannon's own histogram has no p95),
// and every status is counted: a run whose answers are not what the scenario expects is failed,
// never reported as fast.
import fs from 'node:fs';
import autocannon from 'autocannon';

export type LoadSpec = {
  title: string;
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Built per request. */
  path: () => string;
  body?: () => string;
  /** Extra headers built per request (e.g. the client address a proxy would forward). */
  perRequest?: () => Record<string, string>;
  /** Statuses that count as success (default: 200 and 201). */
  ok?: number[];
};

export type LoadResult = {
  title: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  failures: number;
  statuses: Record<string, number>;
  errors: number;
  /** Share of the machine's CPU time the hypervisor gave to others during the measured period
   *  (steal, from /proc/stat), in %; undefined where the kernel does not report it. */
  steal?: number;
  /** Every response time (ms), sorted; kept out of the written report. */
  times?: Float64Array;
};

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** CPU time of all cores so far, and the part of it stolen by the hypervisor (Linux). */
function cpuTicks(): { total: number; steal: number } | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    if (f.length < 8 || f.some(Number.isNaN)) return undefined;
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] };
  } catch {
    return undefined;
  }
}

function stealSince(before: ReturnType<typeof cpuTicks>): number | undefined {
  const after = cpuTicks();
  if (!before || !after || after.total <= before.total) return undefined;
  return Math.round(((after.steal - before.steal) / (after.total - before.total)) * 1000) / 10;
}

function once(spec: LoadSpec, seconds: number, record: boolean): Promise<LoadResult> {
  const times: number[] = [];
  const ticks = cpuTicks();
  const statuses: Record<string, number> = {};
  const ok = new Set(spec.ok ?? [200, 201]);
  let failures = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: spec.method,
            headers: { 'content-type': 'application/json', ...spec.headers },
            setupRequest: (req) => ({
              ...req,
              path: spec.path(),
              ...(spec.body ? { body: spec.body() } : {}),
              ...(spec.perRequest ? { headers: { ...req.headers, ...spec.perRequest() } } : {}),
            }),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const steal = stealSince(ticks);
        resolve(summarise(spec, Float64Array.from(times).sort(), result.duration || seconds, { failures, statuses, errors: result.errors + result.timeouts, ...(steal === undefined ? {} : { steal }) }));
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (!record) return;
      times.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (!ok.has(statusCode)) failures++;
    });
  });
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function summarise(spec: Pick<LoadSpec, 'title' | 'connections'>, times: Float64Array, seconds: number, counts: Pick<LoadResult, 'failures' | 'statuses' | 'errors' | 'steal'>): LoadResult {
  return {
    title: spec.title,
    connections: spec.connections,
    seconds: Math.round(seconds * 10) / 10,
    requests: times.length,
    rps: Math.round(times.length / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    max: round(times[times.length - 1] ?? NaN),
    ...counts,
    times,
  };
}

/** Several measured runs of one scenario as one result: requests over the summed time,
 *  percentiles over every response. */
export function mergeResults(parts: LoadResult[]): LoadResult {
  const times = Float64Array.from(parts.flatMap((p) => Array.from(p.times ?? []))).sort();
  const statuses: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const seconds = parts.reduce((s, p) => s + p.seconds, 0);
  const steal = parts.every((p) => p.steal !== undefined) ? Math.round((parts.reduce((s, p) => s + p.steal! * p.seconds, 0) / seconds) * 10) / 10 : undefined;
  return summarise(parts[0], times, seconds, {
    failures: parts.reduce((s, p) => s + p.failures, 0),
    statuses,
    errors: parts.reduce((s, p) => s + p.errors, 0),
    ...(steal === undefined ? {} : { steal }),
  });
}

/** Warm-up (JIT, pool, caches), then the measured run. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await once(spec, spec.warmupSeconds, false);
  return once(spec, spec.seconds, true);
}
