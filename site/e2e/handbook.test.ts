// The handbook's pictures (docs/handbook/, issue 18), one named test per picture: each test drives
// a screen in Debian's Chromium against a real server and PostgreSQL, asserts what the picture is
// meant to show, and takes it. Pictures always go to test-results/handbook/<name>.png; with
// UPDATE_HANDBOOK=1 also to docs/handbook/images/<name>.png, which the handbook pages show. So a
// screen that changes under a picture fails here instead of leaving the handbook stale
// (api/test/handbook-pictures.test.ts checks that every picture the pages use has its test here).
// One server and one browser for the whole file; each role signs in once and keeps its session.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { consoleStage, freshCode, openAction, readyAccount, signIn, StaffApi, submitAction, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, PNG_1PX, RESULTS, ROOT, watchErrors } from './support.ts';

const OUT = path.join(RESULTS, 'handbook');
const IMAGES = path.join(ROOT, 'docs', 'handbook', 'images');
const UPDATE = process.env.UPDATE_HANDBOOK === '1';

/** Desktop at 1× (pictures stay small), and a phone at 360 px for the agency officer. */
const DESK = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

const PASS = 'Handbook-2026-pass';
const OFFICE = '东湖市人大常委会信访办公室';
const HOUSING = '东湖市住房和城乡建设局';
const LABOUR = '东湖市人力资源和社会保障局';
const URBAN = '东湖市城市管理综合执法局';

let s: ConsoleStage;
let clerkApi: StaffApi;
let officerApi: StaffApi;
const agencies: Record<string, string> = {};
/** Case numbers the stories refer to. */
const cases: Record<string, string> = {};

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  if (UPDATE) fs.mkdirSync(IMAGES, { recursive: true });
  s = await consoleStage();
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  await admin.call('PUT', '/api/staff/settings/office', {
    name: OFFICE, address: '东湖市人民路1号', postcode: '310001', phone: '0571-87000000',
    receptionHours: '工作日 上午9:00—12:00，下午14:00—17:00', docPrefix: '东人大信',
  });
  for (const [name, kind] of [[HOUSING, 'government'], [LABOUR, 'government'], [URBAN, 'government'], ['东湖市中级人民法院', 'court']] as const) {
    agencies[name] = (await admin.call('POST', '/api/staff/agencies', { name, kind })).id;
  }
  await admin.call('POST', `/api/staff/agencies/${agencies[LABOUR]}/aliases`, { alias: '市人社局' });
  await admin.call('POST', `/api/staff/agencies/${agencies[HOUSING]}/aliases`, { alias: '市住建局' });
  await admin.call('POST', '/api/staff/categories/environment/aliases', { alias: '环保' });
  await readyAccount(admin, s.base, { username: 'wang.clerk', password: PASS, role: 'clerk', displayName: '王晓燕' });
  await readyAccount(admin, s.base, { username: 'zhao.leader', password: PASS, role: 'leader', displayName: '赵建国' });
  await readyAccount(admin, s.base, { username: 'li.officer', password: PASS, role: 'agency', agencyId: agencies[HOUSING], displayName: '李卫东' });
  await readyAccount(admin, s.base, { username: 'liu.editor', password: PASS, role: 'editor', displayName: '刘芳' });
  // Two accounts whose people have not signed in yet: the first-sign-in pictures.
  await admin.call('POST', '/api/staff/users', { username: 'chen.clerk', password: 'Once-' + PASS, role: 'clerk', displayName: '陈静' });
  await admin.call('POST', '/api/staff/users', { username: 'qian.leader', password: 'Once-' + PASS, role: 'leader', displayName: '钱主任' });
  clerkApi = await new StaffApi(s.base).login('wang.clerk', PASS);
  officerApi = await new StaffApi(s.base).login('li.officer', PASS);
  await seedCases();
});
after(() => s?.close());

const act = (who: StaffApi, no: string, body: Record<string, unknown>) => who.call('POST', `/api/staff/petitions/${no}/actions`, body);
const register = async (body: Record<string, unknown>) =>
  (await clerkApi.call<{ caseNo: string }>('POST', '/api/staff/petitions', {
    channel: 'letter', purpose: 'demand', categoryCode: 'urban.housing', content: '（内容略）', petitioner: { name: '张秀兰', phone: '13812345678', address: '东湖市和平里3号楼201' }, ...body,
  })).caseNo;

