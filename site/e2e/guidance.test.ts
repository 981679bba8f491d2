// Browser stories of guidance (issue 4), in Debian's Chromium against a real server process and
// PostgreSQL: an editor writes and publishes an article in the console and citizens see it with
// JavaScript off within 10 s; hostile HTML stays inert in the preview and on the portal; a
// citizen walks the guide to every kind of outcome; an editor announces a reception day.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readyAccount, signIn, StaffApi } from './console-support.ts';
import { ADMIN_PASSWORD, DESKTOP, newPage, PHONE, shot, stage, type Stage } from './support.ts';

let s: Stage;
const EDITOR = { username: 'editor_wang', password: 'Editor-pass-2026!' };

before(async () => {
  s = await stage();
  const admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  await readyAccount(admin, s.base, { ...EDITOR, role: 'editor' });
});
after(() => s?.close());

async function editorPage(browser: Browser) {
  const { context, page, errors } = await newPage(browser, DESKTOP);
  await signIn(page, s.base, EDITOR.username, EDITOR.password, /\/console(\/content)?$/);
  return { context, page, errors };
}

/** A page with JavaScript off, as a citizen with a locked-down phone browser would see it. */
async function noJsPage(browser: Browser) {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

/** Polls until the page answers 200 (the portal may cache a page for a few seconds). */
async function waitLive(page: Page, url: string, limitMs: number) {
  const started = Date.now();
  for (;;) {
    const res = await page.goto(url);
    if (res?.status() === 200) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`${url} not live after ${limitMs} ms (status ${res?.status()})`);
    await page.waitForTimeout(500);
  }
}

test('编辑王老师 writes and publishes an article in the console; with JavaScript off it is on the portal within 10 s', async () => {
  const { context, page, errors } = await editorPage(s.browser);
  await page.goto(s.base + '/console/content');
  await page.click('a:has-text("新建文章")');
  await page.waitForSelector('#a-title');
  await page.fill('#a-title', '工伤认定申请须知');
  await page.selectOption('#a-section', 'routes');
  await page.fill('#a-slug', 'work-injury');
  await page.fill('#a-body', '职工发生事故伤害的，用人单位应当在 30 日内提出工伤认定申请。\n\n## 本人申请\n\n用人单位未申请的，职工或者近亲属可以在 **1 年内**申请。');
  // The live preview is rendered by the server.
  await page.waitForSelector('.preview-pane h2:has-text("本人申请")');
  await page.waitForSelector('.preview-pane strong:has-text("1 年内")');
  await shot(page, 'guidance-editor-new');
  await page.click('button:has-text("保存并发布")');
  await page.waitForSelector('.success:has-text("已发布")');
  const publishedAt = Date.now();
  assert.match((await page.textContent('.status-box'))!, /已发布/);

  const citizen = await noJsPage(s.browser);
  const waited = await waitLive(citizen.page, s.base + '/guidance/work-injury', 10_000);
  assert.ok(Date.now() - publishedAt < 10_000, `visible after ${waited} ms`);
  assert.equal(await citizen.page.textContent('h1'), '工伤认定申请须知');
  assert.equal(await citizen.page.title(), '工伤认定申请须知 - XX市人大常委会 网上信访');
  assert.match((await citizen.page.textContent('main'))!, /职工或者近亲属可以在 1 年内申请/);
  await citizen.page.goto(s.base + '/guidance/section/routes');
  assert.ok(await citizen.page.isVisible('a:has-text("工伤认定申请须知")'));
  await citizen.page.goto(s.base + '/guidance');
  await citizen.page.fill('#q', '近亲属');
  // The form submits as a GET navigation; wait for the results page before looking at it
  // (isVisible does not wait, and the click does not wait for the navigation either).
  await Promise.all([citizen.page.waitForURL(/[?&]q=/), citizen.page.click('button:has-text("搜索")')]);
  await citizen.page.waitForLoadState('load');
  assert.ok(await citizen.page.isVisible('.list a:has-text("工伤认定申请须知")'), 'search finds a Chinese substring with JavaScript off');
  await shot(citizen.page, 'guidance-search-nojs-phone');

  // An edit waits for the next publish; history shows both revisions with a diff.
  await page.fill('#a-body', '职工发生事故伤害的，用人单位应当在 30 日内提出工伤认定申请。\n\n## 本人申请\n\n用人单位未申请的，职工或者近亲属可以在 **1 年内**申请。\n\n咨询电话：12333。');
  await page.click('button:text-is("保存")');
  await page.waitForSelector('.success:has-text("已保存为第 2 版")');
  await page.click('button:has-text("与最新版比较")');
  await page.waitForSelector('.diff li.add:has-text("咨询电话：12333。")');
  await citizen.page.goto(s.base + '/guidance/work-injury');
  assert.doesNotMatch((await citizen.page.textContent('main'))!, /12333/);
  assert.deepEqual(errors, []);
  await citizen.context.close();
  await context.close();
});

