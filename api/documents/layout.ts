// The page every printed document of the office is set on (DESIGN §8, GB/T 9704-2012 党政机关公文
// 格式): A4, margins top 37 mm / left 28 mm, a text area of 156 × 225 mm, body in 3号 (16 pt) 仿宋 on
// 22 lines of 28 characters, the title in 2号 小标宋 centred, the office's mark in red over a red
// double rule, the 文号 as 〔2026〕12号, the recipient, the date in Arabic numerals under the text
// right of centre with room for the seal, 抄送 / 印发 in the 版记, page numbers "— 1 —". Fonts:
// what Windows offices have (仿宋_GB2312 / FangSong, 方正小标宋 / SimSun) first, Noto Serif CJK SC (Debian
// fonts-noto-cjk) as the fallback that tests and screenshots here use. The office's identity is
// read per request (api/services/office.ts), so a change shows without a rebuild. The page carries
// one small script (the print button), allowed by its hash in the Content-Security-Policy.
import crypto from 'node:crypto';
import type { OfficeIdentity } from '../contract/schemas.ts';
import { chinaDate } from '../domain/calendar.ts';

export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** 2026年6月5日 (GB/T 9704 7.3.5.3: Arabic numerals, no leading zeros), in China time. */
export function cnDateOf(at: Date | string): string {
  const d = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : chinaDate(typeof at === 'string' ? new Date(at) : at);
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** The 文号: prefix〔year〕n号 with hexagonal brackets (GB/T 9704 7.2.4). */
export function docNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

const FANGSONG = `"仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Noto Serif SC", serif`;
const XIAOBIAOSONG = `"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0", "SimSun", "宋体", "Noto Serif CJK SC", "Noto Serif SC", serif`;
const HEITI = `"黑体", "SimHei", "Noto Sans CJK SC", sans-serif`;
const SONGTI = `"SimSun", "宋体", "Noto Serif CJK SC", serif`;

// 225 mm / 22 lines = 10.23 mm per line = 29 pt; 156 mm / 28 characters = 5.57 mm ≈ 15.8 pt.
export const DOCUMENT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: ${SONGTI}; font-size: 14pt; }
}
* { box-sizing: border-box; }
html { background: #e9e9e6; }
body { margin: 0; color: #000; font-family: ${FANGSONG}; font-size: 16pt; line-height: 29pt; }
.sheet { width: 210mm; min-height: 297mm; margin: 0 auto 10mm; padding: 37mm 26mm 35mm 28mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
.organ { color: #e00000; font-family: ${XIAOBIAOSONG}; font-size: 26pt; line-height: 1.25; text-align: center; letter-spacing: .06em; margin: 0 0 5mm; }
.rule { height: 4pt; border-top: 2.25pt solid #e00000; border-bottom: .75pt solid #e00000; margin: 0 0 3mm; }
.docno { text-align: right; margin: 0 0 9mm; }
.docno.center { text-align: center; }
h1 { font-family: ${XIAOBIAOSONG}; font-weight: normal; font-size: 22pt; line-height: 35pt; text-align: center; margin: 0 0 29pt; }
.to { margin: 0; text-indent: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.flush { text-indent: 0; }
.h3 { font-family: ${HEITI}; }
.attach { margin-top: 29pt; padding-left: 5em; text-indent: -3em; }
.sign { position: relative; width: max-content; max-width: 100%; margin: 29pt 4em 0 auto; text-align: center; break-inside: avoid; }
.seal { position: absolute; left: 50%; top: -21mm; width: 42mm; height: 42mm; margin-left: -21mm; border: 1px dashed #e00000;
  border-radius: 50%; color: #e00000; font-size: 10pt; line-height: 42mm; text-align: center; opacity: .55; }
.contact { margin-top: 8pt; text-indent: 2em; text-align: left; }
span.nw { white-space: nowrap; }
.record { margin-top: 58pt; border-top: .75pt solid #000; border-bottom: .75pt solid #000; font-size: 14pt; line-height: 26pt; }
.record p { text-indent: 0; padding: 0 1em; }
.record p + p { border-top: .5pt solid #000; }
.record .printed { display: flex; justify-content: space-between; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0 12pt; font-size: 12pt; line-height: 18pt; page-break-inside: auto; }
th, td { border: .75pt solid #000; padding: 1.6mm 2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { font-family: ${HEITI}; font-weight: normal; white-space: nowrap; }
td.nw, th.nw { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
table.list { table-layout: fixed; font-size: 11pt; line-height: 16pt; }
table.list th { text-align: center; }
table.list th:not(.nw) { white-space: normal; }
table.list td, table.list th { padding: 1.2mm 1.5mm; }
table.form { font-size: 14pt; line-height: 20pt; }
table.form td, table.form th { padding: 1.2mm 2mm; }
table.form th { width: 30mm; text-align: center; }
caption { caption-side: top; text-align: left; font-family: ${HEITI}; font-size: 14pt; padding-bottom: 2mm; }
.page-break { break-before: page; }
/* The date never stands alone on a page (GB/T 9704 7.3.5): the last paragraph goes with it. */
.tail { break-inside: avoid; }
.annex-title { font-family: ${HEITI}; text-indent: 0; }
.draft { border: 2px solid #b00; color: #b00; text-align: center; font-size: 12pt; line-height: 1.6; margin: 0 0 6mm; text-indent: 0; }
.toolbar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: center;
  padding: 10px 12px; margin-bottom: 10mm; background: #1f3a5f; font: 15px/1.4 system-ui, sans-serif; }
.toolbar a, .toolbar button { font: inherit; color: #1f3a5f; background: #fff; border: 0; border-radius: 4px; padding: 8px 16px; text-decoration: none; cursor: pointer; }
.toolbar a:focus-visible, .toolbar button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.toolbar .note { color: #fff; }
@media screen and (max-width: 220mm) { .sheet { width: auto; min-height: 0; padding: 12mm 6mm; } body { font-size: 14pt; line-height: 24pt; } .organ { font-size: 20pt; } h1 { font-size: 19pt; line-height: 28pt; } }
@media print {
  html { background: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .toolbar, .seal { display: none; }
}`;

const PRINT_SCRIPT = `document.getElementById('doc-print').addEventListener('click',function(){window.print()});`;
const PRINT_SCRIPT_HASH = crypto.createHash('sha256').update(PRINT_SCRIPT).digest('base64');
/** The CSP of a document page: inline styles, the one print script by its hash, never framed. */
export const DOCUMENT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${PRINT_SCRIPT_HASH}'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

export type Block = { p: string } | { flush: string } | { html: string } | { heading: string };

export type DocumentPage = {
  /** The <title> and the h1. */
  title: string;
  office: OfficeIdentity;
  docNo: string;
  /** 文号 under the rule on the right (函) or centred (告知书). */
  docNoAlign?: 'right' | 'center';
  /** 主送: "市人力资源和社会保障局：". */
  recipient?: string;
  body: Block[];
  attachments?: string[];
  date: Date | string;
  /** The signing body when it is not the office itself. */
  signer?: string;
  contact?: string;
  copyTo?: string;
  /** 印发 line of the 版记. */
  printed?: boolean;
  /** Further pages (an annex), each starting on a new page. */
  annexes?: string[];
  draft?: string;
  toolbar?: { back?: string; backLabel?: string; extra?: Array<{ href: string; label: string }>; note?: string };
};

/** Phone numbers and postcodes never break across lines ("0571-" / "87000000"). */
const keepNumbers = (html: string) => html.replace(/(\d[\d-]{5,}\d)/g, '<span class="nw">$1</span>');

const block = (b: Block) =>
  'p' in b ? `<p>${esc(b.p)}</p>` : 'flush' in b ? `<p class="flush">${esc(b.flush)}</p>` : 'heading' in b ? `<p class="h3">${esc(b.heading)}</p>` : b.html;

/** Text with line breaks as paragraphs, each indented two characters. */
export const paragraphs = (text: string): Block[] =>
  text.split(/\r?\n+/).map((l) => l.trim()).filter(Boolean).map((l) => ({ p: l }));

export function renderDocument(d: DocumentPage): string {
  const toolbar = d.toolbar
    ? `<nav class="toolbar" aria-label="操作"><button type="button" id="doc-print">打印</button>${d.toolbar.back ? `<a href="${esc(d.toolbar.back)}">${esc(d.toolbar.backLabel ?? '返回')}</a>` : ''}${(d.toolbar.extra ?? []).map((x) => `<a href="${esc(x.href)}">${esc(x.label)}</a>`).join('')}${d.toolbar.note ? `<span class="note">${esc(d.toolbar.note)}</span>` : ''}</nav>`
    : '';
  const attach = d.attachments?.length
    ? `<p class="attach">附件：${d.attachments.map((a, i) => (d.attachments!.length > 1 ? `${i + 1}．${esc(a)}` : esc(a))).join('<br>')}</p>`
    : '';
  const record =
    d.copyTo || d.printed
      ? `<div class="record">${d.copyTo ? `<p>抄送：${esc(d.copyTo)}</p>` : ''}${d.printed ? `<p class="printed"><span>${esc(d.office.name)}</span><span>${esc(cnDateOf(d.date))}印发</span></p>` : ''}</div>`
      : '';
  const sheet = `<article class="sheet" id="doc-sheet" aria-labelledby="doc-title">
${d.draft ? `<p class="draft">${esc(d.draft)}</p>` : ''}<p class="organ">${esc(d.office.name)}</p><div class="rule" role="presentation"></div>
<p class="docno${d.docNoAlign === 'center' ? ' center' : ''}" id="doc-no">${esc(d.docNo)}</p>
<h1 id="doc-title">${esc(d.title)}</h1>
${d.recipient ? `<p class="to" id="doc-to">${esc(d.recipient)}</p>` : ''}
${d.body.slice(0, -1).map(block).join('\n')}
<div class="tail">${d.body.slice(-1).map(block).join('')}
${attach}
<div class="sign"><span class="seal" aria-hidden="true">盖章处</span>${esc(d.signer ?? d.office.name)}<br>${esc(cnDateOf(d.date))}</div>
${d.contact ? `<p class="contact">${keepNumbers(esc(d.contact))}</p>` : ''}</div>
${record}
${(d.annexes ?? []).map((a) => `<div class="page-break">${a}</div>`).join('\n')}
</article>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(d.title)} ${esc(d.docNo)}</title><style>${DOCUMENT_CSS}</style></head><body>${toolbar}${sheet}${toolbar ? `<script>${PRINT_SCRIPT}</script>` : ''}</body></html>`;
}

/** "（联系电话：0571-12345678）" under the date, from the office identity, or nothing. */
export function contactLine(office: OfficeIdentity): string | undefined {
  return office.phone ? `（联系电话：${office.phone}）` : undefined;
}

/** The office's postal address line for letters to citizens ("地址：… 邮编：…"). */
export function addressLine(office: OfficeIdentity): string | undefined {
  if (!office.address) return undefined;
  return `（地址：${office.address}${office.postcode ? `；邮编：${office.postcode}` : ''}${office.phone ? `；电话：${office.phone}` : ''}）`;
}
