// Browser story: a clerk opens the statistics dashboard for last month, drills from a category
// to its cases in the ledger, generates the month's bulletin and downloads its Excel workbook
// (opened and checked here). Then the analysis pages are photographed at 360 px and 1280 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { consoleStage, readyAccount, signIn, snap, StaffApi, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, DESKTOP, newPage, PHONE, RESULTS } from './support.ts';

const PASS = 'Clerk-pass-2026!';
let s: ConsoleStage;
let lastMonth: string; // YYYY-MM, the month before today in China

const CASES: Array<[day: string, categoryCode: string, channel: string, title: string, content: string, persons?: number]> = [
  ['03', 'rural.land', 'letter', '征地补偿款未发放', '村委会至今未按标准发放征地补偿款，每户少发约两万元。'],
  ['05', 'rural.land', 'visit', '承包地被邻村占用', '承包的十亩责任田被邻村强行占用建房，乡政府协调无果。', 6],
  ['08', 'rural.village', 'online', '村务财务不公开', '村委会三年没有公开财务账目，村民要求查账被拒绝。'],
  ['12', 'labor.wages', 'phone', '工地拖欠农民工工资', '工地老板拖欠八名工人工资共计十二万元。'],
  ['15', 'urban.housing', 'letter', '小区供暖不达标', '小区暖气温度只有十四度，物业和供热公司互相推诿。'],
];

before(async () => {
  const now = new Date(Date.now() + 8 * 3600_000);
  lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  s = await consoleStage();
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  await readyAccount(admin, s.base, { username: 'chen.clerk', password: PASS, role: 'clerk', displayName: '陈静' });
  const clerk = await new StaffApi(s.base).login('chen.clerk', PASS);
  for (const [i, [day, categoryCode, channel, title, content, persons]] of CASES.entries()) {
    await clerk.call('POST', '/api/staff/petitions', {
      channel, purpose: 'demand', categoryCode, title, content, place: i < 3 ? '东城区和平里街道' : '西城区',
      receivedAt: `${lastMonth}-${day}T02:00:00Z`, personCount: persons,
      petitioner: { name: `群众${i}`, phone: `1390000${String(1000 + i)}` },
    });
  }
});
after(() => s?.close());

