// Support for the console's browser stories: a stage that also hands the test its database (to
// move a clock into the past, which no endpoint may do), a staff API client with the session
// cookie and CSRF token for setting up accounts through the admin API, and browser sign-in.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, dropTestDatabase } from '../../api/test/harness.ts';
import { startServerProcess, type ServerProcess } from '../../api/test/processes.ts';
import { ADMIN_PASSWORD, launchBrowser, RESULTS, ROOT, shot } from './support.ts';

export type ConsoleStage = { server: ServerProcess; base: string; browser: Browser; db: pg.Pool; close: () => Promise<void> };

export async function consoleStage(): Promise<ConsoleStage> {
  const { name, url } = await createTestDatabase();
  const dataDir = path.join(ROOT, '.tmp', 'e2e-' + name);
  const server = await startServerProcess({
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    RATE_LIMIT_FILINGS_PER_HOUR: '1000',
    RATE_LIMIT_LOOKUPS_PER_MINUTE: '1000',
  });
  const browser = await launchBrowser();
  const db = new pg.Pool({ connectionString: url, max: 2 });
  return {
    server,
    base: server.url,
    browser,
    db,
    close: async () => {
      await browser.close();
      await db.end();
      await server.kill();
      await dropTestDatabase(name);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in staff member talking to the API directly (test setup only). */
export class StaffApi {
  private cookie = '';
  private csrf = '';
  private base: string;
  constructor(base: string) {
    this.base = base;
  }

  async login(username: string, password: string) {
    const res = await fetch(this.base + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  async call<T = any>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + url, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Signs in through the console's login page and waits for the role's start page. */
export async function signIn(page: Page, base: string, username: string, password: string, landing: RegExp) {
  await page.goto(base + '/console/login');
  await page.fill('#l-username', username);
  await page.fill('#l-password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(landing);
}

/** Opens an action's form on the case page. */
export async function openAction(page: Page, action: string) {
  await page.click(`details[data-action="${action}"] > summary`);
  await page.waitForSelector(`#a-${action}-form`);
}

/** Submits an action form (confirming when asked) and waits for the page to say it is done. */
export async function submitAction(page: Page, action: string, label: string, confirm = false) {
  await page.click(`#a-${action}-submit`);
  if (confirm) await page.click(`#a-${action}-confirm`);
  await page.waitForSelector(`.success:has-text("已完成：${label}")`);
}

/** A full-page screenshot (support.ts `shot`); with XF_SHOT_PARTS=1 also the page in 1000 px
 *  high slices under test-results/parts/, readable at full size when reviewing a phone layout. */
export async function snap(page: Page, name: string) {
  await shot(page, name);
  if (!process.env.XF_SHOT_PARTS) return;
  const dir = path.join(RESULTS, 'parts');
  fs.mkdirSync(dir, { recursive: true });
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  const w = page.viewportSize()?.width ?? 1280;
  for (let y = 0, i = 0; y < h && i < 12; y += 1000, i++) {
    await page.screenshot({ path: path.join(dir, `${name}-${i}.png`), fullPage: true, clip: { x: 0, y, width: w, height: Math.min(1000, h - y) } });
  }
}
