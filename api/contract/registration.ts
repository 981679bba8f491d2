// The registration facts an office records beyond the filing contract (issue 15): where a petition
// came from (its channel, or a referral — 代表转来, 领导批转, 上级人大交办 — with the referrer, who
// is told the result), 越级访 / 重复访 flags, the reception day a visit was taken on and the leader
// who received it; the structured 回访 result; the documents the office prints. Vocabulary and zod
// schemas only (imports zod and the shared vocabulary), so the console and the API share them.
import { z } from 'zod';
import { RATING_SCORES, type Channel } from './enums.ts';

export const SOURCES = ['letter', 'visit', 'online', 'phone', 'deputy', 'leader', 'upper_congress'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = {
  letter: '来信',
  visit: '来访',
  online: '网上',
  phone: '来电',
  deputy: '代表转来',
  leader: '领导批转',
  upper_congress: '上级人大交办',
};
/** Sources whose referrer is told the result (报结). */
export const REFERRAL_SOURCES: readonly Source[] = ['deputy', 'leader', 'upper_congress'];
export const isReferral = (s: string | null | undefined): boolean => !!s && (REFERRAL_SOURCES as readonly string[]).includes(s);
/** The channel a referral arrives by when nothing else is known: on paper. */
export const SOURCE_CHANNEL: Record<Source, Channel> = {
  letter: 'letter', visit: 'visit', online: 'online', phone: 'phone', deputy: 'letter', leader: 'letter', upper_congress: 'letter',
};
export const REFERRER_LABELS: Record<'deputy' | 'leader' | 'upper_congress', string> = {
  deputy: '转来的人大代表',
  leader: '批转的领导',
  upper_congress: '交办的上级人大机关',
};

const optionalText = (label: string, max: number) =>
  z.string({ error: `${label}格式不正确` }).trim().max(max, { error: `${label}不能超过 ${max} 个字` }).optional();

export const registrationDetails = z
  .object({
    source: z.enum(SOURCES, { error: '请选择来源' }).optional(),
    referrer: optionalText('转交人或交办机关', 100),
    referrerDocNo: optionalText('交办文号', 60),
    referrerAddress: optionalText('报结函寄送地址', 200),
    skipLevel: z.boolean({ error: '越级访选项格式不正确' }).optional().default(false),
    repeatVisit: z.boolean({ error: '重复访选项格式不正确' }).optional().default(false),
    receptionDayId: z.string().uuid({ error: '领导接待日不正确' }).optional(),
    receivingLeader: optionalText('接待领导', 50),
  })
  .superRefine((d, ctx) => {
    if (d.source === 'deputy' && !d.referrer) ctx.addIssue({ code: 'custom', path: ['referrer'], message: '请填写转来信访件的人大代表姓名' });
    if (d.source === 'leader' && !d.referrer) ctx.addIssue({ code: 'custom', path: ['referrer'], message: '请填写批转的领导' });
    if (d.source === 'upper_congress') {
      if (!d.referrer) ctx.addIssue({ code: 'custom', path: ['referrer'], message: '请填写交办的上级人大机关' });
      if (!d.referrerDocNo) ctx.addIssue({ code: 'custom', path: ['referrerDocNo'], message: '请填写交办文号' });
    }
    if (!isReferral(d.source) && (d.referrer || d.referrerDocNo)) {
      ctx.addIssue({ code: 'custom', path: ['referrer'], message: '只有代表转来、领导批转或上级人大交办的信访件才填写转交人' });
    }
  });
export type RegistrationDetailsInput = z.infer<typeof registrationDetails>;

// ---- 回访 (follow-up after the reply) ----
export const FOLLOW_UP_METHODS = ['phone', 'visit', 'letter'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];
export const FOLLOW_UP_METHOD_LABELS: Record<FollowUpMethod, string> = { phone: '电话回访', visit: '上门回访', letter: '信函回访' };
export const followUpResult = z.enum(RATING_SCORES, { error: '请选择回访结果（满意、基本满意或不满意）' });
export const followUpMethod = z.enum(FOLLOW_UP_METHODS, { error: '请选择回访方式' });

// ---- Documents the office prints (GB/T 9704 layout, api/documents/) ----
export const DOCUMENT_KINDS = ['accept', 'decline', 'route', 'extend', 'reply', 'transfer', 'supervise', 'remind', 'report', 'overdue'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** Names in the console; route and transfer take their mode's word (转送 / 交办) when printed. */
export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  accept: '受理告知书',
  decline: '不予受理告知书',
  route: '转送（交办）告知书',
  extend: '延期办理告知书',
  reply: '答复意见书',
  transfer: '转送函 / 交办函',
  supervise: '督办函',
  remind: '催办单',
  report: '报结函',
  overdue: '逾期未结通报',
};
/** Documents about one case, issued from its page. */
export const CASE_DOCUMENT_KINDS = DOCUMENT_KINDS.filter((k) => k !== 'overdue');
export const issueDocumentRequest = z.object({
  kind: z.enum(CASE_DOCUMENT_KINDS as unknown as [DocumentKind, ...DocumentKind[]], { error: '文书类型不正确' }),
  /** The event the document reports (a 督办 or 催办 among several); the latest one when left out. */
  eventId: z.number().int().positive().optional(),
});
export const overdueReportRequest = z.object({
  caseNos: z.array(z.string().trim().min(1).max(20), { error: '请选择信访件' }).min(1, { error: '请至少选择一件' }).max(200, { error: '一次最多 200 件' }),
});
export const batchRemindRequest = z.object({
  caseNos: z.array(z.string().trim().min(1).max(20), { error: '请选择信访件' }).min(1, { error: '请至少选择一件' }).max(200, { error: '一次最多 200 件' }),
  note: z.string({ error: '请填写催办意见' }).trim().min(1, { error: '请填写催办意见' }).max(2000, { error: '催办意见不能超过 2000 个字' }),
});
export const referralReportRequest = z.object({
  note: optionalText('报结说明', 2000),
});

// ---- Aliases that admins maintain ----
export const aliasRequest = z.object({
  alias: z.string({ error: '请填写别名' }).trim().min(1, { error: '请填写别名' }).max(100, { error: '别名不能超过 100 个字' }),
});
