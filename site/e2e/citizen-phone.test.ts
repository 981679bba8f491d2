// Browser stories of the citizen on a real phone (issue 14), in Debian's Chromium at 360 px
// against a real server and PostgreSQL: a lost answer and a retry with a photo; an edit after a
// lost answer; the code found again on /track after leaving the receipt; a reload mid-letter
// and its restore; Back from the review step; failed sends with the message in view; photos
// made small in the browser; closed cases that say why; codes with confusable characters.
// Screenshots of each new state are kept in test-results/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.ts';
import { consoleStage, readyAccount, signIn, StaffApi, type ConsoleStage } from './console-support.ts';
import { dimensions, phonePhoto } from './photos.ts';
import { ADMIN_PASSWORD, DESKTOP, gotoIsland, newPage, PHONE, PNG_1PX, ROOT, shot, shotBoth } from './support.ts';

let s: ConsoleStage;
let clerk: StaffApi;
before(async () => {
  s = await consoleStage();
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  // A named office, so the pages (and their pictures) say where to write, visit or call.
  await admin.call('PUT', '/api/staff/settings/office', { name: '东城区人大常委会', address: '东城区和平里东街 18 号', postcode: '100013', phone: '010-6421 0000', receptionHours: '工作日 9:00—17:00', docPrefix: '东人大信' });
  await readyAccount(admin, s.base, { username: 'clerk.i14', password: 'clerk-pass-2026', role: 'clerk', displayName: '王干事' });
  clerk = await new StaffApi(s.base).login('clerk.i14', 'clerk-pass-2026');
});
after(() => s?.close());

async function openForm(page: Page) {
  await gotoIsland(page, s.base + '/file');
  await page.waitForSelector('#f-categoryCode option:nth-child(2)', { state: 'attached' });
}

async function fillLetter(page: Page, title: string) {
  await page.check('input[value=demand]');
  await page.selectOption('#f-categoryCode', 'labor');
  await page.selectOption('#f-categorySub', 'labor.wages');
  await page.fill('#f-title', title);
  await page.fill('#f-content', '我在某建筑工地干了半年，老板拖欠工资两万八千元，多次讨要没有结果。');
  await page.fill('#f-petitioner-name', '李大山');
  await page.fill('#f-petitioner-phone', '13912345678');
}

async function toReview(page: Page) {
  await page.click('button[type=submit]:has-text("下一步")');
  await page.waitForSelector('text=请核对您要提交的内容');
}

