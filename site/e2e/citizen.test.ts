// Browser stories of the citizen's path (issue 2), in Debian's Chromium against a real server
// and PostgreSQL: filing a joint letter with a photo on a phone and following it; an anonymous
// accusation; a form with mistakes showing each message beside its field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DESKTOP, gotoIsland, newPage, PHONE, PNG_1PX, shot, stage, type Stage } from './support.ts';

let s: Stage;
before(async () => {
  s = await stage();
});
after(() => s?.close());

async function openForm(page: import('playwright-core').Page) {
  await page.goto(s.base + '/file');
  await page.waitForSelector('#f-categoryCode option:nth-child(2)', { state: 'attached' });
}

test('李大爷 files a joint letter with a photo on a 360 px phone, keeps the code, then follows the case', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await openForm(page);
  await page.check('input[value=demand]');
  await page.selectOption('#f-categoryCode', 'rural');
  await page.selectOption('#f-categorySub', 'rural.land');
  await page.fill('#f-title', '征地补偿款三年未发放');
  await page.fill('#f-content', '2023年村里土地被征收，承诺的补偿款至今没有发放到我们几户手中，多次找镇政府没有结果。');
  assert.match((await page.textContent('#f-content-count')) ?? '', /\d+/);
  await page.fill('#f-desiredOutcome', '请求督促发放征地补偿款');
  await page.fill('#f-petitioner-name', '李大山');
  await page.fill('#f-petitioner-phone', '139 1234 5678');
  await page.check('#f-joint');
  await page.fill('#f-cosigners-0-name', '王秀英');
  await page.setInputFiles('#f-attachmentIds', [{ name: '补偿协议.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.waitForSelector('text=已上传');
  await shot(page, 'citizen-phone-form');
  await page.click('button[type=submit]');
  await page.waitForSelector('text=请核对您要提交的内容');
  await shot(page, 'citizen-phone-review');
  // A double tap on submit files one letter only.
  await page.dblclick('button:has-text("确认提交")');
  await page.waitForSelector('text=提交成功');
  const caseNo = (await page.textContent('.receipt-value'))!.trim();
  const code = (await page.textContent('.receipt-value.code'))!.trim();
  assert.match(caseNo, /^\d{4}-\d{6}$/);
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{5}$/);
  await shot(page, 'citizen-phone-receipt');
  // The code never lands in the address bar or the session; on the device it is kept only in the
  // list of this device's cases, because the receipt's "在本机保存查询码" is ticked (issue 14).
  const leaked = await page.evaluate((c) => location.href.includes(c) || JSON.stringify({ ...sessionStorage }).includes(c), code);
  assert.equal(leaked, false);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => (localStorage.getItem(k) ?? '').includes('queryCode')));
  assert.deepEqual(kept, ['xf-cases']);

  const filed = await (await fetch(`${s.base}/api/public/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryCode: code }) })).json();
  assert.equal(filed.caseNo, caseNo, 'the double tap filed exactly this case');

  // Later, on the same phone: follow the case with the code typed sloppily.
  await gotoIsland(page, s.base + '/track');
  await page.fill('#f-queryCode', code.toLowerCase().replaceAll('-', ' '));
  await page.press('#f-queryCode', 'Enter');
  await page.waitForSelector('text=办理过程');
  const body = (await page.textContent('main'))!;
  assert.ok(body.includes(caseNo));
  assert.ok(body.includes('已登记，等待受理审查'));
  await page.fill('#supplement-text', '补充：征地补偿协议原件照片。');
  await page.click('#supplement button[type=submit]');
  await page.waitForSelector('text=补充材料已提交');
  await shot(page, 'citizen-phone-track');
  const after = await (await fetch(`${s.base}/api/public/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryCode: code }) })).json();
  assert.deepEqual(after.events.map((e: { type: string }) => e.type), ['register', 'supplement']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an anonymous accusation is filed on a desktop; the receipt warns that the code is the only way back', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await openForm(page);
  await page.check('input[value=accusation]');
  await page.selectOption('#f-categoryCode', 'discipline');
  await page.selectOption('#f-categorySub', 'discipline.official');
  await page.fill('#f-title', '检举某局干部收受好处');
  await page.fill('#f-content', '某局工作人员在审批过程中收受申请人财物，有转账记录可以证明。');
  await page.check('#f-anonymous');
  await page.click('button[type=submit]');
  await page.waitForSelector('text=请核对您要提交的内容');
  await page.click('button:has-text("确认提交")');
  await page.waitForSelector('text=提交成功');
  assert.match((await page.textContent('.receipt'))!, /查询码/);
  const warning = (await page.textContent('.warning'))!;
  assert.match(warning, /只显示这一次/);
  assert.match(warning, /匿名反映的，这是了解办理结果的唯一途径/);
  await shot(page, 'citizen-desktop-anonymous-receipt');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a form with mistakes shows each message beside its field', async () => {
  const { context, page } = await newPage(s.browser, PHONE);
  await openForm(page);
  await page.check('input[value=demand]');
  await page.selectOption('#f-categoryCode', 'labor');
  await page.selectOption('#f-categorySub', 'labor.wages');
  await page.fill('#f-title', '拖欠工资');
  await page.fill('#f-petitioner-name', '张三');
  await page.fill('#f-petitioner-phone', '12345');
  await page.fill('#f-petitioner-idNumber', '110105194912310021');
  await page.click('button[type=submit]');
  // Each message sits in its field's error slot, tied to the control by aria-describedby.
  for (const [id, message] of [
    ['f-content', /请填写/],
    ['f-petitioner-phone', /电话/],
    ['f-petitioner-idNumber', /身份证/],
  ] as const) {
    const text = await page.textContent(`#${id}-error`);
    assert.match(text ?? '', message, id);
    assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', id);
    assert.match((await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '', new RegExp(`${id}-error`));
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-content', 'focus goes to the first bad field');
  await shot(page, 'citizen-phone-form-errors');
  await context.close();
});

test('static pages ship no JavaScript beyond the small display-mode script', async () => {
  for (const p of ['/', '/404']) {
    const html = await (await fetch(s.base + p)).text();
    assert.ok(!/<script[^>]*\bsrc=/.test(html), `${p} loads no external script`);
    const inline = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('');
    assert.ok(Buffer.byteLength(inline) <= 2048, `${p} inline script ${Buffer.byteLength(inline)} bytes`);
  }
});
