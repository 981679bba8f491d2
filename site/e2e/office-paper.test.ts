// Browser stories of the office's paper (issue 15), in Debian's Chromium:
//   - the admin names the office in the console, and a notice shows the new name and 文号 prefix
//     at once (no rebuild), as /api/public/office does, and so do the public portal's pages
//     (header, footer, how to write, visit or call), with JavaScript and without it;
//   - a clerk registers a deputy's referral (a letter with only a postal address), and once it is
//     answered prints its 报结函 and records the report-back;
//   - a clerk prints a 交办函 and a 督办函 as PDF through Chromium (A4 checked), and the other
//     printouts (受理、不予受理告知书, 转送函, 答复意见书, 催办单, 逾期未结通报, the bulletin);
//   - a clerk reminds overdue cases at once and prints the 逾期未结通报 of the selection.
// Every printout is kept as PDF and PNG pages in test-results/ (pdfinfo / pdftoppm from poppler).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { consoleStage, readyAccount, signIn, snap, StaffApi, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, DESKTOP, newPage, PHONE, RESULTS } from './support.ts';

const PASS = 'Office-paper-2026!';
const AGENCY = '东湖市住房和城乡建设局';
let s: ConsoleStage;
let admin: StaffApi;
let clerk: StaffApi;
let leader: StaffApi;
let officer: StaffApi;
let agencyId: string;

before(async () => {
  s = await consoleStage();
  admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  agencyId = (await admin.call('POST', '/api/staff/agencies', { name: AGENCY, kind: 'government' })).id;
  await readyAccount(admin, s.base, { username: 'xu.clerk', password: PASS, role: 'clerk', displayName: '徐丽' });
  await readyAccount(admin, s.base, { username: 'chen.leader', password: PASS, role: 'leader', displayName: '陈主任' });
  await readyAccount(admin, s.base, { username: 'zhou.officer', password: PASS, role: 'agency', agencyId, displayName: '周科长' });
  clerk = await new StaffApi(s.base).login('xu.clerk', PASS);
  leader = await new StaffApi(s.base).login('chen.leader', PASS);
  officer = await new StaffApi(s.base).login('zhou.officer', PASS);
});
after(() => s.close());

/** Prints the page in front of the browser to PDF (A4 from its CSS), checks the size with
 *  pdfinfo and keeps every page as a PNG; answers the page count. */
