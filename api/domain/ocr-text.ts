// From Tesseract's word boxes (its TSV output) to a letter's text: the page's line breaks joined,
// its paragraphs kept, Chinese punctuation where the engine read ASCII, and for every word its
// place in the text and on the page, so a field found in the text can be shown where it came
// from. Pure: no engine, no files.
//
// Paragraphs are not Tesseract's (its paragraph detection is unreliable for Chinese): a line
// starts a new paragraph when it is indented, when the line before it ended well short of the
// text's right edge, when a blank line's gap lies between them, or when a new text block begins.

export type Box = { x: number; y: number; w: number; h: number };
export type OcrWord = { block: number; par: number; line: number; text: string; conf: number; box: Box };
export type OcrPage = { page: number; width: number; height: number; words: OcrWord[] };
/** A word's place: [start, end) in the assembled text (UTF-16 units), its page, line and box. */
export type Span = { start: number; end: number; page: number; line: number; box: Box };
export type Assembled = { text: string; spans: Span[]; confidence: number; chars: number };
export type Region = { page: number } & Box;

/** One page of `tesseract … tsv` output. Rows of level 1 give the page size, level 5 the words. */
export function parseTsv(tsv: string, page: number): OcrPage {
  const out: OcrPage = { page, width: 0, height: 0, words: [] };
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] === 'level') continue;
    const level = Number(c[0]);
    const box = { x: Number(c[6]), y: Number(c[7]), w: Number(c[8]), h: Number(c[9]) };
    if (level === 1) {
      out.width = box.w;
      out.height = box.h;
      continue;
    }
    const text = c.slice(11).join('\t').trim();
    if (level !== 5 || !text) continue;
    out.words.push({ block: Number(c[2]), par: Number(c[3]), line: Number(c[4]), text, conf: Number(c[10]), box });
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z]/;
const isHanOrCjkPunct = (ch: string | undefined) => !!ch && (HAN.test(ch) || /[\u3000-\u303f\uff00-\uffef]/.test(ch));

type Line = { page: number; block: number; words: OcrWord[]; box: Box; heights: number[] };

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** The space between two boxes side by side, in whichever direction the line runs. */
function gapBetween(a: Box, b: Box): number {
  const dx = Math.max(b.x - (a.x + a.w), a.x - (b.x + b.w));
  const dy = Math.max(b.y - (a.y + a.h), a.y - (b.y + b.h));
  return Math.max(dx, dy);
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round((s.length - 1) * p)))];
}

/**
 * A page scanned sideways or upside down is read by the engine all the same (its orientation
 * detection), with boxes in the scan's own coordinates. The paragraph rules below think in
 * reading direction (indent on the left, lines going down), so each word's box is turned into
 * the reading page for them; the original box is kept for showing where a field was read.
 */
function readingBox(page: OcrPage): (b: Box) => Box {
  let right = 0, left = 0, down = 0, up = 0;
  let key = '';
  let first: OcrWord | undefined;
  let lastWord: OcrWord | undefined;
  const tally = () => {
    if (!first || !lastWord || first === lastWord) return;
    const dx = lastWord.box.x - first.box.x;
    const dy = lastWord.box.y - first.box.y;
    if (Math.abs(dx) >= Math.abs(dy)) dx >= 0 ? right++ : left++;
    else dy >= 0 ? down++ : up++;
  };
  for (const w of page.words) {
    const k = `${w.block}.${w.par}.${w.line}`;
    if (k !== key) {
      tally();
      key = k;
      first = w;
    }
    lastWord = w;
  }
  tally();
  const W = page.width;
  const H = page.height;
  const most = Math.max(right, left, down, up);
  if (most === right || most === 0) return (b) => b;
  if (most === left) return (b) => ({ x: W - b.x - b.w, y: H - b.y - b.h, w: b.w, h: b.h });
  // Lines running down the scan: it was turned a quarter clockwise; up: anticlockwise.
  if (most === down) return (b) => ({ x: b.y, y: W - b.x - b.w, w: b.h, h: b.w });
  return (b) => ({ x: H - b.y - b.h, y: b.x, w: b.h, h: b.w });
}

