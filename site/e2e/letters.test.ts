// Browser story of issue 17, in Debian's Chromium against a real server (recognition job on)
// and PostgreSQL holding an office's history (the benchmark generator's cases): 刘芳, a clerk,
// drops three scanned letters on the registration screen, watches them recognised, checks a
// letter's fields beside its scan, corrects the title, adopts the suggested category and agency,
// registers the three cases and sends each to the suggested agency; the third at phone width.
// Screenshots are kept in test-results/ (letters-*.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleLetters, scanLetters, type SampleLetter } from '../../api/test/letter-samples.ts';
import { consoleStage, readyAccount, RULE_WORDS, signIn, snap, StaffApi, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, DESKTOP, newPage } from './support.ts';

const PASS = 'Clerk-letters-2026';
let s: ConsoleStage;
let scans: Array<{ letter: SampleLetter; file: string; type: string }> = [];

before(async () => {
  // The office's history, written before the server starts (as an installation that has been
  // running): migrations, reference data, then a year of cases and the suggestion model.
  s = await consoleStage({ history: 1500, env: { JOBS: '1', OCR_WORKERS: '2' } });
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  await readyAccount(admin, s.base, { username: 'liu.fang', password: PASS, role: 'clerk', displayName: '刘芳' });
  await readyAccount(admin, s.base, { username: 'sun.editor', password: PASS, role: 'editor', displayName: '孙丽' });
  // Three one-page letters of matters an agency handles (none a rule would send to court).
  const letters = sampleLetters(40, 2026).filter((l) => l.pages === 1 && !RULE_WORDS.test(l.text) && l.fields.signatories === 1).slice(0, 3);
  scans = await scanLetters(s.browser, letters, path.join(s.dataDir, 'scans'));
});
after(() => s?.close());

/** Drops files on the scan area the way a browser does: a drop event carrying them. */
async function dropFiles(page: Page, selector: string, files: Array<{ file: string; type: string }>) {
  const payload = files.map((f) => ({ name: path.basename(f.file), type: f.type, b64: fs.readFileSync(f.file).toString('base64') }));
  const dt = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const f of items) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return dt;
  }, payload);
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: dt });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: dt });
}

const row = (name: string) => `li[data-letter="${name}"]`;

async function registerLetter(page: Page, scan: (typeof scans)[number], shotPrefix: string | null) {
  const name = path.basename(scan.file);
  await page.click(`${row(name)} button:has-text("填入登记表")`);
  await page.waitForSelector('h3:has-text("识别结果核对")');
  assert.equal(await page.inputValue('#r-petitioner-phone'), scan.letter.fields.phones[0], 'the phone is prefilled from the scan');
  assert.ok((await page.inputValue('#r-content')).length > 80);
  // The clerk checks the writer's name against the letter and puts it right where the engine
  // misread it (a scan's grain makes an uncommon surname come out differently now and then).
  const writer = scan.letter.fields.names[0];
  if ((await page.inputValue('#r-petitioner-name')) !== writer) await page.fill('#r-petitioner-name', writer);
  // The field beside the page: its place on the scan is marked.
  await page.click('[data-field="phones.0"] button:has-text("查看原文位置")');
  await page.waitForSelector('.box.on[data-key="phones.0"]');
  if (shotPrefix) await snap(page, `${shotPrefix}-review`);

  // The clerk corrects the proposed title (the letter's title line, or its request) to the way
  // the office words titles.
  const proposed = await page.inputValue('#r-title');
  const corrected = proposed.startsWith('关于') ? proposed.replace(/^关于/, '反映') : '关于' + proposed.replace(/^请求/, '').slice(0, 26) + '的问题';
  await page.fill('#r-title', corrected);
  assert.notEqual(corrected, proposed);
  await page.check('input[name=purpose][value=demand]');
  // Suggestions for the draft: adopt the category and the agency.
  await page.waitForSelector('[data-suggest="category"] button:has-text("采用")');
  await page.waitForSelector('[data-suggest="agency"]');
  const suggestedAgency = (await page.textContent('[data-suggest="agency"] dd strong'))!.trim();
  await page.click('[data-suggest="category"] button:has-text("采用")');
  await page.waitForSelector('[data-suggest="category"] .tag:has-text("已采用")');
  await page.click('[data-suggest="agency"] button:has-text("采用")');
  await page.click('[data-suggest="category"] summary');
  if (shotPrefix) await snap(page, `${shotPrefix}-suggestions`);
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('h1:has-text("登记成功"), #register-form .alert, #register-form .field-error', { timeout: 90_000 });
  assert.equal(await page.isVisible('#register-form .alert, #register-form .field-error'), false, (await page.textContent('#register-form .alert, #register-form .field-error').catch(() => '')) ?? '');
  const caseNo = (await page.textContent('[data-testid=receipt-case-no]'))!.trim();
  await page.waitForSelector('#triage-heading');
  await page.click('#triage-run');
  await page.waitForSelector('.triage .success');
  assert.match((await page.textContent('.triage .success'))!, new RegExp(`已转至 ${suggestedAgency}`));
  if (shotPrefix) await snap(page, `${shotPrefix}-receipt`);
  await page.click('button:has-text("继续登记")');
  await page.waitForSelector(`${row(name)} [data-status="registered"]`);
  return { caseNo, agency: suggestedAgency };
}

