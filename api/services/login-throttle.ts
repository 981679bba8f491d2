// Login throttling kept in PostgreSQL (rate_limits), so every process counts the same failures:
// at most 5 failed sign-ins per account and 20 per address within a sliding 15 minutes
// (one-minute buckets). Only failures count; a refused attempt answers 429 with Retry-After.
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_PER_ACCOUNT = 5;
export const LOGIN_MAX_PER_ADDRESS = 20;
const BUCKET_MS = 60_000;

const buckets = (username: string, ip: string) => ({ account: `login-fail:user:${username.toLowerCase()}`, address: `login-fail:ip:${ip}` });

/** Throws 429 when either counter is full. */
export async function checkLoginThrottle(db: Database, username: string, ip: string, now: Date) {
  const b = buckets(username, ip);
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const rows = await db
    .selectFrom('rate_limits')
    .select(['bucket', sql<number>`sum(hits)::int`.as('hits'), sql<Date>`min(window_start)`.as('oldest')])
    .where('bucket', 'in', [b.account, b.address])
    .where('window_start', '>', since)
    .groupBy('bucket')
    .execute();
  for (const r of rows) {
    const max = r.bucket === b.account ? LOGIN_MAX_PER_ACCOUNT : LOGIN_MAX_PER_ADDRESS;
    if (r.hits >= max) {
      const retryAfter = Math.max(1, Math.ceil((new Date(r.oldest).getTime() + LOGIN_WINDOW_MS + BUCKET_MS - now.getTime()) / 1000));
      throw new AppError(429, 'rate_limited', `登录失败次数过多，请在 ${Math.ceil(retryAfter / 60)} 分钟后再试`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }
}

export async function recordLoginFailure(db: Database, username: string, ip: string, now: Date) {
  const b = buckets(username, ip);
  const windowStart = new Date(Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS);
  await db
    .insertInto('rate_limits')
    .values([
      { bucket: b.account, window_start: windowStart, hits: 1 },
      { bucket: b.address, window_start: windowStart, hits: 1 },
    ])
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .execute();
}

/** A successful sign-in clears the account's failures (the address keeps its count). */
export async function clearAccountFailures(db: Database, username: string) {
  await db.deleteFrom('rate_limits').where('bucket', '=', buckets(username, '').account).execute();
}
