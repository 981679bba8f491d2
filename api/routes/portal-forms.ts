// Filing and tracking without JavaScript (issue 14, progressive enhancement): the built /file
// and /track pages carry a plain form in <noscript> (filled in here at serve time: the current
// categories), which posts here. Each handler validates with the contract's zod schemas, calls
// the same verb as the JSON API, and answers with an HTML page: the form again with each message
// beside its field, the review step (its Idempotency-Key made here, so pressing 确认提交 twice or
// reloading files once), the receipt, or the case page. The query code travels only in POST
// bodies and hidden fields, never in an address.
import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LIMITS, STATUS_LABELS, type Status } from '../contract/enums.ts';
import { queryCodeProblem } from '../contract/query-code-text.ts';
import { filePetitionSchema, identityIssues, ratingRequest, reviewRequest, supplementRequest } from '../contract/schemas.ts';
import type { AppEnv, Deps } from '../context.ts';
import { chinaDate } from '../domain/calendar.ts';
import { AppError, parseWith } from '../http/errors.ts';
import { EMPTY_FORM, fileFormHtml, receiptHtml, reviewHtml, trackFormHtml, trackResultHtml, type FormValues, type TrackView } from '../portal/nojs-views.ts';
import { dateLabel } from '../portal/parts.ts';
import { renderPage } from '../portal/shell.ts';
import { categoryTree, type CategoryNode } from '../services/categories.ts';
import { OFFICE_PLACEHOLDER, officeIdentity } from '../services/office.ts';
import { countHit } from '../services/rate-limit.ts';
import { addSupplement } from '../verbs/add-supplement.ts';
import { filePetition } from '../verbs/file-petition.ts';
import { rateReply } from '../verbs/rate-reply.ts';
import { requestReview } from '../verbs/request-review.ts';
import { trackPetition } from '../verbs/track-petition.ts';
import { uploadAttachment } from '../verbs/upload-attachment.ts';
import { fileText } from '../../site/src/i18n/zh.ts';
import { trackText } from '../../site/src/i18n/track.ts';
import { hitFor } from './public.ts';

export const portalForms = new Hono<AppEnv>();

// ---- Serve-time fill of the built pages' <noscript> forms. ----

const CATEGORY_TTL_MS = 10_000;
const trees = new WeakMap<Deps['db'], { at: number; tree: CategoryNode[]; key: string }>();
async function categories(deps: Deps) {
  let hit = trees.get(deps.db);
  if (!hit || Date.now() - hit.at > CATEGORY_TTL_MS) {
    const tree = await categoryTree(deps.db);
    hit = { at: Date.now(), tree, key: crypto.createHash('sha1').update(JSON.stringify(tree)).digest('base64url').slice(0, 10) };
    trees.set(deps.db, hit);
  }
  return hit;
}

/** For a built page with a <div data-nojs> marker: its fill and a key that changes with it. */
export async function nojsFill(deps: Deps, html: string): Promise<{ key: string; apply: (html: string) => string } | undefined> {
  if (html.includes('<div data-nojs="file"></div>')) {
    const c = await categories(deps).catch(() => undefined);
    if (!c) return undefined;
    return { key: c.key, apply: (h) => h.replace('<div data-nojs="file"></div>', fileFormHtml(c.tree)) };
  }
  if (html.includes('<div data-nojs="track"></div>')) return { key: 't', apply: (h) => h.replace('<div data-nojs="track"></div>', trackFormHtml()) };
  return undefined;
}

// ---- Pages. ----

async function page(c: Context<AppEnv>, title: string, current: '/file' | '/track', main: string, status: 200 | 201 | 400 | 404 | 409 | 422 | 429 = 200) {
  const office = await officeIdentity(c.get('deps')).catch(() => OFFICE_PLACEHOLDER);
  const { html, csp } = renderPage({ title, main, current, noindex: true }, office);
  c.header('Content-Security-Policy', csp);
  c.header('Cache-Control', 'no-store');
  return c.html(html, status);
}

