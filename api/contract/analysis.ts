// The analysis part of the contract (issue 5): statistics, repeat petitions, the monthly bulletin
// and the ledger import/export — vocabulary, labels and zod schemas. Imports only zod and the
// shared vocabulary, so the console islands and the API share it and OpenAPI is generated from it.
import { z } from 'zod';
import { CHANNELS, PURPOSES, RATING_SCORES, SCOPES, STATUSES } from './enums.ts';

// ---- Repeat petitions (重信重访 / 一信多投) ----
export const REPEAT_KINDS = ['same_person', 'copy'] as const;
export type RepeatKind = (typeof REPEAT_KINDS)[number];
export const REPEAT_KIND_LABELS: Record<RepeatKind, string> = { same_person: '重信重访', copy: '一信多投' };
export const REPEAT_STATUSES = ['auto', 'confirmed', 'dismissed'] as const;
export type RepeatStatus = (typeof REPEAT_STATUSES)[number];
export const REPEAT_STATUS_LABELS: Record<RepeatStatus, string> = { auto: '系统提示', confirmed: '已确认', dismissed: '已排除' };
export const REPEAT_BASES = ['phone', 'id_number', 'name_address', 'text', 'manual'] as const;
export type RepeatBasis = (typeof REPEAT_BASES)[number];
export const REPEAT_BASIS_LABELS: Record<RepeatBasis, string> = {
  phone: '同一联系电话',
  id_number: '同一身份证号码',
  name_address: '同一姓名和地址',
  text: '内容几乎相同',
  manual: '工作人员认定',
};

// The events this feature writes (repeat_detected, repeat_confirm, repeat_dismiss, import,
// identity_export) are part of the one vocabulary in enums.ts, labels included.

export const repeatDecisionRequest = z.object({
  earlierCaseNo: z.string({ error: '请填写原信访件编号' }).trim().min(1, { error: '请填写原信访件编号' }).max(20),
  reason: z.string().trim().max(2000, { error: '理由不能超过 2000 个字' }).optional(),
});
export type RepeatDecisionRequest = z.infer<typeof repeatDecisionRequest>;

export const repeatSettings = z.object({
  /** How far back an earlier petition counts (months). */
  windowMonths: z.number({ error: '期限须为数字' }).int().min(1).max(60),
  /** Text similarity at which the same person's petition on the same branch is a repeat. */
  sameMatterThreshold: z.number().min(0.05).max(0.95),
  /** Text similarity at which a letter from anyone is the same letter (一信多投). */
  copyThreshold: z.number().min(0.5).max(1),
  /** Similarity at which another person's petition is shown as a related case. */
  relatedThreshold: z.number().min(0.05).max(0.95),
});
export type RepeatSettings = z.infer<typeof repeatSettings>;
export const REPEAT_DEFAULTS: RepeatSettings = { windowMonths: 12, sameMatterThreshold: 0.25, copyThreshold: 0.8, relatedThreshold: 0.25 };

