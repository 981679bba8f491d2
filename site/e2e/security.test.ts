// Browser stories of staff sign-in at protection level 3 (issue 16), in Debian's Chromium against
// a real server: a new leader signs in for the first time on a phone, chooses a password, sets up
// the authenticator by its QR code, keeps the recovery codes, and signs in again with a code,
// seeing when and where he last signed in; the admin finds all that in the audit log, unlocks an
// account locked after failed sign-ins, and tightens the security policy. Screenshots at 360 px
// and 1280 px in test-results/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { consoleStage, readyAccount, rememberAuthenticator, freshCode, signIn, snap, StaffApi, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, DESKTOP, newPage, PHONE } from './support.ts';

let s: ConsoleStage;
let admin: StaffApi;
const LEADER = { username: 'liu.leader', once: 'Once-Liu-2026!', password: 'Liu-own-pass-2026' };

before(async () => {
  s = await consoleStage();
  admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  await admin.call('POST', '/api/staff/users', { username: LEADER.username, password: LEADER.once, role: 'leader', displayName: '刘振华' });
  await readyAccount(admin, s.base, { username: 'sun.clerk', password: 'Sun-clerk-2026!', role: 'clerk', displayName: '孙丽' });
});
after(() => s?.close());

test('刘主任 signs in for the first time on his phone, sets up the authenticator by its QR code, and signs in again with a code', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await page.goto(s.base + '/console/login');
  await page.fill('#l-username', LEADER.username);
  await page.fill('#l-password', LEADER.once);
  await page.click('button[type=submit]');
  // First: his own password, under the admin's rules.
  await page.waitForSelector('h1:has-text("设置新密码")');
  assert.match((await page.textContent('#p-new-hint')) ?? '', /至少 10 位.*至少 3 种/);
  await page.fill('#p-new', 'short');
  await page.fill('#p-repeat', 'short');
  await page.click('button[type=submit]');
  await page.waitForSelector('#p-new-error');
  await page.fill('#p-new', LEADER.password);
  await page.fill('#p-repeat', LEADER.password);
  await snap(page, 'security-phone-change-password');
  await page.click('button[type=submit]');

  // Then: the authenticator, which a leader's sign-in requires.
  await page.waitForSelector('h1:has-text("设置双因素认证")');
  await page.click('#e-start');
  await page.waitForSelector('.totp-qr-image svg');
  const secret = (await page.textContent('#e-secret'))!.trim();
  assert.match(secret, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await snap(page, 'security-phone-enrol-qr');
  await page.fill('#e-code', '000000');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#e-code-error');
  rememberAuthenticator(LEADER.username, secret, 0);
  await page.fill('#e-code', await freshCode(LEADER.username));
  await page.click('form button[type=submit]');
  await page.waitForSelector('h1:has-text("请保存恢复码")');
  const codes = await page.$$eval('.recovery-codes code', (els) => els.map((e) => e.textContent));
  assert.equal(codes.length, 10);
  assert.ok(codes.every((c) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(c ?? '')));
  await snap(page, 'security-phone-recovery-codes');
  await page.click('#codes-done');
  await page.waitForURL(/\/console\/leader$/);
  await page.waitForSelector('#last-login');
  assert.equal((await page.textContent('#last-login'))?.trim(), '这是您的账号第一次登录。');
  await page.click('.console-signout');
  await page.waitForURL(/\/console\/login\?out=1/);

  // Next time: password, then the code from the authenticator.
  await page.fill('#l-username', LEADER.username);
  await page.fill('#l-password', LEADER.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("输入动态验证码")');
  await page.fill('#l-code', '123456');
  await page.click('button[type=submit]');
  await page.waitForSelector('.alert:has-text("动态验证码不正确")');
  await snap(page, 'security-phone-code-wrong');
  await page.fill('#l-code', await freshCode(LEADER.username));
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/leader$/);
  const line = (await page.textContent('#last-login'))?.trim() ?? '';
  assert.match(line, /^上次登录：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}，地址 127\.0\.0\.1。此后有 1 次失败的登录尝试/);
  await snap(page, 'security-phone-last-login');
  assert.deepEqual(errors, []);
  await context.close();

  // On a desktop, the same sign-in.
  const desk = await newPage(s.browser, DESKTOP);
  await desk.page.goto(s.base + '/console/login');
  await desk.page.fill('#l-username', LEADER.username);
  await desk.page.fill('#l-password', LEADER.password);
  await desk.page.click('button[type=submit]');
  await desk.page.waitForSelector('#l-code');
  await snap(desk.page, 'security-desktop-code');
  await desk.page.fill('#l-code', await freshCode(LEADER.username));
  await desk.page.click('button[type=submit]');
  await desk.page.waitForURL(/\/console\/leader$/);
  await desk.page.waitForSelector('#last-login');
  await snap(desk.page, 'security-desktop-last-login');
  assert.deepEqual(desk.errors, []);
  await desk.context.close();
});

