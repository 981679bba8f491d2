// Sign-in throttling and account lockout, kept in PostgreSQL (login_attempts, a logged table:
// migrations/080), so every process counts the same attempts and a database crash forgives none.
// An attempt is counted BEFORE its password is checked, in one statement that row-locks the
// account's and the address's counters: of twelve parallel guesses against a limit of five,
// five are checked and seven refused without a check. A successful sign-in gives its count back.
// The account locks after `lockThreshold` failures (the admin's policy) for `lockMinutes`; the
// address after LOGIN_MAX_PER_ADDRESS failures within LOGIN_WINDOW_MS, for that window.
import { sql } from 'kysely';
import type { SecurityPolicy } from '../contract/security.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_PER_ADDRESS = 20;

export type Attempt = {
  accountKey: string;
  addressKey: string;
  /** This attempt's number among the account's failures in the window (itself included). */
  accountCount: number;
  addressCount: number;
};

export const accountKey = (username: string) => `user:${username.toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

const refused = (retryAfterMs: number, locked: boolean) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new AppError(
    429,
    locked ? 'account_locked' : 'rate_limited',
    locked ? `登录失败次数过多，账号已临时锁定，请在 ${minutes} 分钟后再试，或请管理员解锁` : `登录失败次数过多，请在 ${minutes} 分钟后再试`,
    { headers: { 'Retry-After': String(seconds) } },
  );
};

type Row = { key: string; failures: number; window_start: Date; locked_until: Date | null };

/**
 * Counts this attempt for the account and the address (a new window when the last one is over or
 * its lock has passed), and refuses it (429) when either is locked or already full.
 */
export async function reserveAttempt(db: Database, username: string, ip: string, now: Date, policy: SecurityPolicy): Promise<Attempt> {
  const keys = [accountKey(username), addressKey(ip)];
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MS);
  // Account first, then address, in every statement: concurrent attempts take the row locks in
  // the same order and cannot deadlock.
  const { rows } = await sql<Row>`
    INSERT INTO login_attempts AS a (key, failures, window_start, updated_at)
    VALUES (${keys[0]}, 1, ${now}, ${now}), (${keys[1]}, 1, ${now}, ${now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN a.locked_until > ${now} THEN a.failures
                      WHEN a.locked_until IS NOT NULL OR a.window_start <= ${windowStart} THEN 1
                      ELSE a.failures + 1 END,
      window_start = CASE WHEN a.locked_until > ${now} THEN a.window_start
                          WHEN a.locked_until IS NOT NULL OR a.window_start <= ${windowStart} THEN ${now}
                          ELSE a.window_start END,
      locked_until = CASE WHEN a.locked_until > ${now} THEN a.locked_until ELSE NULL END,
      updated_at = ${now}
    RETURNING key, failures, window_start, locked_until`.execute(db);
  const account = rows.find((r) => r.key === keys[0])!;
  const address = rows.find((r) => r.key === keys[1])!;
  if (account.locked_until && account.locked_until > now) throw refused(account.locked_until.getTime() - now.getTime(), true);
  if (address.locked_until && address.locked_until > now) throw refused(address.locked_until.getTime() - now.getTime(), false);
  // More attempts in flight than the limit allows: refused unchecked until the window ends.
  if (account.failures > policy.lockThreshold) throw refused(account.window_start.getTime() + LOGIN_WINDOW_MS - now.getTime(), true);
  if (address.failures > LOGIN_MAX_PER_ADDRESS) throw refused(address.window_start.getTime() + LOGIN_WINDOW_MS - now.getTime(), false);
  return { accountKey: keys[0], addressKey: keys[1], accountCount: account.failures, addressCount: address.failures };
}

/** The attempt failed: it stays counted; at the limit the account (or address) locks.
 *  Answers the account's lock end when this failure locked it. */
export async function failAttempt(db: Database, a: Attempt, now: Date, policy: SecurityPolicy): Promise<Date | undefined> {
  let lockedUntil: Date | undefined;
  if (a.accountCount >= policy.lockThreshold) {
    const until = new Date(now.getTime() + policy.lockMinutes * 60_000);
    const r = await db.updateTable('login_attempts').set({ locked_until: until, updated_at: now }).where('key', '=', a.accountKey).where('locked_until', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) lockedUntil = until;
  }
  if (a.addressCount >= LOGIN_MAX_PER_ADDRESS) {
    await db
      .updateTable('login_attempts')
      .set({ locked_until: new Date(now.getTime() + LOGIN_WINDOW_MS), updated_at: now })
      .where('key', '=', a.addressKey)
      .where('locked_until', 'is', null)
      .execute();
  }
  return lockedUntil;
}

/** The password was right: this attempt is given back. `clearAccount` (a completed sign-in)
 *  also forgets the account's earlier failures; the address keeps its other failures. */
export async function releaseAttempt(db: Database, a: Attempt, clearAccount: boolean) {
  await sql`
    WITH acc AS (
      ${clearAccount ? sql`DELETE FROM login_attempts WHERE key = ${a.accountKey}` : sql`UPDATE login_attempts SET failures = greatest(failures - 1, 0) WHERE key = ${a.accountKey}`}
    )
    UPDATE login_attempts SET failures = greatest(failures - 1, 0) WHERE key = ${a.addressKey}`.execute(db);
}

/** An admin unlocks an account: its counter starts again. */
export async function clearAccountAttempts(db: Database, username: string) {
  await db.deleteFrom('login_attempts').where('key', '=', accountKey(username)).execute();
}

/** Housekeeping: counters whose window and lock are long over. */
export async function pruneLoginAttempts(db: Database, now: Date) {
  const old = new Date(now.getTime() - 24 * 3600_000);
  await db
    .deleteFrom('login_attempts')
    .where('updated_at', '<', old)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}
