// Query codes: the citizen's only secret for a case. 13 symbols from a 31-symbol alphabet with
// no 0/O/1/I/L (64.4 bits; 12 symbols would give only 59.5), shown as XXXX-XXXX-XXXXX, stored
// only as a keyed hash. Lookups ignore case, spaces and dashes.
import crypto from 'node:crypto';
import { squeezeQueryCode } from '../contract/query-code-text.ts';

export const QUERY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const QUERY_CODE_LENGTH = 13;

/** Maps random bytes to symbols without modulo bias (rejection sampling). */
export function codeFromBytes(next: () => number): string {
  let out = '';
  while (out.length < QUERY_CODE_LENGTH) {
    const b = next();
    if (b < 248) out += QUERY_CODE_ALPHABET[b % 31]; // 248 = 8 × 31
  }
  return out;
}

export function randomQueryCode(): string {
  let pool = crypto.randomBytes(32);
  let i = 0;
  return codeFromBytes(() => {
    if (i === pool.length) {
      pool = crypto.randomBytes(32);
      i = 0;
    }
    return pool[i++];
  });
}

/** A code derived from a secret stream (used to answer an idempotent retry with the same code). */
export function derivedQueryCode(stream: Buffer): string {
  let i = 0;
  return codeFromBytes(() => {
    if (i >= stream.length) throw new Error('derivation stream too short');
    return stream[i++];
  });
}

export function formatQueryCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Canonical form for hashing: upper case, no separators (api/contract/query-code-text.ts). Returns
 *  null when it cannot be a code. */
export function normaliseQueryCode(input: string): string | null {
  const c = squeezeQueryCode(input);
  if (c.length !== QUERY_CODE_LENGTH) return null;
  for (const ch of c) if (!QUERY_CODE_ALPHABET.includes(ch)) return null;
  return c;
}
