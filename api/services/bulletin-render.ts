// A bulletin as its readers get it: a print-ready HTML page (A4, the layout of an office
// circular, no script, every text escaped) and an Excel workbook (indicators against the previous
// month and last year, categories, hot topics, agencies, notable cases, and the text itself).
import ExcelJS from 'exceljs';
import { CHANNEL_LABELS } from '../contract/enums.ts';
import type { BulletinFigures } from '../contract/analysis.ts';
import { compare, monthLabel } from '../domain/bulletin-text.ts';
import type { BulletinView } from './bulletin-view.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);

type Indicator = { label: string; current: string; previous: string; mom: string; lastYear: string; yoy: string };

/** The indicator table: counts compared in both directions, rates side by side. */
export function indicators(f: BulletinFigures): Indicator[] {
  const count = (label: string, get: (s: BulletinFigures['current']) => number): Indicator => {
    const [c, p, l] = [get(f.current), get(f.previous), get(f.lastYear)];
    return { label, current: String(c), previous: String(p), mom: compare(c, p, '环比', '上月').replace(/（.*$/, ''), lastYear: String(l), yoy: compare(c, l, '同比', '去年同月').replace(/（.*$/, '') };
  };
  const rate = (label: string, get: (s: BulletinFigures['current']) => number | null): Indicator => ({
    label, current: pct(get(f.current)), previous: pct(get(f.previous)), mom: '', lastYear: pct(get(f.lastYear)), yoy: '',
  });
  return [
    count('信访总量（件）', (s) => s.total),
    count('涉及人次', (s) => s.persons),
    ...(['letter', 'visit', 'online', 'phone'] as const).map((ch) => count(`${CHANNEL_LABELS[ch]}（件）`, (s) => s.byChannel[ch]?.count ?? 0)),
    count('集体信访（批）', (s) => s.collective.count),
    count('重复信访（件）', (s) => s.repeat.count),
    count('不属于受理范围（件）', (s) => s.outOfScope.count),
    rate('及时受理率', (s) => s.acceptOnTimeRate),
    rate('按期办结率', (s) => s.onTimeRate),
    rate('参评率', (s) => s.ratingRate),
    rate('满意率', (s) => s.satisfactionRate),
  ];
}

