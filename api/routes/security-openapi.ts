// Adds the endpoints of issue 16 (two-factor enrolment, account unlock, the security policy, the
// audit log) to the OpenAPI document, with the schemas their handlers validate with.
import { auditQuery, securityPolicyPatch, securityPolicySchema, totpConfirmRequest } from '../contract/security.ts';
import { registerOperation } from '../http/openapi.ts';

const ops: Array<Parameters<typeof registerOperation>[0]> = [
  { method: 'post', path: '/api/auth/totp/setup', summary: '开始设置双因素认证（二维码）', auth: true },
  { method: 'post', path: '/api/auth/totp/confirm', summary: '确认双因素认证（返回恢复码）', body: totpConfirmRequest, auth: true },
  { method: 'post', path: '/api/staff/users/{id}/unlock', summary: '解锁因登录失败被锁定的账号', auth: true },
  { method: 'post', path: '/api/staff/users/{id}/totp/reset', summary: '重置用户的双因素认证', auth: true },
  { method: 'get', path: '/api/staff/settings/security', summary: '安全策略（密码、锁定、会话、双因素）', response: securityPolicySchema, auth: true },
  { method: 'put', path: '/api/staff/settings/security', summary: '修改安全策略', body: securityPolicyPatch, response: securityPolicySchema, auth: true },
  { method: 'get', path: '/api/staff/audit', summary: `审计日志（只读；筛选：${Object.keys(auditQuery.shape).join('、')}）`, auth: true },
  { method: 'get', path: '/api/ready', summary: '就绪检查（数据库可用、迁移完成、未在停止）' },
];
for (const op of ops) registerOperation(op);