function linesOf(page: OcrPage): Line[] {
  const turn = readingBox(page);
  const lines: Line[] = [];
  let key = '';
  for (const w of page.words) {
    const k = `${w.block}.${w.par}.${w.line}`;
    const box = turn(w.box);
    if (k !== key) {
      lines.push({ page: page.page, block: w.block, words: [], box, heights: [] });
      key = k;
    }
    const l = lines[lines.length - 1];
    l.words.push(w);
    l.heights.push(box.h);
    l.box = union(l.box, box);
  }
  return lines;
}

/** ASCII punctuation the engine reads for Chinese punctuation, replaced 1:1 (offsets stay). */
const FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！', '(': '（', ')': '）' };

function chinesePunctuation(text: string): string {
  const chars = text.split('');
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const prev = chars[i - 1];
    const next = chars[i + 1];
    const nearHan = isHanOrCjkPunct(prev) || isHanOrCjkPunct(next);
    if (FULL[ch] && nearHan) chars[i] = FULL[ch];
    else if (ch === '.' && isHanOrCjkPunct(prev) && !/\d/.test(next ?? '')) chars[i] = '。';
  }
  return chars.join('');
}

/** The text of a recognised letter, every word's span, and the engine's confidence (0–1,
 *  weighted by characters). */
export function assemble(pages: OcrPage[]): Assembled {
  let text = '';
  const spans: Span[] = [];
  let confSum = 0;
  let chars = 0;
  let lineNo = 0;
  // Whether the line before ran to the text's right edge (a paragraph may go on over a page break).
  let prevFull = false;
  for (const page of pages) {
    const lines = linesOf(page);
    if (!lines.length) continue;
    // The page's character size: Chinese characters are square, so a line's height is one.
    const charH = median(lines.flatMap((l) => l.heights)) || 1;
    const left = percentile(lines.map((l) => l.box.x), 0.1);
    const right = percentile(lines.map((l) => l.box.x + l.box.w), 0.9);
    let prev: Line | undefined;
    for (const line of lines) {
      if (text) {
        const indented = line.box.x - left > 1.2 * charH;
        const gap = prev !== undefined && line.box.y - (prev.box.y + prev.box.h) > 1.3 * charH;
        const newBlock = prev !== undefined && prev.block !== line.block;
        if (indented || !prevFull || gap || newBlock) text += '\n';
        else if (LATIN.test(text[text.length - 1]) && LATIN.test(line.words[0].text[0])) text += ' ';
      }
      let last: OcrWord | undefined;
      for (const w of line.words) {
        if (last && /[A-Za-z0-9]$/.test(last.text) && /^[A-Za-z0-9]/.test(w.text) && gapBetween(last.box, w.box) > 0.3 * charH) text += ' ';
        const start = text.length;
        text += w.text;
        spans.push({ start, end: text.length, page: page.page, line: lineNo, box: w.box });
        if (w.conf >= 0) {
          const n = [...w.text].length;
          confSum += w.conf * n;
          chars += n;
        }
        last = w;
      }
      prevFull = line.box.x + line.box.w >= right - 2.5 * charH;
      prev = line;
      lineNo++;
    }
  }
  return { text: chinesePunctuation(text).replace(/\s+$/u, ''), spans, confidence: chars ? confSum / chars / 100 : 0, chars };
}

/** Where on the pages the text [start, end) was read: one box per line it runs over. */
export function regionsOf(spans: readonly Span[], start: number, end: number): Region[] {
  const byLine = new Map<number, Region>();
  for (const s of spans) {
    if (s.end <= start || s.start >= end) continue;
    const seen = byLine.get(s.line);
    byLine.set(s.line, seen ? { page: s.page, ...union(seen, s.box) } : { page: s.page, ...s.box });
  }
  return [...byLine.values()];
}

/** Character error rate of `actual` against `expected`: Levenshtein distance over the expected
 *  length, both compared without white space and with full-width forms folded (NFKC). */
export function characterErrorRate(expected: string, actual: string): number {
  const norm = (s: string) => [...s.normalize('NFKC').replace(/\s+/g, '')];
  const a = norm(expected);
  const b = norm(actual);
  if (!a.length) return b.length ? 1 : 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] / a.length;
}
