// The outbox sender: takes due messages for the configured channels, delivers each once, and
// records delivery or failure. Safe with several processes: a message is claimed in its own
// committed statement (FOR UPDATE SKIP LOCKED, then a lease in next_attempt_at), so no two
// processes send it at once; a failure is retried with a doubling pause (5 s, 10 s, 20 s … at
// most 30 minutes) up to MAX_ATTEMPTS, then marked failed. A process that dies mid-send leaves
// the lease to run out, after which the message is tried again.
import { sql } from 'kysely';
import type { Deps } from '../context.ts';
import { smsAddress, type NotifyChannel } from '../services/notifications.ts';
import type { NotifyProvider } from '../services/notify-providers.ts';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
const FIRST_RETRY_MS = 5_000;
const LONGEST_PAUSE_MS = 30 * 60_000;

export const retryPauseMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_PAUSE_MS);

type Claimed = { id: number; channel: NotifyChannel; text: string; event_type: string; attempts: number; case_no: string; phone_enc: Buffer | null; email_enc: Buffer | null };

/** Sends what is due now; returns how many were delivered. */
export async function sendNotifications(deps: Deps, providers: NotifyProvider[], batch = 20): Promise<number> {
  if (!providers.length) return 0;
  const byChannel = new Map(providers.map((p) => [p.channel, p]));
  const now = deps.now();
  const { rows } = await sql<Claimed>`
    WITH due AS (
      SELECT id FROM notifications
       WHERE status = 'pending' AND next_attempt_at <= ${now} AND channel = ANY(${sql.val([...byChannel.keys()])}::text[])
       ORDER BY next_attempt_at, id
       LIMIT ${batch}
       FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE notifications n SET attempts = n.attempts + 1, next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
        FROM due WHERE n.id = due.id
      RETURNING n.id, n.petition_id, n.channel, n.text, n.event_type, n.attempts
    )
    SELECT c.id, c.channel, c.text, c.event_type, c.attempts, p.case_no, s.phone_enc, s.email_enc
      FROM claimed c
      JOIN petitions p ON p.id = c.petition_id
      LEFT JOIN petitioners s ON s.petition_id = c.petition_id AND s.role = 'signer'
     ORDER BY c.id`.execute(deps.db);

  let delivered = 0;
  await Promise.all(
    rows.map(async (m) => {
      const to = m.channel === 'sms' ? (m.phone_enc ? smsAddress(deps.keys.open(m.phone_enc)) : undefined) : m.email_enc ? deps.keys.open(m.email_enc) : undefined;
      if (!to) return record(deps, m.id, 'failed', '收件人信息已不存在（可能已匿名化）');
      try {
        await byChannel.get(m.channel)!.send({ to, text: m.text, caseNo: m.case_no, event: m.event_type });
      } catch (e) {
        const reason = String((e as Error).message ?? e).slice(0, 300);
        if (m.attempts >= MAX_ATTEMPTS) return record(deps, m.id, 'failed', reason);
        return record(deps, m.id, 'pending', reason, new Date(deps.now().getTime() + retryPauseMs(m.attempts)));
      }
      delivered++;
      await record(deps, m.id, 'sent');
    }),
  );
  return delivered;
}

async function record(deps: Deps, id: number, status: 'sent' | 'failed' | 'pending', error?: string, nextAt?: Date) {
  const now = deps.now();
  await deps.db
    .updateTable('notifications')
    .set({
      status,
      last_error: error ?? null,
      ...(status === 'sent' ? { sent_at: now } : {}),
      ...(nextAt ? { next_attempt_at: nextAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}