/** Last month (China time) as YYYY-MM: the bulletin and the statistics show it. */
function lastMonth(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

async function seedCases() {
  // Last month's cases, for the statistics and the bulletin: registered, answered and closed.
  const m = lastMonth();
  const history: Array<[string, string, string, string, number?]> = [
    ['03', 'rural.land', 'letter', '征地补偿款未按标准发放'],
    ['05', 'rural.land', 'visit', '承包地被邻村占用建房', 6],
    ['08', 'labor.wages', 'phone', '工地拖欠农民工工资'],
    ['12', 'urban.housing', 'online', '小区供暖温度不达标'],
    ['15', 'environment.noise', 'letter', '夜间施工噪声扰民'],
    ['20', 'urban.housing', 'letter', '物业擅自提高停车费'],
  ];
  const scores = ['satisfied', 'basically_satisfied', 'dissatisfied'];
  for (const [i, [day, categoryCode, channel, title, persons]] of history.entries()) {
    const filed = await clerkApi.call<{ caseNo: string; queryCode: string }>('POST', '/api/staff/petitions', {
      channel, purpose: 'demand', categoryCode, title, content: '（内容略）', receivedAt: `${m}-${day}T02:00:00Z`, personCount: persons,
      petitioner: { name: `群众${i}`, phone: `1390000${1000 + i}` },
    });
    const no = filed.caseNo;
    if (i % 2) {
      await act(clerkApi, no, { action: 'accept', scope: 'government' });
      await act(clerkApi, no, { action: 'route', mode: 'forward', agencyId: i === 3 ? agencies[HOUSING] : agencies[LABOUR] });
    } else {
      // Handled by the office itself, answered and rated by the citizen.
      await act(clerkApi, no, { action: 'accept', scope: 'own' });
      await act(clerkApi, no, { action: 'route', mode: 'self' });
      await act(clerkApi, no, { action: 'reply', text: '经调查核实，现答复如下：已责成有关部门依法处理。' });
      const res = await fetch(s.base + '/api/public/track/rating', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryCode: filed.queryCode, score: scores[i / 2] }) });
      assert.ok(res.ok, `rating: ${res.status}`);
    }
  }
  // This month's work.
  cases.assignedNew = await register({ title: '和平里小区3号楼电梯停运三个月', content: '和平里小区3号楼电梯自上月起停运，物业以维修资金不足为由拒绝维修，楼内多位老人无法下楼。', desiredOutcome: '尽快修复电梯' });
  await act(clerkApi, cases.assignedNew, { action: 'accept', scope: 'government' });
  await act(clerkApi, cases.assignedNew, { action: 'route', mode: 'assign', agencyId: agencies[HOUSING], instructions: '请核实电梯停运原因，督促物业公司申请使用专项维修资金，限期修复。' });

  cases.toReport = await register({ title: '老旧小区改造后外墙渗水', content: '东湖花园小区去年完成老旧小区改造，今年雨季多户外墙渗水。', channel: 'phone' });
  await act(clerkApi, cases.toReport, { action: 'accept', scope: 'government' });
  await act(clerkApi, cases.toReport, { action: 'route', mode: 'assign', agencyId: agencies[HOUSING] });
  await act(officerApi, cases.toReport, { action: 'acknowledge' });

  cases.misrouted = await register({ title: '公租房资格审核结果有异议', content: '申请公租房被认定收入超标，认为计算有误。', channel: 'visit' });
  await act(clerkApi, cases.misrouted, { action: 'accept', scope: 'government' });
  await act(clerkApi, cases.misrouted, { action: 'route', mode: 'assign', agencyId: agencies[HOUSING] });

  cases.selfHandled = await register({ title: '建议增设社区老年食堂', purpose: 'suggestion', categoryCode: 'civil', content: '和平里街道老年人多，建议增设社区老年食堂。', desiredOutcome: '在和平里街道增设老年食堂' });
  await act(clerkApi, cases.selfHandled, { action: 'accept', scope: 'own' });
  await act(clerkApi, cases.selfHandled, { action: 'route', mode: 'self' });

  cases.hard = await register({ title: '企业改制职工社保断缴', categoryCode: 'labor.insurance', content: '原东湖机械厂改制时未为32名职工补缴社保。', personCount: 32, channel: 'visit', petitioner: { name: '孙建军', phone: '13600136000' } });
  await act(clerkApi, cases.hard, { action: 'accept', scope: 'own' });
  await act(clerkApi, cases.hard, { action: 'route', mode: 'self' });

  // Filed online with a mobile number: the citizen is told of each step by text message.
  const online = await fetch(s.base + '/api/public/petitions', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: 'demand', categoryCode: 'urban.housing', title: '小区二次供水水质浑浊', content: '东湖花园小区二次供水水箱多年未清洗，自来水浑浊有异味。', petitioner: { name: '周丽华', phone: '13912345678' }, notify: true }),
  });
  assert.equal(online.status, 201, await online.clone().text());
  cases.online = (await online.json()).caseNo;
  await act(clerkApi, cases.online, { action: 'accept', scope: 'government' });
  await act(clerkApi, cases.online, { action: 'route', mode: 'assign', agencyId: agencies[HOUSING] });

  cases.waiting = await register({ title: '道路改造占用人行道', categoryCode: 'urban.planning', content: '人民路改造工程长期占用人行道。' });

  // Three routed cases whose periods ran out (no endpoint may move a clock into the past).
  const overdue: string[] = [];
  for (const [title, agency] of [['幸福里小区违建拆除不到位', URBAN], ['工伤认定久拖不决', LABOUR], ['保障房漏水维修无人负责', HOUSING]] as const) {
    const no = await register({ title, categoryCode: agency === LABOUR ? 'labor.injury' : 'urban.housing' });
    await act(clerkApi, no, { action: 'accept', scope: 'government' });
    await act(clerkApi, no, { action: 'route', mode: 'assign', agencyId: agencies[agency] });
    overdue.push(no);
  }
  [cases.overdue1, cases.overdue2, cases.overdue3] = overdue;
  await s.db.query(
    `UPDATE clocks SET due_at = now() - interval '4 days', due_date = ((now() AT TIME ZONE 'Asia/Shanghai') - interval '5 days')::date, period_days = NULL
      WHERE stopped_at IS NULL AND clock IN ('handle', 'feedback') AND petition_id IN (SELECT id FROM petitions WHERE case_no = ANY($1))`,
    [overdue],
  );
}

