// Reception days (领导接待日): editors announce them (staff API), the public reads the upcoming
// published ones (GET /api/public/reception-days, DESIGN §4), cached for a few seconds only.
import { Hono } from 'hono';
import { publicReceptionDays, receptionDayInput, staffReceptionDays as staffListSchema } from '../contract/content.ts';
import type { AppEnv } from '../context.ts';
import { staffReceptionDays, upcomingReceptionDays } from '../content/reception.ts';
import { readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { deleteReceptionDay } from '../verbs/delete-reception-day.ts';
import { saveReceptionDay } from '../verbs/save-reception-day.ts';

export const publicReceptionRoutes = new Hono<AppEnv>();
publicReceptionRoutes.get('/', async (c) => {
  const deps = c.get('deps');
  c.header('Cache-Control', 'public, max-age=5');
  return c.json({ items: await upcomingReceptionDays(deps.db, deps.now()) });
});

export const staffReceptionRoutes = new Hono<AppEnv>();
staffReceptionRoutes.use('*', requireStaff('reception.edit'));
staffReceptionRoutes.get('/', async (c) => {
  const deps = c.get('deps');
  return c.json({ items: await staffReceptionDays(deps.db, deps.now()) });
});
staffReceptionRoutes.post('/', async (c) => {
  const input = await readJson(c, receptionDayInput);
  return c.json(await saveReceptionDay(c.get('deps'), staffOf(c), input), 201);
});
staffReceptionRoutes.put('/:id', async (c) => {
  const input = await readJson(c, receptionDayInput);
  return c.json(await saveReceptionDay(c.get('deps'), staffOf(c), input, c.req.param('id')));
});
staffReceptionRoutes.delete('/:id', async (c) => c.json(await deleteReceptionDay(c.get('deps'), staffOf(c), c.req.param('id'))));

for (const op of [
  { method: 'get', path: '/api/public/reception-days', summary: '近期领导接待日', response: publicReceptionDays },
  { method: 'get', path: '/api/staff/reception-days', summary: '接待日列表（含草稿）', response: staffListSchema, auth: true },
  { method: 'post', path: '/api/staff/reception-days', summary: '新建接待日', body: receptionDayInput, status: 201, auth: true },
  { method: 'put', path: '/api/staff/reception-days/{id}', summary: '修改接待日', body: receptionDayInput, auth: true },
] as const) registerOperation(op);
// openapi.ts types no 'delete' method; its document builder writes whatever method it is given.
registerOperation({ method: 'delete', path: '/api/staff/reception-days/{id}', summary: '删除接待日', auth: true } as unknown as Parameters<typeof registerOperation>[0]);
