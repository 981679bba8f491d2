// End to end (issue 14): a citizen files online with a phone number, a clerk accepts the case,
// and the text message reaches the SMS webhook (a real HTTP receiver started here) once, within
// 10 s, from a real installation of two API processes with their background jobs on.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { readyAccount, StaffApi } from '../../site/e2e/console-support.ts';
import { createTestDatabase, dropTestDatabase, sampleFiling } from './harness.ts';
import { http as call, sleep, tempDir } from './process-harness.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

const ADMIN_PASSWORD = 'Admin-pass-2026!';
let server: ServerProcess;
let db: { name: string; url: string };
let receiver: http.Server;
const got: Array<{ at: number; body: Record<string, string> }> = [];
const dir = tempDir('notify');

before(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ at: Date.now(), body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  db = await createTestDatabase();
  server = await startServerProcess({
    DATABASE_URL: db.url,
    DATA_DIR: dir,
    ADMIN_PASSWORD,
    API_PROCESSES: '2',
    JOBS: '1',
    OFFICE_NAME: '东城区人大常委会',
    PUBLIC_URL: 'https://xinfang.example.cn',
    SMS_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`,
  });
});
after(async () => {
  await server?.kill();
  await dropTestDatabase(db.name);
  await new Promise<void>((r) => receiver.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a filing with a phone, accepted by a clerk, reaches the SMS receiver as one message within 10 s', async () => {
  // The admin (with an authenticator) creates a clerk, who chooses a password at the first sign-in.
  const admin = await new StaffApi(server.url).login('admin', ADMIN_PASSWORD);
  await readyAccount(admin, server.url, { username: 'clerk.notify', password: 'clerk-pass-2026', role: 'clerk' });
  const clerk = await new StaffApi(server.url).login('clerk.notify', 'clerk-pass-2026');
  const filed = await call(server.url, 'POST', '/api/public/petitions', sampleFiling({ petitioner: { name: '李大山', phone: '139 1234 5678' } }));
  assert.equal(filed.status, 201);
  await clerk.call('POST', `/api/staff/petitions/${filed.body.caseNo}/actions`, { action: 'accept', scope: 'own' });
  const t0 = Date.now();
  while (!got.length && Date.now() - t0 < 10_000) await sleep(100);
  assert.equal(got.length, 1, 'delivered within 10 s');
  const ms = got[0].at - t0;
  console.log(`# the text message arrived ${ms} ms after the clerk's accept was answered`);
  assert.deepEqual(
    { ...got[0].body, text: undefined },
    { to: '+8613912345678', caseNo: filed.body.caseNo, event: 'accept', text: undefined },
  );
  assert.equal(got[0].body.text, `【东城区人大常委会】您的信访件（编号 ${filed.body.caseNo}）已受理。请凭查询码登录 https://xinfang.example.cn/track 查看详情。`);
  // Both processes run the sender; the message still goes once.
  await sleep(3_000);
  assert.equal(got.length, 1, 'and only once');
  const detail = await clerk.call('GET', `/api/staff/petitions/${filed.body.caseNo}`);
  assert.equal(detail.notifications[0].statusLabel, '已发送');
});