const problemStatus = (e: AppError) => ([400, 404, 409, 422, 429].includes(e.status) ? e.status : 400) as 400 | 404 | 409 | 422 | 429;
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const str = (v: unknown) => (typeof first(v) === 'string' ? (first(v) as string) : '');
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const dayOfDue = (iso: string) => dateLabel(new Date(Date.parse(iso) - 1));
function dateTime(iso: string) {
  const d = new Date(iso);
  const t = new Date(d.getTime() + 8 * 3600_000);
  return `${dateLabel(chinaDate(d))} ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

/** Form fields → the values the form shows again. */
function valuesOf(body: Record<string, unknown>): FormValues {
  const ids = list(body.attachmentIds).map(String);
  const names = list(body.attachmentNames).map(String);
  return {
    purpose: str(body.purpose),
    categoryCode: str(body.categoryCode),
    title: str(body.title).replace(/\s*\n\s*/g, ' '),
    content: str(body.content),
    desiredOutcome: str(body.desiredOutcome),
    place: str(body.place),
    anonymous: str(body.identity) === 'anonymous',
    name: str(body.name),
    phone: str(body.phone),
    idNumber: str(body.idNumber),
    address: str(body.address),
    email: str(body.email),
    notify: str(body.notify) === '1',
    cosigners: str(body.cosigners),
    files: ids.slice(0, LIMITS.attachmentsPerPetitionMax).map((id, i) => ({ id, name: names[i] ?? '附件' })),
  };
}

/** The values → the JSON API's body (DESIGN §4), validated by the same schema. */
function inputOf(v: FormValues) {
  const o = (s: string) => s.trim() || undefined;
  const cosigners = v.anonymous
    ? []
    : v.cosigners
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const m = /^(.*?)[\s,，、]+([+\d][\d\s-]{5,})$/.exec(l);
          return m ? { name: m[1].trim(), phone: m[2].trim() } : { name: l };
        });
  return {
    purpose: v.purpose || undefined,
    categoryCode: v.categoryCode || undefined,
    title: v.title,
    content: v.content,
    desiredOutcome: o(v.desiredOutcome),
    place: o(v.place),
    anonymous: v.anonymous,
    joint: cosigners.length > 0,
    petitioner: v.anonymous ? undefined : { name: v.name, phone: v.phone, idNumber: o(v.idNumber), address: o(v.address), email: o(v.email) },
    cosigners,
    attachmentIds: v.files.map((f) => f.id),
    notify: !v.anonymous && v.notify,
  };
}

/** API field keys → the form's fields (cosigners and files are one field each here). */
function fold(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, m] of Object.entries(fields)) {
    const key = k.startsWith('cosigners') ? 'cosigners' : k.startsWith('attachmentIds') ? 'attachmentIds' : k === 'petitioner' ? 'petitioner.name' : k;
    out[key] ??= m;
  }
  return out;
}

const fileIntro = `<h1>${fileText.title}</h1><p class="lead">${fileText.lead}</p>`;

portalForms.post('/file', bodyLimit({ maxSize: LIMITS.attachmentsPerPetitionMax * (LIMITS.uploadBytesMax + 64 * 1024), onError: (c) => c.text('上传的文件太大', 413) }), async (c) => {
  const deps = c.get('deps');
  const body = (await c.req.parseBody({ all: true }).catch(() => ({}))) as Record<string, unknown>;
  const v = valuesOf(body);
  const step = str(body.step) || 'review';
  const tree = (await categories(deps)).tree;
  const form = (errors: Record<string, string> = {}, general = '', status: 200 | 400 | 409 | 422 | 429 = 200) =>
    page(c, fileText.title, '/file', fileIntro + fileFormHtml(tree, v, errors, general), status);

  if (step === 'edit') return form();

  // Files picked on this form go up first; each refused one is named beside the field.
  const uploads = list(body.files).filter((f): f is File => f instanceof File && f.size > 0);
  for (const f of uploads) {
    if (v.files.length >= LIMITS.attachmentsPerPetitionMax) return form({ attachmentIds: `附件不能超过 ${LIMITS.attachmentsPerPetitionMax} 个` }, '', 400);
    try {
      await countHit(deps.pool, hitFor(c, 'upload'));
      const row = await uploadAttachment(deps, { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      v.files.push({ id: row.id, name: row.name });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return form({ attachmentIds: `${f.name}：${e.message}` }, e.message, problemStatus(e) as 400);
    }
  }

  let input;
  try {
    input = parseWith(filePetitionSchema, inputOf(v), identityIssues);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return form(fold(e.fields ?? {}), e.message, 400);
  }
  if (step !== 'submit') {
    const key = crypto.randomBytes(16).toString('hex');
    const main = tree.find((m) => m.code === input.categoryCode || m.children.some((s) => s.code === input.categoryCode));
    const sub = main?.children.find((s) => s.code === input.categoryCode);
    const categoryName = main ? main.name + (sub ? ' › ' + sub.name : '') : input.categoryCode;
    return page(c, fileText.reviewTitle, '/file', fileIntro + reviewHtml(v, categoryName, key));
  }

  const key = str(body.key);
  try {
    await countHit(deps.pool, hitFor(c, 'filing'));
    const r = await filePetition(deps, { kind: 'citizen' }, { ...input, channel: 'online' }, /^[A-Za-z0-9_-]{8,128}$/.test(key) ? key : undefined);
    const main = receiptHtml({ caseNo: r.caseNo, queryCode: r.queryCode, registeredAt: r.registeredAt, acceptDue: dayOfDue(r.acceptDueAt) }, dateTime(r.registeredAt));
    return page(c, fileText.receiptTitle, '/file', main, r.created ? 201 : 200);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const earlier = e.extra?.receipt as { caseNo: string; queryCode: string; registeredAt: string; acceptDueAt: string } | undefined;
    if (earlier) return page(c, fileText.earlierTitle, '/file', receiptHtml({ ...earlier, acceptDue: dayOfDue(earlier.acceptDueAt), earlier: true }, dateTime(earlier.registeredAt)));
    if (e.headers?.['Retry-After']) c.header('Retry-After', e.headers['Retry-After']);
    return form(fold(e.fields ?? {}), e.status === 429 ? fileText.failRate(Math.max(1, Math.ceil(Number(e.headers?.['Retry-After'] ?? 60) / 60))) : e.message, problemStatus(e) as 400);
  }
});

// ---- Tracking. ----

async function caseView(deps: Deps, code: string): Promise<TrackView> {
  const r = await trackPetition(deps, code);
  const status = r.status as Status;
  const closed = ['declined', 'merged', 'closed'].includes(status);
  const lastOf = (type: string) => r.events.findLast((e) => e.type === type)?.at;
  const day = (iso?: string) => (iso ? dateLabel(new Date(iso)) : '');
  const why: string[] = [];
  if (status === 'declined') why.push(trackText.closedDeclined(day(r.closedAt ?? lastOf('decline'))));
  else if (status === 'merged') why.push(trackText.closedMerged(day(r.closedAt ?? lastOf('merge'))));
  else if (status === 'closed') why.push(trackText.closedDone(day(r.closedAt ?? lastOf('close') ?? lastOf('auto_close'))));
  if ((status === 'replied' || status === 'closed') && !r.canRequestReview) {
    if (r.reviewLevel >= 2) why.push(trackText.reviewFinal);
    else if (r.reviewWindowEndedAt) why.push(trackText.reviewWindowEnded(dayOfDue(r.reviewWindowEndedAt)));
  }
  return {
    caseNo: r.caseNo,
    statusLabel: STATUS_LABELS[status],
    ...(r.dueAt ? { due: dayOfDue(r.dueAt), dueLabel: trackText.dueLabels[status] ?? trackText.dueAt } : {}),
    ...(r.reply ? { reply: { label: trackText.replyLevel(r.reply.level), at: dateTime(r.reply.at), text: r.reply.text } } : {}),
    events: r.events.map((e) => ({ at: dateTime(e.at), label: e.label, ...(e.text ? { text: e.text } : {}) })),
    canRate: r.canRate,
    canRequestReview: r.canRequestReview,
    closed,
    closedWhy: why,
  };
}

const trackIntro = `<h1>${trackText.title}</h1>`;

portalForms.post('/track', async (c) => {
  const deps = c.get('deps');
  const body = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
  const code = str(body.queryCode);
  const problem = queryCodeProblem(code);
  if (problem) return page(c, trackText.title, '/track', trackIntro + trackFormHtml(code, problem), 400);
  try {
    await countHit(deps.pool, hitFor(c, 'lookup'));
    return page(c, trackText.resultTitle, '/track', trackIntro + trackResultHtml(await caseView(deps, code), code));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return page(c, trackText.title, '/track', trackIntro + trackFormHtml(code, e.status === 404 ? trackText.notFound : e.message), problemStatus(e));
  }
});

/** One of the citizen's steps on a case; answers with the case page, with a notice or the errors. */
function step(path: string, run: (deps: Deps, body: Record<string, unknown>, code: string, files: string[]) => Promise<unknown>, done: string) {
  portalForms.post(path, bodyLimit({ maxSize: LIMITS.attachmentsPerPetitionMax * (LIMITS.uploadBytesMax + 64 * 1024), onError: (c) => c.text('上传的文件太大', 413) }), async (c) => {
    const deps = c.get('deps');
    const body = (await c.req.parseBody({ all: true }).catch(() => ({}))) as Record<string, unknown>;
    const code = str(body.queryCode);
    const files: string[] = [];
    try {
      await countHit(deps.pool, hitFor(c, 'lookup'));
      for (const f of list(body.files).filter((f): f is File => f instanceof File && f.size > 0)) {
        await countHit(deps.pool, hitFor(c, 'upload'));
        files.push((await uploadAttachment(deps, { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })).id);
      }
      await run(deps, body, code, files);
      return page(c, trackText.resultTitle, '/track', trackIntro + trackResultHtml(await caseView(deps, code), code, done));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.status === 404) return page(c, trackText.title, '/track', trackIntro + trackFormHtml('', trackText.notFound), 404);
      const view = await caseView(deps, code);
      const errors = Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, m]) => [k.startsWith('attachmentIds') ? 'attachmentIds' : k, m]));
      return page(c, trackText.resultTitle, '/track', trackIntro + trackResultHtml(view, code, '', errors, e.message), problemStatus(e));
    }
  });
}

step('/track/supplement', (deps, b, queryCode, files) => addSupplement(deps, parseWith(supplementRequest, { queryCode, text: str(b.text), attachmentIds: files })), trackText.supplementDone);
step('/track/rating', (deps, b, queryCode) => rateReply(deps, parseWith(ratingRequest, { queryCode, score: str(b.score) || undefined, comment: str(b.comment) || undefined })), trackText.ratingDone);
step('/track/review', (deps, b, queryCode) => requestReview(deps, parseWith(reviewRequest, { queryCode, reason: str(b.reason) })), trackText.reviewDone);
