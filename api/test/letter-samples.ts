// Test support: printed letters made by the tests themselves, with their true text and fields
// (issue 17). Each letter is written from the benchmark corpus plus a petitioner's identity
// (name, mobile phone, an ID number with a valid checksum, an address), laid out like a real
// letter (an optional title line, salutation, self-introduction, body, request, signature or a
// joint letter's list of co-signers, date), rendered by Chromium with one of several CJK fonts
// as A4 pages, then degraded with ImageMagick like a scan or a phone photo: turned a little,
// blurred, grain added, JPEG-compressed. A letter of several pages is bound into a PDF (by
// Chromium: Debian's ImageMagick may not write PDF).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { address, CATEGORY_MIX, letter, personName, pick, weighted, type Rand } from '../../tools/bench/corpus.ts';
import { stream } from '../../tools/bench/plan.ts';
import type { LetterFields } from '../domain/letter-fields.ts';

const run = promisify(execFile);

export type SampleLetter = {
  key: string;
  category: string;
  /** The printed text, a paragraph per line. */
  text: string;
  fields: LetterFields;
  font: string;
  pages: number;
};

export const FONTS = ['Noto Serif CJK SC', 'Noto Sans CJK SC', 'Droid Sans Fallback', 'Noto Sans Mono CJK SC'];

function idNumber(r: Rand): string {
  const regions = ['110101', '110105', '110108', '310104', '440106', '510107', '320102', '420111'];
  const day = new Date(Date.UTC(1945 + Math.floor(r() * 55), 0, 1) + Math.floor(r() * 365) * 86_400_000);
  const body = pick(r, regions) + day.toISOString().slice(0, 10).replace(/-/g, '') + String(Math.floor(r() * 1000)).padStart(3, '0');
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * weights[i];
  return body + '10X98765432'[sum % 11];
}

const CN = '〇一二三四五六七八九';
const cnYear = (y: number) => [...String(y)].map((d) => CN[Number(d)]).join('');
const cnSmall = (n: number) => (n < 10 ? CN[n] : n === 10 ? '十' : n < 20 ? '十' + CN[n - 10] : CN[Math.floor(n / 10)] + '十' + (n % 10 ? CN[n % 10] : ''));

