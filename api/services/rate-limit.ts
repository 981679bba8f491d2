// Fixed-window rate limits kept in PostgreSQL, so every API process counts the same hits
// (DESIGN §6). The count is written behind the request, not in it: issue 6 measured the counting
// upsert as the largest part of a lookup's and a filing's database time (0.27 ms of PostgreSQL CPU
// a hit, more when one address's hits queued on its counter row), for a limit nearly every
// citizen stays far below. So each process keeps, per address and window:
//   known    the bucket's total in PostgreSQL as last read (every process's hits),
//   inflight hits sent in a statement not yet answered, pending hits not yet sent.
// A hit in the first half of the limit is counted locally and the request goes on; the process
// writes its pending hits at once in one statement for all addresses (one such write at a time,
// hits arriving meanwhile go in the next, so under load one statement carries many hits). In
// the second half every hit is counted in PostgreSQL before the request is answered, after this
// process's own earlier hits, so the limit holds exactly on one process and, across processes, up
// to the hits another process has in flight at that instant (a millisecond's worth). Once a
// bucket is known to be over its limit, further hits are refused without a round trip (still
// counted), so a flood from one address costs the database one write per flush, not one per
// request. A crash may forget the hits not yet written (at most one flush's worth); old windows
// are pruned by the housekeeping job.
import type pg from 'pg';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { log } from '../log.ts';

/** One counted request: which bucket, its limit and window, and when. */
export type Hit = { bucket: string; limit: number; windowSeconds: number; now: Date };

export const windowOf = (h: Hit) => new Date(Math.floor(h.now.getTime() / (h.windowSeconds * 1000)) * h.windowSeconds * 1000);

/** Throws 429 (with Retry-After) when the counted hits are over the limit. */
export function enforce(h: Hit, hits: number): void {
  if (hits <= h.limit) return;
  const retryAfter = Math.max(1, Math.ceil((windowOf(h).getTime() + h.windowSeconds * 1000 - h.now.getTime()) / 1000));
  throw new AppError(429, 'rate_limited', `操作过于频繁，请在 ${retryAfter} 秒后再试`, {
    headers: { 'Retry-After': String(retryAfter) },
  });
}

// Adds hits to counter rows and answers their totals, in one statement for any number of rows
// (sorted by the caller, so two processes lock the rows in the same order). The counters are in
// an unlogged table and the statement commits without waiting for the WAL flush: it writes
// nothing else, and losing the last hits in a crash is the most that can happen.
const ADD_HITS = {
  name: 'xf_rate_limit_add',
  text: `
    INSERT INTO rate_limits AS r (bucket, window_start, hits)
    SELECT x.bucket, x.window_start, x.hits
      FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit,
           unnest($1::text[], $2::timestamptz[], $3::int[]) AS x(bucket, window_start, hits)
    ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + EXCLUDED.hits
    RETURNING r.bucket, r.window_start, r.hits`,
};

type Counter = {
  bucket: string;
  window: Date;
  ends: number;
  known: number;
  inflight: number;
  pending: number;
  /** The flush carrying some of this counter's hits, while it is on its way. */
  flushing?: Promise<unknown>;
};
const counterKey = (bucket: string, window: Date) => `${bucket}@${window.getTime()}`;

/** Hits sent in one write: `fromPending` of them were pending, the rest is the request's own. */
type Sent = { counter: Counter; hits: number; fromPending: number };

class Limiter {
  private readonly counters = new Map<string, Counter>();
  /** Counters with pending hits. */
  private readonly dirty = new Set<Counter>();
  private sweptAt = Date.now();
  private flushing: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failing = false;

  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async hit(h: Hit): Promise<void> {
    const c = this.counter(h);
    const seen = c.known + c.inflight + c.pending + 1; // a lower bound of the bucket's total with this hit
    if (seen > h.limit || seen <= Math.floor(h.limit / 2)) {
      c.pending++;
      this.dirty.add(c);
      this.flushSoon();
      enforce(h, seen);
      return;
    }
    // Near the limit: count in PostgreSQL now, after this process's hits already on their way.
    while (c.flushing) await c.flushing.catch(() => {});
    const total = await this.send([{ counter: c, hits: c.pending + 1, fromPending: c.pending }]);
    enforce(h, total.get(c) ?? Number.POSITIVE_INFINITY);
  }

