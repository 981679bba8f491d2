// The two cryptographic suites an installation can run (CRYPTO_SUITE), both on Node's own OpenSSL:
//   intl — AES-256-GCM seals; HMAC-SHA-256 keyed hashes; HKDF-SHA-256 key derivation.
//   sm   — SM4 (GB/T 32907) in CTR mode with HMAC-SM3 (GB/T 32905) over the version, IV and
//          ciphertext, encrypt-then-MAC (Node 24's OpenSSL has SM4-CTR but no SM4-GCM); HMAC-SM3
//          keyed hashes; HKDF-SM3 key derivation.
// Both are authenticated: a changed byte anywhere makes open() throw. Formats:
//   seal v1 (intl): 0x01 | iv(12) | tag(16) | ciphertext
//   seal v2 (sm):   0x02 | iv(16) | ciphertext | mac(32)
//   query-code hash: intl 32 bytes (the original form, kept so nothing existing changes);
//   sm 0x02 | HMAC-SM3 (33 bytes); wrapped by a migration 0x80|suite | HMAC(wrap key, previous form).
import crypto, { type KeyObject } from 'node:crypto';

export const SUITES = ['intl', 'sm'] as const;
export type Suite = (typeof SUITES)[number];
export type MatchKind = 'phone' | 'id_number' | 'name_address';

const SUITE_ID: Record<Suite, number> = { intl: 1, sm: 2 };

export type SuiteImpl = {
  suite: Suite;
  seal: (plain: Uint8Array) => Buffer;
  open: (sealed: Buffer) => Buffer;
  matchHash: (kind: MatchKind, normalised: string) => Buffer;
  codeHash: (code: string) => Buffer;
  /** A hash stored in another form, wrapped into this suite (codes themselves are never stored). */
  wrapCodeHash: (stored: Buffer) => Buffer;
  derive: (label: string, input: string, bytes: number) => Buffer;
  /** A keyed hash for other short secrets (recovery codes), hex. */
  secretHash: (label: string, value: string) => string;
};

/** Which suite sealed a value (its first byte). */
export function suiteOfSealed(sealed: Buffer): Suite {
  if (sealed[0] === 1) return 'intl';
  if (sealed[0] === 2) return 'sm';
  throw new Error('Unknown ciphertext version');
}

/** Which suite a stored query-code hash is in (its outermost layer). */
export function suiteOfCodeHash(stored: Buffer): Suite {
  if (stored.length === 32) return 'intl';
  const id = stored[0] & 0x7f;
  return id === 2 ? 'sm' : 'intl';
}

// Random IVs drawn from a CSPRNG buffer refilled in blocks (one syscall per 4096 IVs instead of
// one each); every IV is still fresh random bytes, never reused.
function ivSource(size: number) {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + size > pool.length) {
      pool = crypto.randomBytes(size * 4096);
      offset = 0;
    }
    return Buffer.from(pool.subarray(offset, (offset += size)));
  };
}

export function makeSuite(suite: Suite, master: Buffer): SuiteImpl {
  const digest = suite === 'intl' ? 'sha256' : 'sm3';
  // intl keeps the labels it always had, so existing installations keep their keys.
  const prefix = suite === 'intl' ? 'xinfang:' : 'xinfang:sm:';
  const raw = (label: string, len = 32) => Buffer.from(crypto.hkdfSync(digest, master, Buffer.alloc(0), prefix + label, len));
  // KeyObjects, not raw buffers: OpenSSL 3 re-imports a raw key on every createHmac/createCipheriv,
  // which made each filing's seals and hashes ~6x slower (measured for issue 6).
  const key = (label: string, len = 32): KeyObject => crypto.createSecretKey(raw(label, len));
  const hashKey = key('identity-matching');
  const codeKey = key('query-code');
  const wrapKey = key('query-code-wrap');
  const deriveKey = key('derive');
  const secretKey = key('secret-hash');
  const hmac = (k: KeyObject) => crypto.createHmac(digest, k);
  const base = {
    suite,
    matchHash: (kind: MatchKind, normalised: string) => hmac(hashKey).update(kind + ':' + normalised).digest(),
    secretHash: (label: string, value: string) => `${suite}:` + hmac(secretKey).update(label + ':' + value).digest('hex'),
    wrapCodeHash: (stored: Buffer) => Buffer.concat([Buffer.from([0x80 | SUITE_ID[suite]]), hmac(wrapKey).update(stored).digest()]),
  };

  if (suite === 'intl') {
    const encKey = key('identity-encryption');
    const nextIv = ivSource(12);
    return {
      ...base,
      seal(plain) {
        const iv = nextIv();
        const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
        const body = Buffer.concat([c.update(plain), c.final()]);
        return Buffer.concat([Buffer.from([1]), iv, c.getAuthTag(), body]);
      },
      open(sealed) {
        if (sealed[0] !== 1 || sealed.length < 29) throw new Error('Not an AES-256-GCM seal');
        const d = crypto.createDecipheriv('aes-256-gcm', encKey, sealed.subarray(1, 13));
        d.setAuthTag(sealed.subarray(13, 29));
        return Buffer.concat([d.update(sealed.subarray(29)), d.final()]);
      },
      codeHash: (code) => hmac(codeKey).update(code).digest(),
      // SHA-512 here (64 bytes in one go), as it always was.
      derive: (label, input, bytes) => crypto.createHmac('sha512', deriveKey).update(label + ':' + input).digest().subarray(0, bytes),
    };
  }

  const encKey = key('identity-encryption', 16);
  const macKey = key('identity-mac');
  const nextIv = ivSource(16);
  const VERSION = Buffer.from([2]);
  return {
    ...base,
    seal(plain) {
      const iv = nextIv();
      const c = crypto.createCipheriv('sm4-ctr', encKey, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      const mac = hmac(macKey).update(VERSION).update(iv).update(body).digest();
      return Buffer.concat([VERSION, iv, body, mac]);
    },
    open(sealed) {
      if (sealed[0] !== 2 || sealed.length < 49) throw new Error('Not an SM4 seal');
      const iv = sealed.subarray(1, 17);
      const body = sealed.subarray(17, sealed.length - 32);
      const mac = hmac(macKey).update(VERSION).update(iv).update(body).digest();
      if (!crypto.timingSafeEqual(mac, sealed.subarray(sealed.length - 32))) throw new Error('SM4 seal failed its HMAC-SM3 check');
      const d = crypto.createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([d.update(body), d.final()]);
    },
    codeHash: (code) => Buffer.concat([VERSION, hmac(codeKey).update(code).digest()]),
    derive(label, input, bytes) {
      // HMAC-SM3 gives 32 bytes; counter blocks for more (an HKDF-expand-like stream).
      const blocks: Buffer[] = [];
      for (let i = 1; blocks.length * 32 < bytes; i++) blocks.push(hmac(deriveKey).update(Buffer.from([i])).update(label + ':' + input).digest());
      return Buffer.concat(blocks).subarray(0, bytes);
    },
  };
}
