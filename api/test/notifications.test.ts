// Telling the citizen (issue 14): an outbox row is written with the event, in its transaction;
// the sender delivers through a real HTTP receiver (the SMS webhook) and a real SMTP server
// started here, retries a provider that fails twice, and delivers once when two senders run at
// once. Messages carry the case number, the event and the /track link: never the query code or
// the content. Without a channel, the console shows "未发送（未配置短信通道）".
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { MAX_ATTEMPTS, retryPauseMs, sendNotifications } from '../jobs/send-notifications.ts';
import { outboxBacklog } from '../services/notifications.ts';
import { smsWebhook, smtpMail } from '../services/notify-providers.ts';
import type { TestEnv } from './harness.ts';
import { act, fileOnline, login, STAFF_PASSWORD, staffEnv, team, type Team } from './staff-helpers.ts';

let env: TestEnv;
let staff: Team;
let clock = new Date();
before(async () => {
  env = await staffEnv({ now: () => clock });
  staff = await team(env);
});
after(() => env.close());

const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));

/** A real HTTP receiver: answers each POST with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const got: Array<Record<string, string>> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push(JSON.parse(body));
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function outbox(caseNo: string) {
  return env.deps.db
    .selectFrom('notifications as n')
    .innerJoin('petitions as p', 'p.id', 'n.petition_id')
    .select(['n.id', 'n.channel', 'n.status', 'n.attempts', 'n.text', 'n.event_type', 'n.last_error'])
    .where('p.case_no', '=', caseNo)
    .orderBy('n.id')
    .execute();
}

test('a citizen who opted out, an anonymous one, and a landline get no message; declined staff actions write none', async () => {
  const optedOut = await fileOnline(env, { notify: false });
  const anonymous = await fileOnline(env, { anonymous: true, petitioner: undefined });
  const landline = await fileOnline(env, { petitioner: { name: '王五', phone: '010-6512 3456' } });
  for (const c of [optedOut, anonymous, landline]) {
    assert.equal((await act(staff.clerk, c.caseNo, { action: 'accept', scope: 'own' })).status, 200);
    assert.deepEqual(await outbox(c.caseNo), []);
  }
  // An action refused by the lifecycle writes nothing either.
  const c = await fileOnline(env);
  assert.equal((await act(staff.clerk, c.caseNo, { action: 'reply', text: '答复' })).status, 409);
  assert.deepEqual(await outbox(c.caseNo), []);
});

test('accepting a filing with a phone writes one text message with the event; without a channel the console says it was not sent', async () => {
  const filed = await fileOnline(env, { title: '短信通知测试', content: '这是信访内容，不能出现在短信里。' });
  assert.deepEqual(await outbox(filed.caseNo), [], 'registering tells nothing (the receipt does)');
  await act(staff.clerk, filed.caseNo, { action: 'accept', scope: 'own' });
  const rows = await outbox(filed.caseNo);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].channel, 'sms');
  assert.equal(rows[0].event_type, 'accept');
  assert.match(rows[0].text, new RegExp(`${filed.caseNo}.*已受理`));
  assert.match(rows[0].text, /\/track/);
  assert.ok(!rows[0].text.includes(filed.queryCode) && !rows[0].text.includes(filed.queryCode.replaceAll('-', '')), 'never the query code');
  assert.ok(!rows[0].text.includes('信访内容') && !rows[0].text.includes('短信通知测试'), 'never the content or title');
  const detail = await staff.clerk.call('GET', `/api/staff/petitions/${filed.caseNo}`);
  assert.equal(detail.body.notifications.length, 1);
  assert.equal(detail.body.notifications[0].statusLabel, '未发送（未配置短信通道）');
  // The agency officer does not see the outbox.
  await act(staff.clerk, filed.caseNo, { action: 'route', mode: 'assign', agencyId: staff.agencyId });
  const agencyView = await staff.agency.call('GET', `/api/staff/petitions/${filed.caseNo}`);
  assert.deepEqual(agencyView.body.notifications, []);
  const routed = await outbox(filed.caseNo);
  assert.equal(routed.length, 2);
  assert.match(routed[1].text, /已交办承办单位办理/);
  assert.ok((await outboxBacklog(env.deps.db, clock)).pending >= 2);
});

test('a provider that fails twice then succeeds: retried with a growing pause, delivered once, recorded', async () => {
  await drain();
  const sms = await receiver([503, 500]);
  try {
    const filed = await fileOnline(env, { petitioner: { name: '赵六', phone: '139 0000 1111' } });
    await act(staff.clerk, filed.caseNo, { action: 'accept', scope: 'own' });
    const providers = [smsWebhook(sms.url)];
    assert.equal(await sendNotifications(env.deps, providers), 0);
    let [row] = await outbox(filed.caseNo);
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error!, /HTTP 503/);
    // Not before its pause is over.
    tick(retryPauseMs(1) - 1000);
    await sendNotifications(env.deps, providers);
    assert.equal(sms.got.length, 1);
    tick(1000);
    assert.equal(await sendNotifications(env.deps, providers), 0);
    assert.equal(sms.got.length, 2);
    tick(retryPauseMs(2));
    assert.equal(await sendNotifications(env.deps, providers), 1);
    [row] = await outbox(filed.caseNo);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, null);
    assert.equal(sms.got.length, 3);
    assert.deepEqual(Object.keys(sms.got[2]).sort(), ['caseNo', 'event', 'text', 'to']);
    assert.deepEqual({ ...sms.got[2], text: undefined }, { to: '+8613900001111', caseNo: filed.caseNo, event: 'accept', text: undefined });
    env.deps.config.notify.smsWebhookUrl = sms.url;
    const detail = await staff.clerk.call('GET', `/api/staff/petitions/${filed.caseNo}`);
    assert.equal(detail.body.notifications[0].statusLabel, '已发送');
    tick(3_600_000);
    assert.equal(await sendNotifications(env.deps, providers), 0, 'a delivered message is never sent again');
    assert.equal(sms.got.length, 3);
  } finally {
    env.deps.config.notify.smsWebhookUrl = undefined;
    await sms.close();
  }
});

test('a provider that never answers 2xx: the message is marked failed after the last attempt', async () => {
  await drain();
  const sms = await receiver(Array(MAX_ATTEMPTS).fill(500));
  try {
    const filed = await fileOnline(env, { petitioner: { name: '钱七', phone: '13700002222' } });
    await act(staff.clerk, filed.caseNo, { action: 'accept', scope: 'own' });
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await sendNotifications(env.deps, [smsWebhook(sms.url)]);
      tick(retryPauseMs(i));
    }
    const [row] = await outbox(filed.caseNo);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, MAX_ATTEMPTS);
    assert.equal(sms.got.length, MAX_ATTEMPTS);
  } finally {
    await sms.close();
  }
});

test('two senders at once (as in two processes) deliver each message once', async () => {
  await drain();
  const sms = await receiver();
  try {
    const cases = await Promise.all(Array.from({ length: 6 }, (_, i) => fileOnline(env, { petitioner: { name: `并发${i}`, phone: `1360000${String(1000 + i)}` } })));
    for (const c of cases) await act(staff.clerk, c.caseNo, { action: 'accept', scope: 'own' });
    const [a, b] = await Promise.all([sendNotifications(env.deps, [smsWebhook(sms.url)], 4), sendNotifications(env.deps, [smsWebhook(sms.url)], 4)]);
    await sendNotifications(env.deps, [smsWebhook(sms.url)], 20);
    assert.equal(sms.got.length, 6, `delivered ${a} + ${b} then the rest`);
    assert.deepEqual(new Set(sms.got.map((m) => m.caseNo)), new Set(cases.map((c) => c.caseNo)));
  } finally {
    await sms.close();
  }
});

test('mail goes through a real SMTP server to the address the citizen left', async () => {
  await drain();
  const mails: Array<{ to: string[]; data: string }> = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c) => (data += c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as AddressInfo).port;
  try {
    const filed = await fileOnline(env, { petitioner: { name: '孙八', phone: '13800003333', email: 'sunba@example.cn' } });
    await act(staff.clerk, filed.caseNo, { action: 'accept', scope: 'own' });
    const rows = await outbox(filed.caseNo);
    assert.deepEqual(rows.map((r) => r.channel).sort(), ['email', 'sms']);
    const delivered = await sendNotifications(env.deps, [smtpMail(`smtp://127.0.0.1:${port}`, 'xinfang@office.example')]);
    assert.equal(delivered, 1);
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0].to, ['sunba@example.cn']);
    const text = mailText(mails[0].data);
    assert.match(text, new RegExp(`编号 ${filed.caseNo}）已受理`));
    assert.match(mails[0].data, new RegExp(`Subject: .*`));
    assert.ok(!text.includes(filed.queryCode) && !text.includes(filed.queryCode.replaceAll('-', '')));
    const after = await outbox(filed.caseNo);
    assert.equal(after.find((r) => r.channel === 'email')!.status, 'sent');
    assert.equal(after.find((r) => r.channel === 'sms')!.status, 'pending', 'the SMS row waits for its own channel');
  } finally {
    await new Promise<void>((r) => smtp.close(() => r()));
  }
});

test('a bad e-mail address is refused beside its field', async () => {
  const r = await env.call('POST', '/api/public/petitions', { ...(await import('./harness.ts')).sampleFiling({ petitioner: { name: '周九', phone: '13800004444', email: 'not-an-address' } }) });
  assert.equal(r.status, 400);
  assert.match(r.body.error.fields['petitioner.email'], /电子邮箱格式不正确/);
});

/** The plain text of a single-part mail as nodemailer writes it (base64 or quoted-printable). */
function mailText(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Marks earlier tests' messages as sent, so each test counts only its own; signs the clerk in
 *  again (the fake clock may have moved past the session's idle limit). */
async function drain() {
  await env.deps.db.updateTable('notifications').set({ status: 'sent' }).where('status', '=', 'pending').execute();
  staff.clerk = await login(env, staff.clerk.user.username, STAFF_PASSWORD);
}