// ---- Sessions: one browser context per person, signed in once ----

type Person = { context: BrowserContext; page: Page; errors: string[] };
const people = new Map<string, Person>();

async function person(username: string, landing: RegExp, options = DESK): Promise<Person> {
  const key = username + (options === PHONE ? '@phone' : '');
  const known = people.get(key);
  if (known) return known;
  const context = await s.browser.newContext(options);
  const page = await context.newPage();
  const p = { context, page, errors: watchErrors(page) };
  await signIn(page, s.base, username, username === 'admin' ? ADMIN_PASSWORD : PASS, landing);
  people.set(key, p);
  return p;
}
const clerk = () => person('wang.clerk', /\/console$/);
const leader = () => person('zhao.leader', /\/console\/leader$/);
const officer = () => person('li.officer', /\/console\/agency$/, PHONE);
const editor = () => person('liu.editor', /\/console(\/content)?$/);
const admin = () => person('admin', /\/console\/admin/);

/** Folds the worklist's filter panel, so the list shows. */
async function closeFilters(page: Page) {
  if (await page.locator('details:has(#filters-title)[open]').count()) await page.click('summary:has(#filters-title)');
}

async function openCase(page: Page, no: string) {
  await page.goto(`${s.base}/console/case?no=${no}`);
  await page.waitForSelector('#case-status');
}

// ---- Pictures ----

type Area = string | Locator | { x: number; y: number; width: number; height: number };

