// The monthly bulletin API (信访通报), mounted at /api/staff/bulletins: list, generate a draft for
// a month, read, regenerate, edit, publish, and download as print-ready HTML or an Excel workbook.
// Reading needs stats.read; every change needs bulletin.edit.
import { Hono, type Context } from 'hono';
import { createBulletinRequest, updateBulletinRequest } from '../contract/analysis.ts';
import type { AppEnv } from '../context.ts';
import { readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { bulletinHtml, bulletinWorkbook } from '../services/bulletin-render.ts';
import { bulletinView, listBulletins } from '../services/bulletin-view.ts';
import { categoryIndex } from '../services/category-index.ts';
import { officeIdentity } from '../services/office.ts';
import { createBulletin, publishBulletin, regenerateBulletin, updateBulletin } from '../verbs/save-bulletin.ts';

export const bulletinRoutes = new Hono<AppEnv>();

const view = (c: Context<AppEnv>, id: string) => bulletinView(c.get('deps'), staffOf(c), id);

bulletinRoutes.get('/', requireStaff('stats.read'), async (c) => {
  c.header('Cache-Control', 'private, no-store');
  return c.json(await listBulletins(c.get('deps')));
});

bulletinRoutes.post('/', requireStaff('bulletin.edit'), async (c) => {
  const { month } = await readJson(c, createBulletinRequest);
  const id = await createBulletin(c.get('deps'), staffOf(c), month);
  return c.json(await view(c, id), 201);
});

bulletinRoutes.get('/:id', requireStaff('stats.read'), async (c) => {
  c.header('Cache-Control', 'private, no-store');
  return c.json(await view(c, c.req.param('id')));
});

bulletinRoutes.put('/:id', requireStaff('bulletin.edit'), async (c) => {
  const input = await readJson(c, updateBulletinRequest);
  await updateBulletin(c.get('deps'), staffOf(c), c.req.param('id'), input);
  return c.json(await view(c, c.req.param('id')));
});

bulletinRoutes.post('/:id/regenerate', requireStaff('bulletin.edit'), async (c) => {
  await regenerateBulletin(c.get('deps'), staffOf(c), c.req.param('id'));
  return c.json(await view(c, c.req.param('id')));
});

bulletinRoutes.post('/:id/publish', requireStaff('bulletin.edit'), async (c) => {
  await publishBulletin(c.get('deps'), staffOf(c), c.req.param('id'));
  return c.json(await view(c, c.req.param('id')));
});

bulletinRoutes.get('/:id/print', requireStaff('stats.read'), async (c) => {
  const b = await view(c, c.req.param('id'));
  // Inline styles only; no script, no outside resource.
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  c.header('Cache-Control', 'private, no-store');
  return c.html(bulletinHtml(b, await officeIdentity(c.get('deps')), await categoryIndex(c.get('deps').db)));
});

bulletinRoutes.get('/:id/xlsx', requireStaff('stats.read'), async (c) => {
  const b = await view(c, c.req.param('id'));
  c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${b.title}.xlsx`)}`);
  c.header('Cache-Control', 'private, no-store');
  return c.body((await bulletinWorkbook(b, await categoryIndex(c.get('deps').db))) as Uint8Array<ArrayBuffer>);
});

registerOperation({ method: 'get', path: '/api/staff/bulletins', summary: '信访通报列表', auth: true });
registerOperation({ method: 'post', path: '/api/staff/bulletins', summary: '生成某月信访通报草稿', body: createBulletinRequest, status: 201, auth: true });
registerOperation({ method: 'get', path: '/api/staff/bulletins/{id}', summary: '信访通报', auth: true });
registerOperation({ method: 'put', path: '/api/staff/bulletins/{id}', summary: '修改信访通报草稿', body: updateBulletinRequest, auth: true });
registerOperation({ method: 'post', path: '/api/staff/bulletins/{id}/regenerate', summary: '按最新数据重新生成通报草稿', auth: true });
registerOperation({ method: 'post', path: '/api/staff/bulletins/{id}/publish', summary: '内部发布信访通报', auth: true });
registerOperation({ method: 'get', path: '/api/staff/bulletins/{id}/print', summary: '信访通报打印版（HTML）', auth: true });
registerOperation({ method: 'get', path: '/api/staff/bulletins/{id}/xlsx', summary: '信访通报 Excel 工作簿', auth: true });
