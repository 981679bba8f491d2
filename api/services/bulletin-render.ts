// A bulletin as its readers get it: a print-ready HTML page in the layout of an office circular
// (GB/T 9704 简报 form, api/documents/layout.ts: A4, the red 版头 with the office's name and the
// 期号, the title in 小标宋, body in 仿宋, tables whose short cells never wrap one character per
// line, 主送 / 抄送 / 印发 in the 版记; no script, every text escaped) and an Excel workbook whose
// numbers are numbers (counts, shares and changes in %), categories by name at the level chosen.
import ExcelJS from 'exceljs';
import { CHANNEL_LABELS } from '../contract/enums.ts';
import type { BulletinFigures } from '../contract/analysis.ts';
import type { OfficeIdentity } from '../contract/schemas.ts';
import { compare, monthLabel } from '../domain/bulletin-text.ts';
import { cnDateOf, DOCUMENT_CSS, esc } from '../documents/layout.ts';
import type { BulletinView } from './bulletin-view.ts';
import type { CategoryIndex } from './category-index.ts';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);
/** The change from `prev` to `cur` in percent, one decimal; null without a base to compare. */
const change = (cur: number, prev: number) => (prev === 0 ? null : Math.round(((cur - prev) / prev) * 1000) / 10);

type Indicator = { label: string; unit: 'count' | 'rate'; current: number | null; previous: number | null; lastYear: number | null; mom: string; yoy: string };

/** The indicator table: counts compared in both directions, rates side by side. */
export function indicators(f: BulletinFigures): Indicator[] {
  const count = (label: string, get: (s: BulletinFigures['current']) => number): Indicator => {
    const [c, p, l] = [get(f.current), get(f.previous), get(f.lastYear)];
    return { label, unit: 'count', current: c, previous: p, lastYear: l, mom: compare(c, p, '环比', '上月').replace(/（.*$/, ''), yoy: compare(c, l, '同比', '去年同月').replace(/（.*$/, '') };
  };
  const rate = (label: string, get: (s: BulletinFigures['current']) => number | null): Indicator => ({
    label, unit: 'rate', current: get(f.current), previous: get(f.previous), lastYear: get(f.lastYear), mom: '', yoy: '',
  });
  return [
    count('信访总量（件）', (s) => s.total),
    count('涉及人次', (s) => s.persons),
    ...(['letter', 'visit', 'online', 'phone'] as const).map((ch) => count(`${CHANNEL_LABELS[ch]}（件）`, (s) => s.byChannel[ch]?.count ?? 0)),
    count('集体信访（批）', (s) => s.collective.count),
    count('重复信访（件，经确认）', (s) => s.repeat.count),
    count('不属于受理范围（件）', (s) => s.outOfScope.count),
    rate('及时受理率', (s) => s.acceptOnTimeRate),
    rate('按期办结率', (s) => s.onTimeRate),
    rate('参评率', (s) => s.ratingRate),
    rate('满意率', (s) => s.satisfactionRate),
    rate('一次性化解率', (s) => s.oneTimeRate ?? null),
  ];
}

export type CategoryRow = { name: string; parent: string; count: number; share: number; previous: number; lastYear: number };

/** The categories at the chosen tree level (1 = the top), by name, largest first. */
export function categoryRows(f: BulletinFigures, index: CategoryIndex, level: number): CategoryRow[] {
  return index.ordered
    .filter((c) => c.depth === level - 1)
    .map((c) => ({
      name: c.name,
      parent: c.parent ? index.byCode.get(c.parent)?.name ?? '' : '',
      count: f.current.byCategory[c.code]?.count ?? 0,
      share: f.current.byCategory[c.code]?.share ?? 0,
      previous: f.previous.byCategory[c.code]?.count ?? 0,
      lastYear: f.lastYear.byCategory[c.code]?.count ?? 0,
    }))
    .filter((r) => r.count > 0 || r.previous > 0)
    .sort((a, b) => b.count - a.count || b.previous - a.previous);
}

