// The citizen's API (DESIGN §4): categories, uploads, filing, tracking and the citizen's own
// steps on a case. Handlers validate, apply the rate limit, call one verb and answer.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { LIMITS } from '../contract/enums.ts';
import { filePetitionSchema, identityIssues, ratingRequest, reviewRequest, supplementRequest, trackRequest } from '../contract/schemas.ts';
import type { AppEnv } from '../context.ts';
import { badRequest, readJson } from '../http/errors.ts';
import { countHit, type Hit } from '../services/rate-limit.ts';
import { addSupplement } from '../verbs/add-supplement.ts';
import { filePetition } from '../verbs/file-petition.ts';
import { rateReply } from '../verbs/rate-reply.ts';
import { requestReview } from '../verbs/request-review.ts';
import { trackPetition } from '../verbs/track-petition.ts';
import { tooLarge, uploadAttachment } from '../verbs/upload-attachment.ts';
import { categoryTree } from '../services/categories.ts';
import { officeIdentity } from '../services/office.ts';
import { filings, lookups } from '../services/metrics.ts';

export const publicRoutes = new Hono<AppEnv>();

/** Per-address limits (DESIGN §4 settings), counted in PostgreSQL across processes. */
export function hitFor(c: Context<AppEnv>, kind: 'lookup' | 'filing' | 'upload'): Hit {
  const deps = c.get('deps');
  const { lookupsPerMinute, filingsPerHour } = deps.config;
  // A filing may carry up to five files, and a supplement more: uploads get a larger allowance.
  const [limit, windowSeconds] =
    kind === 'lookup' ? [lookupsPerMinute, 60] : kind === 'filing' ? [filingsPerHour, 3600] : [filingsPerHour * (LIMITS.attachmentsPerPetitionMax + 3), 3600];
  return { bucket: `${kind}:${c.get('clientIp')}`, limit, windowSeconds, now: deps.now() };
}
const limit = (kind: 'lookup' | 'filing' | 'upload') =>
  createMiddleware<AppEnv>(async (c, next) => {
    await countHit(c.get('deps').pool, hitFor(c, kind));
    await next();
  });

// The office's name, address, phone and reception hours, for pages that say where to write or call.
publicRoutes.get('/office', async (c) => {
  c.header('Cache-Control', 'public, max-age=30');
  const { name, address, postcode, phone, receptionHours } = await officeIdentity(c.get('deps'));
  return c.json({ name, address, postcode, phone, receptionHours });
});

publicRoutes.get('/categories', async (c) => {
  c.header('Cache-Control', 'public, max-age=60');
  return c.json({ items: await categoryTree(c.get('deps').db) });
});

publicRoutes.post(
  '/uploads',
  bodyLimit({
    maxSize: LIMITS.uploadBytesMax + 64 * 1024, // the file plus multipart framing
    onError: () => {
      throw tooLarge();
    },
  }),
  limit('upload'),
  async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw badRequest('上传内容格式不正确，请重新选择文件', { file: '请选择要上传的文件' });
    }
    const file = form.file;
    if (!(file instanceof File)) throw badRequest('请选择要上传的文件', { file: '请选择要上传的文件' });
    const row = await uploadAttachment(c.get('deps'), { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return c.json(row, 201);
  },
);

publicRoutes.post('/petitions', limit('filing'), async (c) => {
  const key = c.req.header('Idempotency-Key');
  if (key !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(key)) {
    throw badRequest('Idempotency-Key 格式不正确（8–128 位字母、数字、- 或 _）', { 'Idempotency-Key': '格式不正确' });
  }
  const input = await readJson(c, filePetitionSchema, identityIssues);
  const r = await filePetition(c.get('deps'), { kind: 'citizen' }, { ...input, channel: 'online' }, key);
  if (r.created) filings.inc({ channel: 'online' });
  return c.json({ caseNo: r.caseNo, queryCode: r.queryCode, registeredAt: r.registeredAt, acceptDueAt: r.acceptDueAt }, r.created ? 201 : 200);
});

publicRoutes.post('/track', limit('lookup'), async (c) => {
  const { queryCode } = await readJson(c, trackRequest);
  c.header('Cache-Control', 'no-store');
  let answer;
  try {
    answer = await trackPetition(c.get('deps'), queryCode);
  } catch (e) {
    if ((e as { status?: number }).status === 404) lookups.inc({ result: 'not_found' });
    throw e;
  }
  lookups.inc({ result: 'found' });
  return c.json(answer);
});

publicRoutes.post('/track/supplement', limit('lookup'), async (c) => {
  const input = await readJson(c, supplementRequest);
  return c.json(await addSupplement(c.get('deps'), input), 201);
});

publicRoutes.post('/track/rating', limit('lookup'), async (c) => {
  const input = await readJson(c, ratingRequest);
  return c.json(await rateReply(c.get('deps'), input), 201);
});

publicRoutes.post('/track/review', limit('lookup'), async (c) => {
  const input = await readJson(c, reviewRequest);
  return c.json(await requestReview(c.get('deps'), input), 201);
});
