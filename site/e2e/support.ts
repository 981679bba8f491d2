// Shared support for browser stories: a real server process on a fresh database, Debian's
// Chromium through playwright-core, and screenshots kept in test-results/ as artifacts.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase, dropTestDatabase } from '../../api/test/harness.ts';
import { startServerProcess, type ServerProcess } from '../../api/test/processes.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS = path.join(ROOT, 'test-results');
export const ADMIN_PASSWORD = 'Admin-pass-2026!';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Chromium in Chinese: its own controls (date fields, 选择文件) speak the language of the pages,
 *  as on a citizen's phone, given Debian's chromium-l10n language packs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    env: { ...process.env, LANGUAGE: 'zh_CN:zh' },
  });
}

export const PHONE = { viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

export type Stage = { server: ServerProcess; base: string; browser: Browser; close: () => Promise<void> };

/** A server on its own fresh database plus a browser; `close()` tears both down. */
export async function stage(env: Record<string, string> = {}): Promise<Stage> {
  const db = await createTestDatabase();
  const server = await startServerProcess({
    DATABASE_URL: db.url,
    DATA_DIR: path.join(ROOT, '.tmp', 'e2e-' + db.name),
    ADMIN_PASSWORD,
    RATE_LIMIT_FILINGS_PER_HOUR: '1000',
    RATE_LIMIT_LOOKUPS_PER_MINUTE: '1000',
    ...env,
  });
  const browser = await launchBrowser();
  return {
    server,
    base: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.kill();
      await dropTestDatabase(db.name);
      fs.rmSync(path.join(ROOT, '.tmp', 'e2e-' + db.name), { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, name + '.png'), fullPage: true });
}

/** `shot` at the page's own size (the phone), then the same state at desktop width as
 *  `<name>-desktop.png`; the page is put back to its size afterwards. */
export async function shotBoth(page: Page, name: string) {
  await shot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize(DESKTOP.viewport);
  await shot(page, name + '-desktop');
  if (size) await page.setViewportSize(size);
}

/** Fails the story on any uncaught page error or failed same-origin script. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

export async function newPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = PHONE): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Opens a page whose form is a Svelte island and waits until the island has hydrated: typing and
 *  pressing Enter into the server-rendered form before that would submit it natively (a reload),
 *  which a slow CI machine makes likely. */
export async function gotoIsland(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
}

/** A 1×1 PNG, a real image for upload stories. */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
