// The guidance search's synonym groups, for editors (issue 14): read them, replace them all.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context.ts';
import { synonymGroups } from '../content/synonyms.ts';
import { readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { adminActorOf, requireStaff } from '../http/staff-auth.ts';
import { saveSynonyms } from '../verbs/save-synonyms.ts';

const groupsResponse = z.object({ groups: z.array(z.array(z.string())) });
const groupsRequest = z.object({
  groups: z.array(z.string({ error: '每组是一行文字' }).max(500, { error: '一组不能超过 500 个字' }), { error: '请填写同义词' }).max(400),
});

export const synonymRoutes = new Hono<AppEnv>();
synonymRoutes.use('*', requireStaff('content.edit'));
synonymRoutes.get('/', async (c) => c.json({ groups: await synonymGroups(c.get('deps').db) }));
synonymRoutes.put('/', async (c) => {
  const { groups } = await readJson(c, groupsRequest);
  return c.json({ groups: await saveSynonyms(c.get('deps'), adminActorOf(c), groups) });
});

registerOperation({ method: 'get', path: '/api/staff/guidance/synonyms', summary: '法律指引搜索同义词', response: groupsResponse, auth: true });
registerOperation({ method: 'put', path: '/api/staff/guidance/synonyms', summary: '保存法律指引搜索同义词（每行一组）', body: groupsRequest, response: groupsResponse, auth: true });
