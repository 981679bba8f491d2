// The staff sign-in security policy an admin sets (等保三级 identity authentication): password
// length and character classes, expiry, no reuse of recent passwords, lockout after repeated
// failures, the session idle timeout and two-factor sign-in for everyone. Imports only zod, so
// the console's form validates with the same rules and labels the API uses.
import { z } from 'zod';

const int = (label: string, min: number, max: number) =>
  z.number({ error: `${label}须为数字` }).int({ error: `${label}须为整数` }).min(min, { error: `${label}最小为 ${min}` }).max(max, { error: `${label}最大为 ${max}` });

export const securityPolicySchema = z.object({
  minLength: int('密码最短长度', 8, 64),
  minClasses: int('字符种类', 1, 4),
  expiryDays: int('密码有效期', 0, 3650),
  historyCount: int('不得重复使用的近期密码个数', 0, 24),
  lockThreshold: int('锁定前允许的失败次数', 3, 20),
  lockMinutes: int('锁定时长', 1, 1440),
  idleMinutes: int('会话空闲超时', 5, 480),
  totpForAll: z.boolean({ error: '请选择是否要求所有人使用双因素认证' }),
});
export type SecurityPolicy = z.infer<typeof securityPolicySchema>;
export const securityPolicyPatch = securityPolicySchema.partial();

export const SECURITY_POLICY_DEFAULTS: SecurityPolicy = {
  minLength: 10,
  minClasses: 3,
  expiryDays: 90,
  historyCount: 5,
  lockThreshold: 5,
  lockMinutes: 15,
  idleMinutes: 30,
  totpForAll: false,
};

export const SECURITY_POLICY_LABELS: Record<keyof SecurityPolicy, string> = {
  minLength: '密码最短长度（位）',
  minClasses: '至少包含的字符种类（大写、小写、数字、符号中的几种）',
  expiryDays: '密码有效期（天，0 表示不过期）',
  historyCount: '不得与最近几次用过的密码相同',
  lockThreshold: '连续登录失败几次后锁定账号',
  lockMinutes: '账号锁定时长（分钟）',
  idleMinutes: '无操作多久后自动退出（分钟）',
  totpForAll: '所有工作人员都必须使用双因素认证（管理员和领导始终必须）',
};

/** Roles that always sign in with a second factor, whatever the policy says. */
export const TOTP_REQUIRED_ROLES = ['admin', 'leader'] as const;

/** How many of the four classes (upper, lower, digit, other) a password uses. */
export function passwordClasses(p: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
}

/** The policy's objections to a new password (none: undefined), in words for the form. */
export function passwordProblem(policy: SecurityPolicy, password: string, username: string): string | undefined {
  if ([...password].length < policy.minLength) return `新密码至少 ${policy.minLength} 位`;
  if (passwordClasses(password) < policy.minClasses) return `新密码须包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 种`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '新密码不能包含用户名';
  return undefined;
}

export const totpConfirmRequest = z.object({
  code: z.string({ error: '请输入验证器上的 6 位数字' }).trim().regex(/^\d{6}$/, { error: '请输入验证器上的 6 位数字' }),
});

export const auditQuery = z.object({
  action: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  target: z.string().trim().max(200).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '开始日期格式为 YYYY-MM-DD' }).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '结束日期格式为 YYYY-MM-DD' }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ error: '每页条数须为数字' }).int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/** The audit log's actions, as the audit screen names them. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录成功',
  'auth.login_failed': '登录失败',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'user.password_change': '本人修改密码',
  'user.lock': '账号锁定',
  'user.unlock': '账号解锁',
  'user.totp_enable': '启用双因素认证',
  'user.totp_reset': '重置双因素认证',
  'user.recovery_code_used': '使用恢复码登录',
  'agency.create': '新建承办单位',
  'agency.update': '修改承办单位',
  'category.create': '新建内容分类',
  'category.update': '修改内容分类',
  'calendar.day': '修改日历日期',
  'calendar.import': '导入官方日历',
  'settings.clocks': '修改办理期限',
  'settings.retention': '修改保存期限',
  'settings.repeat_detection': '修改重复信访甄别设置',
  'settings.office': '修改本机关信息',
  'settings.security': '修改安全策略',
  'settings.procedure': '修改程序设置',
  'crypto.migrate': '切换密码算法',
};

/** The audit screen's words for the fields a change records, and for setting keys as targets. */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  agencyId: '所属单位',
  disabled: '停用',
  mustChangePassword: '须修改密码',
  passwordReset: '重置了密码',
  lockedUntil: '锁定至',
  failures: '失败次数',
  totpEnabled: '双因素认证',
  recoveryCodes: '恢复码个数',
  left: '剩余恢复码',
  secondFactor: '第二因素',
  passwordExpired: '密码已过期',
  firstStart: '首次启动',
  name: '名称',
  kind: '类型',
  contact: '联系方式',
  active: '启用',
  parentCode: '上级分类',
  sort: '排序',
  code: '代码',
  id: '编号',
  date: '日期',
  days: '天数',
  unit: '单位',
  address: '地址',
  postcode: '邮编',
  phone: '电话',
  receptionHours: '接待时间',
  docPrefix: '文号前缀',
  suite: '密码算法',
  phase: '阶段',
  windowMonths: '甄别时间范围（月）',
  sameMatterThreshold: '同一事项相似度',
  copyThreshold: '一信多投相似度',
  relatedThreshold: '相关信访相似度',
  ...Object.fromEntries(Object.entries(SECURITY_POLICY_LABELS).map(([k, v]) => [k, v.replace(/（.*$/, '')])),
};

export const AUDIT_TARGET_LABELS: Record<string, string> = {
  security_policy: '安全策略',
  office: '本机关信息',
  clock_periods: '办理期限',
  retention_days: '保存期限',
  repeat_detection: '重复信访甄别设置',
  crypto: '密码算法',
  procedure: '程序设置',
};