/** `n` letters, deterministic in `seed`; a few run over two pages, a fifth are joint letters. */
export function sampleLetters(n: number, seed = 17): SampleLetter[] {
  return Array.from({ length: n }, (_, i) => {
    const r = stream(seed, i, 5);
    const category = weighted(r, CATEGORY_MIX);
    const l = letter(r, category);
    const name = personName(r);
    const phone = '1' + pick(r, ['3', '5', '7', '8', '9']) + String(Math.floor(r() * 1e9)).padStart(9, '0');
    const id = r() < 0.75 ? idNumber(r) : undefined;
    const home = address(r);
    const joint = r() < 0.2;
    const cosigners = joint ? Array.from({ length: 2 + Math.floor(r() * 4) }, () => personName(r)).filter((x, k, xs) => x !== name && xs.indexOf(x) === k) : [];
    const y = 2025 + Math.floor(r() * 2);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const date = r() < 0.7 ? `${y}年${m}月${d}日` : `${cnYear(y)}年${cnSmall(m)}月${cnSmall(d)}日`;
    const long = i % 10 === 3; // every tenth letter runs over two pages
    const body = l.content.split('\n').filter((p) => p && !/^尊敬|信访室：$|此致|敬礼/.test(p));
    // The writer's story cut short, and the request the letter ends with.
    const kept = long ? body : [...body.slice(0, Math.min(body.length - 1, 3)), body[body.length - 1]];
    const intro = `我叫${name}，家住${home}，联系电话${phone}${id ? `，身份证号码${id}` : ''}。`;
    const lines = [
      ...(r() < 0.35 ? [l.title.replace(/^(再次恳请解决|紧急反映：)/, '')] : []),
      pick(r, ['尊敬的人大常委会领导：', '尊敬的领导：', '市人大常委会信访室：']),
      intro,
      ...kept,
      ...(long ? body.slice(0, 3) : []),
      '此致',
      '敬礼！',
      ...(joint ? [`联名人：${[name, ...cosigners].join('、')}`] : [`信访人：${name}`]),
      date,
    ];
    return {
      key: `letter-${String(i + 1).padStart(2, '0')}`,
      category,
      text: lines.join('\n'),
      fields: {
        names: [name, ...cosigners],
        phones: [phone],
        idNumbers: id ? [id] : [],
        address: home,
        date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        signatories: 1 + cosigners.length,
      },
      font: FONTS[i % FONTS.length],
      pages: long ? 2 : 1,
    };
  });
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The letter's page images (PNG), printed by Chromium: A4 at about 190 dpi. A letter of two
 *  pages breaks between paragraphs, about halfway. */
export async function printLetter(page: Page, l: SampleLetter, dir: string): Promise<string[]> {
  const paras = l.text.split('\n');
  const signAt = paras.findIndex((p) => p === '此致');
  const rendered = paras.map((p, k) => {
    const style = k > signAt + 1 ? ' style="text-align:right;text-indent:0;margin-right:3em"' : k === signAt + 1 ? ' style="text-indent:0"' : '';
    const title = k === 0 && !/[：]$/.test(p) ? ' class="title"' : '';
    return `<p${title || style}>${esc(p)}</p>`;
  });
  // Pages: paragraphs split where half the characters are printed.
  const total = l.text.length;
  let acc = 0;
  const breakAt = l.pages > 1 ? paras.findIndex((p) => (acc += p.length) > total / 2) + 1 : paras.length;
  const chunks = l.pages > 1 ? [rendered.slice(0, breakAt), rendered.slice(breakAt)] : [rendered];
  const out: string[] = [];
  for (const [k, chunk] of chunks.entries()) {
    await page.setContent(`<!doctype html><html><head><style>
      body { margin: 0; font-family: '${l.font}'; font-size: 18px; line-height: 1.75; color: #111; background: #fff }
      .sheet { width: 794px; min-height: 1123px; padding: 90px 100px 60px; box-sizing: border-box }
      p { margin: 0 0 4px; text-indent: 2em; }
      p.title { text-indent: 0; text-align: center; font-size: 1.3em; font-weight: bold; margin-bottom: 12px }
    </style></head><body><div class="sheet">${chunk.join('')}</div></body></html>`);
    const file = path.join(dir, `${l.key}-p${k + 1}.png`);
    await page.screenshot({ path: file, fullPage: true });
    out.push(file);
  }
  return out;
}

/** Makes a scan of a printed page: turned a little (and by `turn` degrees more), blurred, grain,
 *  JPEG (the degree of each varies per page). */
export async function degrade(png: string, out: string, k: number, turn = 0): Promise<string> {
  const r = stream(99, k, 3);
  const angle = (turn + (r() < 0.5 ? -1 : 1) * (0.3 + r() * 1.7)).toFixed(2);
  const blur = (0.3 + r() * 0.6).toFixed(2);
  const noise = (0.2 + r() * 0.5).toFixed(2);
  const quality = String(45 + Math.floor(r() * 35));
  const args = ['-limit', 'thread', '1', png, '-colorspace', 'Gray', '-background', 'white', '-rotate', angle, '-flatten', '-blur', `0x${blur}`, '-attenuate', noise, '+noise', 'Gaussian', '-quality', quality, out];
  await run('convert', args);
  return out;
}

/** Binds scanned pages into one PDF, as a scanner's multi-page PDF. */
export async function bindPdf(browser: Browser, images: string[], out: string): Promise<string> {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const imgs = images.map((f) => `<img src="data:image/jpeg;base64,${fs.readFileSync(f).toString('base64')}">`).join('');
    await page.setContent(`<!doctype html><style>@page{size:A4;margin:0}body{margin:0}img{display:block;width:210mm;height:297mm;object-fit:contain;page-break-after:always}</style>${imgs}`);
    await page.pdf({ path: out, format: 'A4', printBackground: true });
    return out;
  } finally {
    await ctx.close();
  }
}

/** Every sample as the file a clerk would upload: a JPEG for one page, a PDF for several. Pages
 *  are printed one after the other, and made into scans several at a time (one per core). */
export async function scanLetters(browser: Browser, letters: SampleLetter[], dir: string): Promise<Array<{ letter: SampleLetter; file: string; type: string }>> {
  fs.mkdirSync(dir, { recursive: true });
  const ctx = await browser.newContext({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 2 });
  const printed: string[][] = [];
  try {
    const page = await ctx.newPage();
    for (const l of letters) printed.push(await printLetter(page, l, dir));
  } finally {
    await ctx.close();
  }
  const jobs = printed.flatMap((pages, i) => pages.map((p, j) => ({ i, j, p, k: i * 2 + j })));
  const scans: string[][] = printed.map(() => []);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, os.availableParallelism()) }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        // One letter was put on the scanner upside down.
        scans[job.i][job.j] = await degrade(job.p, job.p.replace(/\.png$/, '.jpg'), job.k, job.i === 7 ? 180 : 0);
      }
    }),
  );
  const out: Array<{ letter: SampleLetter; file: string; type: string }> = [];
  for (const [i, l] of letters.entries()) {
    if (scans[i].length === 1) out.push({ letter: l, file: scans[i][0], type: 'image/jpeg' });
    else out.push({ letter: l, file: await bindPdf(browser, scans[i], path.join(dir, `${l.key}.pdf`)), type: 'application/pdf' });
  }
  return out;
}