const countByTitle = async (title: string) => Number((await s.db.query('SELECT count(*) AS n FROM petitions WHERE title = $1', [title])).rows[0].n);
const track = async (code: string) => (await fetch(`${s.base}/api/public/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryCode: code }) })).json();

/** The next filing's answer is lost on the way back: the server commits it, the browser sees a broken connection. */
async function loseNextAnswer(page: Page) {
  let lost = false;
  await page.route('**/api/public/petitions', async (route) => {
    if (lost) return route.continue();
    lost = true;
    await route.fetch(); // reaches the server, which files the letter
    await route.abort('connectionreset');
  });
}

/** The browser's own log lines for the failures a story makes on purpose. */
const unexpected = (errors: string[]) => errors.filter((e) => !/ERR_CONNECTION_RESET|status of 503/.test(e));

/** True when the element is inside the visible part of the page. */
const inView = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
  });

test('李大爷 loses the answer to 确认提交 on a bad network; his retry with a photo answers the same case', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await openForm(page);
  const title = '工地拖欠工资（重试）';
  await fillLetter(page, title);
  await page.setInputFiles('#f-attachmentIds', [{ name: '欠条.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.waitForSelector('.files >> text=已上传');
  await toReview(page);
  await loseNextAnswer(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('.send-failure');
  assert.match((await page.textContent('.send-failure'))!, /网络连接中断.*重新提交不会重复登记/);
  assert.ok(await inView(page, '.send-failure'), 'the message is on screen');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('send-failure')), true, 'and has focus');
  await shot(page, 'i14-lost-answer-error');
  assert.deepEqual(await seriousViolations(page), []);
  assert.equal(await countByTitle(title), 1, 'the letter is in although the browser did not hear it');

  await page.click('.send-failure button:has-text("重新提交")');
  await page.waitForSelector('text=提交成功');
  const code = (await page.textContent('.receipt-value.code'))!.trim();
  assert.equal(await countByTitle(title), 1, 'the retry filed nothing new');
  assert.equal((await track(code)).caseNo, (await page.textContent('.receipt-value.case-no'))!.trim());
  await shotBoth(page, 'i14-lost-answer-retry-receipt');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a citizen edits the letter after a lost answer: the earlier receipt is shown and the edit goes in as supplementary material', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await openForm(page);
  const title = '工地拖欠工资（答复丢失后修改）';
  await fillLetter(page, title);
  await toReview(page);
  await loseNextAnswer(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('.send-failure');
  // She thinks it did not go, goes back and adds a sentence.
  await page.click('button:has-text("返回修改")');
  await page.waitForSelector('#f-content');
  await page.fill('#f-content', '我在某建筑工地干了半年，老板拖欠工资两万八千元，多次讨要没有结果。补充：老板已经失联一周。');
  await toReview(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('text=您的信件已经提交成功');
  assert.match((await page.textContent('main'))!, /之后修改的内容没有提交，也没有重复登记/);
  assert.equal(await countByTitle(title), 1);
  const code = (await page.textContent('.receipt-value.code'))!.trim();
  assert.match(await page.inputValue('#r-edit'), /老板已经失联一周/);
  await shot(page, 'i14-edit-after-lost-answer');
  assert.deepEqual(await seriousViolations(page), []);
  await page.click('button:has-text("把修改的内容作为补充材料提交")');
  await page.waitForSelector('text=修改的内容已作为补充材料提交');
  const t = await track(code);
  assert.deepEqual(t.events.map((e: { type: string }) => e.type), ['register', 'supplement']);
  assert.match(t.events[1].text, /老板已经失联一周/);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('王阿姨 leaves the receipt, and later finds her case on /track with one tap; she can remove it; the code can be saved as a picture', async () => {
  const { context, page, errors } = await newPage(s.browser, { ...PHONE, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.base });
  await openForm(page);
  await fillLetter(page, '小区电梯停用三个月');
  await toReview(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('text=提交成功');
  const caseNo = (await page.textContent('.receipt-value.case-no'))!.trim();
  assert.equal(await page.isChecked('#r-keep'), true, 'kept on this device unless she says no');
  await page.waitForSelector('#r-keep-note:has-text("已保存在本机")');
  // "已复制" appears beside the button she pressed.
  await page.click('button:has-text("复制查询码")');
  const status = await page.waitForSelector('.receipt-item:has(.code) .copy-status:has-text("已复制")');
  const [button, note] = await Promise.all([page.$eval('button:has-text("复制查询码")', (b) => b.getBoundingClientRect().bottom), status.evaluate((n) => n.getBoundingClientRect().top)]);
  assert.ok(note - button < 60, `the confirmation is right under the button (${note - button} px)`);
  await shotBoth(page, 'i14-receipt-copied');
  assert.deepEqual(await seriousViolations(page), []);
  // The receipt as a picture.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("保存为图片")')]);
  const png = path.join(ROOT, 'test-results', 'i14-receipt-image.png');
  await download.saveAs(png);
  const img = await import('node:fs').then((fs) => fs.readFileSync(png));
  assert.equal(img.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual(dimensions(img), { width: 720, height: 560 });

  await page.goto(s.base + '/');
  await gotoIsland(page, s.base + '/track');
  await page.waitForSelector('.saved-cases');
  assert.match((await page.textContent('.saved-cases'))!, new RegExp(caseNo));
  assert.match((await page.textContent('.saved-cases'))!, /小区电梯停用三个月/);
  await shotBoth(page, 'i14-track-saved-list');
  assert.deepEqual(await seriousViolations(page), []);
  await page.click(`button[aria-label="查看信件 ${caseNo}"]`);
  await page.waitForSelector('text=办理过程');
  assert.match((await page.textContent('main'))!, /已登记，等待受理审查/);
  await page.click('button:has-text("退出查询")');
  await page.click(`button[aria-label="从本机删除信件 ${caseNo} 的查询码"]`);
  await page.waitForSelector(`text=已从本机删除信件 ${caseNo}`);
  assert.equal(await page.evaluate(() => localStorage.getItem('xf-cases')), null);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a reload after a lost answer: the page says the letter may already be in, and sending again shows the same case', async () => {
  const { context, page } = await newPage(s.browser, PHONE);
  await openForm(page);
  const title = '答复丢失后刷新了页面';
  await fillLetter(page, title);
  await toReview(page);
  await loseNextAnswer(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('.send-failure');
  await page.unroute('**/api/public/petitions');
  await page.reload();
  await page.waitForSelector('.draft-found');
  assert.match((await page.textContent('.draft-found'))!, /信件可能已经提交成功/);
  await shot(page, 'i14-reload-after-lost-answer');
  await page.click('button:has-text("恢复这封信")');
  await toReview(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('text=提交成功');
  assert.equal(await countByTitle(title), 1, 'one case, and the person saw its receipt');
  await context.close();
});

test('a citizen who unticks "在本机保存查询码" leaves nothing on the device', async () => {
  const { context, page } = await newPage(s.browser, PHONE);
  await openForm(page);
  await fillLetter(page, '公共电脑上写的信');
  await toReview(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('text=提交成功');
  const code = (await page.textContent('.receipt-value.code'))!.trim();
  await page.uncheck('#r-keep');
  await page.waitForSelector('#r-keep-note:has-text("没有保存在本机")');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes(code) && !stored.includes(code.replaceAll('-', '')), 'no code on the device');
  await context.close();
});

test('a reload in the middle of a letter: the draft and its uploaded photo come back; Back from review returns to the form', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await openForm(page);
  await fillLetter(page, '写到一半刷新了');
  await page.fill('#f-desiredOutcome', '请督促老板付清工资');
  await page.setInputFiles('#f-attachmentIds', [{ name: '工资条.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.waitForSelector('.files >> text=已上传');
  await page.waitForTimeout(700); // autosave runs a moment after the last change
  await page.reload();
  await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
  await page.waitForSelector('.draft-found');
  assert.match((await page.textContent('.draft-found'))!, /没写完的信/);
  await shotBoth(page, 'i14-draft-found');
  assert.deepEqual(await seriousViolations(page), []);
  await page.click('button:has-text("恢复这封信")');
  await page.waitForSelector('text=已恢复您上次写的内容');
  assert.equal(await page.inputValue('#f-title'), '写到一半刷新了');
  assert.equal(await page.inputValue('#f-desiredOutcome'), '请督促老板付清工资');
  assert.equal(await page.inputValue('#f-petitioner-phone'), '13912345678');
  assert.match((await page.textContent('.files'))!, /工资条\.png.*已上传/);
  await shot(page, 'i14-draft-restored');

  await toReview(page);
  await page.goBack();
  await page.waitForSelector('#f-title');
  assert.equal(new URL(page.url()).pathname, '/file', 'Back stays on the form, not the home page');
  assert.equal(await page.inputValue('#f-title'), '写到一半刷新了');
  await toReview(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('text=提交成功');
  assert.equal(await page.evaluate(() => localStorage.getItem('xf-draft')), null, 'the draft is gone once filed');

  // Discarding a draft starts afresh.
  await openForm(page);
  await page.fill('#f-title', '另一封');
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector('.draft-found');
  await page.click('button:has-text("不要了，重新写")');
  assert.equal(await page.inputValue('#f-title'), '');
  assert.equal(await page.evaluate(() => localStorage.getItem('xf-draft')), null);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a failed send says what to do, in view and focused: wait N minutes on 429, try again on 503; the retry reuses the key', async () => {
  const { context, page } = await newPage(s.browser, PHONE);
  await openForm(page);
  const title = '被限流后重试';
  await fillLetter(page, title);
  await toReview(page);
  const keys: string[] = [];
  const answers = [
    { status: 429, headers: { 'retry-after': '120' }, body: { error: { code: 'rate_limited', message: '操作过于频繁' } } },
    { status: 503, headers: { 'retry-after': '5' }, body: { error: { code: 'unavailable', message: '系统暂时繁忙，请稍后再试' } } },
  ];
  await page.route('**/api/public/petitions', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    const a = answers.shift();
    if (!a) return route.continue();
    await route.fulfill({ status: a.status, headers: { 'content-type': 'application/json', ...a.headers }, body: JSON.stringify(a.body) });
  });
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('.send-failure');
  assert.match((await page.textContent('.send-failure'))!, /请等 2 分钟后再点“重新提交”/);
  // Where else to turn, said once: the office's address, hours and phone.
  assert.match((await page.textContent('.send-failure'))!, /如果一直提交不成功，也可以来信、来访或打电话：来信、来访地址：东城区和平里东街 18 号（邮编 100013）。接待时间：工作日 9:00—17:00。电话：010-6421 0000。/);
  assert.ok(await inView(page, '.send-failure'));
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('send-failure')), true);
  await shotBoth(page, 'i14-failed-send-429');
  await page.click('.send-failure button:has-text("重新提交")');
  await page.waitForSelector('.send-failure:has-text("系统暂时繁忙")');
  assert.ok(await inView(page, '.send-failure'));
  await shot(page, 'i14-failed-send-503');
  await page.click('.send-failure button:has-text("重新提交")');
  await page.waitForSelector('text=提交成功');
  assert.equal(new Set(keys).size, 1, 'every try carried the same Idempotency-Key');
  assert.equal(await countByTitle(title), 1);
  await context.close();
});

test('a 12-megapixel photo goes up turned upright, at most 2,000 px, without its location; a failed upload can be retried', async () => {
  const photo = phonePhoto(path.join(ROOT, '.tmp', 'photos'));
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await openForm(page);
  let failOnce = true;
  await page.route('**/api/public/uploads', async (route) => {
    if (failOnce) {
      failOnce = false;
      return route.fulfill({ status: 503, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { code: 'unavailable', message: '系统暂时繁忙，请稍后再试' } }) });
    }
    return route.continue();
  });
  await page.setInputFiles('#f-attachmentIds', [{ name: 'IMG_2031.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await page.waitForSelector('.files >> text=上传失败');
  await shot(page, 'i14-upload-failed-retry');
  assert.deepEqual(await seriousViolations(page), []);
  await page.click('button[aria-label="重试上传 IMG_2031.jpg"]');
  await page.waitForSelector('.files >> text=已上传');
  assert.match((await page.textContent('.files'))!, /已压缩 3\.7 MB →/);
  await shot(page, 'i14-upload-shrunk');
  // Filed, the photo is read back as staff read it (files are sealed at rest).
  await fillLetter(page, '工地照片');
  await toReview(page);
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('text=提交成功');
  const row = (await s.db.query("SELECT id, type, size FROM attachments WHERE name = 'IMG_2031.jpg' AND petition_id IS NOT NULL ORDER BY uploaded_at DESC LIMIT 1")).rows[0];
  assert.equal(row.type, 'image/jpeg');
  assert.ok(row.size <= 800 * 1024, `${row.size} bytes`);
  const bytes = await clerk.bytes(`/api/staff/attachments/${row.id}`);
  assert.equal(bytes.length, row.size);
  assert.deepEqual(dimensions(bytes), { width: 1500, height: 2000 }, 'turned upright (EXIF orientation 6) and scaled to 2,000 px');
  assert.equal(bytes.includes(Buffer.from('Exif\0')), false, 'no EXIF, so no location');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a PDF goes up as it is', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const { context, page } = await newPage(s.browser, PHONE);
  await openForm(page);
  await page.setInputFiles('#f-attachmentIds', [{ name: '判决书.pdf', mimeType: 'application/pdf', buffer: pdf }]);
  await page.waitForSelector('.files >> text=已上传');
  const row = (await s.db.query("SELECT size FROM attachments WHERE name = '判决书.pdf'")).rows[0];
  assert.equal(row.size, pdf.length);
  await context.close();
});

test('a declined case and a case past its review window say why the forms are gone and what is still possible', async () => {
  const filed = async (title: string) =>
    (await fetch(`${s.base}/api/public/petitions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'demand', categoryCode: 'labor.wages', title, content: '内容', petitioner: { name: '张三', phone: '13800001111' } }) })).json();
  const declined = await filed('应走仲裁的劳动争议');
  await clerk.call('POST', `/api/staff/petitions/${declined.caseNo}/actions`, { action: 'decline', reasonCode: 'legal_route', guidance: '请向劳动人事争议仲裁委员会申请劳动仲裁，仲裁时效为一年，自知道或者应当知道权利被侵害之日起计算。' });
  const replied = await filed('答复后超过复查期限');
  await clerk.call('POST', `/api/staff/petitions/${replied.caseNo}/actions`, { action: 'accept', scope: 'own' });
  await clerk.call('POST', `/api/staff/petitions/${replied.caseNo}/actions`, { action: 'route', mode: 'self' });
  await clerk.call('POST', `/api/staff/petitions/${replied.caseNo}/actions`, { action: 'reply', text: '经调查，已督促用人单位支付工资。' });
  await s.db.query("UPDATE clocks SET due_at = now() - interval '1 day', due_date = (now() - interval '2 days')::date FROM petitions p WHERE p.id = clocks.petition_id AND p.case_no = $1 AND clock = 'review_window'", [replied.caseNo]);

  const { context, page, errors } = await newPage(s.browser, PHONE);
  await gotoIsland(page, s.base + '/track');
  await page.fill('#f-queryCode', declined.queryCode);
  await page.press('#f-queryCode', 'Enter');
  await page.waitForSelector('.closed-why');
  assert.match((await page.textContent('.closed-why'))!, /决定不予受理.*补充材料不再受理/);
  assert.match((await page.textContent('.closed-why'))!, /您还可以.*咨询。 来信、来访地址：东城区和平里东街 18 号（邮编 100013）。接待时间：工作日 9:00—17:00。电话：010-6421 0000。/s);
  assert.equal(await page.$('#supplement'), null);
  await shot(page, 'i14-closed-declined');
  assert.deepEqual(await seriousViolations(page), []);
  await page.click('button:has-text("退出查询")');
  await page.fill('#f-queryCode', replied.queryCode);
  await page.press('#f-queryCode', 'Enter');
  await page.waitForSelector('.closed-why');
  assert.match((await page.textContent('.closed-why'))!, /申请复查的期限.*届满，不再受理复查申请/);
  assert.equal(await page.$('#review'), null);
  await shot(page, 'i14-closed-review-window');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('a code typed with a letter O and a "·" is told exactly which character is not used', async () => {
  const { context, page } = await newPage(s.browser, PHONE);
  await gotoIsland(page, s.base + '/track');
  await page.fill('#f-queryCode', 'ABCD·EFGH·JKMNO');
  await page.press('#f-queryCode', 'Enter');
  await page.waitForSelector('#f-queryCode-error');
  const msg = (await page.textContent('#f-queryCode-error'))!;
  assert.match(msg, /查询码里不会出现字母“O”（第 13 位）/);
  await shot(page, 'i14-track-confusable');
  assert.deepEqual(await seriousViolations(page), []);
  // The same code with separators of any kind finds the case.
  const r = await (await fetch(`${s.base}/api/public/petitions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'inquiry', categoryCode: 'labor.wages', title: '分隔符', content: '内容', anonymous: true }) })).json();
  await page.fill('#f-queryCode', r.queryCode.replaceAll('-', ' · ').toLowerCase());
  await page.press('#f-queryCode', 'Enter');
  await page.waitForSelector('text=办理过程');
  await context.close();
});

test('王干事 sees on the case page what the citizen was told, and that no text-message channel is set up', async () => {
  const filed = await (
    await fetch(`${s.base}/api/public/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'demand', categoryCode: 'labor.wages', title: '短信告知', content: '内容', petitioner: { name: '周大爷', phone: '13812345678' } }),
    })
  ).json();
  await clerk.call('POST', `/api/staff/petitions/${filed.caseNo}/actions`, { action: 'accept', scope: 'own' });
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'clerk.i14', 'clerk-pass-2026', /\/console$/);
  await page.goto(`${s.base}/console/case?no=${filed.caseNo}`);
  await page.waitForSelector('#notify-title');
  const panel = (await page.textContent('section:has(#notify-title)'))!;
  assert.match(panel, /短信/);
  assert.match(panel, /未发送（未配置短信通道）/);
  assert.match(panel, new RegExp(`编号 ${filed.caseNo}）已受理`));
  assert.ok(!panel.includes(filed.queryCode), 'never the query code');
  await shot(page, 'i14-console-notifications');
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});