test('the admin finds the leader\'s enrolment and sign-ins in the audit log, unlocks a locked clerk, and tightens the policy', async () => {
  // 孙丽 mistypes her password five times: her account locks.
  for (let i = 0; i < 5; i++) {
    const r = await fetch(s.base + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sun.clerk', password: `wrong-${i}-pass` }) });
    assert.equal(r.status, 401);
  }
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'admin', ADMIN_PASSWORD, /\/console\/admin/);

  // Users: the lock and the second factors, and the unlock.
  await page.waitForSelector('.badge.locked');
  const row = page.locator('tr', { has: page.locator('th', { hasText: 'sun.clerk' }) });
  assert.match((await row.textContent()) ?? '', /已锁定至/);
  assert.match((await page.locator('tr', { has: page.locator('th', { hasText: LEADER.username }) }).textContent()) ?? '', /已启用双因素认证/);
  await snap(page, 'security-desktop-users-locked');
  await row.locator('button:has-text("解锁")').click();
  await page.waitForSelector('.success:has-text("已解锁 sun.clerk")');
  assert.equal((await fetch(s.base + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sun.clerk', password: 'Sun-clerk-2026!' }) })).status, 200);

  // The audit log, by target.
  await page.click('#tab-audit');
  await page.waitForSelector('#audit-table');
  await page.fill('#au-target', LEADER.username);
  await page.click('#au-search');
  await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length > 0 && [...document.querySelectorAll('#audit-table tbody tr')].every((r) => r.textContent?.includes('liu.leader')));
  const text = (await page.textContent('#audit-table')) ?? '';
  for (const label of ['新建账号', '本人修改密码', '启用双因素认证', '登录成功', '登录失败']) assert.ok(text.includes(label), `${label} in the audit log`);
  await snap(page, 'security-desktop-audit');
  // … and the unlock, by action.
  await page.fill('#au-target', '');
  await page.selectOption('#au-action', 'user.unlock');
  await page.click('#au-search');
  await page.waitForSelector('#audit-table tbody tr:has-text("sun.clerk")');
  assert.match((await page.textContent('#audit-table tbody tr')) ?? '', /admin.*账号解锁.*sun\.clerk.*管理员解锁/s);

  // The policy: a shorter idle timeout; the change is itself in the log.
  await page.click('#tab-security');
  await page.waitForSelector('#security-form');
  await page.fill('#sec-idleMinutes', '3');
  await page.click('#security-form button[type=submit]');
  await page.waitForSelector('#sec-idleMinutes-error');
  await page.fill('#sec-idleMinutes', '20');
  await page.check('#sec-totpForAll');
  await page.click('#security-form button[type=submit]');
  await page.waitForSelector('.success:has-text("已保存")');
  await snap(page, 'security-desktop-policy');
  const policy = await admin.call('GET', '/api/staff/settings/security');
  assert.equal(policy.idleMinutes, 20);
  assert.equal(policy.totpForAll, true);
  assert.deepEqual(errors, []);
  await context.close();

  // The audit log on a phone.
  const phone = await newPage(s.browser, PHONE);
  await signIn(phone.page, s.base, 'admin', ADMIN_PASSWORD, /\/console\/admin/);
  await phone.page.goto(s.base + '/console/admin#audit');
  await phone.page.waitForSelector('#audit-table');
  await phone.page.selectOption('#au-action', 'settings.');
  await phone.page.click('#au-search');
  await phone.page.waitForSelector('#audit-table tbody tr:has-text("修改安全策略")');
  await snap(phone.page, 'security-phone-audit');
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});

test('a busy moment does not sign 刘主任 out: the console tries again, and says so if the server stays away', async () => {
  const { context, page } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, LEADER.username, LEADER.password, /\/console\/leader$/);
  await page.waitForSelector('#last-login');

  // Two answers lost to a busy server (503, then a cut connection): the page still opens.
  let failures = 0;
  await page.route('**/api/auth/me', async (route) => {
    failures++;
    if (failures === 1) await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"系统暂时繁忙，请稍后再试"}}' });
    else if (failures === 2) await route.abort('connectionreset');
    else await route.continue();
  });
  await page.goto(s.base + '/console/leader');
  await page.waitForSelector('#last-login');
  assert.equal(failures, 3);
  assert.match(page.url(), /\/console\/leader$/);

  // The server stays away: the page says so, and he is not sent to the login.
  await page.unroute('**/api/auth/me');
  await page.route('**/api/auth/me', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{}' }));
  await page.goto(s.base + '/console/leader');
  await page.waitForSelector('[role=alert]:has-text("系统暂时繁忙，无法确认您的登录状态")', { timeout: 15_000 });
  assert.match(page.url(), /\/console\/leader$/);
  assert.equal(await page.locator('[role=alert]:has-text("系统暂时繁忙")').count(), 1, 'one message');
  await snap(page, 'security-desktop-session-unknown');

  // Back again: one press of 刷新页面 and he is in, still signed in.
  await page.unroute('**/api/auth/me');
  await page.click('[role=alert] button:has-text("刷新页面")');
  await page.waitForSelector('#last-login');
  assert.match(page.url(), /\/console\/leader$/);

  // He signs out while the page's lists are still loading: their answers (401, the session has
  // ended) come before the sign-out's own, and still he lands on the page that says he is out.
  let logoutDone!: () => void;
  const ended = new Promise<void>((r) => (logoutDone = r));
  let held = 0;
  await page.route('**/api/staff/**', async (route) => {
    held++;
    await ended;
    await route.continue().catch(() => {});
  });
  await page.route('**/api/auth/logout', async (route) => {
    const answer = await route.fetch();
    logoutDone();
    await new Promise((r) => setTimeout(r, 1500));
    await route.fulfill({ response: answer });
  });
  await page.goto(s.base + '/console/leader');
  await page.waitForSelector('.console-signout');
  for (let i = 0; i < 50 && held === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(held > 0, 'the leader page asks for its lists');
  await page.click('.console-signout');
  await page.waitForURL(/\/console\/login\?out=1$/);
  await page.waitForSelector('text=您已退出登录');
  await context.close();
});
