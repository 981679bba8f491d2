// Password hashing with argon2id (the @node-rs/argon2 default algorithm, 19 MiB, 2 passes) and a
// dummy hash to verify against when the user does not exist, so an unknown username costs the
// same time as a wrong password.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 10;

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
