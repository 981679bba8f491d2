// Staff API for the rules of the "where does my matter go" guide: read the whole graph with its
// version, save it whole (validated; a stale version answers 409).
import { Hono } from 'hono';
import { z } from 'zod';
import { guideDocument } from '../contract/content.ts';
import type { AppEnv } from '../context.ts';
import { loadGuide } from '../content/guide.ts';
import { readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { saveGuide } from '../verbs/save-guide.ts';

const saveRequest = guideDocument.extend({ baseVersion: z.number().int().min(0).optional() });

export const guideRuleRoutes = new Hono<AppEnv>();
guideRuleRoutes.use('*', requireStaff('content.edit'));
guideRuleRoutes.get('/', async (c) => c.json(await loadGuide(c.get('deps').db)));
guideRuleRoutes.put('/', async (c) => {
  const { baseVersion, ...doc } = await readJson(c, saveRequest);
  return c.json(await saveGuide(c.get('deps'), staffOf(c), doc, baseVersion));
});

registerOperation({ method: 'get', path: '/api/staff/guide', summary: '指引规则', auth: true });
registerOperation({ method: 'put', path: '/api/staff/guide', summary: '保存指引规则', body: saveRequest, auth: true });
