// The contract of guidance content (issue 4): article sections, the editor's article, reception
// day and guide schemas, and the map from a decline reason to the guidance that explains it.
// Imports only zod and its own vocabulary (api/contract/content-vocab.ts, which the browser uses).
import { z } from 'zod';
import { ARTICLE_SECTIONS, ARTICLE_STATUSES, CONTENT_LIMITS, GUIDE_OUTCOMES, RESERVED_SLUGS } from './content-vocab.ts';

export * from './content-vocab.ts';

const text = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(max, { error: `${label}不能超过 ${max} 个字` });

export const slugSchema = z
  .string({ error: '请填写网址名' })
  .trim()
  .max(CONTENT_LIMITS.slugMax, { error: `网址名不能超过 ${CONTENT_LIMITS.slugMax} 个字符` })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: '网址名只能用小写字母、数字和连字符，例如 legal-routes' })
  .refine((s) => !RESERVED_SLUGS.includes(s), { error: '这个网址名已被系统使用，请换一个' });

export const articleInput = z.object({
  section: z.enum(ARTICLE_SECTIONS, { error: '请选择栏目' }),
  slug: slugSchema,
  title: text('标题', CONTENT_LIMITS.titleMax),
  body: z.string({ error: '请填写正文' }).max(CONTENT_LIMITS.bodyMax, { error: `正文不能超过 ${CONTENT_LIMITS.bodyMax} 个字` }).refine((s) => s.trim().length > 0, { error: '请填写正文' }),
  note: z.string().trim().max(CONTENT_LIMITS.noteMax, { error: `修改说明不能超过 ${CONTENT_LIMITS.noteMax} 个字` }).optional(),
});
export type ArticleInput = z.infer<typeof articleInput>;
/** PUT: a new revision; baseRevision (when sent) refuses to overwrite someone else's newer save. */
export const articleUpdate = articleInput.extend({ baseRevision: z.number().int().min(1).optional() });

const isoInstant = z.iso.datetime({ offset: true, error: '发布时间格式不正确' });
export const publishRequest = z.object({
  revision: z.number().int().min(1).optional(),
  publishAt: isoInstant.optional(),
});
export const restoreRequest = z.object({ revision: z.number({ error: '请选择要恢复的版本' }).int().min(1) });
export const previewRequest = z.object({ body: z.string().max(CONTENT_LIMITS.bodyMax, { error: '正文太长' }) });
export const previewResponse = z.object({ html: z.string() });

export const articleView = z.object({
  id: z.string(),
  section: z.enum(ARTICLE_SECTIONS),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  revision: z.number(),
  status: z.enum(ARTICLE_STATUSES),
  /** The revision the portal shows now, since publishedAt. */
  publishedRevision: z.number().nullable(),
  publishedAt: z.string().nullable(),
  /** A pending publication: scheduledRevision goes live at scheduledAt. */
  scheduledRevision: z.number().nullable(),
  scheduledAt: z.string().nullable(),
  firstPublishedAt: z.string().nullable(),
  hasUnpublishedChanges: z.boolean(),
  updatedAt: z.string(),
  url: z.string(),
});
export type ArticleView = z.infer<typeof articleView>;
export const articleList = z.object({ items: z.array(articleView.omit({ body: true })) });
export const revisionList = z.object({
  items: z.array(z.object({ revision: z.number(), title: z.string(), note: z.string(), createdAt: z.string(), author: z.string().nullable(), published: z.boolean() })),
});
export const DIFF_OPS = ['same', 'add', 'del'] as const;
export const revisionDiff = z.object({
  from: z.number(),
  to: z.number(),
  title: z.object({ from: z.string(), to: z.string() }),
  lines: z.array(z.object({ op: z.enum(DIFF_OPS), text: z.string() })),
});

// Reception days (领导接待日).
const hhmm = z.string({ error: '请填写时间' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式为 时:分，例如 09:00' });
export const receptionDayInput = z
  .object({
    date: z.iso.date({ error: '日期格式为 年-月-日，例如 2026-05-20' }),
    startTime: hhmm,
    endTime: hhmm,
    place: text('接待地点', CONTENT_LIMITS.receptionTextMax),
    leader: text('接待领导', CONTENT_LIMITS.receptionTextMax),
    topics: z.string().trim().max(CONTENT_LIMITS.receptionTextMax, { error: `接待内容不能超过 ${CONTENT_LIMITS.receptionTextMax} 个字` }).default(''),
    published: z.boolean().default(false),
  })
  .refine((d) => d.endTime > d.startTime, { path: ['endTime'], error: '结束时间应晚于开始时间' });
export type ReceptionDayInput = z.infer<typeof receptionDayInput>;
export const publicReceptionDay = z.object({ id: z.string(), date: z.string(), startTime: z.string(), endTime: z.string(), place: z.string(), leader: z.string(), topics: z.string() });
export const publicReceptionDays = z.object({ items: z.array(publicReceptionDay) });
export const staffReceptionDays = z.object({ items: z.array(publicReceptionDay.extend({ published: z.boolean() })) });

// The guide: a graph of questions and outcomes, saved as a whole.
/** A link an editor may set: a path on this site, or an https address. Never javascript:/data:. */
export const safeLinkUrl = z
  .string()
  .trim()
  .max(300)
  .refine((u) => u === '' || /^\/(?!\/)[^\s\\]*$/.test(u) || /^https:\/\/[^\s\\]+$/.test(u), { error: '链接只能是本站路径（以 / 开头）或 https:// 网址' });
const guideKey = z.string().regex(/^[a-z0-9_]{1,40}$/, { error: '编号只能用小写字母、数字和下划线' });
export const guideAnswer = z.object({
  label: text('选项文字', 200),
  hint: z.string().trim().max(500).default(''),
  next: guideKey,
});
export const guideNode = z.object({
  key: guideKey,
  kind: z.enum(['question', 'outcome']),
  outcome: z.enum(GUIDE_OUTCOMES).nullable().default(null),
  title: text('标题', 200),
  body: z.string().max(CONTENT_LIMITS.guideTextMax, { error: `说明不能超过 ${CONTENT_LIMITS.guideTextMax} 个字` }).default(''),
  timeLimit: z.string().trim().max(500).default(''),
  linkUrl: safeLinkUrl.default(''),
  linkLabel: z.string().trim().max(100).default(''),
  answers: z.array(guideAnswer).max(12).default([]),
});
export type GuideNode = z.infer<typeof guideNode>;
export const guideDocument = z.object({ nodes: z.array(guideNode).min(1).max(CONTENT_LIMITS.guideNodesMax) });
export type GuideDocument = z.infer<typeof guideDocument>;

