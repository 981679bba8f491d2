// Text similarity for Chinese petitions, used by repeat detection. Pure and deterministic.
//
// Why not pg_trgm alone: on our server (UTF-8, C.UTF-8) pg_trgm does take CJK characters as word
// characters, but a Chinese sentence is one long "word", so its trigrams are three-character
// windows; a reworded complaint shares few of them (a rewording of the sample wage complaint
// scores 0.08, the same as an unrelated text from the same company). Character bigrams after
// normalisation separate them well (reworded ≥ 0.3, other matter ≤ 0.15, see the tests):
//   1. NFKC (full-width digits and letters to ASCII), lower case;
//   2. Chinese numerals before a unit to digits (两万八千元 → 28000元, 三月 → 3月);
//   3. punctuation, symbols and spaces removed; a few function characters (的, 了, 我…) removed,
//      since they pair with everything and make unrelated texts look alike.
// Near-identical texts from anyone (一信多投) are found by MinHash locality-sensitive hashing over
// 4-character shingles: `textBands` gives 10 band keys; two texts whose shingle sets have a
// Jaccard similarity of 0.8 share at least one key with probability 0.99, unrelated texts almost
// never, so candidates come from an index lookup and are then verified with `similarity`.

const STOP_CHARS = new Set([...'的了我在是和与及对把被也都就还又并等有这那其之于为将从向到给让请您你他她们个些吗呢吧啊着过要能会可以所因此但而或即该各每本某再次已经没现']);
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS = '年月日号元块岁个人次天户名亩间套层米';
const NUMERAL_RUN = new RegExp(`[零〇一二两三四五六七八九十百千万]+(?=[${UNITS}])`, 'gu');

/** 两万八千 → 28000, 十二 → 12, 三 → 3. Colloquial shortcuts (两万八) read as written (20008). */
export function chineseNumeral(s: string): number {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else if (ch === '十') {
      section += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      section += digit * 100;
      digit = 0;
    } else if (ch === '千') {
      section += digit * 1000;
      digit = 0;
    } else if (ch === '万') {
      total += (section + digit) * 10_000;
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

/** The comparable form of a text (see the steps above). */
export function normaliseText(text: string): string {
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(NUMERAL_RUN, (m) => String(chineseNumeral(m)))
    .replace(/[\s\p{P}\p{S}]/gu, '');
  let out = '';
  for (const ch of s) if (!STOP_CHARS.has(ch)) out += ch;
  return out;
}

function shingles(normalised: string, n: number): Set<string> {
  const chars = [...normalised];
  const out = new Set<string>();
  if (chars.length > 0 && chars.length < n) out.add(chars.join(''));
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

/** The character bigrams of a text, after normalisation, each as one number (first code point
 *  × 0x110000 + second; a one-character text is its character, negated). Numbers, not two-character
 *  strings: repeat detection takes the bigrams of every candidate, and building a string per pair
 *  cost more than the normalisation (issue 6: a 350-character letter's bigrams took ~120 µs, ~45
 *  of them normalising; ~75 µs now). */
export function bigrams(text: string): Set<number> {
  const out = new Set<number>();
  let prev = -1;
  for (const ch of normaliseText(text)) {
    const cp = ch.codePointAt(0)!;
    if (prev >= 0) out.add(prev * 0x110000 + cp);
    prev = cp;
  }
  if (out.size === 0 && prev >= 0) out.add(-1 - prev);
  return out;
}

/** Dice coefficient 2|A∩B| / (|A|+|B|), 0 for two empty sets. */
export function dice<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size + b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Similarity of two texts in [0, 1]: the Dice coefficient of their normalised bigrams. */
export function similarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}

/** The text a petition is compared by: its title and content. */
export function petitionText(p: { title: string; content: string }): string {
  return `${p.title}。${p.content}`;
}

// ---- MinHash bands ----

const BANDS = 10;
const ROWS = 4;
const SHINGLE = 4;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Fixed seeds, so band keys stay comparable across processes and releases.
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => fmix32((i + 1) * 0x9e3779b9));

/** The MinHash band keys of a text, as signed 64-bit integers in decimal (PostgreSQL bigint). */
export function textBands(text: string): string[] {
  const set = shingles(normaliseText(text), SHINGLE);
  if (set.size === 0) return [];
  const hashes = [...set].map(fnv1a);
  const mins = SEEDS.map((seed) => {
    let min = 0xffffffff;
    for (const h of hashes) {
      const v = fmix32(h ^ seed);
      if (v < min) min = v;
    }
    return min;
  });
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let lo = fmix32(b + 1);
    let hi = fmix32((b + 1) * 0x27d4eb2d);
    for (let r = 0; r < ROWS; r++) {
      const m = mins[b * ROWS + r];
      lo = fmix32(lo ^ m);
      hi = fmix32(hi ^ Math.imul(m, 0x165667b1));
    }
    keys.push(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString());
  }
  return keys;
}