const table = (head: string[], rows: Array<Array<string | number>>) =>
  `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;

const CSS = `@page{size:A4;margin:25mm 22mm}body{font-family:"FangSong","STFangsong","仿宋",serif;font-size:16pt;line-height:1.75;color:#000;max-width:170mm;margin:0 auto;padding:12mm 0}
h1{font-family:"SimHei","黑体",sans-serif;font-size:22pt;text-align:center;margin:0 0 4mm}.meta{text-align:center;font-size:12pt;margin-bottom:8mm}
h2{font-family:"SimHei","黑体",sans-serif;font-size:16pt;margin:6mm 0 2mm}p{text-indent:2em;margin:0 0 2mm}
table{border-collapse:collapse;width:100%;font-size:11pt;line-height:1.4;margin:2mm 0 5mm;page-break-inside:avoid}th,td{border:1px solid #000;padding:1.5mm 2mm;text-align:center}
tbody th{text-align:left;font-weight:normal}caption{font-family:"SimHei","黑体",sans-serif;font-size:12pt;text-align:left;padding-bottom:1mm}
.draft{border:2px solid #b00;color:#b00;text-align:center;font-size:12pt;margin-bottom:6mm}.secret{font-size:12pt}
@media screen{body{padding:12mm 8mm}}`;

export function bulletinHtml(b: BulletinView): string {
  const f = b.figures;
  const cats = f.hot.topCategories.map((c) => [c.name, c.count, pct(c.share), c.previous]);
  const body = [
    b.status === 'draft' ? '<p class="draft">草稿 · 尚未发布</p>' : '',
    `<p class="secret">内部资料　注意保存</p>`,
    `<h1>${esc(b.title)}</h1>`,
    `<p class="meta">统计期间：${esc(f.periods.current.from)} 至 ${esc(f.periods.current.to)}（按收到日期统计）${b.publishedAt ? `　发布：${esc(b.publishedAt.slice(0, 10))}` : ''}</p>`,
    ...b.sections.map(
      (s) =>
        `<h2>${esc(s.heading)}</h2>` +
        s.text
          .split(/\n+/)
          .filter((line) => line.trim())
          .map((line) => `<p>${esc(line)}</p>`)
          .join('') +
        (s.key === 'notable' && b.notable.length
          ? table(['信访件编号', '标题', '内容分类', '办理状态', '承办单位', '说明'], b.notable.map((n) => [n.caseNo, n.title, n.categoryName, n.statusLabel, n.agencyName ?? '本机关', n.note]))
          : ''),
    ),
    '<h2>附表</h2>',
    `<table><caption>附表1　主要指标</caption><thead><tr>${['指标', '本月', '上月', '环比', '去年同月', '同比'].map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${indicators(f)
      .map((i) => `<tr><th scope="row">${esc(i.label)}</th><td>${esc(i.current)}</td><td>${esc(i.previous)}</td><td>${esc(i.mom)}</td><td>${esc(i.lastYear)}</td><td>${esc(i.yoy)}</td></tr>`)
      .join('')}</tbody></table>`,
    cats.length ? `<p class="secret">附表2　内容分类（一级）</p>${table(['分类', '件数', '占比', '上月'], cats)}` : '',
    f.agencies.length ? `<p class="secret">附表3　承办单位超期及发还补办</p>${table(['承办单位', '超期（件）', '发还补办（件）', '按期办结率', '满意率'], f.agencies.map((a) => [a.name, a.overdue, a.returned, pct(a.onTimeRate), pct(a.satisfactionRate)]))}` : '',
  ];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(b.title)}</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>`;
}

export async function bulletinWorkbook(b: BulletinView): Promise<Uint8Array> {
  const f = b.figures;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinfang';
  const sheet = (name: string, columns: Array<[string, number]>, rows: Array<Array<string | number>>) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map(([header, width]) => ({ header, width }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    return ws;
  };
  sheet('主要指标', [['指标', 22], [`本月（${monthLabel(f.month)}）`, 16], ['上月', 12], ['环比', 16], ['去年同月', 12], ['同比', 16]], indicators(f).map((i) => [i.label, i.current, i.previous, i.mom, i.lastYear, i.yoy]));
  sheet(
    '内容分类',
    [['分类代码', 22], ['分类', 24], ['本月件数', 10], ['占比（%）', 10], ['上月件数', 10], ['去年同月件数', 12]],
    Object.entries(f.current.byCategory)
      .filter(([code, e]) => e.count > 0 || (f.previous.byCategory[code]?.count ?? 0) > 0)
      .map(([code, e]) => [code, f.categoryNames[code] ?? code, e.count, e.share, f.previous.byCategory[code]?.count ?? 0, f.lastYear.byCategory[code]?.count ?? 0]),
  );
  sheet('热点问题', [['类型', 14], ['名称', 28], ['本月', 10], ['上月', 10], ['说明', 30]], [
    ...f.hot.topIssues.map((r) => ['数量最多', r.name, r.count, r.previous, `占 ${pct(r.share)}`]),
    ...f.hot.rising.map((r) => ['增长最快', r.name, r.count, r.previous, `增加 ${r.increase} 件`]),
    ...f.hot.places.map((p) => ['问题发生地', p.place, p.count, '', '']),
  ]);
  sheet('承办单位', [['承办单位', 30], ['本月交转办（件）', 16], ['超期（件）', 12], ['发还补办（件）', 14], ['按期办结率（%）', 16], ['满意率（%）', 12]], f.agencies.map((a) => [a.name, a.received, a.overdue, a.returned, a.onTimeRate ?? '', a.satisfactionRate ?? '']));
  sheet('典型案例', [['信访件编号', 14], ['标题', 30], ['内容分类', 26], ['办理状态', 16], ['承办单位', 24], ['说明', 40]], b.notable.map((n) => [n.caseNo, n.title, n.categoryName, n.statusLabel, n.agencyName ?? '本机关', n.note]));
  const text = sheet('通报正文', [['标题', 20], ['内容', 100]], [['通报', b.title], ...b.sections.map((s) => [s.heading, s.text])]);
  text.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
