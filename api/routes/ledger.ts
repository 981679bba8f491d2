// The ledger API (信访台账), mounted at /api/staff/ledger: upload a CSV/.xlsx file, dry-run an
// import with a column mapping and a value map (problems grouped by kind, unmatched values with
// suggestions, rows already imported), import the rows that are right and fetch the refused ones
// as a workbook, and export any filtered case list to .xlsx or CSV (full identities only with a
// reason). Handlers check one permission, validate, call one verb.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { exportQuery, importRequest } from '../contract/analysis.ts';
import type { AppEnv } from '../context.ts';
import { AppError, badRequest, parseWith, readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { adminActorOf, requireStaff, staffOf } from '../http/staff-auth.ts';
import { exportCases } from '../services/ledger-export.ts';
import { dryRunLedger, importLedger, refusedFileOf, refusedOfDryRun, summary, uploadLedgerFile } from '../verbs/import-ledger.ts';

export const ledgerRoutes = new Hono<AppEnv>();

const LEDGER_FILE_MAX = 20 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const download = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

// Paths ending in /uploads carry their own body limit (api/http/body-limit.ts).
ledgerRoutes.post(
  '/uploads',
  requireStaff('cases.import'),
  bodyLimit({
    maxSize: LEDGER_FILE_MAX,
    onError: () => {
      throw new AppError(413, 'too_large', '文件超过 20 MB，请分成几个文件导入');
    },
  }),
  async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw badRequest('上传内容格式不正确，请重新选择文件', { file: '请选择要导入的文件' });
    }
    const file = form.file;
    if (!(file instanceof File)) throw badRequest('请选择要导入的文件', { file: '请选择要导入的文件' });
    return c.json(await uploadLedgerFile(c.get('deps'), staffOf(c), file.name, new Uint8Array(await file.arrayBuffer())), 201);
  },
);

ledgerRoutes.post('/imports/dry-run', requireStaff('cases.import'), async (c) => {
  const input = await readJson(c, importRequest);
  return c.json(summary(await dryRunLedger(c.get('deps'), staffOf(c), input)));
});

// The rows a dry run would refuse, as a workbook to fix before importing.
ledgerRoutes.post('/imports/dry-run/refused.xlsx', requireStaff('cases.import'), async (c) => {
  const input = await readJson(c, importRequest);
  const body = await refusedOfDryRun(c.get('deps'), staffOf(c), input);
  if (!body) throw new AppError(404, 'not_found', '没有需要修改的行');
  c.header('Content-Type', XLSX);
  c.header('Content-Disposition', download('未导入的行.xlsx'));
  c.header('Cache-Control', 'private, no-store');
  return c.body(body as Uint8Array<ArrayBuffer>);
});

ledgerRoutes.post('/imports', requireStaff('cases.import'), async (c) => {
  const input = await readJson(c, importRequest);
  return c.json(await importLedger(c.get('deps'), staffOf(c), input), 201);
});

ledgerRoutes.get('/imports/:id/refused.xlsx', requireStaff('cases.import'), async (c) => {
  const file = await refusedFileOf(c.get('deps'), staffOf(c), c.req.param('id'));
  c.header('Content-Type', XLSX);
  c.header('Content-Disposition', download(file.name));
  c.header('Cache-Control', 'private, no-store');
  return c.body(file.body as Uint8Array<ArrayBuffer>);
});

ledgerRoutes.get('/export', requireStaff('cases.export'), async (c) => {
  const q = parseWith(exportQuery, c.req.query());
  const file = await exportCases(c.get('deps'), staffOf(c), q, adminActorOf(c));
  c.header('Content-Type', file.type);
  c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Row-Count', String(file.rows));
  return c.body(new Uint8Array(file.body) as Uint8Array<ArrayBuffer>);
});

registerOperation({ method: 'post', path: '/api/staff/ledger/uploads', summary: '上传信访台账文件（CSV 或 .xlsx）', status: 201, auth: true, multipart: true });
registerOperation({ method: 'post', path: '/api/staff/ledger/imports/dry-run', summary: '台账导入试运行（按类别汇总问题、未对应的值及建议、已导入过的行）', body: importRequest, auth: true });
registerOperation({ method: 'post', path: '/api/staff/ledger/imports/dry-run/refused.xlsx', summary: '试运行中有问题的行（原样加“错误说明”列的 Excel）', body: importRequest, auth: true });
registerOperation({ method: 'post', path: '/api/staff/ledger/imports', summary: '导入台账中无误的行（有问题的行另存为 Excel 退回）', body: importRequest, status: 201, auth: true });
registerOperation({ method: 'get', path: '/api/staff/ledger/imports/{id}/refused.xlsx', summary: '某次导入未导入的行（Excel）', auth: true });
registerOperation({ method: 'get', path: '/api/staff/ledger/export', summary: '导出信访件（.xlsx 或 CSV；含完整身份信息须填写理由）', auth: true });