// ---- Statistics (DESIGN §4) ----
const isoDate = (label: string) =>
  z
    .string({ error: `${label}格式不正确` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` })
    // zod 4 runs this refinement even when the regex failed: an invalid Date must not throw here.
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, { error: `${label}不是有效日期` });

export const statsQuery = z.object({
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
  /** exclude: leave out cases imported from a ledger (history). */
  imported: z.enum(['include', 'exclude'], { error: '导入筛选应为 include 或 exclude' }).optional(),
});
export const statsEntry = z.object({ count: z.number().int(), share: z.number() });
export const statsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  total: z.number().int(),
  persons: z.number().int(),
  byChannel: z.record(z.string(), statsEntry),
  byPurpose: z.record(z.string(), statsEntry),
  byCategory: z.record(z.string(), statsEntry),
  byScope: z.record(z.string(), statsEntry),
  byAgency: z.record(z.string(), statsEntry),
  collective: z.object({ count: z.number().int(), share: z.number(), persons: z.number().int() }),
  repeat: statsEntry,
  outOfScope: statsEntry,
  overdue: z.object({ count: z.number().int() }),
  onTimeRate: z.number().nullable(),
  acceptOnTimeRate: z.number().nullable(),
  ratingRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  /** 一次性化解率: replied cases with no review asked and no confirmed repeat since, among replied. */
  oneTimeRate: z.number().nullable().optional(),
  /** Whether imported history is counted. */
  imported: z.enum(['include', 'exclude']).optional(),
});
export type StatsResponse = z.infer<typeof statsResponse>;

// ---- Case filter of the ledger list, its export and the dashboard's links ----
const flag = z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true');
export const caseFilter = z.object({
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
  /** With `clock`, from/to select the day that clock stopped instead of the received day. */
  clock: z.enum(['accept', 'handle']).optional(),
  late: z.enum(['1', '0']).optional(),
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .refine((a) => a.every((s) => (STATUSES as readonly string[]).includes(s)), { error: '状态不正确' }),
  categoryCode: z.string().trim().max(64).optional(),
  channel: z.enum(CHANNELS, { error: '来源渠道不正确' }).optional(),
  purpose: z.enum(PURPOSES, { error: '信访目的不正确' }).optional(),
  scope: z.enum([...SCOPES, 'unset'], { error: '受理范围不正确' }).optional(),
  /** An agency id, 'self' (the office itself) or 'unrouted'. */
  agencyId: z.union([z.string().uuid(), z.enum(['self', 'unrouted'])], { error: '承办单位不正确' }).optional(),
  collective: flag,
  repeat: flag,
  outOfScope: flag,
  overdue: flag,
  replied: flag,
  rated: flag,
  rating: z.enum(RATING_SCORES).optional(),
  q: z.string().trim().max(100).optional(),
  /** Cases imported from a ledger (history): left out, or only those. */
  imported: z.enum(['exclude', 'only'], { error: '导入筛选应为 exclude 或 only' }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type CaseFilter = z.infer<typeof caseFilter>;
export const exportQuery = caseFilter.extend({
  format: z.enum(['xlsx', 'csv'], { error: '导出格式应为 xlsx 或 csv' }).default('xlsx'),
  identity: flag,
  /** Why full identities leave the system (required with identity=1; written to the audit log). */
  reason: z.string().trim().max(500, { error: '理由不能超过 500 个字' }).optional(),
});
export type ExportQuery = z.infer<typeof exportQuery>;

// ---- Monthly bulletin ----
type Period = { from: string; to: string };
export type Ranked = { code: string; name: string; count: number; share: number; previous: number };
/** The figures a bulletin draft is written from, kept with it (see api/services/bulletin-figures.ts). */
export type BulletinFigures = {
  month: string;
  periods: { current: Period; previous: Period; lastYear: Period };
  current: StatsResponse;
  previous: StatsResponse;
  lastYear: StatsResponse;
  visits: { batches: number; persons: number };
  hot: { topCategories: Ranked[]; topIssues: Ranked[]; rising: Array<Ranked & { increase: number }>; places: Array<{ place: string; count: number }> };
  agencies: Array<{ key: string; name: string; received: number; overdue: number; returned: number; onTimeRate: number | null; satisfactionRate: number | null }>;
  categoryNames: Record<string, string>;
  generatedAt: string;
};

export const monthString = z.string({ error: '请选择月份' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' });
export const createBulletinRequest = z.object({ month: monthString });
export const bulletinSection = z.object({
  key: z.string().max(40),
  heading: z.string().trim().min(1, { error: '请填写小标题' }).max(100),
  text: z.string().max(20_000, { error: '正文过长' }),
});
export const notableCase = z.object({ caseNo: z.string().trim().min(1).max(20), note: z.string().trim().max(500).default('') });
export const updateBulletinRequest = z.object({
  revision: z.number().int().min(1),
  title: z.string().trim().min(1, { error: '请填写标题' }).max(100),
  sections: z.array(bulletinSection).max(30),
  notable: z.array(notableCase).max(50),
  /** 期号 within the year, 主送 and 抄送 as the office writes them, the category level its tables show. */
  issueNo: z.number({ error: '期号须为数字' }).int().min(1, { error: '期号至少为 1' }).max(999).optional(),
  sendTo: z.string().trim().max(500, { error: '主送不能超过 500 个字' }).optional(),
  copyTo: z.string().trim().max(500, { error: '抄送不能超过 500 个字' }).optional(),
  categoryLevel: z.number().int().min(1).max(3, { error: '分类层级为 1 至 3' }).optional(),
});
export type UpdateBulletinRequest = z.infer<typeof updateBulletinRequest>;

// ---- Ledger import (its own module since issue 15) ----
export * from './ledger.ts';