test('刘芳 drops three scanned letters, checks and corrects one, takes the suggested category and agency, and registers all three', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'liu.fang', PASS, /\/console$/);
  await page.goto(s.base + '/console/register');
  await page.waitForSelector('.dropzone');
  await dropFiles(page, '.dropzone', scans);
  // Each file is one letter, recognised on its own.
  for (const one of scans) await page.waitForSelector(row(path.basename(one.file)));
  await page.waitForSelector('[data-status="queued"], [data-status="recognising"]');
  await snap(page, 'letters-desktop-recognising');
  await page.setViewportSize({ width: 360, height: 800 });
  await snap(page, 'letters-phone-recognising');
  await page.setViewportSize(DESKTOP.viewport);
  await page.waitForFunction(() => document.querySelectorAll('[data-status="done"]').length === 3, null, { timeout: 300_000 });
  assert.match((await page.textContent('.letters'))!, /识别完成，可信度 \d+%/);
  await snap(page, 'letters-desktop-recognised');
  await page.setViewportSize({ width: 360, height: 800 });
  await snap(page, 'letters-phone-recognised');
  await page.setViewportSize(DESKTOP.viewport);

  const done: Array<{ caseNo: string; agency: string }> = [];
  const register = async (scan: (typeof scans)[number], shots: string | null) => {
    try {
      done.push(await registerLetter(page, scan, shots));
    } catch (e) {
      await snap(page, 'letters-failure');
      throw e;
    }
  };
  await register(scans[0], 'letters-desktop');
  await register(scans[1], null);
  // The third at phone width.
  await page.setViewportSize({ width: 360, height: 800 });
  await register(scans[2], 'letters-phone');
  assert.deepEqual(errors, []);
  await context.close();

  // Three cases, each a letter with its scan attached, sent to the agency suggested.
  for (const [i, d] of done.entries()) {
    const { rows } = await s.db.query<{ channel: string; status: string; agency: string; files: number; category_code: string }>(
      `SELECT p.channel, p.status, a.name AS agency, p.category_code, (SELECT count(*)::int FROM attachments f WHERE f.petition_id = p.id) AS files
         FROM petitions p JOIN agencies a ON a.id = p.agency_id WHERE p.case_no = $1`,
      [d.caseNo],
    );
    assert.equal(rows[0].channel, 'letter');
    assert.equal(rows[0].status, 'forwarded');
    assert.equal(rows[0].agency, d.agency);
    assert.equal(rows[0].files, 1, `case ${i + 1} keeps its scan`);
  }
  // The suggestions and the clerk's choices are recorded side by side.
  const { rows: rec } = await s.db.query<{ taken: number }>(`SELECT count(*) FILTER (WHERE chosen_category = category_code)::int AS taken FROM suggestions WHERE petition_id IS NOT NULL`);
  assert.equal(rec[0].taken, 3);
});

test('the office sees how often the suggestions were taken, per field and month', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'liu.fang', PASS, /\/console$/);
  // The learner records the triage within seconds (a background job).
  const until = Date.now() + 60_000;
  for (;;) {
    const { rows } = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM suggestions WHERE petition_id IS NOT NULL AND chosen_agency IS NOT NULL`);
    if (rows[0].n === 3 || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.goto(s.base + '/console/stats/suggestions');
  await page.waitForSelector('#uptake-table');
  assert.match((await page.textContent('#uptake-table td[data-field="category"]'))!, /100%/);
  assert.match((await page.textContent('#uptake-table td[data-field="agency"]'))!, /100%.*3\/3/);
  await snap(page, 'letters-desktop-uptake');
  await page.setViewportSize({ width: 360, height: 800 });
  await snap(page, 'letters-phone-uptake');
  assert.deepEqual(errors, []);
  await context.close();
});

test('孙丽, an editor, adds a keyword rule that sends labour-injury disputes to arbitration first', async () => {
  const { context, page, errors } = await newPage(s.browser, DESKTOP);
  await signIn(page, s.base, 'sun.editor', PASS, /\/console\/content/);
  await page.goto(s.base + '/console/content/rules');
  await page.waitForSelector('li[data-rule="劳动争议仲裁"]');
  await page.fill('#rule-name', '工伤待遇争议');
  await page.fill('#rule-keywords', '工伤待遇、伤残补助金');
  await page.selectOption('#rule-scope', 'legal_route');
  await page.selectOption('#rule-reason', 'legal_route');
  // A legal-route rule must say where to turn: refused without guidance.
  await page.click('#rule-form button[type=submit]');
  await page.waitForSelector('#rule-form .alert');
  await page.fill('#rule-guidance', '工伤保险待遇争议属于劳动争议，请自知道或者应当知道权利被侵害之日起1年内向劳动人事争议仲裁委员会申请仲裁。');
  await page.click('#rule-form button[type=submit]');
  await page.waitForSelector('li[data-rule="工伤待遇争议"]');
  await snap(page, 'letters-desktop-rules');
  // The rule is used at once for a clerk's draft.
  const clerk = await new StaffApi(s.base).login('liu.fang', PASS);
  const suggestion = await clerk.call('POST', '/api/staff/suggestions', { title: '公司拒付伤残补助金', content: '我在工地受伤，经鉴定为九级伤残，公司拒不支付伤残补助金。恳请督促处理。' });
  assert.equal(suggestion.scope.rule.name, '工伤待遇争议');
  assert.match(suggestion.decline.guidance, /1年内/);
  assert.deepEqual(errors, []);
  await context.close();
});
