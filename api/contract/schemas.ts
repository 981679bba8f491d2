// Zod schemas of the public HTTP contract (DESIGN §4). This module imports only zod and the
// vocabulary, so the API validates with it and the OpenAPI document is generated from it.
import { z } from 'zod';
import {
  ACTIONS,
  AGENCY_KINDS,
  CHANNELS,
  DECLINE_REASONS,
  DELIVERY_METHODS,
  WAIVER_METHODS,
  LIMITS,
  PURPOSES,
  RATING_SCORES,
  ROLES,
  ROUTE_MODES,
  SCOPES,
  STATUSES,
  SUPERVISE_KINDS,
} from './enums.ts';
import { isValidEmail, isValidIdNumber, isValidPhone, normalisePhone } from './checks.ts';
import { followUpMethod, followUpResult, registrationDetails } from './registration.ts';

export { isValidEmail, isValidIdNumber, isValidPhone, normalisePhone };

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });
const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label}格式不正确` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .optional();
const phone = z
  .string({ error: '请填写联系电话' })
  .trim()
  .min(1, { error: '请填写联系电话' })
  .refine(isValidPhone, { error: '联系电话格式不正确，请填写手机号或带区号的固定电话' });

export const petitionerSchema = z.object({
  name: text('姓名', LIMITS.nameMax),
  idNumber: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || isValidIdNumber(v), { error: '身份证号码不正确，请核对（18 位，最后一位可能是 X）' }),
  phone,
  address: optionalText('联系地址', LIMITS.addressMax),
  /** Optional: progress messages by mail when the office has mail (issue 14). */
  email: z
    .string({ error: '电子邮箱格式不正确' })
    .trim()
    .max(200, { error: '电子邮箱不能超过 200 个字' })
    .optional()
    .refine((v) => !v || isValidEmail(v), { error: '电子邮箱格式不正确，例如 name@example.com' }),
});

export const cosignerSchema = z.object({
  name: text('联名人姓名', LIMITS.nameMax),
  phone: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || isValidPhone(v), { error: '联名人电话格式不正确' }),
});

const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `请选择${label}` });

export const petitionBaseSchema = z.object({
  purpose: enumOf(PURPOSES, '信访目的'),
  categoryCode: z.string({ error: '请选择内容分类' }).trim().min(1, { error: '请选择内容分类' }),
  title: text('标题', LIMITS.titleMax),
  content: text('信访内容', LIMITS.contentMax),
  desiredOutcome: optionalText('诉求', LIMITS.desiredOutcomeMax),
  place: optionalText('问题发生地', LIMITS.placeMax),
  anonymous: z.boolean({ error: '匿名选项格式不正确' }).optional().default(false),
  joint: z.boolean({ error: '联名选项格式不正确' }).optional().default(false),
  petitioner: petitionerSchema.optional(),
  cosigners: z
    .array(cosignerSchema, { error: '联名人格式不正确' })
    .max(LIMITS.cosignersMax, { error: `联名人不能超过 ${LIMITS.cosignersMax} 人` })
    .optional()
    .default([]),
  attachmentIds: z
    .array(z.string().uuid({ error: '附件编号不正确' }), { error: '附件格式不正确' })
    .max(LIMITS.attachmentsPerPetitionMax, { error: `附件不能超过 ${LIMITS.attachmentsPerPetitionMax} 个` })
    .optional()
    .default([]),
  /** Text messages (and mail) about the case's progress; online filings default to yes (issue 14). */
  notify: z.boolean({ error: '短信通知选项格式不正确' }).optional(),
});

/**
 * Rules that tie several fields together. Written over loose input so the API can report them
 * together with single-field errors (zod skips refinements once a field has failed).
 */
export function identityIssues(v: unknown): Array<{ path: string; message: string }> {
  if (typeof v !== 'object' || v === null) return [];
  const o = v as { anonymous?: unknown; joint?: unknown; petitioner?: unknown; cosigners?: unknown };
  const issues: Array<{ path: string; message: string }> = [];
  const cosigners = Array.isArray(o.cosigners) ? o.cosigners.length : 0;
  if (o.anonymous !== true && (o.petitioner === undefined || o.petitioner === null)) {
    issues.push({ path: 'petitioner', message: '请填写信访人信息，或选择匿名反映' });
  }
  if (o.anonymous === true && o.joint === true) issues.push({ path: 'anonymous', message: '联名信访需要署名，不能匿名' });
  if (o.joint === true && cosigners === 0) issues.push({ path: 'cosigners', message: '联名信访请至少填写一位联名人' });
  return issues;
}

function checkIdentity(v: unknown, ctx: z.RefinementCtx) {
  for (const i of identityIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
}

export const filePetitionSchema = petitionBaseSchema.superRefine(checkIdentity);
export type FilePetitionInput = z.infer<typeof filePetitionSchema>;

/** A letter may carry only a postal address: staff register it without a phone (issue 15). */
const staffPetitionerSchema = petitionerSchema.extend({
  phone: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || isValidPhone(v), { error: '联系电话格式不正确，请填写手机号或带区号的固定电话' }),
});
/** The staff side's own rule: someone the office can write back to — a phone or an address. */
export function staffIdentityIssues(v: unknown): Array<{ path: string; message: string }> {
  const issues = identityIssues(v);
  const p = (v as { petitioner?: { phone?: unknown; address?: unknown } } | null)?.petitioner;
  const blank = (x: unknown) => typeof x !== 'string' || !x.trim();
  if (p && typeof p === 'object' && blank(p.phone) && blank(p.address)) issues.push({ path: 'petitioner.phone', message: '请填写联系电话或通信地址（来信可只留通信地址）' });
  return issues;
}

export const staffRegisterSchema = petitionBaseSchema
  .extend({
    channel: enumOf(CHANNELS, '来源渠道'),
    receivedAt: z.coerce.date({ error: '收到时间格式不正确' }).optional(),
    personCount: z.number({ error: '人数须为数字' }).int().min(1, { error: '人数至少为 1' }).max(10_000).optional(),
    petitioner: staffPetitionerSchema.optional(),
    /** Source and referrer, 越级访 / 重复访, the reception day (api/contract/registration.ts). */
    details: registrationDetails.optional(),
    /** For an accusation: the body it accuses, never to be routed to (条例 arts. 30, 46). */
    accusedAgencyId: z.string().uuid({ error: '被检举控告的单位不正确' }).optional(),
  })
  .superRefine((v, ctx) => {
    for (const i of staffIdentityIssues(v)) ctx.addIssue({ code: 'custom', path: i.path.split('.'), message: i.message });
  });
export type StaffRegisterInput = z.infer<typeof staffRegisterSchema>;

export const filePetitionResponse = z.object({
  caseNo: z.string(),
  queryCode: z.string(),
  registeredAt: z.string(),
  acceptDueAt: z.string(),
});

export const uploadResponse = z.object({
  id: z.string().uuid(),
  name: z.string(),
  size: z.number().int(),
  type: z.string(),
});

export const queryCodeSchema = z
  .string({ error: '请输入查询码' })
  .trim()
  .min(1, { error: '请输入查询码' })
  .max(64, { error: '查询码格式不正确' });

export const trackRequest = z.object({ queryCode: queryCodeSchema });
export const trackEvent = z.object({
  at: z.string(),
  type: z.string(),
  label: z.string(),
  text: z.string().optional(),
});
export const trackResponse = z.object({
  caseNo: z.string(),
  status: z.enum(STATUSES),
  statusLabel: z.string(),
  events: z.array(trackEvent),
  reply: z.object({ at: z.string(), text: z.string(), level: z.number().int() }).optional(),
  dueAt: z.string().optional(),
  canRate: z.boolean(),
  canRequestReview: z.boolean(),
  /** 0 before any review; 2 after 复核, which is final (issue 14: closed cases explain why). */
  reviewLevel: z.number().int().optional(),
  closedAt: z.string().optional(),
  /** When the 30 days to ask for review ran out (only once they have). */
  reviewWindowEndedAt: z.string().optional(),
});

export const supplementRequest = z.object({
  queryCode: queryCodeSchema,
  text: text('补充内容', LIMITS.supplementMax),
  attachmentIds: petitionBaseSchema.shape.attachmentIds,
});
export const ratingRequest = z.object({
  queryCode: queryCodeSchema,
  score: enumOf(RATING_SCORES, '满意程度'),
  comment: optionalText('评价意见', LIMITS.commentMax),
});
export const reviewRequest = z.object({
  queryCode: queryCodeSchema,
  reason: text('复查理由', LIMITS.reasonMax),
});
export const okResponse = z.object({ ok: z.literal(true) });

export const categoryNode: z.ZodType<{ code: string; name: string; children: unknown[] }> = z.lazy(() =>
  z.object({ code: z.string(), name: z.string(), children: z.array(categoryNode) }),
);
export const categoriesResponse = z.object({ items: z.array(categoryNode) });

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    /** 422 idempotency_key_reused: the receipt of the letter that key already filed. */
    receipt: filePetitionResponse.optional(),
  }),
});

// Staff side.
export const loginRequest = z.object({
  username: text('用户名', 64),
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(256),
  /** The second factor of an account that has one: the authenticator's 6 digits or a recovery code. */
  code: z.string().trim().max(32).optional(),
});
export const createUserRequest = z.object({
  username: z
    .string({ error: '请填写用户名' })
    .trim()
    .regex(/^[a-z0-9_.-]{3,32}$/, { error: '用户名为 3–32 位小写字母、数字或 _ . -' }),
  // Length and character classes: the admin's password policy (api/contract/security.ts).
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(256),
  role: enumOf(ROLES, '角色'),
  agencyId: z.string().uuid({ error: '承办单位不正确' }).optional(),
  displayName: optionalText('姓名', LIMITS.nameMax),
});
export const agencyRequest = z.object({
  name: text('单位名称', 100),
  kind: enumOf(AGENCY_KINDS, '单位类型'),
  contact: optionalText('联系方式', 200),
});

const dueAt = z.coerce.date({ error: '期限格式不正确' });
/** A China local date 'YYYY-MM-DD' (the verb checks it is a real date). */
const day = (label: string) => z.string({ error: `请填写${label}` }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式不正确（年-月-日）` });
export const actionRequest = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('accept'),
      scope: enumOf(SCOPES, '受理范围'),
      accusedAgencyId: z.string().uuid({ error: '被检举控告的单位不正确' }).optional(),
    }),
    z.object({
      action: z.literal('decline'),
      reasonCode: enumOf(DECLINE_REASONS, '不予受理理由'),
      guidance: text('引导意见', LIMITS.reasonMax),
    }),
    z.object({ action: z.literal('merge'), intoCaseNo: text('合并到的案件编号', 20) }),
    z.object({
      action: z.literal('route'),
      mode: enumOf(ROUTE_MODES, '办理方式'),
      agencyId: z.string().uuid({ error: '请选择承办单位' }).optional(),
      dueAt: dueAt.optional(),
      instructions: optionalText('交办要求', LIMITS.reasonMax),
    }),
    z.object({ action: z.literal('object'), reason: text('退回理由', LIMITS.reasonMax) }),
    z.object({
      action: z.literal('feedback'),
      text: text('办结报告', LIMITS.contentMax),
      attachmentIds: petitionBaseSchema.shape.attachmentIds,
    }),
    z.object({ action: z.literal('return'), reason: text('发还理由', LIMITS.reasonMax), dueAt }),
    z.object({
      action: z.literal('reply'),
      text: text('答复意见', LIMITS.contentMax),
      delivery: enumOf(DELIVERY_METHODS, '送达方式').optional().default('online'),
      postedOn: day('邮寄日期').optional(),
      deliveredOn: day('送达日期').optional(),
    }),
    z.object({
      action: z.literal('extend'),
      days: z.number({ error: '延期天数须为数字' }).int().min(1, { error: '延期至少 1 天' }).max(30, { error: '延期不能超过 30 天' }),
      reason: text('延期理由', LIMITS.reasonMax),
    }),
    z.object({
      action: z.literal('supervise'),
      kind: enumOf(SUPERVISE_KINDS, '督办方式'),
      note: text('督办意见', LIMITS.reasonMax),
    }),
    z.object({ action: z.literal('remind'), note: text('催办意见', LIMITS.reasonMax) }),
    z.object({ action: z.literal('instruct'), text: text('批示内容', LIMITS.reasonMax) }),
    z.object({ action: z.literal('own') }),
    z.object({ action: z.literal('note'), text: text('备注', LIMITS.reasonMax) }),
    z.object({
      action: z.literal('follow_up'),
      text: text('回访情况', LIMITS.reasonMax),
      /** What the petitioner said (满意 / 基本满意 / 不满意) and how they were asked (issue 15). */
      result: followUpResult.optional(),
      method: followUpMethod.optional(),
    }),
    z.object({ action: z.literal('accept_review') }),
    z.object({ action: z.literal('decline_review'), reason: text('不予受理复查的理由', LIMITS.reasonMax) }),
    z.object({ action: z.literal('close') }),
    z.object({ action: z.literal('reveal_identity'), reason: text('查看理由', LIMITS.reasonMax) }),
    z.object({ action: z.literal('acknowledge'), note: optionalText('说明', LIMITS.reasonMax) }),
    z.object({ action: z.literal('approve_objection'), note: optionalText('说明', LIMITS.reasonMax) }),
    z.object({ action: z.literal('reject_objection'), reason: text('不同意退回的理由', LIMITS.reasonMax) }),
    z.object({ action: z.literal('waive_review'), method: enumOf(WAIVER_METHODS, '放弃复查的表示方式'), note: optionalText('说明', LIMITS.reasonMax) }),
    z.object({ action: z.literal('forward_review'), agencyId: z.string({ error: '请选择复查（复核）机关' }).uuid({ error: '请选择复查（复核）机关' }), note: optionalText('转送说明', LIMITS.reasonMax) }),
    z.object({ action: z.literal('record_delivery'), deliveredOn: day('送达日期') }),
  ],
  { error: `请选择操作（${ACTIONS.join('、')}）` },
);
export type ActionRequest = z.infer<typeof actionRequest>;

/** The office's own identity (DESIGN §4 OFFICE_*; issue 15): shown on every portal page, notice
 *  and export, set by the admin in the console, without a rebuild. */
export const officeIdentitySchema = z.object({
  name: text('机关名称', 60),
  address: z.string({ error: '地址格式不正确' }).trim().max(200, { error: '地址不能超过 200 个字' }).default(''),
  postcode: z
    .string({ error: '邮政编码格式不正确' })
    .trim()
    .regex(/^(\d{6})?$/, { error: '邮政编码应为 6 位数字' })
    .default(''),
  phone: z.string({ error: '电话格式不正确' }).trim().max(60, { error: '电话不能超过 60 个字' }).default(''),
  receptionHours: z.string({ error: '接待时间格式不正确' }).trim().max(200, { error: '接待时间不能超过 200 个字' }).default(''),
  /** The 文号 prefix before 〔year〕n号, e.g. "X人大信". */
  docPrefix: z.string({ error: '文号前缀格式不正确' }).trim().max(20, { error: '文号前缀不能超过 20 个字' }).default(''),
});
export type OfficeIdentity = z.infer<typeof officeIdentitySchema>;
