// The secrets of one installation: a master key (DATA_DIR/keys/identity.key or IDENTITY_KEY) from
// which every working key is derived, and the two cryptographic suites (CRYPTO_SUITE) that use
// them (api/security/suites.ts): `intl` (AES-256-GCM, HMAC-SHA-256) and `sm` (SM4 + HMAC-SM3, the
// national standards). Identities, files and TOTP secrets are sealed with the suite the database
// is in; repeat matching and query codes use its keyed hashes. What was sealed or hashed with the
// other suite stays readable (a version byte says which suite sealed a value; a query-code hash
// says its own form), so `npm run crypto:migrate` can switch an installation while it runs.
// Nothing here ever writes a secret to the log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeSuite, type MatchKind, type Suite, type SuiteImpl, SUITES, suiteOfCodeHash, suiteOfSealed } from './suites.ts';

export { SUITES, suiteOfCodeHash, suiteOfSealed, type Suite } from './suites.ts';

/** What the database holds (settings `crypto`, written by the first start and by crypto:migrate). */
export type CryptoState = {
  /** New seals and keyed hashes are written with this suite. */
  suite: Suite;
  /** Suites whose keyed hashes may be in the database: the write suite alone, or two while a
   *  migration runs. Lookups and repeat matching try each. */
  reading: Suite[];
  /** Lineages of query-code hashes wrapped by earlier migrations (a code is never stored, so its
   *  hash cannot be recomputed, only wrapped): e.g. [['intl', 'sm']] after intl → sm. */
  codeChains: Suite[][];
};

export const DEFAULT_CRYPTO_STATE: CryptoState = { suite: 'intl', reading: ['intl'], codeChains: [] };

export type Keys = {
  fingerprint: string;
  /** The suite new data is written with. */
  readonly suite: Suite;
  state: () => CryptoState;
  setState: (s: CryptoState) => void;
  /** Seals text (an identity field, a TOTP secret) with the write suite. */
  seal: (plain: string) => Buffer;
  /** Seals bytes (a file) with the write suite. */
  sealBytes: (plain: Uint8Array) => Buffer;
  /** Opens a value sealed with either suite; throws on any tampering. */
  open: (sealed: Buffer) => string;
  openBytes: (sealed: Buffer) => Buffer;
  /** Keyed hash for repeat matching (write suite); inputs are normalised by the caller. */
  matchHash: (kind: MatchKind, normalised: string) => Buffer;
  /** The same in every suite the database may hold (one while no migration runs). */
  matchHashes: (kind: MatchKind, normalised: string) => Buffer[];
  /** The stored form of a new query code's hash (write suite). */
  queryCodeHash: (normalisedCode: string) => Buffer;
  /** Every stored form the code's hash may have (usually one): for lookups. */
  queryCodeHashes: (normalisedCode: string) => Buffer[];
  /** A deterministic pseudo-random stream (a query code derived from an idempotency key). */
  derive: (label: string, input: string, bytes: number) => Buffer;
  /** The stream in each suite data may have been written with (an idempotent replay across a switch). */
  deriveEach: (label: string, input: string, bytes: number) => Buffer[];
  /** One suite's primitives, for crypto:migrate. */
  suiteImpl: (s: Suite) => SuiteImpl;
  /** These keys writing and reading one suite only (crypto:migrate re-seals with it). */
  inSuite: (s: Suite) => Keys;
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

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/** Every suite that data in this state may have been written with. */
export function suitesInUse(s: CryptoState): Suite[] {
  return uniq([s.suite, ...s.reading, ...s.codeChains.flat()]);
}

export function makeKeys(master: Buffer, initial: CryptoState = DEFAULT_CRYPTO_STATE): Keys {
  const impls: Record<Suite, SuiteImpl> = { intl: makeSuite('intl', master), sm: makeSuite('sm', master) };
  let state = initial;
  let w = impls[state.suite];
  let reading = state.reading.map((s) => impls[s]);
  const open = (sealed: Buffer) => impls[suiteOfSealed(sealed)].open(sealed);
  const single = new Map<Suite, Keys>();
  const keys: Keys = {
    // Derived with SHA-256 in either suite: it names the key, it protects nothing.
    fingerprint: crypto.createHash('sha256').update(Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'xinfang:fingerprint', 32))).digest('hex').slice(0, 16),
    get suite() {
      return state.suite;
    },
    state: () => state,
    setState(s) {
      state = { suite: s.suite, reading: uniq([s.suite, ...s.reading]), codeChains: s.codeChains.filter((c) => c.length > 1) };
      w = impls[state.suite];
      reading = state.reading.map((x) => impls[x]);
    },
    seal: (plain) => w.seal(Buffer.from(plain, 'utf8')),
    sealBytes: (plain) => w.seal(plain),
    open: (sealed) => open(sealed).toString('utf8'),
    openBytes: open,
    matchHash: (kind, n) => w.matchHash(kind, n),
    matchHashes: (kind, n) => (reading.length === 1 ? [reading[0].matchHash(kind, n)] : reading.map((s) => s.matchHash(kind, n))),
    queryCodeHash: (code) => w.codeHash(code),
    queryCodeHashes(code) {
      if (reading.length === 1 && state.codeChains.length === 0) return [reading[0].codeHash(code)];
      const out = reading.map((s) => s.codeHash(code));
      for (const chain of state.codeChains) {
        let v = impls[chain[0]].codeHash(code);
        for (const s of chain.slice(1)) v = impls[s].wrapCodeHash(v);
        out.push(v);
      }
      return out.filter((b, i) => out.findIndex((x) => x.equals(b)) === i);
    },
    derive: (label, input, bytes) => w.derive(label, input, bytes),
    deriveEach: (label, input, bytes) => suitesInUse(state).map((s) => impls[s].derive(label, input, bytes)),
    suiteImpl: (s) => impls[s],
    inSuite(s) {
      let k = single.get(s);
      if (!k) single.set(s, (k = makeKeys(master, { suite: s, reading: [s], codeChains: [] })));
      return k;
    },
  };
  return keys;
}
