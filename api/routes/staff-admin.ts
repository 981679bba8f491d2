// The admin's API: staff accounts, agencies, categories, the official calendar, the clock
// periods, the security policy and the audit log. Each handler checks one permission, validates,
// calls one verb and answers; every write is audited by its verb (adminActorOf: who, from where).
import { Hono } from 'hono';
import { z } from 'zod';
import { AGENCY_KINDS, LIMITS, PERIOD_UNITS, ROLES } from '../contract/enums.ts';
import { agencyRequest, createUserRequest, officeIdentitySchema } from '../contract/schemas.ts';
import { auditQuery, securityPolicyPatch } from '../contract/security.ts';
import type { AppEnv } from '../context.ts';
import { badRequest, parseWith, readJson } from '../http/errors.ts';
import { adminActorOf, requireStaff } from '../http/staff-auth.ts';
import { listAudit } from '../services/audit-log.ts';
import { readSecurityPolicy } from '../services/security-policy.ts';
import { setRetentionDays } from '../verbs/set-retention.ts';
import { setSecurityPolicy } from '../verbs/set-security-policy.ts';
import { officeIdentity, updateOfficeIdentity } from '../services/office.ts';
import { listUsers } from '../services/staff-users.ts';
import { calendarYear, clockSettings, importCalendar, setCalendarDay, updateClockSettings } from '../verbs/manage-calendar.ts';
import { createAgency, createCategory, listAgencies, listCategories, updateAgency, updateCategory } from '../verbs/manage-reference.ts';
import { createUser, resetUserTotp, unlockUser, updateUser } from '../verbs/manage-users.ts';
import { retentionDays } from '../jobs/anonymise-closed.ts';

export const staffAdminRoutes = new Hono<AppEnv>();

const uuid = (v: string) => {
  if (!z.string().uuid().safeParse(v).success) throw badRequest('编号格式不正确');
  return v;
};
const name = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(max);

const userPatch = z.object({
  role: z.enum(ROLES, { error: '角色不正确' }).optional(),
  agencyId: z.string().uuid({ error: '承办单位不正确' }).nullable().optional(),
  disabled: z.boolean({ error: '停用选项格式不正确' }).optional(),
  password: z.string().max(256).optional(),
  displayName: z.string().trim().max(LIMITS.nameMax).optional(),
});
const agencyPatch = z.object({
  name: name('单位名称', 100).optional(),
  kind: z.enum(AGENCY_KINDS, { error: '单位类型不正确' }).optional(),
  contact: z.string().trim().max(200).nullable().optional(),
  active: z.boolean().optional(),
});
const categoryCode = z.string({ error: '请填写分类代码' }).trim().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, { error: '分类代码为小写字母、数字，用 . 分级' }).max(64);
const categoryCreate = z.object({ code: categoryCode, parentCode: z.string().trim().max(64).nullable().optional(), name: name('分类名称', 50), sort: z.number().int().optional() });
const categoryPatch = z.object({ parentCode: z.string().trim().max(64).nullable().optional(), name: name('分类名称', 50).optional(), sort: z.number().int().optional(), active: z.boolean().optional() });
const calendarImport = z.object({ csv: z.string({ error: '请提供日历 CSV 内容' }).min(1, { error: '请提供日历 CSV 内容' }).max(200_000) });
const calendarDay = z.object({ kind: z.enum(['holiday', 'workday', 'normal'], { error: '请选择假日、调休工作日或恢复正常' }), name: z.string().trim().max(50).optional() });
const period = z.object({ days: z.number({ error: '天数须为数字' }).int().min(1).max(365), unit: z.enum(PERIOD_UNITS, { error: '单位为自然日或工作日' }) });
const clockPatch = z.record(z.string(), period);
export const adminSchemas = { userPatch, agencyPatch, categoryCreate, categoryPatch, calendarImport, calendarDay, clockPatch };

staffAdminRoutes.get('/users', requireStaff('users.manage'), async (c) => c.json({ items: await listUsers(c.get('deps')) }));
staffAdminRoutes.post('/users', requireStaff('users.manage'), async (c) => {
  const input = await readJson(c, createUserRequest);
  return c.json(await createUser(c.get('deps'), adminActorOf(c), input), 201);
});
staffAdminRoutes.patch('/users/:id', requireStaff('users.manage'), async (c) => {
  const input = await readJson(c, userPatch);
  return c.json(await updateUser(c.get('deps'), adminActorOf(c), uuid(c.req.param('id')), input));
});
// An account locked after repeated failed sign-ins, opened again before its lock period ends.
staffAdminRoutes.post('/users/:id/unlock', requireStaff('users.manage'), async (c) => c.json(await unlockUser(c.get('deps'), adminActorOf(c), uuid(c.req.param('id')))));
// A lost authenticator: the user sets up two-factor sign-in again at their next sign-in.
staffAdminRoutes.post('/users/:id/totp/reset', requireStaff('users.manage'), async (c) => c.json(await resetUserTotp(c.get('deps'), adminActorOf(c), uuid(c.req.param('id')))));

