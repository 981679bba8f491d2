// The ledger API (信访台账), mounted at /api/staff/ledger: upload a CSV/.xlsx file, dry-run an
// import with a column mapping (every bad row and why), import all rows or none, and export any
// filtered case list to .xlsx or CSV. Handlers check one permission, validate, call one verb.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { exportQuery, importMapping } from '../contract/analysis.ts';
import type { AppEnv } from '../context.ts';
import { AppError, badRequest, parseWith, readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { exportCases } from '../services/ledger-export.ts';
import { dryRunLedger, importLedger, uploadLedgerFile } from '../verbs/import-ledger.ts';

export const ledgerRoutes = new Hono<AppEnv>();

const LEDGER_FILE_MAX = 20 * 1024 * 1024;
const importRequest = z.object({ uploadId: z.string().uuid({ error: '请先上传文件' }), mapping: importMapping });

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
  const { total, valid, errors } = await dryRunLedger(c.get('deps'), staffOf(c), input.uploadId, input.mapping);
  return c.json({ total, valid, errors });
});

ledgerRoutes.post('/imports', requireStaff('cases.import'), async (c) => {
  const input = await readJson(c, importRequest);
  return c.json(await importLedger(c.get('deps'), staffOf(c), input.uploadId, input.mapping), 201);
});

ledgerRoutes.get('/export', requireStaff('cases.export'), async (c) => {
  const q = parseWith(exportQuery, c.req.query());
  const file = await exportCases(c.get('deps'), staffOf(c), q);
  c.header('Content-Type', file.type);
  c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Row-Count', String(file.rows));
  return c.body(new Uint8Array(file.body) as Uint8Array<ArrayBuffer>);
});

registerOperation({ method: 'post', path: '/api/staff/ledger/uploads', summary: '上传信访台账文件（CSV 或 .xlsx）', status: 201, auth: true, multipart: true });
registerOperation({ method: 'post', path: '/api/staff/ledger/imports/dry-run', summary: '台账导入试运行（列出每一行的问题）', body: importRequest, auth: true });
registerOperation({ method: 'post', path: '/api/staff/ledger/imports', summary: '导入台账（全部导入或全部不导入）', body: importRequest, status: 201, auth: true });
registerOperation({ method: 'get', path: '/api/staff/ledger/export', summary: '导出信访件（.xlsx 或 CSV）', auth: true });
