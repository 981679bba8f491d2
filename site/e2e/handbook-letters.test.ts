// The handbook's pictures of scanned letters and triage suggestions (issue 17), one named test per
// picture as in handbook.test.ts: a server with the recognition job on, over a small history of
// the office's cases (so suggestions have something to go by), one printed letter scanned by the
// test itself. Pictures go to test-results/handbook/; with UPDATE_HANDBOOK=1 also to
// docs/handbook/images/ (api/test/handbook-pictures.test.ts checks the pictures and their tests).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { sampleLetters, scanLetters } from '../../api/test/letter-samples.ts';
import { consoleStage, readyAccount, RULE_WORDS, signIn, StaffApi, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, RESULTS, ROOT, watchErrors } from './support.ts';

const OUT = path.join(RESULTS, 'handbook');
const IMAGES = path.join(ROOT, 'docs', 'handbook', 'images');
const UPDATE = process.env.UPDATE_HANDBOOK === '1';
const DESK = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const PASS = 'Handbook-2026-pass';

let s: ConsoleStage;
let scan: { file: string; type: string; name: string; phone: string };

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  if (UPDATE) fs.mkdirSync(IMAGES, { recursive: true });
  // An installation that has been running a while: a history of cases and the model learnt from it.
  s = await consoleStage({ history: 600, env: { JOBS: '1', OCR_WORKERS: '1' } });
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  await readyAccount(admin, s.base, { username: 'wang.clerk', password: PASS, role: 'clerk', displayName: '王晓燕' });
  await readyAccount(admin, s.base, { username: 'liu.editor', password: PASS, role: 'editor', displayName: '刘芳' });
  const letter = sampleLetters(40, 2026).filter((l) => l.pages === 1 && !RULE_WORDS.test(l.text) && l.fields.signatories === 1 && l.fields.phones.length > 0)[0];
  const [one] = await scanLetters(s.browser, [letter], path.join(s.dataDir, 'scans'));
  scan = { file: one.file, type: one.type, name: path.basename(one.file), phone: letter.fields.phones[0] };
});
after(() => s?.close());

type Person = { context: BrowserContext; page: Page; errors: string[] };
let clerk: Person;

async function picture(p: Person, name: string, selector?: string, maxHeight = 1400) {
  const { page } = p;
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const file = path.join(OUT, name + '.png');
  if (!selector) await page.screenshot({ path: file });
  else {
    const loc = page.locator(selector).first();
    await loc.scrollIntoViewIfNeeded();
    const box = (await loc.boundingBox())!;
    const scrollY = await page.evaluate(() => scrollY);
    const y = Math.max(0, box.y + scrollY - 12);
    await page.screenshot({ path: file, fullPage: true, clip: { x: Math.max(0, box.x - 12), y, width: Math.min(1280, box.width + 24), height: Math.min(maxHeight, box.height + 24) } });
  }
  if (UPDATE) {
    const to = path.join(IMAGES, name + '.png');
    try {
      execFileSync('convert', [file, '-dither', 'None', '-colors', '128', 'PNG8:' + to], { stdio: 'ignore' });
    } catch {
      fs.copyFileSync(file, to);
    }
  }
  assert.deepEqual(p.errors, [], `${name}: no page errors`);
}

test('clerk-letter-scans', async () => {
  const context = await s.browser.newContext(DESK);
  const page = await context.newPage();
  clerk = { context, page, errors: watchErrors(page) };
  await signIn(page, s.base, 'wang.clerk', PASS, /\/console$/);
  await page.goto(s.base + '/console/register');
  await page.waitForSelector('.dropzone');
  await page.setInputFiles('#letter-files', [scan.file]);
  await page.waitForSelector(`li[data-letter="${scan.name}"] [data-status="done"]`, { timeout: 180_000 });
  assert.match((await page.textContent('.letters'))!, /识别完成，可信度 \d+%/);
  await picture(clerk, 'clerk-letter-scans', 'section.letter-scans');
});

test('clerk-letter-review', async () => {
  const { page } = clerk;
  await page.click(`li[data-letter="${scan.name}"] button:has-text("填入登记表")`);
  await page.waitForSelector('h3:has-text("识别结果核对")');
  assert.equal(await page.inputValue('#r-petitioner-phone'), scan.phone, 'the phone is prefilled from the scan');
  await page.click('[data-field="phones.0"] button:has-text("查看原文位置")');
  await page.waitForSelector('.box.on[data-key="phones.0"]');
  await picture(clerk, 'clerk-letter-review', '.review', 1300);
});

test('clerk-letter-suggestions', async () => {
  const { page } = clerk;
  await page.check('input[name=purpose][value=demand]');
  await page.waitForSelector('[data-suggest="category"] button:has-text("采用")');
  await page.waitForSelector('[data-suggest="agency"]');
  await page.click('[data-suggest="category"] button:has-text("采用")');
  await page.waitForSelector('[data-suggest="category"] .tag:has-text("已采用")');
  await page.click('[data-suggest="category"] summary');
  assert.match((await page.textContent('section.suggestions'))!, /依据以往/);
  await picture(clerk, 'clerk-letter-suggestions', 'section.suggestions', 1300);
});

test('editor-suggestion-rules', async () => {
  const context = await s.browser.newContext(DESK);
  const page = await context.newPage();
  const p = { context, page, errors: watchErrors(page) };
  await signIn(page, s.base, 'liu.editor', PASS, /\/console(\/content)?$/);
  await page.goto(s.base + '/console/content/rules');
  await page.waitForSelector('li[data-rule="劳动争议仲裁"]');
  await picture(p, 'editor-suggestion-rules', 'main', 1300);
  await context.close();
});
