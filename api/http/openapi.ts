// The OpenAPI 3.1 document, generated from the zod schemas of the contract (never hand-kept).
import { z } from 'zod';
import * as s from '../contract/schemas.ts';

type Op = { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; summary: string; body?: z.ZodType; response?: z.ZodType; status?: number; auth?: boolean; multipart?: boolean };

const OPS: Op[] = [
  { method: 'get', path: '/api/health', summary: '健康检查', response: s.okResponse },
  { method: 'get', path: '/api/public/categories', summary: '内容分类树', response: s.categoriesResponse },
  { method: 'post', path: '/api/public/uploads', summary: '上传附件', response: s.uploadResponse, status: 201, multipart: true },
  { method: 'post', path: '/api/public/petitions', summary: '网上写信', body: s.filePetitionSchema, response: s.filePetitionResponse, status: 201 },
  { method: 'post', path: '/api/public/track', summary: '查询办理进度', body: s.trackRequest, response: s.trackResponse },
  { method: 'post', path: '/api/public/track/supplement', summary: '补充材料', body: s.supplementRequest, response: s.okResponse, status: 201 },
  { method: 'post', path: '/api/public/track/rating', summary: '评价答复', body: s.ratingRequest, response: s.okResponse, status: 201 },
  { method: 'post', path: '/api/public/track/review', summary: '申请复查', body: s.reviewRequest, response: s.okResponse, status: 201 },
  { method: 'post', path: '/api/auth/login', summary: '工作人员登录', body: s.loginRequest },
  { method: 'post', path: '/api/auth/logout', summary: '退出登录', auth: true },
  { method: 'get', path: '/api/auth/me', summary: '当前用户', auth: true },
  { method: 'get', path: '/api/staff/petitions', summary: '信访件列表', auth: true },
  { method: 'post', path: '/api/staff/petitions', summary: '登记来信、来访、来电', body: s.staffRegisterSchema, response: s.filePetitionResponse, status: 201, auth: true },
  { method: 'get', path: '/api/staff/petitions/{caseNo}', summary: '信访件详情', auth: true },
  { method: 'post', path: '/api/staff/petitions/{caseNo}/actions', summary: '办理操作', body: s.actionRequest, auth: true },
  { method: 'get', path: '/api/staff/stats', summary: '统计', auth: true },
  { method: 'post', path: '/api/staff/users', summary: '新建用户', body: s.createUserRequest, status: 201, auth: true },
  { method: 'get', path: '/api/staff/agencies', summary: '承办单位列表', auth: true },
  { method: 'post', path: '/api/staff/agencies', summary: '新建承办单位', body: s.agencyRequest, status: 201, auth: true },
];

/** Extra operations registered by feature modules (content, analysis…) at import time. */
export function registerOperation(op: Op) {
  OPS.push(op);
}

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const responses: Record<string, unknown> = {
      [String(op.status ?? 200)]: { description: 'OK', ...(op.response ? { content: { 'application/json': { schema: json(op.response, 'output') } } } : {}) },
      default: { description: '错误', content: { 'application/json': { schema: json(s.errorResponse, 'output') } } },
    };
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      summary: op.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(op.auth ? { security: [{ session: [] }] } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body, 'input') } } } } : {}),
      ...(op.multipart
        ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Xinfang 网上信访 API', version: '1.0.0' },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'xf_session' } } },
    paths,
  };
}
