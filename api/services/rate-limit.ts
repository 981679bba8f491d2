// Fixed-window rate limits kept in PostgreSQL, so every API process counts the same hits.
// One upsert per check, alone or riding along with the request's own query (see hitSql), on one
// of a few counter rows per bucket (see SHARDS); old windows are pruned by the housekeeping job.
import type pg from 'pg';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

/** One counted request: which bucket, its limit and window, and when. */
export type Hit = { bucket: string; limit: number; windowSeconds: number; now: Date };

export const windowOf = (h: Hit) => new Date(Math.floor(h.now.getTime() / (h.windowSeconds * 1000)) * h.windowSeconds * 1000);

/**
 * A bucket's hits in a window are kept in SHARDS counter rows, and a hit increments one of them
 * (the process's next shard, round robin) and adds the others as committed: every request from one
 * address (a carrier NAT, a campus, a load generator) would otherwise update one row, each waiting
 * for the row lock of the one before it (issue 6 measured this as most of a lookup's time at 50
 * connections). Hits still in flight on another shard at that instant are not seen: a burst from
 * one address may pass the limit by at most the requests in flight, never more.
 */
export const SHARDS = 4;
let nextShard = 0;

/** The shard keys of a bucket, and the one this hit increments. */
export function shardKeys(bucket: string): { mine: string; all: string[] } {
  nextShard = (nextShard + 1) % SHARDS;
  const all = Array.from({ length: SHARDS }, (_, i) => `${bucket}#${i}`);
  return { mine: all[nextShard], all };
}

/**
 * The upsert that counts a hit on its shard row, as SQL text with the shard key and window start
 * as parameters, for use as a CTE (named `hit`) of a statement that may also do the request's own
 * read in the same round trip; `hitsSql` is the bucket's total after it. It commits without
 * waiting for the WAL flush (synchronous_commit off for this statement only): a flush per hit
 * queued the requests of one address behind each other's disk write (measured for issue 6). A
 * crash may forget the last hits of a window; it cannot lose anything else, since the statement
 * writes nothing else.
 */
export const hitSql = (mineParam: string, windowParam: string) => `
  INSERT INTO rate_limits (bucket, window_start, hits)
  SELECT ${mineParam}, ${windowParam}, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
  RETURNING hits`;

/** The bucket's hits: this shard's count after the upsert, plus the other shards' committed counts. */
export const hitsSql = (mineParam: string, allParam: string, windowParam: string) => `
  ((SELECT hits FROM hit) + (SELECT COALESCE(sum(r.hits), 0)::int FROM rate_limits r
                              WHERE r.bucket = ANY(${allParam}::text[]) AND r.bucket <> ${mineParam} AND r.window_start = ${windowParam}))`;

/** Throws 429 (with Retry-After) when the counted hits are over the limit. */
export function enforce(h: Hit, hits: number): void {
  if (hits <= h.limit) return;
  const retryAfter = Math.max(1, Math.ceil((windowOf(h).getTime() + h.windowSeconds * 1000 - h.now.getTime()) / 1000));
  throw new AppError(429, 'rate_limited', `操作过于频繁，请在 ${retryAfter} 秒后再试`, {
    headers: { 'Retry-After': String(retryAfter) },
  });
}

// A named statement: planned once per connection, it runs on every public request.
const HIT = { name: 'xf_rate_limit_hit', text: `WITH hit AS (${hitSql('$1', '$2')}) SELECT ${hitsSql('$1', '$3', '$2')} AS hits` };

export async function countHit(pool: pg.Pool, h: Hit): Promise<void> {
  const keys = shardKeys(h.bucket);
  const { rows } = await pool.query<{ hits: number }>({ ...HIT, values: [keys.mine, windowOf(h), keys.all] });
  enforce(h, rows[0].hits);
}

export function rateLimit(pool: pg.Pool, bucket: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
  return countHit(pool, { bucket, limit, windowSeconds, now });
}

export async function pruneRateLimits(db: Database, olderThan: Date) {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThan).execute();
}
