// The vocabulary of Xinfang (DESIGN §2 glossary) with its Chinese labels and the limits of the
// public contract. This module imports nothing, so the browser bundles can use it freely.

export const PURPOSES = ['suggestion', 'accusation', 'appeal', 'demand', 'inquiry'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PURPOSE_LABELS: Record<Purpose, string> = {
  suggestion: '意见建议',
  accusation: '检举控告',
  appeal: '申诉',
  demand: '求决',
  inquiry: '咨询',
};
export const PURPOSE_HINTS: Record<Purpose, string> = {
  suggestion: '对人大及其常委会、国家机关工作提出意见和建议',
  accusation: '检举、控告国家机关及其工作人员的违法失职行为',
  appeal: '对已有处理决定、裁判不服，提出申诉',
  demand: '请求解决本人或家庭的具体问题',
  inquiry: '咨询政策、法律或办理渠道',
};

export const CHANNELS = ['letter', 'visit', 'online', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  letter: '来信',
  visit: '来访',
  online: '网上信访',
  phone: '电话',
};

export const STATUSES = [
  'registered',
  'accepted',
  'declined',
  'merged',
  'handling',
  'forwarded',
  'assigned',
  'feedback_received',
  'replied',
  'review_requested',
  'reviewing',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];
/** Status words as the citizen and staff read them. */
export const STATUS_LABELS: Record<Status, string> = {
  registered: '已登记，等待受理审查',
  accepted: '已受理',
  declined: '不予受理',
  merged: '已合并办理',
  handling: '本机关办理中',
  forwarded: '已转送有权处理机关',
  assigned: '已交办承办单位',
  feedback_received: '承办单位已报送办理结果',
  replied: '已答复',
  review_requested: '已申请复查，等待审查',
  reviewing: '复查办理中',
  closed: '已办结',
};
/** States in which a petition is finished. */
export const CLOSED_STATUSES: readonly Status[] = ['declined', 'merged', 'closed'];

export const SCOPES = [
  'own',
  'government',
  'supervision',
  'court',
  'procuratorate',
  'lower_congress',
  'legal_route',
  'none',
] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_LABELS: Record<Scope, string> = {
  own: '本级人大常委会',
  government: '人民政府及其部门',
  supervision: '监察委员会',
  court: '人民法院',
  procuratorate: '人民检察院',
  lower_congress: '下级人大常委会',
  legal_route: '法定途径（诉讼、仲裁、行政复议）',
  none: '不属于国家机关职权范围',
};

export const AGENCY_KINDS = [
  'government',
  'supervision',
  'court',
  'procuratorate',
  'lower_congress',
  'committee',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  government: '政府部门',
  supervision: '监察委员会',
  court: '人民法院',
  procuratorate: '人民检察院',
  lower_congress: '下级人大常委会',
  committee: '本级人大专门委员会/工作机构',
};

export const ROLES = ['clerk', 'leader', 'agency', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  clerk: '信访工作人员',
  leader: '领导',
  agency: '承办单位',
  editor: '内容编辑',
  admin: '系统管理员',
};

export const RATING_SCORES = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type RatingScore = (typeof RATING_SCORES)[number];
export const RATING_LABELS: Record<RatingScore, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const ROUTE_MODES = ['self', 'forward', 'assign'] as const;
export type RouteMode = (typeof ROUTE_MODES)[number];
export const ROUTE_MODE_LABELS: Record<RouteMode, string> = {
  self: '自办',
  forward: '转办',
  assign: '交办',
};

export const SUPERVISE_KINDS = ['joint', 'focused', 'tracking', 'onsite'] as const;
export type SuperviseKind = (typeof SUPERVISE_KINDS)[number];
export const SUPERVISE_KIND_LABELS: Record<SuperviseKind, string> = {
  joint: '联合督办',
  focused: '集中督办',
  tracking: '跟踪督办',
  onsite: '上门督办',
};

export const ACTIONS = [
  'accept',
  'decline',
  'merge',
  'route',
  'object',
  'feedback',
  'return',
  'reply',
  'extend',
  'supervise',
  'remind',
  'instruct',
  'own',
  'note',
  'follow_up',
  'accept_review',
  'decline_review',
  'close',
  'reveal_identity',
  // Stages of 条例 arts. 23, 35, 36 (issue 13), after the DESIGN §4 actions.
  'acknowledge',
  'approve_objection',
  'reject_objection',
  'waive_review',
  'forward_review',
  'record_delivery',
] as const;
export type Action = (typeof ACTIONS)[number];
export const ACTION_LABELS: Record<Action, string> = {
  accept: '受理',
  decline: '不予受理',
  merge: '合并',
  route: '办理方式（自办/转办/交办）',
  object: '退回（申请改派）',
  feedback: '报送办结报告',
  return: '发还补办',
  reply: '答复',
  extend: '延期',
  supervise: '督办',
  remind: '催办',
  instruct: '批示',
  own: '包案',
  note: '内部备注',
  follow_up: '回访',
  accept_review: '受理复查',
  decline_review: '不予受理复查',
  close: '办结',
  reveal_identity: '查看信访人身份',
  acknowledge: '告知收到（签收）',
  approve_objection: '同意退回',
  reject_objection: '不同意退回',
  waive_review: '记录信访人放弃复查',
  forward_review: '转送复查（复核）机关',
  record_delivery: '登记答复送达日期',
};

/** The statutory clocks of DESIGN §3; defaults and rules live in api/domain/lifecycle.ts. */
export const CLOCK_NAMES = ['accept', 'route', 'ack', 'object', 'handle', 'feedback', 'review_window', 'review'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export const CLOCK_LABELS: Record<ClockName, string> = {
  accept: '受理告知期限',
  route: '转送、交办期限',
  ack: '承办单位告知受理期限',
  object: '退回期限',
  handle: '办理期限',
  feedback: '报送办结报告期限',
  review_window: '申请复查期限',
  review: '复查办理期限',
};

/** How a period is counted: every day, or only working days of the official calendar. */
export const PERIOD_UNITS = ['calendar', 'working'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export const PERIOD_UNIT_LABELS: Record<PeriodUnit, string> = {
  calendar: '日',
  working: '个工作日',
};

/** Events that are not staff actions: the citizen's own steps and the clock job's. */
export const SYSTEM_EVENT_TYPES = [
  'register',
  'supplement',
  'rate',
  'request_review',
  'clock_reminder',
  'clock_overdue',
  'object_refused',
  'auto_close',
  'repeat_detected',
  'repeat_confirm',
  'repeat_dismiss',
  'import',
  'identity_export',
  'anonymise',
  'clock_recomputed',
  'document_issued',
  'referral_report',
] as const;
export type EventType = Action | (typeof SYSTEM_EVENT_TYPES)[number];
export const EVENT_LABELS: Record<EventType, string> = {
  ...ACTION_LABELS,
  route: '确定办理方式',
  register: '登记',
  supplement: '补充材料',
  rate: '评价',
  request_review: '申请复查',
  clock_reminder: '期限提醒',
  clock_overdue: '已超期',
  object_refused: '退回期限已过',
  auto_close: '复查申请期限届满，办结',
  repeat_detected: '系统提示：疑似重复信访',
  repeat_confirm: '确认重复信访',
  repeat_dismiss: '排除重复信访',
  import: '台账导入',
  identity_export: '导出信访人身份信息',
  anonymise: '保存期限届满，已匿名化处理',
  clock_recomputed: '按新的工作日历重新计算期限',
  document_issued: '出具文书',
  referral_report: '向转交人报结',
};

/** How a reply reached the citizen (条例 art. 35: the review window runs from receipt). */
export const DELIVERY_METHODS = ['online', 'post', 'in_person'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  online: '网上送达（信访人凭查询码查看）',
  post: '邮寄送达',
  in_person: '当面送达',
};

/** How a citizen said they will not ask for review. */
export const WAIVER_METHODS = ['in_person', 'phone', 'writing'] as const;
export type WaiverMethod = (typeof WAIVER_METHODS)[number];
export const WAIVER_METHOD_LABELS: Record<WaiverMethod, string> = {
  in_person: '当面表示',
  phone: '电话表示',
  writing: '书面表示',
};

/** When an agency's 60 handling days start on a forwarded or assigned case (条例 art. 34). */
export const HANDLE_START_RULES = ['agency_receipt', 'acceptance'] as const;
export type HandleStartRule = (typeof HANDLE_START_RULES)[number];
export const HANDLE_START_RULE_LABELS: Record<HandleStartRule, string> = {
  agency_receipt: '自承办单位收到之日起（签收之日；未签收的，自转送、交办之日起）',
  acceptance: '自本机关受理之日起',
};

export const DECLINE_REASONS = [
  'legal_route',
  'other_body',
  'review_final',
  'unclear',
  'in_handling',
  'not_state_matter',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  legal_route: '应当通过诉讼、仲裁、行政复议等法定途径解决',
  other_body: '不属于本机关职权范围，应向有权处理的机关提出',
  review_final: '已经复核终结，以同一事实和理由再次提出',
  unclear: '诉求不明确或缺少基本事实，补正后可以重新提出',
  in_handling: '同一事项正在办理期间重复提出',
  not_state_matter: '不属于国家机关职权范围的事项',
};

/** Limits of the public contract; the server enforces them, the portal shows them. */
export const LIMITS = {
  titleMax: 100,
  contentMax: 10_000,
  desiredOutcomeMax: 2_000,
  placeMax: 200,
  nameMax: 50,
  addressMax: 200,
  cosignersMax: 100,
  supplementMax: 5_000,
  reasonMax: 2_000,
  commentMax: 1_000,
  uploadBytesMax: 10 * 1024 * 1024,
  attachmentsPerPetitionMax: 5,
  collectiveMinPersons: 5,
  visitRepresentativesMax: 5,
} as const;

export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];