async function printPdf(page: Page, name: string): Promise<number> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const pdf = path.join(RESULTS, `${name}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, `${name} is A4`);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  execFileSync('pdftoppm', ['-png', '-r', '80', pdf, path.join(RESULTS, `print-${name}`)]);
  // UPDATE_HANDBOOK=1 refreshes the pictures docs/documents.md shows (each document's first page).
  if (process.env.UPDATE_HANDBOOK === '1') {
    const dir = path.resolve(import.meta.dirname, '../../docs/images/printouts');
    fs.mkdirSync(dir, { recursive: true });
    const first = fs.readdirSync(RESULTS).filter((f) => new RegExp(`^print-${name}-0*1\\.png$`).test(f))[0];
    fs.copyFileSync(path.join(RESULTS, first), path.join(dir, `${name}.png`));
  }
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /—\s*1\s*—/, `${name} has page numbers`);
  return pages;
}

const register = (body: Record<string, unknown>) =>
  clerk.call<{ caseNo: string }>('POST', '/api/staff/petitions', {
    channel: 'letter', purpose: 'demand', categoryCode: 'urban.housing', title: '小区电梯停运三个月', content: '和平里小区3号楼电梯停运三个月，物业以维修资金不足为由拒绝修理，老人上下楼困难。',
    desiredOutcome: '尽快修复电梯', place: '东城区和平里街道', petitioner: { name: '张秀兰', phone: '13812345678', address: '东城区和平里3号楼201' }, ...body,
  });
const act = (who: StaffApi, no: string, body: Record<string, unknown>) => who.call('POST', `/api/staff/petitions/${no}/actions`, body);

test('the admin names the office, and a notice shows the new name at once', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'admin', ADMIN_PASSWORD, /\/console\/admin/);
  await page.click('#tab-office');
  await page.waitForSelector('#office-name');
  await page.fill('#office-name', '东湖市人大常委会信访办公室');
  await page.fill('#office-address', '东湖市人民路1号');
  await page.fill('#office-postcode', '310001');
  await page.fill('#office-phone', '0571-87000000');
  await page.fill('#office-receptionHours', '工作日 上午9:00—12:00，下午14:00—17:00');
  await page.fill('#office-docPrefix', '东人大信');
  assert.equal((await page.textContent('[data-testid="doc-no-preview"]'))!.trim(), `东人大信〔${new Date().getFullYear()}〕1号`);
  await page.click('#office-form button[type=submit]');
  await page.waitForSelector('.success:has-text("已保存")');
  // The header of the console says the new name too.
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.brand-office')?.textContent === '东湖市人大常委会信访办公室');
  await page.waitForSelector('#office-name');
  await snap(page, 'paper-admin-office-1280');
  assert.deepEqual(errors, []);
  await context.close();

  const pub = await (await fetch(s.base + '/api/public/office')).json();
  assert.equal(pub.name, '东湖市人大常委会信访办公室', 'the public API answers the new name');
  assert.equal(pub.phone, '0571-87000000');

  // The public portal (the built pages the API serves) says the new name, address and phone at
  // once, without a rebuild: on a 360 px phone with JavaScript and without it, wherever it tells
  // people they can write, visit or call.
  for (const javaScriptEnabled of [true, false]) {
    const p = await newPage(s.browser, { ...PHONE, javaScriptEnabled });
    for (const at of ['/', '/file', '/track', '/guidance']) {
      await p.page.goto(s.base + at);
      assert.match(await p.page.title(), /东湖市人大常委会信访办公室/, `${at}: the title names the office`);
      assert.equal((await p.page.textContent('.brand [data-office="name"]'))!.trim(), '东湖市人大常委会信访办公室', `${at}: the header`);
      assert.match(await p.page.innerText('.site-footer'), /来信、来访地址：东湖市人民路1号（邮编 310001）。接待时间：工作日 上午9:00—12:00，下午14:00—17:00。电话：0571-87000000。/, `${at}: the footer`);
      assert.ok(!(await p.page.innerText('body')).includes('XX市人大常委会'), `${at}: no placeholder`);
    }
    for (const at of ['/', '/file']) {
      await p.page.goto(s.base + at);
      assert.match(await p.page.innerText('main .note .office-contact'), /东湖市人民路1号.*0571-87000000/s, `${at}: how to write, visit or call`);
    }
    if (!javaScriptEnabled) await snap(p.page, 'paper-portal-office-nojs-360');
    assert.deepEqual(p.errors, []);
    await p.context.close();
  }

  const { caseNo } = await register({});
  await act(clerk, caseNo, { action: 'accept', scope: 'government' });
  const c = await newPage(s.browser, DESKTOP);
  await signIn(c.page, s.base, 'xu.clerk', PASS, /\/console$/);
  await c.page.goto(`${s.base}/console/case?no=${caseNo}`);
  await c.page.click('a:has-text("打印受理告知书")');
  await c.page.waitForSelector('#doc-title');
  assert.equal((await c.page.textContent('.organ'))!.trim(), '东湖市人大常委会信访办公室');
  assert.match((await c.page.textContent('#doc-no'))!, /^东人大信〔\d{4}〕1号$/);
  assert.match((await c.page.textContent('#doc-sheet'))!, /东湖市人民路1号/);
  await snap(c.page, 'paper-notice-accept-screen');
  assert.equal(await printPdf(c.page, 'accept-notice'), 1);
  assert.deepEqual(c.errors, []);
  await c.context.close();
});

test('a clerk registers a deputy’s referral and prints its 报结函', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'xu.clerk', PASS, /\/console$/);
  await page.goto(s.base + '/console/register');
  await page.waitForSelector('#r-channel-letter');
  await page.check('#r-channel-letter');
  await page.selectOption('#r-details-source', 'deputy');
  await page.fill('#r-details-referrer', '王建华');
  await page.fill('#r-details-referrerAddress', '东湖市第一中学');
  await page.check('input[name=purpose][value=demand]');
  await page.selectOption('#r-categoryCode', 'labor');
  await page.selectOption('#r-subCode', 'labor.wages');
  await page.fill('#r-title', '鸿达建筑公司拖欠农民工工资');
  await page.fill('#r-content', '我们十二人在鸿达建筑公司工地务工八个月，公司拖欠工资共计二十六万元，多次讨要未果。王建华代表在走访选民时收到此信并转来。');
  await page.fill('#r-petitioner-name', '李大山');
  await page.fill('#r-petitioner-address', '东湖市北镇李家村5组');
  await snap(page, 'paper-register-referral-1280');
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('[data-testid="receipt-case-no"]');
  const caseNo = (await page.textContent('[data-testid="receipt-case-no"]'))!.trim();
  assert.match((await page.textContent('.receipt-sheet'))!, /东湖市人大常委会信访办公室/, 'the receipt carries the office’s name');

  // The case is handled (accepted, assigned, reported on, answered).
  await act(clerk, caseNo, { action: 'accept', scope: 'government' });
  await act(clerk, caseNo, { action: 'route', mode: 'assign', agencyId });
  await act(officer, caseNo, { action: 'feedback', text: '已责令鸿达建筑公司支付全部拖欠工资。' });
  await act(clerk, caseNo, { action: 'reply', text: '经市住房和城乡建设局会同劳动保障监察机构核查，鸿达建筑公司确有拖欠工资情况，已于5月10日支付全部拖欠工资二十六万元。' });

  await page.goto(s.base + '/console/referrals');
  await page.waitForSelector(`[data-testid="referrals"] a:has-text("${caseNo}")`);
  assert.match((await page.textContent('[data-testid="referrals"]'))!, /可报结/);
  await snap(page, 'paper-referrals-awaiting-1280');
  await page.click(`a:has-text("${caseNo}")`);
  await page.waitForSelector('#paper-source-title');
  assert.match((await page.textContent('[data-testid="report-state"]'))!, /尚未报结/);
  await page.click('a:has-text("打印报结函")');
  await page.waitForSelector('#doc-title');
  assert.equal((await page.textContent('#doc-title'))!.trim(), '关于代表转来信访事项办理情况的函');
  assert.equal((await page.textContent('#doc-to'))!.trim(), '王建华代表：');
  assert.match((await page.textContent('#doc-sheet'))!, /支付全部拖欠工资二十六万元/);
  await printPdf(page, 'report-letter');
  await page.click('a:has-text("返回信访件")');
  await page.waitForSelector('#paper-source-title');
  await page.click('button:has-text("已向转交人报结")');
  await page.waitForSelector('[data-testid="report-state"]:has-text("已于")');
  assert.match((await page.textContent('[data-testid="report-state"]'))!, /东人大信〔\d{4}〕\d+号/, 'the letter’s 文号 is recorded');
  await snap(page, 'paper-case-reported-1280');
  assert.deepEqual(errors, []);
  await context.close();

  const phone = await newPage(s.browser, PHONE);
  await signIn(phone.page, s.base, 'xu.clerk', PASS, /\/console$/);
  await phone.page.goto(s.base + '/console/referrals?state=reported');
  await phone.page.waitForSelector(`a:has-text("${caseNo}")`);
  await snap(phone.page, 'paper-referrals-reported-360');
  await phone.page.goto(s.base + '/console/register');
  await phone.page.waitForSelector('#r-details-source');
  await phone.page.selectOption('#r-details-source', 'upper_congress');
  await snap(phone.page, 'paper-register-360');
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});

test('a clerk prints a 交办函 and a 督办函 (and the other printouts) as A4 PDFs', async () => {
  const assigned = (await register({ title: '鸿达小区电梯停运', details: { source: 'upper_congress', referrer: '省人大常委会办公厅', referrerDocNo: '省人大信〔2026〕35号' } })).caseNo;
  await act(clerk, assigned, { action: 'accept', scope: 'government' });
  await act(clerk, assigned, { action: 'route', mode: 'assign', agencyId, instructions: '请于15日内查明停运原因，督促物业公司申请使用专项维修资金修复电梯。' });
  await act(leader, assigned, { action: 'supervise', kind: 'tracking', note: '该事项群众反映强烈，请主要负责同志亲自过问，一周内报送核查情况。' });
  await act(clerk, assigned, { action: 'remind', note: '请抓紧办理，按期报送办结报告。' });
  const forwarded = (await register({ title: '反映物业乱收费', categoryCode: 'economy.fees', content: '物业公司擅自提高停车费。' })).caseNo;
  await act(clerk, forwarded, { action: 'accept', scope: 'government' });
  await act(clerk, forwarded, { action: 'route', mode: 'forward', agencyId });
  const declined = (await register({ title: '不服民事判决', purpose: 'appeal', categoryCode: 'judicial.court', content: '对区法院一审判决不服。' })).caseNo;
  await act(clerk, declined, { action: 'decline', reasonCode: 'legal_route', guidance: '您对一审判决不服的，可以在法定期限内向市中级人民法院提起上诉。' });
  const replied = (await register({ title: '供暖温度不达标', content: '小区暖气温度只有十四度。' })).caseNo;
  await act(clerk, replied, { action: 'accept', scope: 'own' });
  await act(clerk, replied, { action: 'route', mode: 'self' });
  await act(clerk, replied, { action: 'reply', text: '一、信访诉求\n请求供热公司提高供暖温度。\n二、事实和理由\n经现场测温，3号楼室温14℃，低于18℃的标准。\n三、处理意见\n已责成供热公司于三日内整改，整改后复测室温19℃。\n四、法律依据\n《东湖市供热管理条例》第二十条。\n五、复查途径和期限\n如对本答复意见不服，可以自收到之日起30日内请求复查。' });

  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'xu.clerk', PASS, /\/console$/);
  const print = async (caseNo: string, link: string, name: string, expect: RegExp) => {
    await page.goto(`${s.base}/console/case?no=${caseNo}`);
    await page.waitForSelector('#notices-title');
    await page.click(`#notices-title ~ ul a:has-text("${link}")`);
    await page.waitForSelector('#doc-title');
    assert.match((await page.textContent('#doc-sheet'))!, expect, name);
    return printPdf(page, name);
  };
  await page.goto(`${s.base}/console/case?no=${assigned}`);
  await page.waitForSelector('#notices-title');
  await snap(page, 'paper-case-documents-1280');
  assert.equal(await print(assigned, '打印交办函', 'assign-letter', /关于交办信访事项的函[\s\S]*东湖市住房和城乡建设局：[\s\S]*信访事项登记表/), 2, 'the letter and its annex');
  assert.equal(await print(assigned, '打印督办函', 'supervise-letter', /关于督办信访事项的函[\s\S]*跟踪督办/), 1);
  assert.equal(await print(assigned, '打印催办单', 'remind-slip', /信访事项催办单[\s\S]*请抓紧办理/), 1);
  await print(forwarded, '打印转送函', 'forward-letter', /关于转送信访事项的函/);
  await print(declined, '打印不予受理告知书', 'decline-notice', /不予受理[\s\S]*提起上诉/);
  await print(replied, '打印答复意见书', 'reply-notice', /答复意见书[\s\S]*三、处理意见/);
  // The same letter printed again keeps its number.
  await page.goto(`${s.base}/console/case?no=${assigned}`);
  await page.waitForSelector('#notices-title');
  assert.match((await page.textContent("#notices-title ~ ul"))!, /打印交办函\s*文号 东人大信〔\d{4}〕\d+号/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a clerk reminds overdue cases at once and prints the 逾期未结通报 of the selection', async () => {
  const nos: string[] = [];
  for (const title of ['甲小区供暖不达标', '乙小区物业乱收费', '丙村道路损毁']) {
    const { caseNo } = await register({ title });
    await act(clerk, caseNo, { action: 'accept', scope: 'government' });
    await act(clerk, caseNo, { action: 'route', mode: 'assign', agencyId });
    nos.push(caseNo);
  }
  // Time passes: their deadlines run out (no endpoint may move a clock).
  await s.db.query(`UPDATE clocks SET due_at = now() - interval '6 days', due_date = (now() - interval '6 days')::date, period_days = NULL
                     WHERE stopped_at IS NULL AND petition_id IN (SELECT id FROM petitions WHERE case_no = ANY($1))`, [nos]);
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'xu.clerk', PASS, /\/console$/);
  await page.goto(s.base + '/console?overdue=1');
  await page.waitForSelector('.batch-bar');
  for (const no of nos.slice(0, 2)) await page.check(`input[type=checkbox][value="${no}"]`);
  await snap(page, 'paper-overdue-batch-1280');
  await page.click('#batch-remind');
  await page.waitForSelector('.batch-bar .success:has-text("已催办 2 件")');
  await page.check(`input[type=checkbox][value="${nos[2]}"]`);
  await page.click('#batch-report');
  await page.waitForSelector('#doc-title');
  assert.equal((await page.textContent('#doc-title'))!.trim(), '关于信访事项逾期未办结情况的通报');
  const sheet = (await page.textContent('#doc-sheet'))!;
  for (const t of ['甲小区供暖不达标', '乙小区物业乱收费', '丙村道路损毁', '下列3件信访事项']) assert.ok(sheet.includes(t), t);
  await printPdf(page, 'overdue-report');
  const reminded = await clerk.call<{ events: Array<{ type: string }> }>('GET', `/api/staff/petitions/${nos[0]}`);
  assert.ok(reminded.events.some((e) => e.type === 'remind'));

  // The month's bulletin in the same layout, with its 期号 and 主送 / 抄送.
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const b = await clerk.call<{ id: string; revision: number; title: string; sections: Array<{ key: string; text: string }>; notable: unknown[] }>('POST', '/api/staff/bulletins', { month });
  await clerk.call('PUT', `/api/staff/bulletins/${b.id}`, {
    revision: b.revision, title: b.title, sections: b.sections.map((x) => (x.key === 'notable' ? { ...x, text: '本月无需单独通报的典型案例。' } : x)), notable: [],
    issueNo: 12, sendTo: '常委会主任、副主任，秘书长', copyTo: '各专门委员会，各区人大常委会', categoryLevel: 2,
  });
  await page.goto(`${s.base}/api/staff/bulletins/${b.id}/print`);
  await page.waitForSelector('#doc-title');
  assert.match((await page.textContent('#doc-sheet'))!, /第12期[\s\S]*附表2　内容分类（二级）[\s\S]*主送：常委会主任/);
  await printPdf(page, 'bulletin');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a clerk imports an office’s messy ledger: the heading under its title, values mapped, the refused rows downloaded', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  const head = ['序号', '收到日期', '来源', '信访人', '联系电话', '信访目的', '问题类别', '主要内容', '转办单位', '办结日期', '办理结果', '备注'];
  ws.addRow(['东湖市人大常委会2025年来信台账']);
  ws.mergeCells(1, 1, 1, head.length);
  ws.addRow(['填报：信访办']);
  ws.addRow(head);
  ws.addRow(['１', '3月5日', '来信', '孙丽', '135 1234 5678', '求决', '拖欠工资', '工地拖欠工资八个月。', AGENCY, '2025-4-20', '已办结', '重复访']);
  ws.addRow([2, '25.3.9', '传真', '周强', '无', '投诉', '环保', '化工园区夜间排放异味。', '', '', '', '越级访']);
  ws.addRow([3, '2025/2/30', '来信', '钱多', '1391234567', '求决', '拖欠工资', '日期和电话都写错了。', '', '', '', '']);
  ws.addRow(['合计', null, null, null, null, null, null, '共 3 件']);
  const file = path.join(RESULTS, 'messy-ledger.xlsx');
  fs.mkdirSync(RESULTS, { recursive: true });
  await wb.xlsx.writeFile(file);

  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'xu.clerk', PASS, /\/console$/);
  await page.goto(s.base + '/console/ledger/import');
  await page.setInputFiles('#ledger-file', file);
  await page.waitForSelector('[data-testid="upload-info"]');
  assert.match((await page.textContent('[data-testid="upload-info"]'))!, /第 3 行是表头[\s\S]*跳过 1 行/);
  assert.equal(await page.inputValue('#ledger-name'), '东湖市人大常委会2025年来信台账');
  await page.click('#dry-run');
  await page.waitForSelector('[data-testid="unmatched"]');
  // The suggestions are preselected: 传真 → 来信, 投诉 → 求决, 环保 → 生态环境.
  assert.equal(await page.inputValue('select[data-value="传真"]'), 'letter');
  assert.equal(await page.inputValue('select[data-value="投诉"]'), 'demand');
  assert.equal(await page.inputValue('select[data-value="环保"]'), 'environment');
  assert.match((await page.textContent('[data-testid="problem-groups"]'))!, /收到日期：日期不存在：1 行/);
  await snap(page, 'paper-ledger-import-map-1280');
  await page.click('[data-testid="unmatched"] button:has-text("按对应关系重新检查")');
  await page.waitForFunction(() => !document.querySelector('[data-testid="unmatched"]'));
  assert.match((await page.textContent('[data-testid="dry-run-result"]'))!, /可导入 2 行，已导入过 0 行，有问题 1 行/);
  await page.click('#do-import');
  await page.waitForSelector('[data-testid="import-done"]');
  assert.match((await page.textContent('[data-testid="import-done"]'))!, /已导入 2 件信访件；1 行有问题未导入/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("下载有问题的行")')]);
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(await download.path());
  assert.match(String(back.worksheets[0].getRow(3).getCell(head.length + 1).value), /第 6 行：收到日期2025年2月没有30日/);
  await snap(page, 'paper-ledger-import-done-1280');
  assert.deepEqual(errors, []);
  await context.close();
});
