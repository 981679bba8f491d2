// Fixed-window rate limits kept in PostgreSQL, so every API process counts the same hits.
// One upsert per check; old windows are pruned by the housekeeping job.
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

export async function rateLimit(db: Database, bucket: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
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