/** The full-width band of the page from `selector` down, `height` px high. */
async function below(page: Page, selector: string, height: number): Promise<Area> {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is on the page`);
  const y = box.y + (await page.evaluate(() => scrollY)) - 12;
  return { x: 0, y, width: page.viewportSize()!.width, height };
}

/**
 * Takes the picture `name`: the viewport, or the region around `area` (a selector or locator,
 * padded by 12 px, at most `maxHeight` high). Fails when the page reported an error.
 */
async function picture(p: Person, name: string, area?: Area, maxHeight = 1400) {
  const { page } = p;
  await page.evaluate(() => document.fonts.ready);
  // No focus ring in the picture (a dialog keeps its focus: it is what the picture shows).
  await page.evaluate(() => { const a = document.activeElement as HTMLElement | null; if (a && !a.closest('dialog')) a.blur(); });
  // Nothing half-loaded, no error banner in the picture.
  assert.equal(await page.locator('.alert[role=alert]:visible').count(), 0, `${name}: an error is shown`);
  const file = path.join(OUT, name + '.png');
  if (!area) {
    await page.screenshot({ path: file });
  } else {
    let clip: { x: number; y: number; width: number; height: number };
    if (typeof area === 'object' && 'x' in area) clip = area;
    else {
      const loc = typeof area === 'string' ? page.locator(area).first() : area;
      await loc.scrollIntoViewIfNeeded();
      const box = await loc.boundingBox();
      assert.ok(box, `${name}: the region is on the page`);
      const scroll = await page.evaluate(() => ({ x: scrollX, y: scrollY, w: document.documentElement.scrollWidth }));
      const pad = 12;
      const x = Math.max(0, box.x + scroll.x - pad);
      const y = Math.max(0, box.y + scroll.y - pad);
      clip = { x, y, width: Math.min(scroll.w - x, box.width + 2 * pad), height: Math.min(maxHeight, box.height + 2 * pad) };
    }
    await page.screenshot({ path: file, fullPage: true, clip });
  }
  if (UPDATE) keep(file, path.join(IMAGES, name + '.png'));
  assert.deepEqual(p.errors, [], `${name}: no page errors`);
}

/** Copies a picture into the handbook, as a 128-colour PNG when ImageMagick is there (a third of
 *  the size, and screens have few colours); otherwise as it is. */
function keep(from: string, to: string) {
  try {
    execFileSync('convert', [from, '-dither', 'None', '-colors', '128', 'PNG8:' + to], { stdio: 'ignore' });
  } catch {
    fs.copyFileSync(from, to);
  }
}

// ---- README ----

test('portal-home', async () => {
  const context = await s.browser.newContext(DESK);
  const page = await context.newPage();
  const p = { context, page, errors: watchErrors(page) };
  await page.goto(s.base + '/');
  assert.match((await page.textContent('h1'))!, /\S/);
  assert.ok(await page.isVisible('a[href="/file"]'), 'the way to file a letter');
  assert.ok(await page.isVisible('a[href="/track"]'), 'the way to follow a case');
  await picture(p, 'portal-home');
  await context.close();
});

test('portal-home-phone', async () => {
  const context = await s.browser.newContext(PHONE);
  const page = await context.newPage();
  const p = { context, page, errors: watchErrors(page) };
  await page.goto(s.base + '/');
  assert.ok(await page.isVisible('a[href="/file"]'), 'the way to file a letter');
  await picture(p, 'portal-home-phone');
  await context.close();
});

test('console-worklist', async () => {
  const p = await clerk();
  await p.page.goto(s.base + '/console');
  await p.page.waitForSelector(`a:has-text("${cases.assignedNew}")`);
  assert.match((await p.page.textContent('h1'))!, /我的工作台/);
  assert.match((await p.page.textContent('main'))!, /已超期/);
  await closeFilters(p.page);
  await p.page.setViewportSize({ width: 1280, height: 1100 });
  await picture(p, 'console-worklist');
  await p.page.setViewportSize(DESK.viewport);
});

// ---- 信访工作人员 (clerk.md) ----

test('clerk-first-password', async () => {
  const context = await s.browser.newContext(DESK);
  const page = await context.newPage();
  const p = { context, page, errors: watchErrors(page) };
  await page.goto(s.base + '/console/login');
  await page.fill('#l-username', 'chen.clerk');
  await page.fill('#l-password', 'Once-' + PASS);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("设置新密码")');
  assert.match((await page.textContent('main'))!, /首次登录或密码被重置后，必须先设置新密码/);
  await page.fill('#p-new', 'Chen-own-pass-2026');
  await page.fill('#p-repeat', 'Chen-own-pass-2026');
  await picture(p, 'clerk-first-password', 'main', 700);
  await context.close();
});

test('clerk-register-visit', async () => {
  const p = await clerk();
  const { page } = p;
  await page.goto(s.base + '/console/register');
  await page.waitForSelector('#register-form');
  await page.check('#r-channel-visit');
  await page.fill('#r-personCount', '6');
  await page.check('input[name=purpose][value=demand]');
  await page.selectOption('#r-categoryCode', 'urban');
  await page.selectOption('#r-subCode', 'urban.housing');
  await page.fill('#r-title', '幸福里小区电梯停运三个月无人维修');
  await page.fill('#r-content', '幸福里小区3号楼电梯自今年8月停运，物业以维修资金不足为由拒绝维修，楼内多位老人无法下楼。6位业主代表来访反映。');
  await page.fill('#r-desiredOutcome', '请求督促尽快修复电梯，明确维修资金使用办法');
  await page.fill('#r-place', '东城区幸福里小区3号楼');
  await page.fill('#r-petitioner-name', '张桂兰');
  await page.fill('#r-petitioner-phone', '13800138000');
  await page.click('#r-add-person');
  await page.fill('#r-cosigners-0-name', '刘长顺');
  await page.setInputFiles('#r-attachmentIds', [{ name: '业主联名信.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.waitForSelector('text=已上传');
  await picture(p, 'clerk-register-visit', '#register-form', 1500);
});

test('clerk-register-receipt', async () => {
  const p = await clerk();
  const { page } = p;
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('h1:has-text("登记成功")');
  cases.visit = (await page.textContent('[data-testid=receipt-case-no]'))!.trim();
  assert.match(cases.visit, /^\d{4}-\d{6}$/);
  assert.match((await page.textContent('[data-testid=receipt-query-code]'))!, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{5}$/);
  await picture(p, 'clerk-register-receipt', 'main', 1000);
});

test('clerk-reveal-identity', async () => {
  const p = await clerk();
  const { page } = p;
  await openCase(page, cases.visit);
  assert.match((await page.textContent('.identity-list'))!, /张\*+/);
  await page.click('button:has-text("查看身份")');
  await page.fill('#reveal-reason', '电话联系代表确认来访人数');
  assert.ok(await page.isVisible('dialog'));
  await picture(p, 'clerk-reveal-identity');
  await page.click('dialog button[type=submit]');
  await page.waitForSelector('.identity-list:has-text("张桂兰")');
  assert.match((await page.textContent('.case-timeline'))!, /查看信访人身份[\s\S]*内部/);
});

test('clerk-route-assign', async () => {
  const p = await clerk();
  const { page } = p;
  await openAction(page, 'accept');
  await page.selectOption('#a-accept-scope', 'government');
  await submitAction(page, 'accept', '受理');
  await openAction(page, 'route');
  await page.check('input[name=a-route-mode][value=assign]');
  await page.selectOption('#a-route-agencyId', { label: HOUSING });
  await page.fill('#a-route-instructions', '请核实电梯停运原因，督促物业和维修资金管理部门限期修复。');
  assert.match((await page.textContent('#a-route-form'))!, /交办承办单位办理，限期报送办结报告/);
  await picture(p, 'clerk-route-assign', page.locator('section:has(#actions-title)'), 1100);
});

test('clerk-case-clocks', async () => {
  const p = await clerk();
  const { page } = p;
  await submitAction(page, 'route', '办理方式（自办/转办/交办）');
  assert.match((await page.textContent('#case-status'))!, /已交办/);
  const clocks = (await page.textContent('.clocks'))!;
  for (const c of ['办理期限', '承办单位告知受理期限', '退回期限', '报送办结报告期限']) assert.ok(clocks.includes(c), c);
  await picture(p, 'clerk-case-clocks', page.locator('section:has(#clocks-title)'));
});

test('clerk-citizen-messages', async () => {
  const p = await clerk();
  const { page } = p;
  await openCase(page, cases.online);
  await page.waitForSelector('#notify-title');
  const panel = page.locator('section:has(#notify-title)');
  assert.match((await panel.textContent())!, /已受理[\s\S]*已交办承办单位办理/);
  assert.doesNotMatch((await panel.textContent())!, /查询码：|[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{5}/, 'never the query code');
  await picture(p, 'clerk-citizen-messages', panel, 700);
});

test('clerk-print-notice', async () => {
  const p = await clerk();
  const { page } = p;
  await openCase(page, cases.visit);
  await page.click('#notices-title ~ ul a:has-text("打印交办函")');
  await page.waitForSelector('#doc-title');
  assert.equal((await page.textContent('#doc-title'))!.trim(), '关于交办信访事项的函');
  assert.match((await page.textContent('#doc-no'))!, /^东人大信〔\d{4}〕\d+号$/);
  await picture(p, 'clerk-print-notice', { x: 200, y: 0, width: 880, height: 1075 });
});

test('clerk-overdue-remind', async () => {
  const p = await clerk();
  const { page } = p;
  await page.goto(s.base + '/console?overdue=1');
  await page.waitForSelector('.batch-bar');
  for (const no of [cases.overdue1, cases.overdue2]) await page.check(`input[type=checkbox][value="${no}"]`);
  await page.fill('#batch-note', '请抓紧办理，三日内报送办结报告。');
  assert.match((await page.textContent('.batch-bar'))!, /已选 2 件/);
  await closeFilters(page);
  await picture(p, 'clerk-overdue-remind', await below(page, '#results-title', 620));
  await page.click('#batch-remind');
  await page.waitForSelector('.batch-bar .success:has-text("已催办 2 件")');
});

test('clerk-reply', async () => {
  const p = await clerk();
  const { page } = p;
  await openCase(page, cases.selfHandled);
  await openAction(page, 'reply');
  assert.match(await page.inputValue('#a-reply-part-request'), /老年食堂/);
  await page.fill('#a-reply-part-facts', '经与市民政局、和平里街道办事处核实，和平里街道60岁以上老年人约8,600人，现有老年食堂1处，供餐能力不足。');
  await page.fill('#a-reply-part-opinion', '你的建议已转市民政局研究。市民政局已将和平里街道列入今年新增社区老年食堂计划，预计年底前建成2处。');
  await page.fill('#a-reply-part-basis', '《东湖市养老服务条例》第二十一条。');
  await picture(p, 'clerk-reply', '#a-reply-form', 1600);
});

test('clerk-ledger-import', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  const head = ['序号', '收到日期', '来源', '信访人', '联系电话', '信访目的', '问题类别', '主要内容', '转办单位', '办结日期', '备注'];
  ws.addRow(['东湖市人大常委会2025年来信台账']);
  ws.mergeCells(1, 1, 1, head.length);
  ws.addRow(head);
  ws.addRow([1, '2025-3-5', '来信', '孙丽', '135 1234 5678', '求决', '拖欠工资', '工地拖欠工资八个月。', '市人社局', '2025-4-20', '重复访']);
  ws.addRow([2, '25.3.9', '传真', '周强', '无', '投诉', '环保', '化工园区夜间排放异味。', '', '', '']);
  ws.addRow([3, '2025/2/30', '来信', '钱多', '1391234567', '求决', '拖欠工资', '日期和电话都写错了。', '', '', '']);
  ws.addRow(['合计', null, null, null, null, null, null, '共 3 件']);
  const file = path.join(OUT, '来信台账.xlsx');
  await wb.xlsx.writeFile(file);

  const p = await clerk();
  const { page } = p;
  await page.goto(s.base + '/console/ledger/import');
  await page.setInputFiles('#ledger-file', file);
  await page.waitForSelector('[data-testid="upload-info"]');
  assert.match((await page.textContent('[data-testid="upload-info"]'))!, /第 2 行是表头[\s\S]*跳过 1 行/);
  assert.equal(await page.inputValue('#ledger-name'), '东湖市人大常委会2025年来信台账');
  await picture(p, 'clerk-ledger-import', 'main', 900);
});

test('clerk-ledger-dry-run', async () => {
  const p = await clerk();
  const { page } = p;
  await page.click('#dry-run');
  await page.waitForSelector('[data-testid="unmatched"]');
  assert.equal(await page.inputValue('select[data-value="传真"]'), 'letter');
  assert.match((await page.textContent('[data-testid="problem-groups"]'))!, /收到日期：日期不存在：1 行/);
  await picture(p, 'clerk-ledger-dry-run', page.locator('section[aria-labelledby="s3"]'), 1200);
});

test('clerk-ledger-export', async () => {
  const p = await clerk();
  const { page } = p;
  await page.goto(s.base + '/console/ledger');
  await page.waitForSelector('[data-testid="ledger-table"] tbody tr');
  assert.ok(await page.isVisible('a:has-text("导出 Excel")'));
  await page.check('text=包含信访人身份信息');
  assert.ok(await page.isVisible('text=导出完整身份信息的理由'));
  await page.fill('#l-reason', '向承办单位核实信访人联系方式');
  await picture(p, 'clerk-ledger-export', 'main', 1100);
});

test('clerk-stats', async () => {
  const p = await clerk();
  const { page } = p;
  await page.goto(s.base + '/console/stats');
  await page.click('.quick a:has-text("上月")');
  await page.waitForURL(/from=\d{4}-\d{2}-01&to=/);
  await page.waitForSelector('[data-figure="total"]');
  assert.equal(await page.textContent('[data-figure="total"]'), '6');
  await picture(p, 'clerk-stats', 'main', 1400);
});

test('clerk-bulletin', async () => {
  const p = await clerk();
  const { page } = p;
  await page.goto(s.base + '/console/bulletin');
  assert.equal(await page.inputValue('input[type="month"]'), lastMonth());
  await page.click('button:has-text("生成通报草稿")');
  await page.waitForURL(/\/console\/bulletin\?id=/);
  const overview = await page.locator('textarea[data-section="overview"]').inputValue();
  assert.match(overview, /共收到群众信访事项 6 件/);
  await page.fill('#b-send', '常委会主任、副主任，秘书长');
  await page.fill('#b-copy', '各专门委员会，各区人大常委会');
  await picture(p, 'clerk-bulletin', 'main', 1600);
});

// ---- 领导 (leader.md) ----

test('leader-sign-in-code', async () => {
  const context = await s.browser.newContext(DESK);
  const page = await context.newPage();
  const p = { context, page, errors: watchErrors(page) };
  await page.goto(s.base + '/console/login');
  await page.fill('#l-username', 'zhao.leader');
  await page.fill('#l-password', PASS);
  await page.click('button[type=submit]');
  await page.waitForSelector('#l-code');
  assert.match((await page.textContent('main'))!, /已启用双因素认证/);
  await picture(p, 'leader-sign-in-code', 'main', 700);
  await page.fill('#l-code', await freshCode('zhao.leader'));
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/leader$/);
  people.set('zhao.leader', p); // this session serves the leader's other pictures
});

test('leader-overview', async () => {
  const p = await leader();
  const { page } = p;
  await page.goto(s.base + '/console/leader');
  const row = page.locator('#by-agency ~ .table-wrap tr', { hasText: HOUSING });
  await row.waitFor();
  assert.match((await row.textContent())!, /已超期 1/);
  await page.locator('section:has(#overdue-title) tr', { hasText: cases.overdue3 }).waitFor();
  await picture(p, 'leader-overview');
});

test('leader-supervise', async () => {
  const p = await leader();
  const { page } = p;
  await openCase(page, cases.overdue3);
  assert.match((await page.textContent('.clocks'))!, /办理期限[\s\S]*已超期/);
  await openAction(page, 'supervise');
  await page.check('input[name=a-supervise-kind][value=focused]');
  await page.fill('#a-supervise-note', '该件已超期，请住建局本周内办结并报送书面材料。');
  await picture(p, 'leader-supervise', page.locator('section:has(#actions-title)'), 1000);
  await submitAction(page, 'supervise', '督办');
});

test('leader-extend', async () => {
  const p = await leader();
  const { page } = p;
  await openCase(page, cases.hard);
  await openAction(page, 'own');
  await submitAction(page, 'own', '包案');
  await openAction(page, 'extend');
  await page.fill('#a-extend-days', '30');
  await page.fill('#a-extend-reason', '涉及企业改制历史遗留问题，需会同人社、国资部门联合核查。');
  assert.match((await page.textContent('#a-extend-form'))!, /延期只能一次，最多 30 日/);
  await picture(p, 'leader-extend', page.locator('details[data-action="extend"]'), 900);
  await submitAction(page, 'extend', '延期', true);
  assert.match((await page.textContent('#summary-title + dl'))!, /已延期\s*30 日/);
});

// ---- 承办单位 (agency.md), on a phone ----

test('agency-worklist-phone', async () => {
  const p = await officer();
  const { page } = p;
  await page.goto(s.base + '/console/agency');
  await page.waitForSelector(`a:has-text("${cases.assignedNew}")`);
  assert.match((await page.textContent('h1'))!, new RegExp(HOUSING));
  await picture(p, 'agency-worklist-phone', 'main', 1300);
});

test('agency-acknowledge-phone', async () => {
  const p = await officer();
  const { page } = p;
  await openCase(page, cases.assignedNew);
  assert.equal(await page.isVisible('#notices-title'), false, 'no notices for the petitioner');
  await openAction(page, 'acknowledge');
  assert.match((await page.textContent('#a-acknowledge-form'))!, /条例第二十三条/);
  await picture(p, 'agency-acknowledge-phone', page.locator('details[data-action="acknowledge"]'), 800);
  await submitAction(page, 'acknowledge', '告知收到（签收）');
});

test('agency-object-phone', async () => {
  const p = await officer();
  const { page } = p;
  await openCase(page, cases.misrouted);
  await openAction(page, 'object');
  await page.fill('#a-object-reason', '公租房资格审核由市住房保障中心负责，建议改派市住房保障中心。');
  await page.click('#a-object-submit');
  await page.waitForSelector('.confirm-box');
  await picture(p, 'agency-object-phone', page.locator('details[data-action="object"]'), 1000);
  await page.click('#a-object-confirm');
  await page.waitForSelector('.success:has-text("已完成：退回")');
});

test('agency-feedback-phone', async () => {
  const p = await officer();
  const { page } = p;
  await openCase(page, cases.toReport);
  await openAction(page, 'feedback');
  await page.fill('#a-feedback-text', '经现场核查，渗水系改造施工单位外墙防水层施工不规范所致。已责令施工单位于本月底前返修，返修费用由施工单位承担，已电话告知信访人。');
  await page.setInputFiles('#a-feedback-attachmentIds', [{ name: '返修方案.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.waitForSelector('#a-feedback-form :text("已上传")');
  await picture(p, 'agency-feedback-phone', '#a-feedback-form', 1000);
  await submitAction(page, 'feedback', '报送办结报告');
  assert.match((await page.textContent('#case-status'))!, /已报送办理结果/);
});

// ---- 编辑 (editor.md) ----

test('editor-article', async () => {
  const p = await editor();
  const { page } = p;
  await page.goto(s.base + '/console/content');
  await page.click('a:has-text("新建文章")');
  await page.waitForSelector('#a-title');
  await page.fill('#a-title', '工伤认定申请须知');
  await page.selectOption('#a-section', 'routes');
  await page.fill('#a-slug', 'work-injury');
  await page.fill('#a-body', '职工发生事故伤害的，用人单位应当在 30 日内提出工伤认定申请。\n\n## 本人申请\n\n用人单位未申请的，职工或者近亲属可以在 **1 年内**申请。\n\n- 申请表\n- 劳动关系证明\n- 医疗诊断证明');
  await page.waitForSelector('.preview-pane h2:has-text("本人申请")');
  await picture(p, 'editor-article');
  await page.click('button:has-text("保存并发布")');
  await page.waitForSelector('.success:has-text("已发布")');
});

test('editor-reception-day', async () => {
  const p = await editor();
  const { page } = p;
  await page.goto(s.base + '/console/content/reception');
  await page.click('button:has-text("新增接待日")');
  const next = new Date(Date.now() + 8 * 3600_000 + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.fill('#d-date', next);
  await page.fill('#d-start', '09:00');
  await page.fill('#d-end', '11:30');
  await page.fill('#d-leader', '市人大常委会副主任 陈明');
  await page.fill('#d-place', '东湖市人民路1号 信访接待室');
  await page.fill('#d-topics', '住房保障、物业管理');
  await page.click('button:text-is("保存")');
  await page.waitForSelector('.success:has-text("已保存")');
  await page.waitForSelector('td:has-text("陈明")');
  await picture(p, 'editor-reception-day');
});

// ---- 系统管理员 (admin.md) ----

test('admin-users', async () => {
  const p = await admin();
  const { page } = p;
  await page.click('#tab-users');
  await page.waitForSelector('text=wang.clerk');
  assert.match((await page.textContent('#admin-panel'))!, /li\.officer[\s\S]*承办单位/);
  await picture(p, 'admin-users');
});

test('admin-totp-enrol', async () => {
  const context = await s.browser.newContext(DESK);
  const page = await context.newPage();
  const p = { context, page, errors: watchErrors(page) };
  await page.goto(s.base + '/console/login');
  await page.fill('#l-username', 'qian.leader');
  await page.fill('#l-password', 'Once-' + PASS);
  await page.click('button[type=submit]');
  await page.waitForSelector('#p-new');
  await page.fill('#p-new', 'Qian-own-pass-2026');
  await page.fill('#p-repeat', 'Qian-own-pass-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("设置双因素认证")');
  await page.click('#e-start');
  await page.waitForSelector('.totp-qr-image svg');
  assert.match((await page.textContent('#e-secret'))!, /^[A-Z2-7 ]{16,}$/);
  await picture(p, 'admin-totp-enrol', 'main', 1100);
  await context.close();
});

test('admin-office', async () => {
  const p = await admin();
  const { page } = p;
  await page.click('#tab-office');
  await page.waitForSelector('#office-name');
  assert.equal(await page.inputValue('#office-name'), OFFICE);
  assert.match((await page.textContent('[data-testid="doc-no-preview"]'))!, /东人大信〔\d{4}〕\d+号/);
  await picture(p, 'admin-office', 'main');
});

test('admin-clocks', async () => {
  const p = await admin();
  const { page } = p;
  await page.click('#tab-clocks');
  await page.waitForSelector('text=保存期限设置');
  const panel = (await page.textContent('#admin-panel'))!;
  for (const c of ['受理告知期限', '退回期限', '办理期限', '申请复查期限']) assert.ok(panel.includes(c), c);
  await picture(p, 'admin-clocks', 'main');
});

test('admin-calendar', async () => {
  const p = await admin();
  const { page } = p;
  await page.click('#tab-calendar');
  await page.waitForSelector('#cal-csv');
  await page.waitForSelector('#cal-days, #cal-official, #cal-provisional');
  assert.match((await page.textContent('#admin-panel'))!, /导入全年安排/);
  // Next year, as the admin looks at it before importing the State Council's schedule.
  const next = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) + 1;
  await page.fill('#cal-year', String(next));
  await page.click('button:has-text("显示")');
  await page.waitForSelector(`#cal-days :text("${next}年1月1日")`);
  assert.match((await page.textContent('#cal-days'))!, /元旦[\s\S]*春节/);
  await picture(p, 'admin-calendar', 'main', 1100);
});

test('admin-aliases', async () => {
  const p = await admin();
  const { page } = p;
  await page.click('#tab-aliases');
  await page.waitForSelector('#admin-panel td:has-text("市人社局")');
  assert.match((await page.textContent('#admin-panel'))!, /环保/);
  await picture(p, 'admin-aliases', 'main');
});

test('admin-security', async () => {
  const p = await admin();
  const { page } = p;
  await page.click('#tab-security');
  await page.waitForSelector('text=保存安全策略');
  await picture(p, 'admin-security', 'main');
});

test('admin-audit', async () => {
  const p = await admin();
  const { page } = p;
  await page.click('#tab-audit');
  await page.waitForSelector('#audit-table tbody tr');
  assert.match((await page.textContent('#admin-panel'))!, /wang\.clerk/);
  await picture(p, 'admin-audit', await below(page, '#admin-panel h2:visible', 760));
});