test('an article with hostile HTML renders inert in the preview and on the portal', async () => {
  const { context, page, errors } = await editorPage(s.browser);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(s.base + '/console/content/article');
  await page.waitForSelector('#a-title');
  await page.fill('#a-title', '恶意内容测试');
  await page.fill('#a-slug', 'hostile');
  const hostile = [
    '正文第一段。',
    '<script>alert("script")</script>',
    '<img src=x onerror="alert(\'img\')">',
    '<a href="javascript:alert(\'link\')">点我</a>',
    '[另一个链接](javascript:alert(1))',
    '<iframe src="https://evil.example/"></iframe>',
    '<svg onload="alert(\'svg\')"></svg>',
    '<p onclick="alert(\'p\')" style="position:fixed;inset:0">盖住页面的段落</p>',
    '正文最后一段。',
  ].join('\n\n');
  await page.fill('#a-body', hostile);
  await page.waitForSelector('.preview-pane :text("正文最后一段")');
  await page.click('button:has-text("保存并发布")');
  await page.waitForSelector('.success:has-text("已发布")');

  for (const js of [true, false]) {
    const ctx = await s.browser.newContext({ ...DESKTOP, javaScriptEnabled: js });
    const p = await ctx.newPage();
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await waitLive(p, s.base + '/guidance/hostile', 10_000);
    const main = p.locator('main');
    assert.match((await main.textContent())!, /正文第一段。[\s\S]*正文最后一段。/);
    assert.equal(await main.locator('script, iframe, svg, [onclick], [onerror], [onload], [style]').count(), 0);
    for (const href of await main.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      assert.doesNotMatch(href, /^\s*javascript:/i);
    }
    if (js) {
      for (const a of await main.locator('.prose a').all()) await a.click({ timeout: 1000 }).catch(() => {});
      await p.waitForTimeout(300);
    }
    await ctx.close();
  }
  assert.deepEqual(dialogs, [], 'no script ran');
  assert.deepEqual(errors, []);
  await context.close();
});

test('张阿姨 walks the guide with JavaScript off to every kind of outcome', async () => {
  const { context, page } = await noJsPage(s.browser);
  const walks: Array<{ answers: string[]; kind: RegExp; expect: RegExp }> = [
    { answers: ['对地方性法规、人大工作或者国家机关的工作提意见、建议'], kind: /可以向本机关写信/, expect: /我要写信/ },
    { answers: ['检举、控告公职人员违纪违法', '其他公职人员'], kind: /请向有权处理的机关提出/, expect: /12388/ },
    { answers: ['要求解决自己遇到的具体问题', '没有', '与单位之间的劳动争议'], kind: /请通过法定途径解决/, expect: /申请仲裁：1 年/ },
    { answers: ['要求解决自己遇到的具体问题', '没有', '对政府部门的决定不服'], kind: /请通过法定途径解决/, expect: /行政复议：60 日[\s\S]*行政诉讼：6 个月/ },
    { answers: ['与邻居、家人或者其他个人之间的纠纷'], kind: /请通过法定途径解决/, expect: /诉讼时效一般为 3 年/ },
    { answers: ['对法院的判决、裁定或者检察院的决定不服', '法院的判决、裁定已经生效'], kind: /请通过法定途径解决/, expect: /6 个月内/ },
    { answers: ['以前反映过，对处理结果不满意', '已经有了复核意见'], kind: /已复核终结，不再受理/, expect: /同一事实和理由再次提出的，各级机关不再受理/ },
    { answers: ['以前反映过，对处理结果不满意', '收到了处理意见（答复），不满意'], kind: /其他说明/, expect: /30 日内/ },
  ];
  for (const [i, w] of walks.entries()) {
    await page.goto(s.base + '/guidance/guide');
    assert.match(await page.title(), /去哪里反映/);
    for (const label of w.answers) await page.click(`.answers a:has-text("${label}")`);
    const outcome = page.locator('.outcome');
    assert.match((await outcome.locator('.outcome-kind').textContent())!, w.kind, w.answers.join(' → '));
    assert.match((await outcome.textContent())!, w.expect);
    // The answers given are listed, and "上一步" leads back to the last question.
    assert.equal(await page.locator('.note li').count(), w.answers.length);
    if (i === 2) {
      await shot(page, 'guidance-guide-outcome-phone');
      await page.click('a:has-text("上一步")');
      assert.match((await page.textContent('#q-title'))!, /您的问题属于哪一类/);
    }
  }
  await context.close();
});

test('an editor announces a reception day; the portal and the public API list it', async () => {
  const { context, page, errors } = await editorPage(s.browser);
  await page.goto(s.base + '/console/content/reception');
  await page.click('button:has-text("新增接待日")');
  await page.fill('#d-date', '2099-06-17');
  await page.fill('#d-start', '09:00');
  await page.fill('#d-end', '11:30');
  await page.fill('#d-leader', '市人大常委会副主任 陈明');
  await page.fill('#d-place', '市人大常委会信访接待室');
  await page.fill('#d-topics', '住房保障、物业管理');
  await page.click('button:text-is("保存")');
  await page.waitForSelector('.success:has-text("已保存")');
  await page.waitForSelector('td:has-text("陈明")');
  const api = await (await fetch(s.base + '/api/public/reception-days')).json();
  assert.ok(api.items.some((d: { leader: string; date: string }) => d.leader.includes('陈明') && d.date === '2099-06-17'));
  const citizen = await noJsPage(s.browser);
  await citizen.page.goto(s.base + '/guidance/reception');
  assert.match((await citizen.page.textContent('main'))!, /2099年6月17日（星期三） 09:00–11:30[\s\S]*陈明/);
  await shot(citizen.page, 'guidance-reception-phone');
  assert.deepEqual(errors, []);
  await citizen.context.close();
  await context.close();
});
