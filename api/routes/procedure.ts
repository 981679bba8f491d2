// The calendar's status (official or provisional years, the console banner) and the office's
// procedure settings (issue 13), mounted at /api/staff. Handlers check one permission, validate,
// call one service or verb.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { readJson } from '../http/errors.ts';
import { registerOperation } from '../http/openapi.ts';
import { adminActorOf, requireStaff, staffOf } from '../http/staff-auth.ts';
import { calendarStatus } from '../services/calendar-status.ts';
import { procedurePatch, procedureSettings, updateProcedure } from '../verbs/manage-procedure.ts';

export const procedureRoutes = new Hono<AppEnv>();

// Any signed-in staff member: the banner is decided by role inside.
procedureRoutes.get('/calendar/status', requireStaff(), async (c) => {
  c.header('Cache-Control', 'private, no-store');
  return c.json(await calendarStatus(c.get('deps'), staffOf(c)));
});

procedureRoutes.get('/settings/procedure', requireStaff('settings.manage'), async (c) => c.json(await procedureSettings(c.get('deps'))));
procedureRoutes.put('/settings/procedure', requireStaff('settings.manage'), async (c) => {
  const input = await readJson(c, procedurePatch);
  return c.json(await updateProcedure(c.get('deps'), adminActorOf(c), input));
});

registerOperation({ method: 'get', path: '/api/staff/calendar/status', summary: '工作日历状态（哪些年份尚未导入正式安排）', auth: true });
registerOperation({ method: 'get', path: '/api/staff/settings/procedure', summary: '办理程序设置（办理期限起算、邮寄在途天数、评价期限）', auth: true });
registerOperation({ method: 'put', path: '/api/staff/settings/procedure', summary: '修改办理程序设置', body: procedurePatch, auth: true });