test('a clerk drills from a category to its cases, then generates the bulletin and downloads it', async () => {
  const { context, page, errors } = await newPage(s.browser, { ...DESKTOP, acceptDownloads: true });
  await signIn(page, s.base, 'chen.clerk', PASS, /\/console$/);

  await page.goto(s.base + '/console/stats');
  await page.click('.quick a:has-text("上月")');
  await page.waitForURL(/from=\d{4}-\d{2}-01&to=/);
  await page.waitForSelector('[data-figure="total"]');
  assert.equal(await page.textContent('[data-figure="total"]'), '5');
  await snap(page, 'analysis-stats-1280');

  await page.click('#category-title ~ * button:has-text("农村农业")');
  await page.waitForSelector('nav .crumbs [aria-current="location"]:has-text("农村农业")');
  const land = page.locator('.bars li', { hasText: '土地承包与征地补偿' });
  await land.locator('.bar-value a').click();
  await page.waitForURL(/\/console\/ledger\?.*categoryCode=rural\.land/);
  await page.waitForSelector('[data-testid="ledger-table"]');
  const titles = await page.locator('[data-testid="ledger-table"] tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(titles, ['承包地被邻村占用', '征地补偿款未发放']);
  assert.match((await page.textContent('#results-title'))!, /共 2 件/);
  await snap(page, 'analysis-ledger-1280');

  await page.goto(s.base + '/console/bulletin');
  assert.equal(await page.inputValue('input[type="month"]'), lastMonth);
  await page.click('button:has-text("生成通报草稿")');
  await page.waitForURL(/\/console\/bulletin\?id=/);
  const overview = await page.locator('textarea[data-section="overview"]').inputValue();
  assert.match(overview, /共收到群众信访事项 5 件、涉及 10 人次/);
  const categories = await page.locator('textarea[data-section="categories"]').inputValue();
  assert.match(categories, /^从内容分类看，农村农业类问题最多，3 件，占 60\.0%/);
  await page.fill('textarea[data-section="suggestions"]', '建议开展征地补偿专项监督。');
  await page.click('button:has-text("保存修改")');
  await page.waitForSelector('.success:has-text("已保存")');
  await snap(page, 'analysis-bulletin-1280');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="bulletin-xlsx"]')]);
  const file = path.join(RESULTS, 'bulletin.xlsx');
  fs.mkdirSync(RESULTS, { recursive: true });
  await download.saveAs(file);
  assert.match(download.suggestedFilename(), /信访工作情况通报\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['主要指标', '内容分类（一级）', '热点问题', '承办单位', '典型案例', '通报正文']);
  assert.deepEqual((wb.getWorksheet('主要指标')!.getRow(2).values as unknown[]).slice(1, 3), ['信访总量（件）', 5]);
  const text = wb.getWorksheet('通报正文')!;
  let suggestion = '';
  text.eachRow((r) => {
    if (String(r.getCell(1).value).endsWith('工作建议')) suggestion = String(r.getCell(2).value);
  });
  assert.equal(suggestion, '建议开展征地补偿专项监督。');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the analysis pages at 360 px', async () => {
  const { context, page, errors } = await newPage(s.browser, PHONE);
  await signIn(page, s.base, 'chen.clerk', PASS, /\/console$/);
  const from = `${lastMonth}-01`;
  await page.goto(`${s.base}/console/stats?from=${from}&to=${lastMonth}-28`);
  await page.waitForSelector('[data-figure="total"]');
  await snap(page, 'analysis-stats-360');
  await page.goto(`${s.base}/console/ledger?from=${from}&to=${lastMonth}-28`);
  await page.waitForSelector('[data-testid="ledger-table"]');
  await snap(page, 'analysis-ledger-360');
  await page.goto(`${s.base}/console/ledger/import`);
  await page.setInputFiles('#ledger-file', { name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF收到日期,来源,信访目的,内容分类,信访内容\n2025-03-03,来信,求决,拖欠工资,工资没发。\n2025-03-04,传真,求决,拖欠工资,渠道不对。\n') });
  await page.waitForSelector('#s2');
  await page.click('button:has-text("试运行检查")');
  await page.waitForSelector('[data-testid="dry-run-result"]');
  assert.match((await page.textContent('[data-testid="dry-run-result"]'))!, /共 2 行：可导入 1 行，已导入过 0 行，有问题 1 行/);
  await snap(page, 'analysis-import-360');
  await page.goto(`${s.base}/console/bulletin`);
  await page.click('a:has-text("信访工作情况通报")');
  await page.waitForSelector('textarea[data-section="overview"]');
  await snap(page, 'analysis-bulletin-360');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the analysis pages have no serious or critical axe violation', async () => {
  const { context, page } = await newPage(s.browser, { ...DESKTOP, bypassCSP: true }); // axe is injected inline
  await signIn(page, s.base, 'chen.clerk', PASS, /\/console$/);
  const bulletin = await page.evaluate(async () => ((await (await fetch('/api/staff/bulletins')).json()).items[0]?.id as string | undefined) ?? '');
  const from = `${lastMonth}-01`;
  const failures: string[] = [];
  for (const [url, ready] of [
    [`/console/stats?from=${from}&to=${lastMonth}-28`, '[data-figure="total"]'],
    [`/console/ledger?from=${from}&to=${lastMonth}-28`, '[data-testid="ledger-table"]'],
    ['/console/ledger/import', '#ledger-file'],
    ['/console/bulletin', 'h2'],
    ...(bulletin ? [[`/console/bulletin?id=${bulletin}`, 'textarea[data-section="overview"]']] : []),
  ]) {
    await page.goto(s.base + url);
    await page.waitForSelector(ready);
    await page.addScriptTag({ path: path.join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return r.violations;
    });
    for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') failures.push(`${url}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  assert.deepEqual(failures, []);
  await context.close();
});
