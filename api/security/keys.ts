// The secrets of one installation: a master key (DATA_DIR/keys/identity.key or IDENTITY_KEY)
// from which the identity-encryption, matching-hash and query-code keys are derived (HKDF).
// Identity fields are sealed with AES-256-GCM; nothing here ever writes a secret to the log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type Keys = {
  fingerprint: string;
  seal: (plain: string) => Buffer;
  open: (sealed: Buffer) => string;
  /** Keyed hash for repeat matching; inputs are normalised by the caller. */
  matchHash: (kind: 'phone' | 'id_number' | 'name_address', normalised: string) => Buffer;
  queryCodeHash: (normalisedCode: string) => Buffer;
  /** A deterministic pseudo-random stream for a query code derived from an idempotency key. */
  derive: (label: string, input: string, bytes: number) => Buffer;
};

export function loadMasterKey(dataDir: string, configured?: string): Buffer {
  if (configured) return Buffer.from(configured, 'hex');
  const file = path.join(dataDir, 'keys', 'identity.key');
  if (fs.existsSync(file)) {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} is not a 64-hex-character key`);
    return Buffer.from(hex, 'hex');
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  // wx: if another process created it a moment ago, use theirs.
  try {
    fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  }
}

// Random 96-bit GCM nonces, drawn from a CSPRNG buffer refilled in blocks (one syscall per 4096
// nonces instead of one each); every nonce is still fresh random bytes, never reused.
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = crypto.randomBytes(12 * 4096);
    ivOffset = 0;
  }
  return Buffer.from(ivPool.subarray(ivOffset, (ivOffset += 12)));
}

export function makeKeys(master: Buffer): Keys {
  const sub = (label: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'xinfang:' + label, 32));
  // KeyObjects, not raw buffers: OpenSSL 3 re-imports a raw key on every createHmac/createCipheriv,
  // which made each filing's seals and hashes ~6x slower (measured for issue 6).
  const encKey = crypto.createSecretKey(sub('identity-encryption'));
  const hashKey = crypto.createSecretKey(sub('identity-matching'));
  const codeKey = crypto.createSecretKey(sub('query-code'));
  const deriveKey = crypto.createSecretKey(sub('derive'));
  return {
    fingerprint: crypto.createHash('sha256').update(sub('fingerprint')).digest('hex').slice(0, 16),
    seal(plain) {
      const iv = nextIv();
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from([1]), iv, c.getAuthTag(), body]);
    },
    open(sealed) {
      if (sealed[0] !== 1) throw new Error('Unknown identity ciphertext version');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, sealed.subarray(1, 13));
      d.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([d.update(sealed.subarray(29)), d.final()]).toString('utf8');
    },
    matchHash: (kind, normalised) => crypto.createHmac('sha256', hashKey).update(kind + ':' + normalised).digest(),
    queryCodeHash: (code) => crypto.createHmac('sha256', codeKey).update(code).digest(),
    derive: (label, input, bytes) => {
      const out = crypto.createHmac('sha512', deriveKey).update(label + ':' + input).digest();
      return out.subarray(0, bytes);
    },
  };
}
