// Two-factor sign-in for staff: TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, as every
// authenticator app reads them) through the `otpauth` library, its QR code through `qrcode`, and
// ten one-time recovery codes. The secret is sealed with the installation's suite like an
// identity; recovery codes are stored only as keyed hashes. A code is accepted one step either
// side of now, and never twice (the last accepted step is kept).
import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Keys } from '../security/keys.ts';
import { SUITES } from '../security/keys.ts';

export const TOTP_PERIOD_S = 30;
const ISSUER = '网上信访';
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o/1/l/i

function totpFor(secretBase32: string, label = '') {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** What the enrolment screen shows: the otpauth:// URI as a QR code (SVG) and the secret to type. */
export async function enrolmentOf(secretBase32: string, username: string) {
  const uri = totpFor(secretBase32, username).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: secretBase32.replace(/(.{4})/g, '$1 ').trim(), uri, qrSvg };
}

/** The time step a code is valid for (within one step of `now`), or undefined. */
export function totpStep(secretBase32: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}

/** The code an authenticator shows at `at` (tests sign in with it). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}

export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const bytes = crypto.randomBytes(10);
    const s = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The stored hash of a recovery code, in the write suite. */
export function recoveryCodeHash(keys: Keys, code: string): string {
  return keys.suiteImpl(keys.suite).secretHash('recovery-code', normaliseRecoveryCode(code));
}

/** The hash the code would have in each suite (a code stored before a crypto:migrate). */
export function recoveryCodeHashes(keys: Keys, code: string): string[] {
  return SUITES.map((s) => keys.suiteImpl(s).secretHash('recovery-code', normaliseRecoveryCode(code)));
}

export const looksLikeRecoveryCode = (code: string) => normaliseRecoveryCode(code).length === 10 && !/^\d+$/.test(code.trim());