const LEVEL_WORDS = ['', '一级', '二级', '三级'];
const num = (v: string | number) => `<td class="num">${esc(v)}</td>`;
const table = (caption: string, head: Array<[string, boolean?]>, rows: Array<Array<string | number>>, numeric: number[]) =>
  `<table><caption>${esc(caption)}</caption><thead><tr>${head.map(([h]) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : numeric.includes(i) ? num(c) : `<td class="nw">${esc(c)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;

const BULLETIN_CSS = `
.masthead { text-align: center; color: #e00000; font-family: "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 36pt; line-height: 1.2; letter-spacing: .12em; margin: 0 0 4mm; }
.issue { text-align: center; margin: 0 0 3mm; }
.issuer { display: flex; justify-content: space-between; margin: 0; }
.masthead, .issue, .issuer { text-indent: 0; }
.classified { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; text-indent: 0; margin: 0 0 6mm; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; font-size: 16pt; margin: 0; }
td.num { font-variant-numeric: tabular-nums; }
table tbody th { font-family: inherit; white-space: normal; word-break: keep-all; min-width: 6em; }`;

export function bulletinHtml(b: BulletinView, office: OfficeIdentity, index: CategoryIndex): string {
  const f = b.figures;
  const level = b.categoryLevel ?? 1;
  const when = b.publishedAt ?? b.updatedAt;
  const cats = categoryRows(f, index, level).slice(0, 15);
  const body = [
    b.status === 'draft' ? '<p class="draft">草稿 · 尚未发布</p>' : '',
    '<p class="classified">内部资料　注意保存</p>',
    '<p class="masthead">信访工作情况通报</p>',
    `<p class="issue">${b.issueNo ? `第${esc(b.issueNo)}期` : ''}</p>`,
    `<p class="issuer"><span>${esc(office.name)}</span><span>${esc(cnDateOf(when))}</span></p>`,
    '<div class="rule" role="presentation"></div>',
    `<h1 id="doc-title">${esc(b.title)}</h1>`,
    `<p class="flush">统计期间：${esc(cnDateOf(f.periods.current.from))}至${esc(cnDateOf(f.periods.current.to))}（按收到日期统计）</p>`,
    ...b.sections.map(
      (s) =>
        `<h2>${esc(s.heading)}</h2>` +
        s.text
          .split(/\n+/)
          .filter((line) => line.trim())
          .map((line) => `<p>${esc(line)}</p>`)
          .join('') +
        (s.key === 'notable' && b.notable.length
          ? table('', [['信访件编号'], ['标题'], ['内容分类'], ['办理状态'], ['承办单位'], ['说明']], b.notable.map((n) => [n.caseNo, n.title, n.categoryName, n.statusLabel, n.agencyName ?? '本机关', n.note]), [])
          : ''),
    ),
    '<h2>附表</h2>',
    table(
      '附表1　主要指标',
      [['指标'], ['本月'], ['上月'], ['环比'], ['去年同月'], ['同比']],
      indicators(f).map((i) => {
        const show = (v: number | null) => (i.unit === 'rate' ? pct(v) : String(v ?? 0));
        return [i.label, show(i.current), show(i.previous), i.mom, show(i.lastYear), i.yoy];
      }),
      [1, 2, 4],
    ),
    cats.length
      ? table(`附表2　内容分类（${LEVEL_WORDS[level]}）`, [['分类'], ...(level > 1 ? [['上级分类'] as [string]] : []), ['件数'], ['占比'], ['上月'], ['去年同月']],
          cats.map((c) => [c.name, ...(level > 1 ? [c.parent] : []), c.count, pct(c.share), c.previous, c.lastYear]), level > 1 ? [2, 3, 4, 5] : [1, 2, 3, 4])
      : '',
    f.agencies.length
      ? table('附表3　承办单位超期及发还补办', [['承办单位'], ['超期（件）'], ['发还补办（件）'], ['按期办结率'], ['满意率']],
          f.agencies.map((a) => [a.name, a.overdue, a.returned, pct(a.onTimeRate), pct(a.satisfactionRate)]), [1, 2, 3, 4])
      : '',
    `<div class="record">${b.sendTo ? `<p>主送：${esc(b.sendTo)}</p>` : ''}${b.copyTo ? `<p>抄送：${esc(b.copyTo)}</p>` : ''}<p class="printed"><span>${esc(office.name)}</span><span>${esc(cnDateOf(when))}印发</span></p></div>`,
  ];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(b.title)}</title><style>${DOCUMENT_CSS}${BULLETIN_CSS}</style></head><body><article class="sheet" id="doc-sheet" aria-labelledby="doc-title">${body.join('\n')}</article></body></html>`;
}

export async function bulletinWorkbook(b: BulletinView, index: CategoryIndex): Promise<Uint8Array> {
  const f = b.figures;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinfang';
  const sheet = (name: string, columns: Array<[string, number, string?]>, rows: Array<Array<string | number | null>>) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map(([header, width, numFmt]) => ({ header, width, ...(numFmt ? { style: { numFmt } } : {}) }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    return ws;
  };
  const PCT = '0.0';
  sheet(
    '主要指标',
    [['指标', 24], [`本月（${monthLabel(f.month)}）`, 16, '0.0##'], ['上月', 12, '0.0##'], ['环比变化（%）', 14, PCT], ['去年同月', 12, '0.0##'], ['同比变化（%）', 14, PCT], ['单位', 8]],
    indicators(f).map((i) => [
      i.label, i.current, i.previous,
      i.unit === 'count' && i.current !== null && i.previous !== null ? change(i.current, i.previous) : null,
      i.lastYear,
      i.unit === 'count' && i.current !== null && i.lastYear !== null ? change(i.current, i.lastYear) : null,
      i.unit === 'rate' ? '%' : '件',
    ]),
  );
  const level = b.categoryLevel ?? 1;
  sheet(
    `内容分类（${LEVEL_WORDS[level]}）`,
    [['分类', 24], ['上级分类', 20], ['本月件数', 10], ['占比（%）', 10, PCT], ['上月件数', 10], ['去年同月件数', 12]],
    categoryRows(f, index, level).map((c) => [c.name, c.parent, c.count, c.share, c.previous, c.lastYear]),
  );
  sheet('热点问题', [['类型', 14], ['名称', 28], ['本月', 10], ['上月', 10], ['占比或增加', 14]], [
    ...f.hot.topIssues.map((r) => ['数量最多', r.name, r.count, r.previous, r.share]),
    ...f.hot.rising.map((r) => ['增长最快', r.name, r.count, r.previous, r.increase]),
    ...f.hot.places.map((p) => ['问题发生地', p.place, p.count, null, null]),
  ]);
  sheet('承办单位', [['承办单位', 30], ['本月交转办（件）', 16], ['超期（件）', 12], ['发还补办（件）', 14], ['按期办结率（%）', 16, PCT], ['满意率（%）', 12, PCT]], f.agencies.map((a) => [a.name, a.received, a.overdue, a.returned, a.onTimeRate, a.satisfactionRate]));
  sheet('典型案例', [['信访件编号', 14], ['标题', 30], ['内容分类', 26], ['办理状态', 16], ['承办单位', 24], ['说明', 40]], b.notable.map((n) => [n.caseNo, n.title, n.categoryName, n.statusLabel, n.agencyName ?? '本机关', n.note]));
  const text = sheet('通报正文', [['标题', 20], ['内容', 100]], [['通报', b.title], ['期号', b.issueNo ? `第${b.issueNo}期` : ''], ['主送', b.sendTo], ['抄送', b.copyTo], ...b.sections.map((s) => [s.heading, s.text])]);
  text.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
