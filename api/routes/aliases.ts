// The admin's aliases of agencies and categories, mounted at /api/staff: list, add, remove. Each
// handler checks one permission, validates, calls one verb (audited) and answers the new list.
import { Hono } from 'hono';
import { aliasRequest } from '../contract/registration.ts';
import type { AppEnv } from '../context.ts';
import { readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { adminActorOf, requireStaff } from '../http/staff-auth.ts';
import { addAlias, listAliases, removeAlias } from '../verbs/manage-aliases.ts';

export const aliasRoutes = new Hono<AppEnv>();

aliasRoutes.get('/aliases', requireStaff(), async (c) => c.json(await listAliases(c.get('deps'))));
aliasRoutes.post('/agencies/:id/aliases', requireStaff('agencies.manage'), async (c) => {
  const { alias } = await readJson(c, aliasRequest);
  return c.json(await addAlias(c.get('deps'), adminActorOf(c), 'agency', c.req.param('id'), alias), 201);
});
aliasRoutes.delete('/agencies/:id/aliases/:alias', requireStaff('agencies.manage'), async (c) =>
  c.json(await removeAlias(c.get('deps'), adminActorOf(c), 'agency', c.req.param('id'), decodeURIComponent(c.req.param('alias')))),
);
aliasRoutes.post('/categories/:code/aliases', requireStaff('categories.manage'), async (c) => {
  const { alias } = await readJson(c, aliasRequest);
  return c.json(await addAlias(c.get('deps'), adminActorOf(c), 'category', c.req.param('code'), alias), 201);
});
aliasRoutes.delete('/categories/:code/aliases/:alias', requireStaff('categories.manage'), async (c) =>
  c.json(await removeAlias(c.get('deps'), adminActorOf(c), 'category', c.req.param('code'), decodeURIComponent(c.req.param('alias')))),
);

registerOperation({ method: 'get', path: '/api/staff/aliases', summary: '承办单位和内容分类的别名', auth: true });
registerOperation({ method: 'post', path: '/api/staff/agencies/{id}/aliases', summary: '添加承办单位别名（记入审计日志）', body: aliasRequest, status: 201, auth: true });
registerOperation({ method: 'delete', path: '/api/staff/agencies/{id}/aliases/{alias}', summary: '删除承办单位别名（记入审计日志）', auth: true });
registerOperation({ method: 'post', path: '/api/staff/categories/{code}/aliases', summary: '添加内容分类别名（记入审计日志）', body: aliasRequest, status: 201, auth: true });
registerOperation({ method: 'delete', path: '/api/staff/categories/{code}/aliases/{alias}', summary: '删除内容分类别名（记入审计日志）', auth: true });
