// Browser story of the staff console (issue 3), in Debian's Chromium against a real server and
// PostgreSQL: a clerk registers a walk-in group visit and assigns it to an agency; the agency
// officer acknowledges and objects once, the clerk agrees and routes again, then the officer submits
// the result report; a leader supervises the
// case once it is overdue; the clerk replies with a structured 处理意见; the citizen reads the
// reply with the query code on /track and rates it. Screenshots at 360 px and 1280 px are kept
// in test-results/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { consoleStage, openAction, readyAccount, signIn, snap, StaffApi, submitAction, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, DESKTOP, gotoIsland, newPage, PHONE, PNG_1PX } from './support.ts';

let s: ConsoleStage;
let agencyId = '';
const AGENCY = '市城市管理综合执法局';
const PASS = 'Xinfang-2026-pass';
const CLERK_NEW_PASS = 'Clerk-own-pass-2026';

before(async () => {
  s = await consoleStage();
  // Accounts through the admin API, as an installation's admin would create them.
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  agencyId = (await admin.call('POST', '/api/staff/agencies', { name: AGENCY, kind: 'government', contact: '12319' })).id;
  const clerk = await admin.call('POST', '/api/staff/users', { username: 'wang.clerk', password: PASS, role: 'clerk', displayName: '王晓燕' });
  // These two have already signed in once: chosen their own password, and the leader set up
  // the authenticator a leader's sign-in needs (the one-time-password story is the clerk's).
  await readyAccount(admin, s.base, { username: 'zhao.leader', password: PASS, role: 'leader', displayName: '赵建国' });
  await readyAccount(admin, s.base, { username: 'li.officer', password: PASS, role: 'agency', agencyId, displayName: '李卫东' });
  // The clerk's password was reset by the admin: a one-time password, changed at first sign-in.
  await admin.call('PATCH', `/api/staff/users/${clerk.id}`, { password: PASS });
});
after(() => s?.close());

const caseUrl = (no: string) => `${s.base}/console/case?no=${no}`;
const statusText = (page: Page) => page.textContent('#case-status');

let caseNo = '';
let queryCode = '';

