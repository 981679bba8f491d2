// Fixed-window rate limits kept in PostgreSQL, so every API process counts the same hits.
// One upsert per check (one round trip); old windows are pruned by the housekeeping job.
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

export async function rateLimit(db: Database, bucket: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  // Committed without waiting for the WAL flush (synchronous_commit off for this one statement):
  // every request from one address updates the same row, and a flush per hit queued them all
  // behind each other's disk write (measured for issue 6). A crash may forget the last hits of a
  // window; it can never lose or invent anything else, since nothing else is in this transaction.
  const { rows } = await sql<{ hits: number }>`
    INSERT INTO rate_limits (bucket, window_start, hits)
    SELECT ${bucket}, ${windowStart}, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
    ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
    RETURNING hits`.execute(db);
  const row = rows[0];
  if (row.hits > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
    throw new AppError(429, 'rate_limited', `操作过于频繁，请在 ${retryAfter} 秒后再试`, {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
}

export async function pruneRateLimits(db: Database, olderThan: Date) {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThan).execute();
}
