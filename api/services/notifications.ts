// Telling the citizen (issue 14; 条例: accepted or declined, routed, extended, answered): the
// outbox. `queueNotifications` is called where an event is written, in that event's transaction,
// and writes one message per channel the petitioner can be reached on (a mobile number for text
// messages, an e-mail address for mail) unless they said no on the form. Which events tell the
// citizen, and in which words, is the table NOTIFY_EVENTS: a new lifecycle step opts in with one
// line there and one call after its event insert. A message says the case number, what happened
// and where to look (/track): never the query code, never the content (DESIGN §5).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Deps } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { normalisePhone } from '../contract/checks.ts';
import { officeIdentity } from './office.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Event type → what the message says happened, given the case's status after the event. */
export const NOTIFY_EVENTS: Record<string, (status: string) => string> = {
  accept: () => '已受理',
  decline: () => '经审查不予受理，理由和建议的解决途径已告知',
  route: (status) => (status === 'forwarded' ? '已转送有权处理的机关办理' : status === 'assigned' ? '已交办承办单位办理' : '由本机关直接办理'),
  extend: () => '办理期限已延长，延期理由已告知',
  reply: () => '已作出答复意见',
};

export const CHANNEL_LABELS = { sms: '短信', email: '电子邮件' } as const;
export type NotifyChannel = keyof typeof CHANNEL_LABELS;

/** Only mainland mobile numbers receive text messages; "+86…" is what providers expect. */
export function smsAddress(phone: string): string | undefined {
  const p = normalisePhone(phone);
  return /^1[3-9]\d{9}$/.test(p) ? '+86' + p : undefined;
}

export function messageText(officeName: string, caseNo: string, happened: string, publicUrl: string): string {
  return `【${officeName}】您的信访件（编号 ${caseNo}）${happened}。请凭查询码登录 ${publicUrl}/track 查看详情。`;
}

/**
 * Writes the messages for one event, in the caller's transaction (so a rolled-back action sends
 * nothing, and a committed one is never forgotten). Events not in NOTIFY_EVENTS write nothing.
 */
export async function queueNotifications(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'db' | 'keys' | 'config'>,
  e: { petitionId: number; eventId: number; type: string; at: Date },
): Promise<number> {
  const words = NOTIFY_EVENTS[e.type];
  if (!words) return 0;
  const p = await trx
    .selectFrom('petitions as p')
    .leftJoin('petitioners as s', (j) => j.onRef('s.petition_id', '=', 'p.id').on('s.role', '=', 'signer'))
    .select(['p.case_no', 'p.status', 'p.notify', 's.phone_enc', 's.email_enc'])
    .where('p.id', '=', e.petitionId)
    .executeTakeFirst();
  if (!p || !p.notify) return 0;
  const channels: NotifyChannel[] = [];
  if (p.phone_enc && smsAddress(deps.keys.open(p.phone_enc))) channels.push('sms');
  if (p.email_enc) channels.push('email');
  if (!channels.length) return 0;
  const office = await officeIdentity(deps);
  const text = messageText(office.name, p.case_no, words(p.status), deps.config.publicUrl);
  const rows = await trx
    .insertInto('notifications')
    .values(channels.map((channel) => ({ petition_id: e.petitionId, event_id: e.eventId, event_type: e.type, channel, text, next_attempt_at: e.at, created_at: e.at })))
    .onConflict((oc) => oc.columns(['event_id', 'channel']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** Messages waiting to go out (for monitoring, e.g. a metrics gauge): how many, and the oldest's age. */
export async function outboxBacklog(db: Db, now = new Date()): Promise<{ pending: number; oldestSeconds: number }> {
  const r = await sql<{ n: string; oldest: Date | null }>`
    SELECT count(*) AS n, min(created_at) AS oldest FROM notifications WHERE status = 'pending'`.execute(db);
  const row = r.rows[0];
  return { pending: Number(row?.n ?? 0), oldestSeconds: row?.oldest ? Math.max(0, Math.round((now.getTime() - row.oldest.getTime()) / 1000)) : 0 };
}

export type CaseNotification = {
  id: number;
  channel: NotifyChannel;
  channelLabel: string;
  eventType: string;
  text: string;
  status: 'pending' | 'sent' | 'failed';
  /** What staff read: 已发送 / 发送失败 / 正在发送（第 n 次重试）/ 未发送（未配置短信通道）. */
  statusLabel: string;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
};

/** What was sent (or is waiting) for one case, for the staff case page. */
export async function caseNotifications(deps: Pick<Deps, 'db' | 'config'>, petitionId: number): Promise<CaseNotification[]> {
  const rows = await deps.db.selectFrom('notifications').selectAll().where('petition_id', '=', petitionId).orderBy('id').execute();
  const configured = { sms: !!deps.config.notify.smsWebhookUrl, email: !!deps.config.notify.smtpUrl };
  return rows.map((r) => {
    const channel = r.channel as NotifyChannel;
    const statusLabel =
      r.status === 'sent'
        ? '已发送'
        : r.status === 'failed'
          ? '发送失败'
          : !configured[channel]
            ? channel === 'sms'
              ? '未发送（未配置短信通道）'
              : '未发送（未配置邮件通道）'
            : r.attempts > 0
              ? `等待重试（已尝试 ${r.attempts} 次）`
              : '等待发送';
    return {
      id: r.id,
      channel,
      channelLabel: CHANNEL_LABELS[channel],
      eventType: r.event_type,
      text: r.text,
      status: r.status as CaseNotification['status'],
      statusLabel,
      attempts: r.attempts,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
      lastError: r.last_error,
    };
  });
}
