// Small helpers the case verbs share to word what the citizen reads (zh-CN dates) and to check
// the dates and agencies staff give them.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { chinaDate } from '../domain/calendar.ts';
import { badRequest } from '../http/errors.ts';

/** '2026-03-05' → '2026年3月5日'. */
export function cnDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A deadline given by staff, as a China date; refuses one already past. */
export function futureDate(at: Date, now: Date, field: string): string {
  const date = chinaDate(at);
  if (date < chinaDate(now)) throw badRequest('期限不能早于今天', { [field]: '期限不能早于今天' });
  return date;
}

export async function activeAgency(trx: Transaction<DB>, agencyId: string | undefined) {
  if (!agencyId) throw badRequest('请选择承办单位', { agencyId: '请选择承办单位' });
  const a = await trx.selectFrom('agencies').select(['id', 'name']).where('id', '=', agencyId).where('active', '=', true).executeTakeFirst();
  if (!a) throw badRequest('承办单位不存在或已停用', { agencyId: '承办单位不存在或已停用' });
  return a;
}

/** Binds uploaded, still unclaimed files to the case and the event that brought them. */
export async function bindAttachments(trx: Transaction<DB>, petitionId: number, eventId: number, ids: readonly string[], now: Date) {
  if (!ids.length) return;
  const bound = await trx
    .updateTable('attachments')
    .set({ petition_id: petitionId, event_id: eventId, bound_at: now })
    .where('id', 'in', [...ids])
    .where('petition_id', 'is', null)
    .returning('id')
    .execute();
  if (bound.length !== new Set(ids).size) {
    throw badRequest('部分附件不存在或已被使用，请重新上传', { attachmentIds: '部分附件不存在或已被使用，请重新上传' });
  }
}
