// The ledger import contract (信访台账导入, issue 15): the fields a ledger row may carry with the
// column headings recognised for each, the fields whose values are mapped to ours (with a value
// map sent by the console and remembered for the next import), and the request bodies. Imports
// only zod, so the console and the API share it.
import { z } from 'zod';

/** The fields a ledger row may map to; `aliases` are headings recognised automatically. Every
 *  field here is also a column of the ledger export (the round trip). */
export const IMPORT_FIELDS = {
  caseNo: { label: '信访件编号（本系统）', required: false, aliases: ['信访件编号', '系统编号'] },
  reference: { label: '序号 / 原编号', required: false, aliases: ['原编号', '原台账编号', '台账编号', '案件编号', '编号', '序号'] },
  receivedAt: { label: '收到日期', required: true, aliases: ['收到日期', '收到时间', '登记日期', '登记时间', '来信日期', '来访日期', '来信来访日期', '收件日期', '日期'] },
  channel: { label: '来源', required: true, aliases: ['来源', '来源渠道', '渠道', '信访形式', '信访方式', '信访渠道'] },
  referrer: { label: '转交人 / 交办机关', required: false, aliases: ['转交人', '转交代表', '批转领导', '交办机关', '转办人'] },
  referrerDocNo: { label: '交办文号', required: false, aliases: ['交办文号', '来文文号', '来文编号'] },
  purpose: { label: '信访目的', required: true, aliases: ['信访目的', '目的', '诉求类型', '性质'] },
  category: { label: '内容分类', required: true, aliases: ['内容分类', '分类', '问题类别', '问题分类', '类别'] },
  title: { label: '标题', required: false, aliases: ['标题', '事由', '主题'] },
  content: { label: '信访内容', required: true, aliases: ['信访内容', '主要内容', '反映内容', '问题摘要', '内容'] },
  place: { label: '问题发生地', required: false, aliases: ['问题发生地', '发生地', '地点', '属地'] },
  personCount: { label: '人数', required: false, aliases: ['人数', '来访人数', '人次'] },
  name: { label: '信访人姓名', required: false, aliases: ['信访人姓名', '信访人', '姓名'] },
  phone: { label: '联系电话', required: false, aliases: ['联系电话', '电话', '手机', '联系方式'] },
  idNumber: { label: '身份证号码', required: false, aliases: ['身份证号码', '身份证号', '证件号码'] },
  address: { label: '联系地址', required: false, aliases: ['联系地址', '通讯地址', '地址', '住址'] },
  representatives: { label: '代表 / 联名人', required: false, aliases: ['集体访代表', '代表', '联名人', '其他信访人'] },
  status: { label: '办理状态', required: false, aliases: ['办理状态', '状态'] },
  scope: { label: '受理范围', required: false, aliases: ['受理范围', '范围'] },
  routeMode: { label: '办理方式', required: false, aliases: ['办理方式', '处理方式', '交转办方式'] },
  agency: { label: '转办单位', required: false, aliases: ['转办单位', '承办单位', '交办单位', '转送单位', '责任单位'] },
  acceptedAt: { label: '受理日期', required: false, aliases: ['受理日期', '受理时间'] },
  repliedAt: { label: '办结日期', required: false, aliases: ['办结日期', '答复日期', '结案日期', '回复日期', '办结时间'] },
  replyText: { label: '答复意见', required: false, aliases: ['答复意见', '答复内容', '回复内容'] },
  resultText: { label: '办理结果', required: false, aliases: ['办理结果', '处理结果', '办理情况'] },
  rating: { label: '满意度', required: false, aliases: ['满意度', '评价', '满意程度', '回访结果'] },
  receivingLeader: { label: '接待领导', required: false, aliases: ['接待领导', '接访领导'] },
  remarks: { label: '备注', required: false, aliases: ['备注', '说明'] },
} as const;
export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_KEYS = Object.keys(IMPORT_FIELDS) as ImportField[];

/** Fields whose values are mapped to our vocabulary, agencies or categories. */
export const VALUE_FIELDS = ['channel', 'purpose', 'category', 'agency', 'status', 'scope', 'routeMode', 'rating'] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];
export const isValueField = (f: string): f is ValueField => (VALUE_FIELDS as readonly string[]).includes(f);

/** field → the column heading it is read from. */
export const importMapping = z.partialRecord(z.enum(IMPORT_FIELD_KEYS as [ImportField, ...ImportField[]]), z.string().max(200));
export type ImportMapping = z.infer<typeof importMapping>;
/** field → ledger value → our value (a code, an agency id or a category code). */
export const valueMap = z.partialRecord(z.enum(VALUE_FIELDS), z.record(z.string().max(200), z.string().max(100)));
export type ValueMap = z.infer<typeof valueMap>;
export const IMPORT_ROWS_MAX = 5000;

export const importRequest = z.object({
  uploadId: z.string().uuid({ error: '请先上传文件' }),
  mapping: importMapping,
  values: valueMap.optional().default({}),
  /** Remember the value map for the next import (default yes). */
  remember: z.boolean().optional().default(true),
  /** The ledger's name: 序号 are matched within it. Defaults to the title row or the file name. */
  ledgerName: z.string().trim().max(200, { error: '台账名称不能超过 200 个字' }).optional(),
});
export type ImportRequest = z.infer<typeof importRequest>;

/** What a dry run or an import reports about one refused row's problem. */
export type ImportProblem = { row: number; field: ImportField | null; column: string | null; value: string; kind: string; message: string };
export type ImportGroup = { kind: string; field: ImportField | null; column: string | null; count: number; rows: number[] };
export type ValueSuggestion = { target: string; label: string };
export type UnmatchedValue = { field: ValueField; column: string | null; value: string; count: number; rows: number[]; suggestions: ValueSuggestion[] };
export type MatchedRow = { row: number; reference: string; caseNo: string; how: 'case_no' | 'reference' };