test('王晓燕 signs in with a one-time password, sets her own, and registers a walk-in group visit', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await page.goto(s.base + '/console/login');
  await snap(page, 'console-desktop-login');
  await page.fill('#l-username', 'wang.clerk');
  await page.fill('#l-password', PASS);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("设置新密码")');
  await page.fill('#p-new', CLERK_NEW_PASS);
  await page.fill('#p-repeat', 'something-else-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('#p-repeat-error');
  await page.fill('#p-repeat', CLERK_NEW_PASS);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console$/);
  await page.waitForSelector('h1:has-text("我的工作台")');

  await page.click('a:has-text("登记来信来访") >> nth=0');
  await page.waitForSelector('#register-form');
  // A blank form names its mistakes beside the fields.
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('#r-title-error');
  assert.ok(await page.isVisible('#r-petitioner-phone-error'));

  await page.check('#r-channel-visit');
  await page.fill('#r-personCount', '8');
  await page.check('input[name=purpose][value=demand]');
  await page.selectOption('#r-categoryCode', 'urban');
  await page.selectOption('#r-subCode', 'urban.housing');
  await page.fill('#r-title', '幸福里小区电梯停运三个月无人维修');
  await page.fill('#r-content', '幸福里小区3号楼电梯自今年8月停运，物业以维修资金不足为由拒绝维修，楼内多位老人无法下楼。8位业主代表来访反映。');
  await page.fill('#r-desiredOutcome', '请求督促尽快修复电梯，明确维修资金使用办法');
  await page.fill('#r-place', '东城区幸福里小区3号楼');
  await page.fill('#r-petitioner-name', '张桂兰');
  await page.fill('#r-petitioner-phone', '13800138000');
  await page.click('#r-add-person');
  await page.fill('#r-cosigners-0-name', '刘长顺');
  await page.click('#r-add-person');
  await page.fill('#r-cosigners-1-name', '陈玉珍');
  await page.fill('#r-cosigners-1-phone', '13900139000');
  await page.setInputFiles('#r-attachmentIds', [{ name: '业主联名信.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.waitForSelector('text=已上传');
  await snap(page, 'console-desktop-register');
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('h1:has-text("登记成功")');
  caseNo = (await page.textContent('[data-testid=receipt-case-no]'))!.trim();
  queryCode = (await page.textContent('[data-testid=receipt-query-code]'))!.trim();
  assert.match(caseNo, /^\d{4}-\d{6}$/);
  assert.match(queryCode, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{5}$/);
  await snap(page, 'console-desktop-receipt');
  await page.emulateMedia({ media: 'print' });
  await snap(page, 'console-print-receipt');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('王晓燕 accepts the visit, checks who came, and assigns it to an agency', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'wang.clerk', CLERK_NEW_PASS, /\/console$/);
  await page.waitForSelector(`a:has-text("${caseNo}")`);
  await snap(page, 'console-desktop-queue');
  await page.click(`a:has-text("${caseNo}")`);
  await page.waitForSelector('#case-status');
  assert.match((await statusText(page))!, /已登记/);
  // Identity is masked until a reason is given; the reveal is written to the log.
  assert.match((await page.textContent('.identity-list'))!, /张\*+/);
  await page.click('button:has-text("查看身份")');
  await page.click('dialog button[type=submit]');
  await page.waitForSelector('#reveal-reason-error');
  await page.fill('#reveal-reason', '电话联系代表确认来访人数');
  await page.click('dialog button[type=submit]');
  await page.waitForSelector('.identity-list:has-text("张桂兰")');
  assert.match((await page.textContent('.identity-list'))!, /13800138000/);
  assert.match((await page.textContent('.case-timeline'))!, /查看信访人身份[\s\S]*内部/);
  assert.ok(await page.isVisible('a:has-text("业主联名信.png")'), 'the uploaded letter is listed');

  await openAction(page, 'accept');
  await page.selectOption('#a-accept-scope', 'government');
  await submitAction(page, 'accept', '受理');
  assert.match((await statusText(page))!, /已受理/);

  await openAction(page, 'route');
  await page.check('input[name=a-route-mode][value=assign]');
  await page.selectOption('#a-route-agencyId', { label: AGENCY });
  await page.fill('#a-route-instructions', '请核实电梯停运原因，督促物业和维修资金管理部门限期修复。');
  await snap(page, 'console-desktop-case-route');
  await submitAction(page, 'route', '办理方式（自办/转办/交办）');
  assert.match((await statusText(page))!, /已交办/);
  assert.match((await page.textContent('.case-timeline'))!, new RegExp(AGENCY));
  await snap(page, 'console-desktop-case-assigned');

  // The forwarding notice is a print-ready page built from the routing event (issued with a 文号).
  await page.click('a:has-text("转送（交办）告知书")');
  await page.waitForSelector('#doc-title');
  assert.equal((await page.textContent('#doc-title'))!.trim(), '交办告知书');
  assert.match((await page.textContent('#doc-sheet'))!, new RegExp(`已交由${AGENCY}办理`));
  await page.emulateMedia({ media: 'print' });
  await snap(page, 'console-print-notice-route');
  assert.deepEqual(errors, []);
  await context.close();
});

test('李卫东 of the agency acknowledges and objects once on his phone; the clerk agrees and routes the case again', async () => {
  const officer = await newPage(s.browser, PHONE);
  await signIn(officer.page, s.base, 'li.officer', PASS, /\/console\/agency$/);
  await officer.page.waitForSelector(`a:has-text("${caseNo}")`);
  await snap(officer.page, 'console-phone-agency');
  await officer.page.click(`a:has-text("${caseNo}")`);
  await officer.page.waitForSelector('#case-status');
  // An agency officer sees the material but no notices for the petitioner.
  assert.equal(await officer.page.isVisible('#notices-title'), false);
  // First it tells the petitioner it has the case (条例 art. 23): the acknowledgement clock stops.
  await openAction(officer.page, 'acknowledge');
  await submitAction(officer.page, 'acknowledge', '告知收到（签收）');
  assert.equal(await officer.page.isVisible('details[data-action="acknowledge"]'), false);
  await openAction(officer.page, 'object');
  await officer.page.fill('#a-object-reason', '电梯维修资金归集和使用由住房城乡建设部门负责，建议改派市住房和城乡建设局。');
  await officer.page.click('#a-object-submit');
  await officer.page.waitForSelector('.confirm-box');
  await snap(officer.page, 'console-phone-object-confirm');
  await officer.page.click('#a-object-confirm');
  await officer.page.waitForSelector('.success:has-text("已完成：退回")');
  // The objection waits for the office (条例 art. 23): the case stays assigned, marked as pending.
  assert.match((await statusText(officer.page))!, /已交办/);
  assert.ok(await officer.page.isVisible('.case-sub :text("承办单位已申请退回，等待审核")'));
  assert.equal(await officer.page.isVisible('details[data-action="object"]'), false, 'one objection only');
  await snap(officer.page, 'console-phone-objection-pending');

  const clerk = await newPage(s.browser, DESKTOP);
  await signIn(clerk.page, s.base, 'wang.clerk', CLERK_NEW_PASS, /\/console$/);
  await clerk.page.goto(caseUrl(caseNo));
  await clerk.page.waitForSelector('#case-status');
  assert.match((await clerk.page.textContent('.case-timeline'))!, /退回[\s\S]*内部[\s\S]*住房城乡建设部门/);
  await openAction(clerk.page, 'approve_objection');
  await clerk.page.fill('#a-approve_objection-note', '同意退回，重新分办。');
  await submitAction(clerk.page, 'approve_objection', '同意退回', true);
  assert.match((await statusText(clerk.page))!, /已受理/);
  assert.match((await clerk.page.textContent('.clocks'))!, /转送、交办期限/);
  await openAction(clerk.page, 'route');
  await clerk.page.check('input[name=a-route-mode][value=assign]');
  await clerk.page.selectOption('#a-route-agencyId', { label: AGENCY });
  await clerk.page.fill('#a-route-instructions', '经与住建局会商，电梯停运涉及物业管理执法，仍由贵单位牵头办理，住建局配合。');
  await submitAction(clerk.page, 'route', '办理方式（自办/转办/交办）');
  assert.match((await statusText(clerk.page))!, /已交办/);
  assert.deepEqual([...officer.errors, ...clerk.errors], []);
  await officer.context.close();
  await clerk.context.close();
});

test('李卫东 submits the result report with a photo', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await signIn(page, s.base, 'li.officer', PASS, /\/console\/agency$/);
  await page.goto(caseUrl(caseNo));
  await page.waitForSelector('#case-status');
  await openAction(page, 'feedback');
  await page.fill('#a-feedback-text', '经现场核查，电梯因主板故障停运。已责令物业公司于11月15日前完成维修，维修资金由专项维修资金列支，电梯已恢复运行。');
  await page.setInputFiles('#a-feedback-attachmentIds', [{ name: '电梯验收照片.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.waitForSelector('#a-feedback-form :text("已上传")');
  await snap(page, 'console-phone-feedback');
  await submitAction(page, 'feedback', '报送办结报告');
  assert.match((await statusText(page))!, /已报送办理结果/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('赵建国 finds the case overdue in his view and supervises it', async () => {
  // Time passes: the handling period runs out (no endpoint may move a deadline into the past).
  await s.db.query(
    `UPDATE clocks SET due_date = (now() AT TIME ZONE 'Asia/Shanghai')::date - 2,
            due_at = date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' - interval '1 day',
            period_days = NULL -- a fixed date: a calendar recount would count it again from its start
      WHERE clock = 'handle' AND petition_id = (SELECT id FROM petitions WHERE case_no = $1)`,
    [caseNo],
  );
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'zhao.leader', PASS, /\/console\/leader$/);
  const row = page.locator('#by-agency ~ .table-wrap tr', { hasText: AGENCY });
  await row.waitFor();
  assert.match((await row.textContent())!, /已超期 1/);
  const overdueRow = page.locator('section:has(#overdue-title) tr', { hasText: caseNo });
  await overdueRow.waitFor();
  assert.match((await overdueRow.textContent())!, /已超期 \d+ 天/);
  await snap(page, 'console-desktop-leader');
  await overdueRow.locator('a.case-link').click();
  await page.waitForSelector('#case-status');
  assert.match((await page.textContent('.clocks'))!, /办理期限[\s\S]*已超期/);
  await openAction(page, 'supervise');
  await page.check('input[name=a-supervise-kind][value=focused]');
  await page.fill('#a-supervise-note', '该件已超期，请执法局和住建局本周内办结并报送书面材料。');
  await submitAction(page, 'supervise', '督办');
  assert.match((await page.textContent('.case-timeline'))!, /督办[\s\S]*内部[\s\S]*本周内办结/);
  await snap(page, 'console-desktop-case-supervised');
  assert.deepEqual(errors, []);
  await context.close();
});

test('王晓燕 replies with a structured 处理意见 and prints the reply', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'wang.clerk', CLERK_NEW_PASS, /\/console$/);
  await page.goto(caseUrl(caseNo));
  await page.waitForSelector('#case-status');
  await openAction(page, 'reply');
  // The request is prefilled from the petition; the route for review has a default.
  assert.match(await page.inputValue('#a-reply-part-request'), /修复电梯/);
  await page.click('#a-reply-submit');
  await page.waitForSelector('#a-reply-part-facts-error');
  await page.fill('#a-reply-part-facts', '经市城市管理综合执法局现场核查，3号楼电梯因主板故障停运，物业公司未及时申请使用专项维修资金。');
  await page.fill('#a-reply-part-opinion', '你们反映的问题属实。电梯已于11月15日修复并通过验收；执法局已对物业公司未履行维修义务的行为立案调查。');
  await page.fill('#a-reply-part-basis', '《物业管理条例》第三十五条、第五十四条；《住宅专项维修资金管理办法》第二十二条。');
  await snap(page, 'console-desktop-reply-editor');
  await page.click('#a-reply-submit');
  await page.click('#a-reply-confirm');
  await page.waitForSelector('.success:has-text("已完成：答复")');
  assert.match((await statusText(page))!, /已答复/);
  await page.click('a:has-text("答复意见书")');
  await page.waitForSelector('#doc-title');
  const sheet = (await page.textContent('#doc-sheet'))!;
  for (const part of ['一、信访诉求', '二、事实和理由', '三、处理意见', '四、法律依据', '五、复查途径和期限', '30 日内']) assert.ok(sheet.includes(part), part);
  await page.emulateMedia({ media: 'print' });
  await snap(page, 'console-print-notice-reply');
  assert.deepEqual(errors, []);
  await context.close();
});

test('张桂兰 reads the reply with her query code and rates it; internal steps stay internal', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await gotoIsland(page, s.base + '/track');
  await page.fill('#f-queryCode', queryCode);
  await page.press('#f-queryCode', 'Enter');
  await page.waitForSelector('text=办理过程');
  const main = (await page.textContent('main'))!;
  assert.ok(main.includes('一、信访诉求') && main.includes('电梯已于11月15日修复'), 'the reply is shown');
  for (const internal of ['督办', '本周内办结', '退回', '查看信访人身份']) assert.ok(!main.includes(internal), `no internal step: ${internal}`);
  await page.check('input[name=score][value=satisfied]');
  await page.fill('#rating-comment', '电梯修好了，谢谢。');
  await page.click('#rating button[type=submit]');
  await page.waitForSelector('text=感谢您的评价');
  await snap(page, 'console-phone-citizen-rated');
  assert.deepEqual(errors, []);
  await context.close();

  // The clerk sees the rating on the case.
  const clerk = await newPage(s.browser, PHONE);
  await signIn(clerk.page, s.base, 'wang.clerk', CLERK_NEW_PASS, /\/console$/);
  await clerk.page.goto(caseUrl(caseNo));
  await clerk.page.waitForSelector('#case-status');
  assert.match((await clerk.page.textContent('#summary-title + dl'))!, /信访人评价\s*满意/);
  await snap(clerk.page, 'console-phone-case-rated');
  await clerk.context.close();
});

test('王晓燕 declines a letter that belongs in court and prints the notice with the proper channel', async () => {
  const api = await new StaffApi(s.base).login('wang.clerk', CLERK_NEW_PASS);
  const filed = await api.call('POST', '/api/staff/petitions', {
    channel: 'letter',
    purpose: 'appeal',
    categoryCode: 'judicial.court',
    title: '不服区法院民事判决',
    content: '本人与某公司买卖合同纠纷一案，区法院判决我方败诉，我认为判决不公。',
    petitioner: { name: '周建华', phone: '13700137000' },
  });
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await signIn(page, s.base, 'wang.clerk', CLERK_NEW_PASS, /\/console$/);
  await page.goto(caseUrl(filed.caseNo));
  await page.waitForSelector('#case-status');
  await openAction(page, 'decline');
  await page.click('#a-decline-submit');
  await page.waitForSelector('#a-decline-reasonCode-error');
  await page.check('input[name=a-decline-reasonCode][value=legal_route]');
  // Choosing a reason fills in guidance to the proper channel, which the clerk may edit.
  assert.match(await page.inputValue('#a-decline-guidance'), /诉讼、仲裁、行政复议/);
  // The guidance must name the route and its time limit (诉访分离): a route alone is sent back.
  await page.fill('#a-decline-guidance', '您对生效民事判决不服的，可以依法向市中级人民法院申请再审。');
  await page.click('#a-decline-submit');
  await page.click('#a-decline-confirm');
  await page.waitForSelector('#a-decline-guidance-error');
  assert.match((await page.textContent('#a-decline-guidance-error'))!, /时限/);
  await page.fill('#a-decline-guidance', '您对生效民事判决不服的，可以依法向市中级人民法院申请再审（一般应当在判决发生法律效力后六个月内提出），或者向市人民检察院申请法律监督。');
  await page.click('#a-decline-submit');
  await page.waitForSelector('.confirm-box');
  await page.click('#a-decline-confirm');
  await page.waitForSelector('.success:has-text("已完成：不予受理")');
  assert.match((await statusText(page))!, /不予受理/);
  await page.click('a:has-text("不予受理告知书")');
  await page.waitForSelector('#doc-title');
  const sheet = (await page.textContent('#doc-sheet'))!;
  assert.ok(sheet.includes('应当通过诉讼、仲裁、行政复议等法定途径解决'), 'the coded reason');
  assert.ok(sheet.includes('申请再审'), 'the guidance to the proper channel');
  assert.ok(sheet.startsWith('XX') || sheet.includes('信访人：'), 'addressed without the masked name');
  await snap(page, 'console-phone-notice-decline');
  assert.deepEqual(errors, []);
  await context.close();
});

test('赵建国 extends the handling of a hard case once, and the extension notice says why', async () => {
  const api = await new StaffApi(s.base).login('wang.clerk', CLERK_NEW_PASS);
  const filed = await api.call('POST', '/api/staff/petitions', {
    channel: 'phone',
    purpose: 'demand',
    categoryCode: 'labor.wages',
    title: '建筑工地拖欠农民工工资',
    content: '来电反映某工地拖欠12名农民工工资共计36万元。',
    petitioner: { name: '孙师傅', phone: '13600136000' },
  });
  await api.call('POST', `/api/staff/petitions/${filed.caseNo}/actions`, { action: 'accept', scope: 'own' });
  await api.call('POST', `/api/staff/petitions/${filed.caseNo}/actions`, { action: 'route', mode: 'self' });
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'zhao.leader', PASS, /\/console\/leader$/);
  await page.goto(caseUrl(filed.caseNo));
  await page.waitForSelector('#case-status');
  await openAction(page, 'own');
  await submitAction(page, 'own', '包案');
  await openAction(page, 'extend');
  await page.fill('#a-extend-days', '45');
  await page.fill('#a-extend-reason', '涉及多家分包单位，需要会同人社、住建部门联合核查。');
  await page.click('#a-extend-submit');
  await page.waitForSelector('#a-extend-days-error');
  await page.fill('#a-extend-days', '20');
  await submitAction(page, 'extend', '延期', true);
  assert.match((await page.textContent('#summary-title + dl'))!, /已延期\s*20 日/);
  // Extension is allowed once: the action is gone from the panel.
  await page.reload();
  await page.waitForSelector('#case-status');
  await page.click('a:has-text("延期办理告知书")');
  await page.waitForSelector('#doc-title');
  const sheet = (await page.textContent('#doc-sheet'))!;
  assert.ok(sheet.includes('延长20日') && sheet.includes('联合核查'), sheet);
  await snap(page, 'console-desktop-notice-extend');
  await page.goto(s.base + '/console/leader');
  await page.locator('section:has(#owned-title) tr', { hasText: filed.caseNo }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the queue pages by keyset and filters by source and number', async () => {
  const api = await new StaffApi(s.base).login('wang.clerk', CLERK_NEW_PASS);
  for (let i = 1; i <= 26; i++) {
    await api.call('POST', '/api/staff/petitions', {
      channel: 'letter',
      purpose: 'suggestion',
      categoryCode: 'labor.wages',
      title: `关于完善欠薪治理的建议（第 ${i} 封）`,
      content: '建议建立工程款支付担保制度。',
      anonymous: true,
    });
  }
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'wang.clerk', CLERK_NEW_PASS, /\/console$/);
  await page.waitForSelector('text=已显示 25 件');
  await page.click('button:has-text("加载更多")');
  await page.waitForSelector('text=/已显示 \\d+ 件，已全部显示/');
  const shown = Number((await page.textContent('.load-more'))!.match(/已显示 (\d+) 件/)![1]);
  assert.ok(shown >= 29, `all cases listed after one more page (${shown})`);
  // Keyboard users land on the first newly loaded case.
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('case-link')), true);
  await page.selectOption('#f-channel', 'phone');
  await page.click('.filters button[type=submit]');
  await page.waitForSelector('text=已显示 1 件，已全部显示');
  assert.match(page.url(), /channel=phone/);
  await page.click('button:has-text("清除筛选")');
  await page.fill('#f-q', caseNo);
  await page.press('#f-q', 'Enter');
  await page.waitForSelector('text=已显示 1 件，已全部显示');
  assert.ok(await page.isVisible(`a:has-text("${caseNo}")`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the admin screens, the queue and the register form at 360 px and 1280 px', async () => {
  for (const [name, options] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    const admin = await newPage(s.browser, options);
    await signIn(admin.page, s.base, 'admin', ADMIN_PASSWORD, /\/console\/admin/);
    await admin.page.waitForSelector(`text=wang.clerk`);
    await snap(admin.page, `console-${name}-admin-users`);
    await admin.page.click('#tab-calendar');
    await admin.page.waitForSelector('#cal-csv');
    await snap(admin.page, `console-${name}-admin-calendar`);
    await admin.page.click('#tab-clocks');
    await admin.page.waitForSelector('text=保存期限设置');
    await snap(admin.page, `console-${name}-admin-clocks`);
    assert.deepEqual(admin.errors, []);
    await admin.context.close();

    const clerk = await newPage(s.browser, options);
    await signIn(clerk.page, s.base, 'wang.clerk', CLERK_NEW_PASS, /\/console$/);
    await clerk.page.waitForSelector('.load-more:has-text("已显示")');
    await snap(clerk.page, `console-${name}-queue-end`);
    await clerk.page.goto(s.base + '/console/register');
    await clerk.page.waitForSelector('#register-form');
    await snap(clerk.page, `console-${name}-register-blank`);
    // Signing out ends the session: the console sends the user back to the login.
    await clerk.page.click('button:has-text("退出登录")');
    await clerk.page.waitForURL(/\/console\/login\?out=1/);
    await clerk.page.goto(s.base + '/console');
    await clerk.page.waitForURL(/\/console\/login\?next=/);
    assert.deepEqual(clerk.errors, []);
    await clerk.context.close();
  }
});
