// Support for the console's browser stories: a stage that also hands the test its database (to
// move a clock into the past, which no endpoint may do), a staff API client with the session
// cookie and CSRF token for setting up accounts through the admin API, the story's people's
// authenticator apps (TOTP, for the roles that sign in with a second factor), and browser sign-in.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { loadConfig } from '../../api/config.ts';
import { openPool } from '../../api/db/database.ts';
import { prepareInstallation } from '../../api/server.ts';
import { learnSuggestions } from '../../api/services/suggestion-model.ts';
import { totpCode } from '../../api/services/totp.ts';
import { createTestDatabase, dropTestDatabase } from '../../api/test/harness.ts';
import { seedHistory } from '../../api/test/history.ts';
import { startServerProcess, type ServerProcess } from '../../api/test/processes.ts';
import { ADMIN_PASSWORD, launchBrowser, RESULTS, ROOT, shot } from './support.ts';

export type ConsoleStage = { server: ServerProcess; base: string; browser: Browser; db: pg.Pool; dataDir: string; close: () => Promise<void> };

/** Words of a letter that the office's keyword rules send to a court route, not to an agency. */
export const RULE_WORDS = /判决|裁定|仲裁|复议|一审|二审|再审|上诉/;

/**
 * A server on its own fresh database plus a browser; `close()` tears both down. `history`: an
 * installation that has been running a while, with that many cases of an office's history
 * written before the server starts and the suggestion model learnt from them. `env`: more
 * server settings (e.g. the recognition job).
 */
export async function consoleStage(opts: { history?: number; env?: Record<string, string> } = {}): Promise<ConsoleStage> {
  const { name, url } = await createTestDatabase();
  const dataDir = path.join(ROOT, '.tmp', 'e2e-' + name);
  const env: Record<string, string> = {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    RATE_LIMIT_FILINGS_PER_HOUR: '1000',
    RATE_LIMIT_LOOKUPS_PER_MINUTE: '1000',
    ...opts.env,
  };
  if (opts.history !== undefined) {
    env.IDENTITY_KEY = crypto.randomBytes(32).toString('hex');
    const config = { ...loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, IDENTITY_KEY: env.IDENTITY_KEY, ADMIN_PASSWORD }), jobs: false };
    const pool = openPool(url, 4);
    try {
      const deps = await prepareInstallation(config, pool, () => {});
      await seedHistory(deps, opts.history);
      await learnSuggestions(deps);
    } finally {
      await pool.end();
    }
  }
  const server = await startServerProcess(env);
  const browser = await launchBrowser();
  const db = new pg.Pool({ connectionString: url, max: 2 });
  return {
    server,
    base: server.url,
    browser,
    db,
    dataDir,
    close: async () => {
      await browser.close();
      await db.end();
      await server.kill();
      await dropTestDatabase(name);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The authenticator app of each person in the story: their TOTP secret and the 30-second steps
 *  already used (the server accepts a code once). */
const authenticators = new Map<string, { secret: string; used: Set<number> }>();

/** A code for `username` the server has not seen: this step or the next (which it accepts too);
 *  when both were used, waits for the clock to move on. */
export async function freshCode(username: string): Promise<string> {
  const a = authenticators.get(username);
  if (!a) throw new Error(`${username} has no authenticator`);
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    for (const s of [step, step + 1]) {
      if (a.used.has(s) || [...a.used].some((u) => u > s)) continue;
      a.used.add(s);
      return totpCode(a.secret, new Date(s * 30_000 + 1_000));
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** Remembers an authenticator set up in the browser (the secret shown under the QR code). */
export function rememberAuthenticator(username: string, secret: string, usedAt = Date.now()) {
  authenticators.set(username, { secret: secret.replace(/\s/g, ''), used: new Set([Math.floor(usedAt / 30_000)]) });
}

/** A signed-in staff member talking to the API directly (test setup only). */
export class StaffApi {
  private cookie = '';
  private csrf = '';
  private base: string;
  user: { id: string; username: string; mustChangePassword: boolean; mustEnrolTotp?: boolean } | undefined;
  constructor(base: string) {
    this.base = base;
  }

  async login(username: string, password: string) {
    const attempt = (code?: string) =>
      fetch(this.base + '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password, ...(code ? { code } : {}) }),
      });
    let res = await attempt();
    if (res.status === 401 && authenticators.has(username)) res = await attempt(await freshCode(username));
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const body = (await res.json()) as { csrfToken: string; user: StaffApi['user'] };
    this.csrf = body.csrfToken;
    this.user = body.user;
    // A role that signs in with a second factor sets one up first, as its person would.
    if (body.user?.mustEnrolTotp) {
      const setup = await this.call<{ secret: string }>('POST', '/api/auth/totp/setup');
      rememberAuthenticator(username, setup.secret, 0);
      authenticators.get(username)!.used.clear();
      await this.call('POST', '/api/auth/totp/confirm', { code: await freshCode(username) });
    }
    return this;
  }

  /** The raw bytes of a GET (a staff download, such as an attachment). */
  async bytes(url: string): Promise<Buffer> {
    const res = await fetch(this.base + url, { headers: { cookie: this.cookie } });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
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

/**
 * An account the admin creates, ready for the story: created with a one-time password, whose
 * person then signed in, chose `password` and (for a role that needs it) set up an authenticator.
 */
export async function readyAccount(admin: StaffApi, base: string, input: { username: string; password: string; role: string; agencyId?: string; displayName?: string }) {
  const first = 'Once-' + input.password;
  const created = await admin.call('POST', '/api/staff/users', { ...input, password: first });
  const me = await new StaffApi(base).login(input.username, first);
  await me.call('POST', '/api/auth/password', { currentPassword: first, newPassword: input.password });
  return created as { id: string; username: string };
}

/** Signs a browser context's requests in through the API (with the second factor when needed). */
export async function signInRequest(request: APIRequestContext, base: string, username: string, password: string) {
  let res = await request.post(base + '/api/auth/login', { data: { username, password } });
  if (res.status() === 401 && authenticators.has(username)) res = await request.post(base + '/api/auth/login', { data: { username, password, code: await freshCode(username) } });
  if (res.status() !== 200) throw new Error(`sign-in ${username}: ${res.status()} ${await res.text()}`);
}

/** Signs in through the console's login page and waits for the role's start page. */
export async function signIn(page: Page, base: string, username: string, password: string, landing: RegExp) {
  await page.goto(base + '/console/login');
  await page.fill('#l-username', username);
  await page.fill('#l-password', password);
  await page.click('button[type=submit]');
  if (authenticators.has(username)) {
    // The second step: the authenticator's code.
    await page.waitForSelector('#l-code');
    await page.fill('#l-code', await freshCode(username));
    await page.click('button[type=submit]');
  }
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
