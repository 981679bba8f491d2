// Triage suggestions (issue 17): ask for a draft's suggestions (recorded as the draft's
// suggestion record), link the record to the case registered from it, the uptake figures per
// field and month, and the editors' keyword rules (list, create, change, delete; audited).
import { Hono } from 'hono';
import { suggestionLink, suggestionRequest, suggestionRuleInput, uptakeQuery } from '../contract/letters.ts';
import type { AppEnv } from '../context.ts';
import { parseWith, readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { adminActorOf, requireStaff, staffOf } from '../http/staff-auth.ts';
import { suggestionUptake } from '../services/suggestion-uptake.ts';
import { suggestFor } from '../services/suggestions.ts';
import { linkSuggestion, recordSuggestion } from '../verbs/record-suggestion.ts';
import { deleteSuggestionRule, listSuggestionRules, saveSuggestionRule } from '../verbs/save-suggestion-rule.ts';

export const suggestionRoutes = new Hono<AppEnv>();

suggestionRoutes.post('/suggestions', requireStaff('case.register'), async (c) => {
  const input = await readJson(c, suggestionRequest);
  const deps = c.get('deps');
  const s = await suggestFor(deps, { title: input.title, content: input.content, categoryCode: input.categoryCode, accusedAgencyId: input.accusedAgencyId });
  const id = await recordSuggestion(deps, staffOf(c), s, { id: input.id, letterId: input.letterId });
  c.header('Cache-Control', 'no-store');
  return c.json({ id, ...s });
});

suggestionRoutes.post('/suggestions/:id/registered', requireStaff('case.register'), async (c) => {
  const { caseNo } = await readJson(c, suggestionLink);
  return c.json(await linkSuggestion(c.get('deps'), staffOf(c), c.req.param('id'), caseNo));
});

suggestionRoutes.get('/suggestions/uptake', requireStaff('stats.read'), async (c) => {
  const q = parseWith(uptakeQuery, c.req.query());
  c.header('Cache-Control', 'no-store');
  return c.json(await suggestionUptake(c.get('deps').db, q));
});

suggestionRoutes.get('/suggestion-rules', requireStaff('content.edit'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json({ items: await listSuggestionRules(c.get('deps'), staffOf(c)) });
});

suggestionRoutes.post('/suggestion-rules', requireStaff('content.edit'), async (c) => {
  const input = await readJson(c, suggestionRuleInput);
  return c.json(await saveSuggestionRule(c.get('deps'), staffOf(c), adminActorOf(c), input), 201);
});

suggestionRoutes.put('/suggestion-rules/:id', requireStaff('content.edit'), async (c) => {
  const input = await readJson(c, suggestionRuleInput);
  return c.json(await saveSuggestionRule(c.get('deps'), staffOf(c), adminActorOf(c), input, c.req.param('id')));
});

suggestionRoutes.delete('/suggestion-rules/:id', requireStaff('content.edit'), async (c) => {
  await deleteSuggestionRule(c.get('deps'), staffOf(c), adminActorOf(c), c.req.param('id'));
  return c.json({ ok: true });
});

registerOperation({ method: 'post', path: '/api/staff/suggestions', summary: '登记草稿的分流建议（分类、受理范围、承办单位、法定途径）', body: suggestionRequest, auth: true });
registerOperation({ method: 'post', path: '/api/staff/suggestions/{id}/registered', summary: '草稿登记后关联建议记录', body: suggestionLink, auth: true });
registerOperation({ method: 'get', path: '/api/staff/suggestions/uptake', summary: '分流建议采纳情况（按月、按项目）', auth: true });
registerOperation({ method: 'get', path: '/api/staff/suggestion-rules', summary: '分流关键词规则', auth: true });
registerOperation({ method: 'post', path: '/api/staff/suggestion-rules', summary: '新建分流关键词规则', body: suggestionRuleInput, status: 201, auth: true });
registerOperation({ method: 'put', path: '/api/staff/suggestion-rules/{id}', summary: '修改分流关键词规则', body: suggestionRuleInput, auth: true });
registerOperation({ method: 'delete', path: '/api/staff/suggestion-rules/{id}', summary: '删除分流关键词规则', auth: true });
