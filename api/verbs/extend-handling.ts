// 延期: a leader extends the handling deadline once, by at most 30 days; the new due date and the
// reason are told to the citizen. The handle clock's reminder and overdue marks are reset so the
// clock job speaks again about the new date.
import { HANDLE_EXTENSION_MAX_DAYS, HANDLE_EXTENSIONS_MAX } from '../domain/lifecycle.ts';
import { endOfChinaDay, periodEnd } from '../domain/calendar.ts';
import { badRequest, conflict } from '../http/errors.ts';
import { cnDate } from '../services/case-text.ts';
import type { ActionStep } from './act-on-petition.ts';

export const extendHandling: ActionStep<'extend'> = async ({ trx, petition, rules }, params) => {
  // extended_days > 0 records the one extension the law allows (HANDLE_EXTENSIONS_MAX).
  if (HANDLE_EXTENSIONS_MAX === 1 && petition.extended_days > 0) throw conflict('办理期限只能延长一次', 'already_extended');
  if (params.days > HANDLE_EXTENSION_MAX_DAYS) throw badRequest(`延期不能超过 ${HANDLE_EXTENSION_MAX_DAYS} 日`, { days: `延期不能超过 ${HANDLE_EXTENSION_MAX_DAYS} 日` });
  const handle = await trx.selectFrom('clocks').select('due_date').where('petition_id', '=', petition.id).where('clock', '=', 'handle').where('stopped_at', 'is', null).executeTakeFirst();
  if (!handle) throw conflict('该信访件没有正在计算的办理期限', 'not_allowed_in_state');
  const dueDate = periodEnd(rules.calendar, handle.due_date, { days: params.days, unit: 'calendar' });
  await trx
    .updateTable('clocks')
    .set({ due_date: dueDate, due_at: endOfChinaDay(dueDate), reminded_at: null, overdue_noted_at: null })
    .where('petition_id', '=', petition.id)
    .where('clock', '=', 'handle')
    .execute();
  return {
    set: { extended_days: params.days },
    publicText: `经批准，办理期限延长 ${params.days} 日，至${cnDate(dueDate)}。延期理由：${params.reason}`,
    data: { days: params.days, reason: params.reason, fromDate: handle.due_date, toDate: dueDate },
  };
};
