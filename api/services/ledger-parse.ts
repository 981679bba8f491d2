// Reads a ledger (信访台账) file into its heading row and data rows, whatever the office's
// spreadsheet looks like: .xlsx (first worksheet), or .csv in UTF-8 (with or without BOM) or in
// GB18030, the encoding Excel on Chinese Windows saves CSV in. The heading row is the first row
// whose cells read as known headings (a merged title row above it is the ledger's title, not its
// heading); a trailing 合计 row and footers (制表人 …) are skipped and said so. Cells stay raw
// (text, number or Date) for the validation step; row numbers are the spreadsheet's, so a message
// points at the line the clerk sees. Also guesses the column mapping from the headings.
import ExcelJS from 'exceljs';
import { IMPORT_FIELD_KEYS, IMPORT_FIELDS, IMPORT_ROWS_MAX, type ImportField, type ImportMapping } from '../contract/analysis.ts';
import { badRequest } from '../http/errors.ts';

export type Cell = string | number | Date | null;
export type LedgerRow = { row: number; cells: Cell[] };
export type Ledger = {
  headers: string[];
  /** The spreadsheet row taken as the heading (1-based). */
  headerRow: number;
  /** Texts of the rows above the heading (the ledger's title). */
  titles: string[];
  rows: LedgerRow[];
  /** Rows that are not data: totals and footers, with why. */
  skipped: Array<{ row: number; reason: string }>;
  /** The worksheet's name (xlsx). */
  sheet: string | null;
};

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180: quoted fields with "" escapes, commas and line breaks inside quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return String(v);
}

async function readXlsx(bytes: Uint8Array): Promise<{ table: Cell[][]; sheet: string }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw badRequest('无法读取该 Excel 文件，请确认是 .xlsx 格式（旧版 .xls 请先另存为 .xlsx）', { file: '文件格式不正确' });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('Excel 文件中没有工作表', { file: '文件中没有工作表' });
  const out: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (r, n) => {
    const values = Array.isArray(r.values) ? r.values.slice(1) : [];
    out[n - 1] = values.map((v) => cellValue(v as ExcelJS.CellValue));
  });
  for (let i = 0; i < out.length; i++) out[i] ??= [];
  return { table: out, sheet: ws.name };
}

const isBlank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');
const norm = (s: string) => s.normalize('NFKC').replace(/[\s（）()*：:]/g, '');

/** How well a cell reads as a heading: 2 for an exact alias, 1 for one that contains an alias. */
function headingScore(c: Cell): number {
  if (typeof c !== 'string' || !c.trim() || c.length > 30) return 0;
  const h = norm(c);
  let best = 0;
  for (const f of IMPORT_FIELD_KEYS) {
    for (const a of IMPORT_FIELDS[f].aliases as readonly string[]) {
      if (h === a) return 2;
      if (a.length >= 2 && h.includes(a)) best = 1;
    }
  }
  return best;
}

/** The heading row: the first of the first 30 rows with at least three cells that read as known
 *  headings; otherwise the first non-empty row (a ledger of unknown headings, mapped by hand). */
export function findHeaderRow(table: Cell[][]): number {
  for (let i = 0; i < Math.min(table.length, 30); i++) {
    const cells = table[i].filter((c) => !isBlank(c));
    const known = cells.filter((c) => headingScore(c) > 0).length;
    if (known >= 3 && known * 2 >= cells.length) return i;
  }
  return table.findIndex((r) => r.some((c) => !isBlank(c)));
}

const TOTAL_RE = /^(合计|总计|小计|共计|累计|总数|本页合计)/;
const FOOTER_RE = /^(制表|填表|审核|审批|统计|注|说明|备注|打印|负责人|经办人)[人:：\s]/;

/** Why a row is not data (a total or a footer), or null. */
function notData(cells: Cell[]): string | null {
  const texts = cells.filter((c) => !isBlank(c)).map((c) => String(c instanceof Date ? '' : c).normalize('NFKC').replace(/\s/g, ''));
  if (!texts.length) return null;
  if (TOTAL_RE.test(texts[0])) return `合计行（“${texts[0].slice(0, 10)}”），不是信访件`;
  if (texts.length <= 3 && texts.every((t) => FOOTER_RE.test(t) || !t)) return `表尾说明（“${texts[0].slice(0, 10)}”），不是信访件`;
  return null;
}

export async function parseLedgerFile(name: string, bytes: Uint8Array): Promise<Ledger> {
  const lower = name.toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let table: Cell[][];
  let sheet: string | null = null;
  if (lower.endsWith('.xlsx') || isZip) ({ table, sheet } = await readXlsx(bytes));
  else if (lower.endsWith('.csv') || lower.endsWith('.txt')) table = parseCsv(decodeText(bytes));
  else throw badRequest('只支持 .xlsx 或 .csv 文件', { file: '只支持 .xlsx 或 .csv 文件' });
  const headerAt = findHeaderRow(table);
  if (headerAt < 0) throw badRequest('文件是空的', { file: '文件中没有内容' });
  const headers = table[headerAt].map((c) => (c === null ? '' : String(c).trim()));
  const titles = table.slice(0, headerAt).flatMap((r) => [...new Set(r.filter((c) => !isBlank(c)).map((c) => String(c).trim()))]);
  const skipped: Ledger['skipped'] = [];
  const rows: LedgerRow[] = [];
  for (let i = headerAt + 1; i < table.length; i++) {
    const cells = table[i];
    if (!cells.some((c) => !isBlank(c))) continue;
    const why = notData(cells);
    if (why) skipped.push({ row: i + 1, reason: why });
    else rows.push({ row: i + 1, cells });
  }
  if (!rows.length) throw badRequest(`文件中第 ${headerAt + 1} 行是表头，下面没有数据行`, { file: '没有数据行' });
  if (rows.length > IMPORT_ROWS_MAX) throw badRequest(`一次最多导入 ${IMPORT_ROWS_MAX} 行，请分成几个文件`, { file: `超过 ${IMPORT_ROWS_MAX} 行` });
  return { headers, headerRow: headerAt + 1, titles, rows, skipped, sheet };
}

/** The ledger's name when the clerk gives none: its title row, else the file name without its
 *  extension and the marks a re-save adds ("（改）", "副本", "(1)"). 序号 are matched within it. */
export function defaultLedgerName(ledger: Pick<Ledger, 'titles'>, fileName: string): string {
  const title = ledger.titles.find((t) => t.length >= 2 && t.length <= 100);
  if (title) return title.replace(/\s+/g, ' ');
  return fileName
    .replace(/\.(xlsx|csv|txt)$/i, '')
    .replace(/\s*[-_ ]?(副本|复制|copy)\s*$/i, '')
    .replace(/\s*[（(](\d+|改|修改|修订|新|最新|更正)[）)]\s*$/g, '')
    .trim();
}

/** field → header, for headers that equal (or else contain) one of the field's aliases. */
export function suggestMapping(headers: string[]): ImportMapping {
  const out: ImportMapping = {};
  const taken = new Set<string>();
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of IMPORT_FIELD_KEYS) {
      if (out[field]) continue;
      const aliases = IMPORT_FIELDS[field].aliases as readonly string[];
      const hit = headers.find((h) => h && !taken.has(h) && aliases.some((a) => (pass === 'exact' ? norm(h) === a : a.length >= 2 && norm(h).includes(a))));
      if (hit) {
        out[field as ImportField] = hit;
        taken.add(hit);
      }
    }
  }
  return out;
}
