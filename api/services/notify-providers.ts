// The channels a citizen's message can go out on, behind one interface: a text-message webhook
// (SMS_WEBHOOK_URL: POST JSON { to, text, caseNo, event }, any 2xx means delivered) and mail
// (SMTP_URL, through nodemailer, the maintained Node mail library). A channel that is not
// configured has no provider: its messages stay in the outbox.
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { NotifyChannel } from './notifications.ts';

export type OutgoingMessage = { to: string; text: string; caseNo: string; event: string };

export interface NotifyProvider {
  readonly channel: NotifyChannel;
  /** Resolves when the provider accepted the message; throws (with a short reason) otherwise. */
  send(m: OutgoingMessage): Promise<void>;
}

const TIMEOUT_MS = 10_000;

export function smsWebhook(url: string): NotifyProvider {
  return {
    channel: 'sms',
    async send(m) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to: m.to, text: m.text, caseNo: m.caseNo, event: m.event }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (e) {
        throw new Error(`短信通道无法连接：${(e as Error).name === 'TimeoutError' ? '超时' : (e as Error).message}`);
      }
      await res.arrayBuffer().catch(() => undefined); // let the connection be reused
      if (res.status < 200 || res.status > 299) throw new Error(`短信通道返回 HTTP ${res.status}`);
    },
  };
}

export function smtpMail(url: string, from: string): NotifyProvider {
  const transport = nodemailer.createTransport(url, { connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
  return {
    channel: 'email',
    async send(m) {
      try {
        await transport.sendMail({ from, to: m.to, subject: `信访件 ${m.caseNo} 办理进展`, text: m.text });
      } catch (e) {
        throw new Error(`邮件发送失败：${(e as Error).message}`.slice(0, 300));
      }
    },
  };
}

/** The providers this process's settings configure (none, one or both). */
export function providersFrom(config: Config): NotifyProvider[] {
  const out: NotifyProvider[] = [];
  if (config.notify.smsWebhookUrl) out.push(smsWebhook(config.notify.smsWebhookUrl));
  if (config.notify.smtpUrl) out.push(smtpMail(config.notify.smtpUrl, config.notify.smtpFrom ?? `xinfang@${new URL(config.publicUrl).hostname}`));
  return out;
}
