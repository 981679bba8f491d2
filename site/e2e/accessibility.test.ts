// axe-core (WCAG 2.1 A/AA rules) on every portal page type and the main console pages, at phone
// and desktop widths, in normal and large-text mode: no serious or critical violation anywhere.
// The pages carry real data (a case, guidance, a reception day), so islands are checked rendered.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { readyAccount, signInRequest, StaffApi } from './console-support.ts';
import { ADMIN_PASSWORD, DESKTOP, PHONE, ROOT, stage, type Stage } from './support.ts';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PASSWORD = 'Staff-pass-2026!';
let s: Stage;
let caseNo = '';
let articleId = '';

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

before(async () => {
  s = await stage();
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  const agencies = await admin.call<{ items: { id: string }[] }>('GET', '/api/staff/agencies');
  for (const [username, role, agencyId] of [['a11y_clerk', 'clerk'], ['a11y_leader', 'leader'], ['a11y_editor', 'editor'], ['a11y_agency', 'agency', agencies.items[0].id]]) {
    await readyAccount(admin, s.base, { username, password: PASSWORD, role, ...(agencyId ? { agencyId } : {}) });
  }
  const filed = await (
    await fetch(s.base + '/api/public/petitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'demand', categoryCode: 'labor.wages', title: '拖欠工资', content: '某公司拖欠三个月工资，多次讨要未果。', petitioner: { name: '李大山', phone: '13912345678' } }),
    })
  ).json();
  caseNo = filed.caseNo;
  const editor = await new StaffApi(s.base).login('a11y_editor', PASSWORD);
  await editor.call('POST', '/api/staff/reception-days', { date: '2099-06-17', startTime: '09:00', endTime: '11:30', place: '信访接待室', leader: '副主任', topics: '劳动保障', published: true });
  articleId = (await editor.call<{ items: { id: string; slug: string }[] }>('GET', '/api/staff/articles')).items.find((a) => a.slug === 'legal-routes')!.id;
});
after(() => s?.close());

async function axe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Violation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations;
  });
}

async function check(context: BrowserContext, urls: Array<[string, string?]>, label: string) {
  const page = await context.newPage();
  const failures: string[] = [];
  for (const [url, ready] of urls) {
    const res = await page.goto(s.base + url);
    assert.ok(res && res.status() < 500, `${url} → ${res?.status()}`);
    if (ready) await page.waitForSelector(ready, { timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    assert.ok((await page.title()).length > 4, `${url} has a title`);
    for (const v of await axe(page)) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        failures.push(`${label} ${url}: [${v.impact}] ${v.id} – ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
      }
    }
  }
  await page.close();
  return failures;
}

const PORTAL: Array<[string, string?]> = [
  ['/'],
  ['/file', '#f-title'],
  ['/track', '#f-queryCode'],
  ['/guidance'],
  ['/guidance/section/routes'],
  ['/guidance/legal-routes'],
  ['/guidance/search?q=%E4%BB%B2%E8%A3%81'],
  ['/guidance/guide'],
  ['/guidance/guide?step=out_labor&trail=start:2,legal_started:1,demand_kind:0'],
  ['/guidance/reception'],
  ['/no-such-page'],
  ['/guidance/no-such-article'],
];

test('portal pages: no serious or critical axe violation, on a phone and a desktop, normal and large text', async () => {
  const failures: string[] = [];
  for (const [name, opts] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    const context = await s.browser.newContext({ ...opts, bypassCSP: true });
    failures.push(...(await check(context, PORTAL, name)));
    await context.addInitScript(() => localStorage.setItem('xf-display', 'large'));
    failures.push(...(await check(context, [['/'], ['/guidance/legal-routes'], ['/guidance/guide']], name + '+large')));
    await context.close();
  }
  assert.deepEqual(failures, []);
});

async function signedIn(username: string) {
  const context = await s.browser.newContext({ ...DESKTOP, bypassCSP: true });
  await signInRequest(context.request, s.base, username, PASSWORD);
  return context;
}

test('main console pages: no serious or critical axe violation', async () => {
  const failures: string[] = [];
  const anon = await s.browser.newContext({ ...DESKTOP, bypassCSP: true });
  failures.push(...(await check(anon, [['/console/login', '#l-username']], 'anonymous')));
  await anon.close();
  const pages: Array<[string, Array<[string, string?]>]> = [
    ['a11y_clerk', [['/console', 'table, .tiles'], ['/console/register', 'form'], [`/console/case?no=${caseNo}`, '.case-title, h1']]],
    ['a11y_leader', [['/console/leader', 'main h1']]],
    ['a11y_agency', [['/console/agency', 'main h1']]],
    ['a11y_editor', [['/console/content', 'table'], [`/console/content/article?id=${articleId}`, '.preview-pane .prose table'], ['/console/content/reception', 'table'], ['/console/content/guide', '.guide-node']]],
  ];
  for (const [user, urls] of pages) {
    const context = await signedIn(user);
    failures.push(...(await check(context, urls, user)));
    await context.close();
  }
  const admin = await s.browser.newContext({ ...DESKTOP, bypassCSP: true });
  await signInRequest(admin.request, s.base, 'admin', ADMIN_PASSWORD);
  failures.push(...(await check(admin, [['/console/admin', 'main h1']], 'admin')));
  await admin.close();
  assert.deepEqual(failures, []);
});
