// The contract of scanned letters and triage suggestions (issue 17): the draft a suggestion is
// asked for, the link of a suggestion to the case registered from it, and the editors' keyword
// rules. Imports only zod and the vocabulary (api/contract/letters-vocab.ts, for the browser).
import { z } from 'zod';
import { DECLINE_REASONS, LIMITS, SCOPES } from './enums.ts';
import { RULE_LIMITS } from './letters-vocab.ts';

export * from './letters-vocab.ts';

const uuid = z.string().uuid({ error: '编号格式不正确' });

export const suggestionRequest = z.object({
  /** The draft's suggestion record: sent again as the clerk edits, so one draft is one record. */
  id: uuid.optional(),
  title: z.string({ error: '标题格式不正确' }).max(LIMITS.titleMax, { error: `标题不能超过 ${LIMITS.titleMax} 个字` }).default(''),
  content: z.string({ error: '内容格式不正确' }).max(LIMITS.contentMax, { error: `信访内容不能超过 ${LIMITS.contentMax} 个字` }).default(''),
  categoryCode: z.string().trim().max(60).optional(),
  /** An accusation's accused body: never suggested as the agency (条例 arts. 30, 46). */
  accusedAgencyId: uuid.optional(),
  letterId: uuid.optional(),
});
export type SuggestionRequest = z.infer<typeof suggestionRequest>;

export const suggestionLink = z.object({
  caseNo: z.string({ error: '请填写信访件编号' }).trim().regex(/^\d{4}-\d{6,}$/, { error: '信访件编号格式不正确' }),
});

const keyword = z.string().trim().min(1, { error: '关键词不能为空' }).max(RULE_LIMITS.keywordMax, { error: `每个关键词不超过 ${RULE_LIMITS.keywordMax} 个字` });

export const suggestionRuleInput = z.object({
  name: z.string({ error: '请填写规则名称' }).trim().min(1, { error: '请填写规则名称' }).max(RULE_LIMITS.nameMax, { error: `规则名称不能超过 ${RULE_LIMITS.nameMax} 个字` }),
  keywords: z
    .array(keyword, { error: '请填写关键词' })
    .min(1, { error: '请至少填写一个关键词' })
    .max(RULE_LIMITS.keywordsMax, { error: `关键词不能超过 ${RULE_LIMITS.keywordsMax} 个` }),
  scope: z.enum(SCOPES, { error: '请选择受理范围' }),
  reasonCode: z.enum(DECLINE_REASONS, { error: '请选择不予受理理由' }).nullable().default(null),
  guidance: z.string({ error: '引导意见格式不正确' }).trim().max(RULE_LIMITS.guidanceMax, { error: `引导意见不能超过 ${RULE_LIMITS.guidanceMax} 个字` }).default(''),
  sort: z.number({ error: '排序须为数字' }).int().min(0).max(100_000).default(0),
  active: z.boolean({ error: '启用选项格式不正确' }).default(true),
});
export type SuggestionRuleInput = z.infer<typeof suggestionRuleInput>;

export const uptakeQuery = z.object({
  from: z.iso.date({ error: '开始日期格式不正确' }).optional(),
  to: z.iso.date({ error: '结束日期格式不正确' }).optional(),
});
