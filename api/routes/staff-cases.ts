// The case side of the staff API: the work queue and its counts, registering a visit, letter or
// call, one case's view, its actions, its files and the leaders' overview by agency. Each handler
// checks one permission (requireStaff), validates, calls one service or verb and answers.
import { Hono } from 'hono';
import { LIMITS } from '../contract/enums.ts';
import { actionRequest, staffIdentityIssues, staffRegisterSchema } from '../contract/schemas.ts';
import type { AppEnv } from '../context.ts';
import { badRequest, parseWith, readJson } from '../http/errors.ts';
import { requireStaff, staffOf } from '../http/staff-auth.ts';
import { caseDetail } from '../services/case-detail.ts';
import { countPetitions, listPetitions, listQuery } from '../services/case-list.ts';
import { agencyOverview } from '../services/agency-overview.ts';
import { readAttachment } from '../services/staff-attachments.ts';
import { actOnPetition } from '../verbs/act-on-petition.ts';
import { filePetition } from '../verbs/file-petition.ts';
import { filings } from '../services/metrics.ts';

export const staffCaseRoutes = new Hono<AppEnv>();

staffCaseRoutes.get('/petitions', requireStaff('case.read'), async (c) => {
  const q = parseWith(listQuery, c.req.query());
  c.header('Cache-Control', 'no-store');
  return c.json(await listPetitions(c.get('deps'), staffOf(c), q));
});

staffCaseRoutes.get('/petitions/counts', requireStaff('case.read'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await countPetitions(c.get('deps'), staffOf(c)));
});

staffCaseRoutes.post('/petitions', requireStaff('case.register'), async (c) => {
  // One key per console draft (Register.svelte): a double click or a retry answers the same case.
  const key = c.req.header('Idempotency-Key');
  if (key !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(key)) {
    throw badRequest('Idempotency-Key 格式不正确（8–128 位字母、数字、- 或 _）', { 'Idempotency-Key': '格式不正确' });
  }
  const input = await readJson(c, staffRegisterSchema, staffIdentityIssues);
  if (input.channel === 'visit' && input.cosigners.length > LIMITS.visitRepresentativesMax) {
    throw badRequest(`集体访最多登记 ${LIMITS.visitRepresentativesMax} 名代表`, { cosigners: `最多登记 ${LIMITS.visitRepresentativesMax} 名代表` });
  }
  const staff = staffOf(c);
  // A staff member's keys are their own: scoped by user, apart from the citizens' keys.
  const scopedKey = key === undefined ? undefined : `staff.${staff.userId}.${key}`;
  const r = await filePetition(c.get('deps'), { kind: 'staff', userId: staff.userId, role: staff.role, agencyId: staff.agencyId }, input, scopedKey);
  if (r.created) filings.inc({ channel: input.channel });
  return c.json({ caseNo: r.caseNo, queryCode: r.queryCode, registeredAt: r.registeredAt, acceptDueAt: r.acceptDueAt }, r.created ? 201 : 200);
});

staffCaseRoutes.get('/petitions/:caseNo', requireStaff('case.read'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await caseDetail(c.get('deps'), staffOf(c), c.req.param('caseNo')));
});

// The permission depends on the action (reveal_identity vs the rest): the verb checks it.
staffCaseRoutes.post('/petitions/:caseNo/actions', requireStaff(), async (c) => {
  const input = await readJson(c, actionRequest);
  c.header('Cache-Control', 'no-store');
  return c.json(await actOnPetition(c.get('deps'), staffOf(c), c.req.param('caseNo'), input));
});

staffCaseRoutes.get('/attachments/:id', requireStaff('case.read'), async (c) => {
  const file = await readAttachment(c.get('deps'), staffOf(c), c.req.param('id'));
  c.header('Content-Type', file.type);
  c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(file.data));
});

staffCaseRoutes.get('/overview/agencies', requireStaff('stats.read'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await agencyOverview(c.get('deps')));
});
