// MinHash band keys, bit-identical to textBands() of text-similarity.ts but without building a
// string per 4-character shingle (that allocation was the largest cost of computing bands: on
// every filing, and a million times in the benchmark generator). It hashes the shingles in
// place; duplicates need no removal because they cannot change a minimum. `bandsFunction()`
// checks the equivalence on sample texts and falls back to textBands() itself if the two ever
// disagree (e.g. after the algorithm there changes); `fastTextBands` is checked at load.
import { normaliseText, textBands } from './text-similarity.ts';

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
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => fmix32((i + 1) * 0x9e3779b9));

function fastBands(text: string): string[] {
  const s = normaliseText(text);
  // Code point boundaries in UTF-16 units: a shingle is 4 code points.
  const starts: number[] = [];
  for (let i = 0; i < s.length; i++) {
    starts.push(i);
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
  }
  const n = starts.length;
  if (n === 0) return [];
  starts.push(s.length);
  const count = n < SHINGLE ? 1 : n - SHINGLE + 1;
  const hashes = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const end = starts[Math.min(k + SHINGLE, n)];
    let h = 0x811c9dc5;
    for (let i = starts[k]; i < end; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    hashes[k] = h >>> 0;
  }
  const mins = new Array<number>(SEEDS.length);
  for (let j = 0; j < SEEDS.length; j++) {
    const seed = SEEDS[j];
    let min = 0xffffffff;
    for (let k = 0; k < count; k++) {
      const v = fmix32(hashes[k] ^ seed);
      if (v < min) min = v;
    }
    mins[j] = min;
  }
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

/** The fast version when it agrees with textBands() on every sample, else textBands() itself. */
export function bandsFunction(samples: string[]): (text: string) => string[] {
  const agree = samples.every((t) => {
    const a = fastBands(t);
    const b = textBands(t);
    return a.length === b.length && a.every((k, i) => k === b[i]);
  });
  return agree ? fastBands : textBands;
}

const SAMPLES = [
  '',
  '短',
  '甲乙丙丁',
  '😀😁😂🤣😃 emoji 与汉字混排，ＡＢＣ１２３，两万八千元',
  '某建筑公司拖欠农民工工资。我于2026年3月至8月在某建筑公司工地务工，公司至今拖欠工资28000元，多次讨要未果。',
  '关于小区物业乱收费的问题。小区物业公司自2023年起擅自将物业费上调，但绿化、保洁、安保长期无人管理，地下车库积水严重。恳请有关部门依法查处。',
];

/** The band function every caller should use: the fast one, verified at load against textBands. */
export const fastTextBands = bandsFunction(SAMPLES);
