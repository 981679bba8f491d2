// The words of guidance content (issue 4) that the browser needs: article sections and their
// labels, derived article states, limits, guide outcome kinds, and where each decline reason's
// guidance lives. Imports nothing at run time, so console islands bundle it without zod.
import type { DeclineReason } from './enums.ts';

export const ARTICLE_SECTIONS = ['scope', 'routes', 'law', 'faq', 'notice'] as const;
export type ArticleSection = (typeof ARTICLE_SECTIONS)[number];
export const SECTION_LABELS: Record<ArticleSection, string> = {
  scope: '受理范围',
  routes: '法定途径',
  law: '法规政策',
  faq: '常见问题',
  notice: '通知公告',
};
export const SECTION_LEADS: Record<ArticleSection, string> = {
  scope: '人大常委会受理哪些信访事项，哪些事项应当向其他机关提出。',
  routes: '诉讼、仲裁、行政复议等法定途径怎样走，有哪些必须知道的期限。',
  law: '与信访和权益保护有关的法律、法规和政策的通俗解读。',
  faq: '写信、查询、评价、申请复查时经常遇到的问题。',
  notice: '本机关发布的通知、公告和领导接待日安排。',
};

/** Derived, never stored: draft (not live), scheduled (only a pending publication), published (live). */
export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = { draft: '草稿', scheduled: '定时发布', published: '已发布' };

export const CONTENT_LIMITS = { titleMax: 100, bodyMax: 50_000, slugMax: 80, noteMax: 200, receptionTextMax: 500, guideTextMax: 2_000, guideNodesMax: 100 } as const;

/** Paths under /guidance that are pages of their own, not articles. */
export const RESERVED_SLUGS = ['section', 'search', 'guide', 'reception', 'index'];

export const GUIDE_OUTCOMES = ['file_here', 'agency', 'legal_route', 'final', 'info'] as const;
export type GuideOutcome = (typeof GUIDE_OUTCOMES)[number];
export const GUIDE_OUTCOME_LABELS: Record<GuideOutcome, string> = {
  file_here: '可以向本机关写信',
  agency: '请向有权处理的机关提出',
  legal_route: '请通过法定途径解决',
  final: '已复核终结，不再受理',
  info: '其他说明',
};
export const GUIDE_START = 'start';

/** Where a citizen told "不予受理" for a reason reads what to do next (the console links here). */
export const DECLINE_REASON_GUIDANCE: Record<DeclineReason, string> = {
  legal_route: '/guidance/legal-routes',
  other_body: '/guidance/which-agency',
  review_final: '/guidance/review-final',
  unclear: '/guidance/how-to-write',
  in_handling: '/guidance/repeat-petitions',
  not_state_matter: '/guidance/scope-of-acceptance',
};
