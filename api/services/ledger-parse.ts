// Reads a ledger (信访台账) file into a header row and data rows, whatever the office's
// spreadsheet looks like: .xlsx (first worksheet), or .csv in UTF-8 (with or without BOM) or in
// GB18030, the encoding Excel on Chinese Windows saves CSV in. Cells stay raw (text, number or
// Date) for the validation step; row numbers are the spreadsheet's (the header is row 1), so an
// error message points at the line the clerk sees. Also guesses the column mapping from headers.
import ExcelJS from 'exceljs';
import { IMPORT_FIELD_KEYS, IMPORT_FIELDS, IMPORT_ROWS_MAX, type ImportField, type ImportMapping } from '../contract/analysis.ts';
import { badRequest } from '../http/errors.ts';

export type Cell = string | number | Date | null;
export type LedgerRow = { row: number; cells: Cell[] };
export type Ledger = { headers: string[]; rows: LedgerRow[] };

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

async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
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
  return out;
}

const isBlank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

export async function parseLedgerFile(name: string, bytes: Uint8Array): Promise<Ledger> {
  const lower = name.toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let table: Cell[][];
  if (lower.endsWith('.xlsx') || isZip) table = await readXlsx(bytes);
  else if (lower.endsWith('.csv') || lower.endsWith('.txt')) table = parseCsv(decodeText(bytes));
  else throw badRequest('只支持 .xlsx 或 .csv 文件', { file: '只支持 .xlsx 或 .csv 文件' });
  const headerAt = table.findIndex((r) => r.some((c) => !isBlank(c)));
  if (headerAt < 0) throw badRequest('文件是空的', { file: '文件中没有内容' });
  const headers = table[headerAt].map((c) => (c === null ? '' : String(c).trim()));
  const rows = table
    .map((cells, i) => ({ row: i + 1, cells }))
    .slice(headerAt + 1)
    .filter((r) => r.cells.some((c) => !isBlank(c)));
  if (!rows.length) throw badRequest('文件中只有表头，没有数据行', { file: '没有数据行' });
  if (rows.length > IMPORT_ROWS_MAX) throw badRequest(`一次最多导入 ${IMPORT_ROWS_MAX} 行，请分成几个文件`, { file: `超过 ${IMPORT_ROWS_MAX} 行` });
  return { headers, rows };
}

/** field → header, for headers that equal (or else contain) one of the field's aliases. */
export function suggestMapping(headers: string[]): ImportMapping {
  const out: ImportMapping = {};
  const taken = new Set<string>();
  const norm = (s: string) => s.replace(/[\s（）()*：:]/g, '');
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of IMPORT_FIELD_KEYS) {
      if (out[field]) continue;
      const aliases = IMPORT_FIELDS[field].aliases as readonly string[];
      const hit = headers.find((h) => h && !taken.has(h) && aliases.some((a) => (pass === 'exact' ? norm(h) === a : norm(h).includes(a))));
      if (hit) {
        out[field as ImportField] = hit;
        taken.add(hit);
      }
    }
  }
  return out;
}
