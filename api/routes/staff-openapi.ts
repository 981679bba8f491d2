// Adds the staff endpoints of issue 3 that the foundation's list lacks to the OpenAPI document,
// with the request schemas the handlers validate with (imported, never copied).
import { registerOperation } from '../http/openapi.ts';
import { adminSchemas } from './staff-admin.ts';
import { passwordRequest } from './auth.ts';

const ops: Array<Parameters<typeof registerOperation>[0]> = [
  { method: 'post', path: '/api/auth/password', summary: '修改密码（并退出其他会话）', body: passwordRequest, auth: true },
  { method: 'get', path: '/api/staff/petitions/counts', summary: '工作台计数（按状态、超期、临期、我的）', auth: true },
  { method: 'get', path: '/api/staff/attachments/{id}', summary: '下载信访件附件', auth: true },
  { method: 'get', path: '/api/staff/overview/agencies', summary: '各承办单位办理情况', auth: true },
  { method: 'get', path: '/api/staff/users', summary: '用户列表', auth: true },
  { method: 'patch', path: '/api/staff/users/{id}', summary: '修改用户（角色、单位、停用、重置密码）', body: adminSchemas.userPatch, auth: true },
  { method: 'patch', path: '/api/staff/agencies/{id}', summary: '修改承办单位', body: adminSchemas.agencyPatch, auth: true },
  { method: 'get', path: '/api/staff/categories', summary: '内容分类（含停用）', auth: true },
  { method: 'post', path: '/api/staff/categories', summary: '新建内容分类', body: adminSchemas.categoryCreate, status: 201, auth: true },
  { method: 'patch', path: '/api/staff/categories/{code}', summary: '修改内容分类', body: adminSchemas.categoryPatch, auth: true },
  { method: 'get', path: '/api/staff/calendar', summary: '某年的节假日与调休', auth: true },
  { method: 'post', path: '/api/staff/calendar/import', summary: '导入国务院节假日安排（CSV）', body: adminSchemas.calendarImport, auth: true },
  { method: 'put', path: '/api/staff/calendar/{date}', summary: '设置某日（假日、调休工作日或恢复正常）', body: adminSchemas.calendarDay, auth: true },
  { method: 'get', path: '/api/staff/settings/clocks', summary: '办理期限设置', auth: true },
  { method: 'put', path: '/api/staff/settings/clocks', summary: '修改办理期限设置', body: adminSchemas.clockPatch, auth: true },
];
for (const op of ops) registerOperation(op);
