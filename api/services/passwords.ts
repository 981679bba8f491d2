// Password hashing with argon2id (the @node-rs/argon2 default algorithm, 19 MiB, 2 passes) and a
// dummy hash to verify against when the user does not exist, so an unknown username costs the
// same time as a wrong password.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** The floor under any policy (api/contract/security.ts sets the working minimum). */
export const PASSWORD_MIN = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummy: Promise<string> | undefined;

/** Verifies; with no stored hash it still runs one verification and answers false. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  dummy ??= hash(crypto.randomBytes(16).toString('hex'));
  const target = stored ?? (await dummy);
  let ok = false;
  try {
    ok = await verify(target, password);
  } catch {
    ok = false; // a malformed stored hash never signs anyone in
  }
  return ok && stored !== undefined;
}

/** A one-time password that is easy to type: 16 characters without look-alikes (~90 bits). */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Whether `password` is one of the user's last `n` passwords (the current one included). The
 *  argon2 verifications run in parallel on libuv's threads. */
export async function isRecentPassword(
  db: import('../db/database.ts').Database,
  userId: string,
  password: string,
  n: number,
): Promise<boolean> {
  if (n <= 0) return false;
  const current = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  const history = await db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId).orderBy('changed_at', 'desc').orderBy('id', 'desc').limit(n).execute();
  const hashes = [...new Set([current?.password_hash, ...history.map((h) => h.password_hash)].filter((h): h is string => Boolean(h)))].slice(0, n);
  const hits = await Promise.all(hashes.map((h) => verify(h, password).catch(() => false)));
  return hits.some(Boolean);
}

/** The most history rows kept per user (the policy's largest "last N"). */
export const PASSWORD_HISTORY_KEEP = 24;
