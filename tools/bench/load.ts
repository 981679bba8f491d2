// One load scenario of `npm run bench`: N keep-alive connections send requests built per request
// (a fresh query code, a fresh filing) for a warm-up and then a measured period.
// Every response time is kept, so percentiles are exact,
// and every status is counted: a run whose answers are not what the scenario expects is failed,
// never reported as fast.
import fs from 'node:fs';
import net from 'node:net';

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

/**
 * A response read off a keep-alive connection, in pieces as they arrive: its status once the
 * head is complete, done once the body (Content-Length, or chunked) is complete.
 */
class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  status = 0;
  /** The server asked to close the connection after this response. */
  close = false;
  private bodyLeft = -1; // bytes of a Content-Length body still to come
  private chunked = false;

  /** Feeds bytes; answers the bytes past the end of this response once it is complete, else undefined. */
  feed(data: Buffer): Buffer | undefined {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    if (!this.status) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const head = this.buf.toString('latin1', 0, end);
      this.buf = this.buf.subarray(end + 4);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(head.slice(0, 40))}`);
      this.status = Number(m[1]);
      this.close = /\r\nconnection:[ \t]*close/i.test(head);
      this.chunked = /\r\ntransfer-encoding:[^\r]*chunked/i.test(head);
      const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
      this.bodyLeft = this.chunked ? -1 : this.status === 204 || this.status === 304 || this.status < 200 ? 0 : length ? Number(length[1]) : -2;
      if (this.bodyLeft === -2) throw new Error('a response without Content-Length or chunked encoding');
    }
    if (!this.chunked) {
      if (this.buf.length < this.bodyLeft) return undefined;
      return this.buf.subarray(this.bodyLeft);
    }
    // Chunked: size line, data, CRLF, …, then a zero-size chunk and (possibly empty) trailers.
    let at = 0;
    for (;;) {
      const eol = this.buf.indexOf('\r\n', at);
      if (eol < 0) return undefined;
      const size = parseInt(this.buf.toString('latin1', at, eol), 16);
      if (Number.isNaN(size)) throw new Error('a malformed chunk size');
      if (size === 0) {
        const end = this.buf.indexOf('\r\n\r\n', eol);
        return end < 0 ? undefined : this.buf.subarray(end + 4);
      }
      if (this.buf.length < eol + 2 + size + 2) return undefined;
      at = eol + 2 + size + 2;
    }
  }
}

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');

/**
 * One scenario for `seconds`: `connections` keep-alive connections, each sending its next
 * request as soon as the previous answer is complete (a closed loop, as autocannon and wrk do).
 * A small client of its own rather than autocannon: the load runs on the same two cores as the
 * application and the database, and with autocannon it took 0.080–0.085 ms of CPU per filing
 * (a tenth of what a filing costs the machine); this client takes 0.042–0.050 ms (measured
 * 2026-12-02, alternated), so the figures say a little more about the application.
 */
function once(spec: LoadSpec, seconds: number, record: boolean): Promise<LoadResult> {
  const target = new URL(spec.url);
  const port = Number(target.port || 80);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const fixed = headerLines({ 'content-type': 'application/json', ...spec.headers });
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const ok = new Set(spec.ok ?? [200, 201]);
  let failures = 0;
  let errors = 0;
  const ticks = cpuTicks();
  const t0 = performance.now();
  const stopAt = t0 + seconds * 1000;
  const timeoutMs = 30_000;

  const request = (): string => {
    const body = spec.body?.() ?? '';
    const extra = spec.perRequest ? headerLines(spec.perRequest()) : '';
    return `${spec.method} ${spec.path()} HTTP/1.1\r\nhost: ${target.host}\r\n${fixed}${extra}${body || spec.method === 'POST' ? `content-length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;
  };

  return new Promise((resolve) => {
    let open = 0;
    const finish = () => {
      if (--open > 0) return;
      const duration = (performance.now() - t0) / 1000;
      const steal = stealSince(ticks);
      resolve(summarise(spec, Float64Array.from(times).sort(), duration, { failures, statuses, errors, ...(steal === undefined ? {} : { steal }) }));
    };
    const connect = () => {
      open++;
      const socket = net.connect({ port, host, noDelay: true });
      let reader = new ResponseReader();
      let sentAt = 0;
      let waiting = false; // a request is out and its answer not complete
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      const end = (broken: boolean) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        socket.destroy();
        if (broken) errors++;
        // A broken or closed connection is replaced while the scenario runs, as a browser would
        // (counted open meanwhile, so the scenario does not end in between).
        if (performance.now() < stopAt) {
          open++;
          setTimeout(() => {
            open--;
            connect();
          }, broken ? 10 : 0);
        }
        finish();
      };
      const send = () => {
        if (performance.now() >= stopAt) return end(false);
        reader = new ResponseReader();
        sentAt = performance.now();
        waiting = true;
        socket.write(request());
        timer = setTimeout(() => end(true), timeoutMs);
      };
      socket.on('connect', send);
      socket.on('error', () => end(true));
      socket.on('close', () => end(waiting));
      socket.on('data', (data) => {
        let rest: Buffer | undefined;
        try {
          rest = reader.feed(data);
        } catch {
          return end(true);
        }
        if (rest === undefined) return;
        clearTimeout(timer);
        waiting = false;
        if (record) {
          times.push(performance.now() - sentAt);
          statuses[reader.status] = (statuses[reader.status] ?? 0) + 1;
          if (!ok.has(reader.status)) failures++;
        }
        // Nothing is pipelined, so nothing may follow the answer.
        if (rest.length) return end(true);
        if (reader.close) return end(false);
        send();
      });
    };
    for (let i = 0; i < spec.connections; i++) connect();
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
