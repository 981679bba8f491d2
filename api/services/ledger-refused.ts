// The rows an import refused, given back as an .xlsx workbook the office can fix and import again:
// the ledger's name as its title row (so the corrected rows are matched within the same ledger),
// the original heading, the original cells of each refused row (dates stay dates) and one more
// column, 错误说明, with every problem of that row in words.
import ExcelJS from 'exceljs';
import type { ImportProblem } from '../contract/ledger.ts';
import type { Ledger } from './ledger-parse.ts';

export const REFUSED_COLUMN = '错误说明';

export async function refusedWorkbook(ledger: Ledger, ledgerName: string, errors: ImportProblem[]): Promise<Uint8Array | null> {
  const byRow = new Map<number, string[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.message]);
  if (!byRow.size) return null;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinfang';
  const ws = wb.addWorksheet('未导入的行', { views: [{ state: 'frozen', ySplit: 2 }] });
  const width = ledger.headers.length + 1;
  ws.addRow([ledgerName]);
  ws.mergeCells(1, 1, 1, width);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow([...ledger.headers, REFUSED_COLUMN]);
  ws.getRow(2).font = { bold: true };
  for (const r of ledger.rows) {
    const problems = byRow.get(r.row);
    if (!problems) continue;
    const cells = ledger.headers.map((_, i) => r.cells[i] ?? null);
    const added = ws.addRow([...cells, `第 ${r.row} 行：${problems.join('；')}`]);
    cells.forEach((c, i) => {
      if (c instanceof Date) added.getCell(i + 1).numFmt = c.getUTCHours() + c.getUTCMinutes() > 0 ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
    });
    added.getCell(width).font = { color: { argb: 'FFC00000' } };
  }
  ledger.headers.forEach((h, i) => (ws.getColumn(i + 1).width = Math.min(40, Math.max(8, h.length * 2 + 4))));
  ws.getColumn(width).width = 60;
  ws.getColumn(width).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
