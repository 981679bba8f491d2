// The analysis API (issue 5), mounted at /api/staff: statistics (DESIGN §4 and the dashboard's
// series and agency table), a case's repeats with the clerk's confirm / dismiss, and the repeat
// detection settings. Handlers check one permission, validate, call one service or verb.
import { Hono } from 'hono';
import { caseFilter, repeatDecisionRequest, repeatSettings, statsQuery, statsResponse } from '../contract/analysis.ts';
import type { AppEnv } from '../context.ts';
import { parseWith, readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { adminActorOf, requireStaff, staffOf } from '../http/staff-auth.ts';
import { analysisCaseList } from '../services/analysis-cases.ts';
import { repeatSettingsOf, saveRepeatSettings } from '../services/repeat-detection.ts';
import { repeatsView } from '../services/repeats-view.ts';
import { agencyTable, statsSeries } from '../services/stats-detail.ts';
import { resolvePeriod, statistics } from '../services/stats.ts';
import { decideRepeat } from '../verbs/decide-repeat.ts';

export const analysisRoutes = new Hono<AppEnv>();

analysisRoutes.get('/stats', requireStaff('stats.read'), async (c) => {
  const deps = c.get('deps');
  const q = parseWith(statsQuery, c.req.query());
  const period = resolvePeriod(q, deps.now());
  c.header('Cache-Control', 'private, no-store');
  return c.json(await statistics(deps, staffOf(c), period, { excludeImported: q.imported === 'exclude' }));
});

analysisRoutes.get('/stats/series', requireStaff('stats.read'), async (c) => {
  const deps = c.get('deps');
  const period = resolvePeriod(parseWith(statsQuery, c.req.query()), deps.now());
  c.header('Cache-Control', 'private, no-store');
  return c.json(await statsSeries(deps, staffOf(c), period));
});

analysisRoutes.get('/stats/agencies', requireStaff('stats.read'), async (c) => {
  const deps = c.get('deps');
  const period = resolvePeriod(parseWith(statsQuery, c.req.query()), deps.now());
  c.header('Cache-Control', 'private, no-store');
  return c.json(await agencyTable(deps, staffOf(c), period));
});

// The list behind any figure (and the ledger page): same filters as the export.
analysisRoutes.get('/analysis/cases', requireStaff('stats.read'), async (c) => {
  const f = parseWith(caseFilter, c.req.query());
  c.header('Cache-Control', 'private, no-store');
  return c.json(await analysisCaseList(c.get('deps'), staffOf(c), f));
});

analysisRoutes.get('/petitions/:caseNo/repeats', requireStaff('case.read'), async (c) => {
  c.header('Cache-Control', 'private, no-store');
  return c.json(await repeatsView(c.get('deps'), staffOf(c), c.req.param('caseNo')));
});

analysisRoutes.post('/petitions/:caseNo/repeats/confirm', requireStaff('case.register'), async (c) => {
  const input = await readJson(c, repeatDecisionRequest);
  return c.json(await decideRepeat(c.get('deps'), staffOf(c), c.req.param('caseNo'), 'confirm', input));
});

analysisRoutes.post('/petitions/:caseNo/repeats/dismiss', requireStaff('case.register'), async (c) => {
  const input = await readJson(c, repeatDecisionRequest);
  return c.json(await decideRepeat(c.get('deps'), staffOf(c), c.req.param('caseNo'), 'dismiss', input));
});

analysisRoutes.get('/settings/repeat-detection', requireStaff('case.read'), async (c) => c.json(await repeatSettingsOf(c.get('deps').db)));

analysisRoutes.put('/settings/repeat-detection', requireStaff('settings.manage'), async (c) => {
  const input = await readJson(c, repeatSettings);
  await saveRepeatSettings(c.get('deps').db, input, adminActorOf(c), c.get('deps').now());
  return c.json(input);
});

registerOperation({ method: 'get', path: '/api/staff/stats', summary: '统计（按收到日期统计期间）', response: statsResponse, auth: true });
registerOperation({ method: 'get', path: '/api/staff/stats/series', summary: '统计：按月、按渠道的信访量', auth: true });
registerOperation({ method: 'get', path: '/api/staff/stats/agencies', summary: '统计：承办单位办理情况', auth: true });
registerOperation({ method: 'get', path: '/api/staff/analysis/cases', summary: '统计数字背后的信访件列表', auth: true });
registerOperation({ method: 'get', path: '/api/staff/petitions/{caseNo}/repeats', summary: '重复信访提示与原件办理结果', auth: true });
registerOperation({ method: 'post', path: '/api/staff/petitions/{caseNo}/repeats/confirm', summary: '确认重复信访', body: repeatDecisionRequest, auth: true });
registerOperation({ method: 'post', path: '/api/staff/petitions/{caseNo}/repeats/dismiss', summary: '排除重复信访', body: repeatDecisionRequest, auth: true });
registerOperation({ method: 'get', path: '/api/staff/settings/repeat-detection', summary: '重复信访甄别设置', response: repeatSettings, auth: true });
registerOperation({ method: 'put', path: '/api/staff/settings/repeat-detection', summary: '修改重复信访甄别设置', body: repeatSettings, auth: true });
