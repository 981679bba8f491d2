// Fixed-window rate limits kept in PostgreSQL, so every API process counts the same hits.
// One upsert per check, alone or riding along with the request's own query (see hitSql); old
// windows are pruned by the housekeeping job.
import type pg from 'pg';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

/** One counted request: which bucket, its limit and window, and when. */
export type Hit = { bucket: string; limit: number; windowSeconds: number; now: Date };

export const windowOf = (h: Hit) => new Date(Math.floor(h.now.getTime() / (h.windowSeconds * 1000)) * h.windowSeconds * 1000);

/**
 * The upsert that counts a hit, as SQL text with the bucket and window start as parameters, for
 * use alone or as a CTE of a statement that does the request's own read in the same round trip.
 * It commits without waiting for the WAL flush (synchronous_commit off for this statement only):
 * every request from one address updates the same row, and a flush per hit queued them behind
 * each other's disk write (measured for issue 6). A crash may forget the last hits of a window;
 * it cannot lose anything else, since the statement writes nothing else.
 */
export const hitSql = (bucketParam: string, windowParam: string) => `
  INSERT INTO rate_limits (bucket, window_start, hits)
  SELECT ${bucketParam}, ${windowParam}, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
  RETURNING hits`;

/** Throws 429 (with Retry-After) when the counted hits are over the limit. */
export function enforce(h: Hit, hits: number): void {
  if (hits <= h.limit) return;
  const retryAfter = Math.max(1, Math.ceil((windowOf(h).getTime() + h.windowSeconds * 1000 - h.now.getTime()) / 1000));
  throw new AppError(429, 'rate_limited', `操作过于频繁，请在 ${retryAfter} 秒后再试`, {
    headers: { 'Retry-After': String(retryAfter) },
  });
}

// A named statement: planned once per connection, it runs on every public request.
const HIT = { name: 'xf_rate_limit_hit', text: hitSql('$1', '$2') };

export async function countHit(pool: pg.Pool, h: Hit): Promise<void> {
  const { rows } = await pool.query<{ hits: number }>({ ...HIT, values: [h.bucket, windowOf(h)] });
  enforce(h, rows[0].hits);
}

export function rateLimit(pool: pg.Pool, bucket: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
  return countHit(pool, { bucket, limit, windowSeconds, now });
}

export async function pruneRateLimits(db: Database, olderThan: Date) {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThan).execute();
}