  private counter(h: Hit): Counter {
    const window = windowOf(h);
    const key = counterKey(h.bucket, window);
    let c = this.counters.get(key);
    if (!c) {
      c = { bucket: h.bucket, window, ends: window.getTime() + h.windowSeconds * 1000, known: 0, inflight: 0, pending: 0 };
      this.counters.set(key, c);
    }
    return c;
  }

  /** The pool was ended (the process is stopping): nothing more can be written. */
  private get ended(): boolean {
    return (this.pool as unknown as { ending?: boolean }).ending === true;
  }

  /** Writes the pending hits now, unless a write is on its way (then right after it). Not once
   *  the pool has ended: a write would fail at once and put its hits back, and trying again
   *  straight away spun the process in a loop of promises that starved everything else (seen in
   *  a test's teardown, 2026-12-02). */
  private flushSoon(): void {
    if (this.flushing || this.retry || this.ended) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.dirty.size) this.flushSoon();
    });
  }

  private async flush(): Promise<void> {
    const now = Date.now();
    if (now - this.sweptAt > 10_000) {
      // Forget the windows that have ended (their rows are pruned by the housekeeping job).
      this.sweptAt = now;
      for (const [key, c] of this.counters) if (c.ends < now && !c.pending && !c.inflight) this.counters.delete(key);
    }
    const batch: Sent[] = [...this.dirty].filter((c) => c.pending > 0).map((c) => ({ counter: c, hits: c.pending, fromPending: c.pending }));
    this.dirty.clear();
    if (!batch.length) return;
    const sent = this.send(batch);
    for (const { counter } of batch) counter.flushing = sent;
    try {
      await sent;
      this.failing = false;
    } catch (e) {
      // The database is away (the requests say so themselves, 503): keep the hits and try again
      // in a second, saying so once.
      if (this.ended) return; // shutting down
      if (!this.failing) log.warn({ err: (e as Error).message }, 'rate-limit hits not written, will retry');
      this.failing = true;
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.flushSoon();
      }, 1000);
      this.retry.unref();
    } finally {
      for (const { counter } of batch) if (counter.flushing === sent) counter.flushing = undefined;
    }
  }

  /** Writes the hits; answers each counter's new total. On failure they go back to pending (the
   *  request's own hit included: an attempt counts). */
  private async send(batch: Sent[]): Promise<Map<Counter, number>> {
    batch.sort((a, b) => (a.counter.bucket < b.counter.bucket ? -1 : a.counter.bucket > b.counter.bucket ? 1 : a.counter.ends - b.counter.ends));
    for (const s of batch) {
      s.counter.pending -= s.fromPending;
      s.counter.inflight += s.hits;
    }
    const totals = new Map<Counter, number>();
    try {
      const { rows } = await this.pool.query<{ bucket: string; window_start: Date; hits: number }>({
        ...ADD_HITS,
        values: [batch.map((s) => s.counter.bucket), batch.map((s) => s.counter.window), batch.map((s) => s.hits)],
      });
      const byKey = new Map(rows.map((r) => [counterKey(r.bucket, r.window_start), r.hits]));
      for (const s of batch) {
        const total = byKey.get(counterKey(s.counter.bucket, s.counter.window)) ?? 0;
        s.counter.known = Math.max(s.counter.known, total);
        totals.set(s.counter, total);
      }
      return totals;
    } catch (e) {
      for (const s of batch) {
        s.counter.pending += s.hits;
        this.dirty.add(s.counter);
      }
      throw e;
    } finally {
      for (const s of batch) s.counter.inflight -= s.hits;
    }
  }
}

const limiters = new WeakMap<pg.Pool, Limiter>();

/** Counts one hit against its bucket and throws 429 when the bucket is over its limit. */
export function countHit(pool: pg.Pool, h: Hit): Promise<void> {
  let l = limiters.get(pool);
  if (!l) limiters.set(pool, (l = new Limiter(pool)));
  return l.hit(h);
}

export async function pruneRateLimits(db: Database, olderThan: Date) {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThan).execute();
}