staffAdminRoutes.get('/agencies', requireStaff(), async (c) => c.json(await listAgencies(c.get('deps'))));
staffAdminRoutes.post('/agencies', requireStaff('agencies.manage'), async (c) => c.json(await createAgency(c.get('deps'), await readJson(c, agencyRequest), adminActorOf(c)), 201));
staffAdminRoutes.patch('/agencies/:id', requireStaff('agencies.manage'), async (c) => {
  const input = await readJson(c, agencyPatch);
  return c.json(await updateAgency(c.get('deps'), uuid(c.req.param('id')), input, adminActorOf(c)));
});

staffAdminRoutes.get('/categories', requireStaff(), async (c) => c.json(await listCategories(c.get('deps'))));
staffAdminRoutes.post('/categories', requireStaff('categories.manage'), async (c) => c.json(await createCategory(c.get('deps'), await readJson(c, categoryCreate), adminActorOf(c)), 201));
staffAdminRoutes.patch('/categories/:code', requireStaff('categories.manage'), async (c) => {
  const input = await readJson(c, categoryPatch);
  return c.json(await updateCategory(c.get('deps'), c.req.param('code'), input, adminActorOf(c)));
});

staffAdminRoutes.get('/calendar', requireStaff('calendar.manage'), async (c) => {
  const { year } = parseWith(z.object({ year: z.coerce.number({ error: '年份不正确' }).int().min(2000).max(2100) }), { year: c.req.query('year') ?? new Date().getFullYear() });
  return c.json(await calendarYear(c.get('deps'), year));
});
staffAdminRoutes.post('/calendar/import', requireStaff('calendar.manage'), async (c) => {
  const { csv } = await readJson(c, calendarImport);
  return c.json(await importCalendar(c.get('deps'), csv, adminActorOf(c)));
});
staffAdminRoutes.put('/calendar/:date', requireStaff('calendar.manage'), async (c) => {
  const input = await readJson(c, calendarDay);
  return c.json(await setCalendarDay(c.get('deps'), c.req.param('date'), input, adminActorOf(c)));
});

staffAdminRoutes.get('/settings/clocks', requireStaff('settings.manage'), async (c) => c.json(await clockSettings(c.get('deps'))));
staffAdminRoutes.put('/settings/clocks', requireStaff('settings.manage'), async (c) => {
  const input = await readJson(c, clockPatch);
  return c.json(await updateClockSettings(c.get('deps'), input, adminActorOf(c)));
});

// Retention of closed cases before anonymisation (DESIGN §5); at least 30 days.
const retentionPatch = z.object({ days: z.number({ error: '保存期限须为天数' }).int().min(30, { error: '保存期限至少 30 天' }).max(36_500) });
staffAdminRoutes.get('/settings/retention', requireStaff('settings.manage'), async (c) => c.json({ days: await retentionDays(c.get('deps')) }));
staffAdminRoutes.put('/settings/retention', requireStaff('settings.manage'), async (c) => {
  const { days } = await readJson(c, retentionPatch);
  return c.json(await setRetentionDays(c.get('deps'), adminActorOf(c), days));
});

// The office's identity (name, address, phone … on every page and notice), audited.
staffAdminRoutes.get('/settings/office', requireStaff(), async (c) => c.json(await officeIdentity(c.get('deps'))));
staffAdminRoutes.put('/settings/office', requireStaff('settings.manage'), async (c) => {
  const input = await readJson(c, officeIdentitySchema);
  return c.json(await updateOfficeIdentity(c.get('deps'), adminActorOf(c), input));
});

// The staff sign-in security policy (password rules, lockout, idle timeout, two-factor for all).
staffAdminRoutes.get('/settings/security', requireStaff('settings.manage'), async (c) => c.json(await readSecurityPolicy(c.get('deps').db)));
staffAdminRoutes.put('/settings/security', requireStaff('settings.manage'), async (c) => {
  const input = await readJson(c, securityPolicyPatch);
  return c.json(await setSecurityPolicy(c.get('deps'), adminActorOf(c), input));
});

// The audit log, read-only: there is no endpoint that changes or deletes an audit row.
staffAdminRoutes.get('/audit', requireStaff('audit.read'), async (c) => {
  const q = parseWith(auditQuery, c.req.query());
  c.header('Cache-Control', 'no-store');
  return c.json(await listAudit(c.get('deps'), q));
});
