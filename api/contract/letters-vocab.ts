// The words of scanned letters and triage suggestions (issue 17) that the browser needs: letter
// states and their labels, the suggestion fields, the low-confidence line and the limits.
// Imports nothing at run time, so console islands bundle it without zod.

export const LETTER_STATUSES = ['queued', 'recognising', 'done', 'failed'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];
export const LETTER_STATUS_LABELS: Record<LetterStatus, string> = {
  queued: '排队等待识别',
  recognising: '正在识别',
  done: '识别完成',
  failed: '识别失败',
};

/** Below this confidence a recognition is not offered as text: only the scan is kept. */
export const LOW_CONFIDENCE = 0.6;
export const LOW_CONFIDENCE_MESSAGE = '识别可信度低，请对照原件录入';

export const LETTER_LIMITS = {
  filesPerUpload: 10,
  /** The whole multipart body of one upload. */
  uploadBytesMax: 40 * 1024 * 1024,
  pagesMax: 20,
  keepHours: 24,
} as const;

/** The fields a suggestion proposes, as the uptake figures name them. */
export const SUGGESTION_FIELDS = ['category', 'scope', 'agency', 'decline'] as const;
export type SuggestionField = (typeof SUGGESTION_FIELDS)[number];
export const SUGGESTION_FIELD_LABELS: Record<SuggestionField, string> = {
  category: '内容分类',
  scope: '受理范围',
  agency: '承办单位',
  decline: '不予受理（法定途径）',
};

export const RULE_LIMITS = { nameMax: 60, keywordsMax: 50, keywordMax: 20, guidanceMax: 2_000, rulesMax: 200 } as const;

/** Letter fields as the console labels them (keys of `fields` / `regions`). */
export const LETTER_FIELD_LABELS: Record<string, string> = {
  names: '姓名',
  phones: '联系电话',
  idNumbers: '身份证号码',
  address: '地址',
  date: '来信日期',
  signatories: '联名人数',
  title: '标题（建议）',
  request: '诉求',
};
