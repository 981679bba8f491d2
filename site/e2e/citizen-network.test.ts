// Browser stories of the portal on a real network and a real phone (issue 14), in Debian's
// Chromium against a real server: filing and tracking with JavaScript off; 200 % zoom (320 CSS
// px) without horizontal scrolling in both display modes; every page and asset compressed; the
// office's identity on every page, changed by the admin without a rebuild; and /file on a first
// visit over 400 kbps / 400 ms RTT (CDP network emulation): its bytes on the wire (budget 50 KB)
// and when it is ready to type (budget 2.5 s; printed, not asserted: speed is a measurement).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.ts';
import { consoleStage, StaffApi, type ConsoleStage } from './console-support.ts';
import { ADMIN_PASSWORD, newPage, PHONE, PNG_1PX, RESULTS, ROOT, shot, shotBoth } from './support.ts';

let s: ConsoleStage;
let admin: StaffApi;
before(async () => {
  s = await consoleStage();
  admin = await new StaffApi(s.base).login('admin', ADMIN_PASSWORD);
  await admin.call('PUT', '/api/staff/settings/office', {
    name: '东城区人大常委会',
    address: '东城区和平里东街 18 号',
    postcode: '100013',
    phone: '010-6421 0000',
    receptionHours: '工作日 9:00—17:00',
    docPrefix: '东人大信',
  });
});
after(() => s?.close());

test('a citizen without JavaScript files a letter: mistakes beside the fields, the review step, the receipt; then follows it and adds material', async () => {
  const { context, page, errors } = await newPage(s.browser, { ...PHONE, javaScriptEnabled: false });
  await page.goto(s.base + '/file');
  assert.equal(await page.isVisible('.nojs-form'), true, 'a plain form stands in for the island');
  assert.equal(await page.isVisible('#f-purpose'), true);
  await shot(page, 'i14-nojs-file-form');
  // A first try with mistakes.
  await page.check('.nojs-form input[value=demand]');
  await page.fill('.nojs-form #f-title', '没有开启脚本的浏览器写信');
  await page.fill('.nojs-form #f-petitioner-phone', '12345');
  await page.click('.nojs-form button[name=step][value=review]');
  await page.waitForSelector('.nojs-form .field-error');
  assert.match((await page.textContent('#f-content-error'))!, /请填写信访内容/);
  assert.match((await page.textContent('#f-categoryCode-error'))!, /请选择内容分类/);
  assert.match((await page.textContent('#f-petitioner-phone-error'))!, /联系电话格式不正确/);
  assert.equal(await page.getAttribute('#f-content', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#f-title'), '没有开启脚本的浏览器写信', 'what was typed is kept');
  await shotBoth(page, 'i14-nojs-file-errors');
  assert.deepEqual(await seriousViolations(page, { noScript: true }), []);
  // Corrected, with a photo.
  await page.selectOption('#f-categoryCode', 'labor.wages');
  await page.fill('#f-content', '用人单位拖欠三个月工资，共计一万五千元。');
  await page.fill('#f-petitioner-name', '赵大爷');
  await page.fill('#f-petitioner-phone', '13700001234');
  await page.fill('#f-cosigners', '钱大妈 13600001234\n孙大哥');
  await page.setInputFiles('input[name=files]', [{ name: '工资条.png', mimeType: 'image/png', buffer: PNG_1PX }]);
  await page.click('button[name=step][value=review]');
  await page.waitForSelector('text=请核对您要提交的内容');
  assert.match((await page.textContent('main'))!, /工资条\.png/);
  assert.match((await page.textContent('main'))!, /劳动保障 › |› /);
  await shot(page, 'i14-nojs-file-review');
  assert.deepEqual(await seriousViolations(page, { noScript: true }), []);
  await page.click('button[name=step][value=submit]');
  await page.waitForSelector('text=提交成功，请保存回执');
  const caseNo = (await page.textContent('.receipt-value.case-no'))!.trim();
  const code = (await page.textContent('.receipt-value.code'))!.trim();
  assert.match(caseNo, /^\d{4}-\d{6}$/);
  assert.ok(!page.url().includes(code.slice(0, 4)), 'the code is not in the address');
  await shotBoth(page, 'i14-nojs-file-receipt');
  assert.deepEqual(await seriousViolations(page, { noScript: true }), []);
  // Reloading the receipt (the browser posts again) files nothing new.
  await page.reload();
  await page.waitForSelector('.receipt-value.code');
  assert.equal((await page.textContent('.receipt-value.code'))!.trim(), code);
  const n = (await s.db.query('SELECT count(*)::int AS n, bool_and(joint) AS joint, max(person_count) AS persons FROM petitions WHERE title = $1', ['没有开启脚本的浏览器写信'])).rows[0];
  assert.deepEqual(n, { n: 1, joint: true, persons: 3 });
  const files = (await s.db.query('SELECT count(*)::int AS n FROM attachments a JOIN petitions p ON p.id = a.petition_id WHERE p.case_no = $1', [caseNo])).rows[0];
  assert.equal(files.n, 1);

  // Tracking, still without JavaScript: a confusable character first, then the code.
  await page.goto(s.base + '/track');
  await page.fill('#f-queryCode', code.replace(/[A-Z]/, 'O'));
  await page.click('form[action="/track"] button[type=submit]');
  await page.waitForSelector('#f-queryCode-error');
  assert.match((await page.textContent('#f-queryCode-error'))!, /不会出现字母“O”/);
  await page.fill('#f-queryCode', code.toLowerCase().replaceAll('-', '·'));
  await page.click('form[action="/track"] button[type=submit]');
  await page.waitForSelector('text=办理过程');
  assert.match((await page.textContent('main'))!, new RegExp(caseNo));
  await shotBoth(page, 'i14-nojs-track-result');
  assert.deepEqual(await seriousViolations(page, { noScript: true }), []);
  await page.fill('#supplement textarea[name=text]', '补充：单位已经停业。');
  await page.click('#supplement button[type=submit]');
  await page.waitForSelector('text=补充材料已提交');
  assert.match((await page.textContent('.timeline'))!, /补充：单位已经停业/);
  await shot(page, 'i14-nojs-track-supplement');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Widest content of the page, in CSS px (more than the viewport means horizontal scrolling). */
const overflow = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));

test('at 200 % zoom (320 CSS px), normal and large text, no page needs horizontal scrolling', async () => {
  const filed = await (
    await fetch(`${s.base}/api/public/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'demand', categoryCode: 'labor.wages', title: '一个很长很长的标题'.repeat(8).slice(0, 100), content: '内容', petitioner: { name: '张三', phone: '13800001111' } }),
    })
  ).json();
  for (const mode of ['normal', 'large'] as const) {
    const { context, page } = await newPage(s.browser, { ...PHONE, viewport: { width: 320, height: 640 } });
    await context.addInitScript((m) => localStorage.setItem('xf-display', m), mode);
    for (const p of ['/', '/file', '/track', '/guidance', '/guidance/labor-arbitration', '/guidance/guide', '/guidance/search?q=%E6%AC%A0%E8%96%AA', '/no-such-page']) {
      await page.goto(s.base + p);
      await page.waitForLoadState('networkidle');
      assert.ok((await overflow(page)) <= 320, `${p} in ${mode} mode is ${await overflow(page)} px wide`);
      if (p === '/' || p === '/file') await shot(page, `i14-zoom-${mode}${p === '/' ? '-home' : '-file'}`);
    }
    // The case page with a 100-character title and the case number in large type.
    await page.goto(s.base + '/track');
    await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
    await page.fill('#f-queryCode', filed.queryCode);
    await page.press('#f-queryCode', 'Enter');
    await page.waitForSelector('text=办理过程');
    assert.ok((await overflow(page)) <= 320, `the case page in ${mode} mode`);
    const caseNoLines = await page.$eval('dd.case-no', (el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
    assert.equal(caseNoLines, 1, 'the case number does not break');
    await shot(page, `i14-zoom-${mode}-track`);
    // The filing form with a long title: it wraps instead of hiding in a one-line box.
    await page.goto(s.base + '/file');
    await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
    await page.fill('#f-title', '一个很长很长的标题'.repeat(6));
    const titleBox = await page.$eval('#f-title', (el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    assert.ok(titleBox.scroll <= titleBox.client + 2, `the whole title is visible (${JSON.stringify(titleBox)})`);
    assert.ok((await overflow(page)) <= 320);
    await context.close();
  }
});

/** The response's Content-Encoding as the server sent it (no decoding on the way). */
function encodingOf(url: string): Promise<{ status: number; encoding: string | undefined; vary: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], vary: res.headers.vary }));
      })
      .on('error', reject);
  });
}

test('every portal page and asset answers "Accept-Encoding: br, gzip" with a compressed body', async () => {
  const dist = path.join(ROOT, 'site', 'dist');
  const assets: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(js|css|svg|html|txt|xml|json)$/.test(e.name)) assets.push('/' + path.relative(dist, full).split(path.sep).join('/'));
    }
  };
  walk(dist);
  const pages = ['/', '/file', '/track', '/guidance', '/guidance/guide', '/guidance/reception', '/guidance/labor-arbitration', '/guidance/search?q=x', '/no-such-page', '/api/public/categories', '/api/openapi.json'];
  const bad: string[] = [];
  for (const p of [...pages, ...assets]) {
    const r = await encodingOf(s.base + p);
    if (r.encoding !== 'br' || !/accept-encoding/i.test(r.vary ?? '')) bad.push(`${p}: ${r.status} ${r.encoding} vary=${r.vary}`);
  }
  assert.deepEqual(bad, [], `${pages.length + assets.length} URLs checked`);
  // gzip for a client without brotli; nothing for one that asks for none.
  const gz = await new Promise<string | undefined>((r) => http.get(s.base + '/file', { headers: { 'Accept-Encoding': 'gzip' } }, (res) => (res.resume(), r(res.headers['content-encoding']))));
  assert.equal(gz, 'gzip');
  const none = await new Promise<string | undefined>((r) => http.get(s.base + '/file', (res) => (res.resume(), r(res.headers['content-encoding']))));
  assert.equal(none, undefined);
});

test('the office identity shows on every page, with JavaScript off too; the admin changes it and the portal follows without a rebuild', async () => {
  const { context, page } = await newPage(s.browser, { ...PHONE, javaScriptEnabled: false });
  for (const p of ['/', '/file', '/track', '/guidance', '/no-such-page']) {
    await page.goto(s.base + p);
    const text = await page.innerText('body');
    assert.ok(!text.includes('XX市人大常委会'), `${p} has no placeholder`);
    assert.match(await page.title(), /东城区人大常委会/);
    assert.match((await page.textContent('.brand'))!, /东城区人大常委会/);
    assert.match(await page.innerText('.site-footer'), /东城区和平里东街 18 号（邮编 100013）。接待时间：工作日 9:00—17:00。电话：010-6421 0000。/);
  }
  await page.goto(s.base + '/');
  assert.match((await page.textContent('#how-title + ol + .note'))!, /010-6421 0000/);
  await shot(page, 'i14-office-identity-home');
  await admin.call('PUT', '/api/staff/settings/office', { name: '西山市人大常委会', address: '', postcode: '', phone: '0571-8765 4321', receptionHours: '', docPrefix: '' });
  // Each process re-reads the identity within 5 s.
  let shown = '';
  for (let i = 0; i < 40 && !shown.includes('西山市'); i++) {
    await new Promise((r) => setTimeout(r, 250));
    await page.goto(s.base + '/file');
    shown = (await page.textContent('.brand'))!;
  }
  assert.match(shown, /西山市人大常委会/);
  const footer = await page.innerText('.site-footer');
  assert.match(footer, /电话：0571-8765 4321/);
  assert.ok(!footer.includes('来信、来访地址'), 'an empty address is not shown');
  await shot(page, 'i14-office-identity-changed');
  await context.close();
});

test('/file on a first visit over 400 kbps and 400 ms RTT: bytes on the wire and the time until it is ready to type', async () => {
  const context = await s.browser.newContext(PHONE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 });
  const requests = new Map<string, { url: string; type: string }>();
  const done: Array<{ url: string; type: string; bytes: number }> = [];
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, type: e.type ?? '' }));
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) done.push({ ...r, bytes: e.encodedDataLength });
  });
  // Ready to type: the island has hydrated (Astro drops its `ssr` attribute) and the title box is there.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const island = document.querySelector('astro-island');
      if (island && !island.hasAttribute('ssr') && document.getElementById('f-title')) {
        (window as unknown as { xfReady: number }).xfReady = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['ssr'] });
  });
  await page.goto(s.base + '/file', { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { xfReady?: number }).xfReady !== undefined, null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  const ready = await page.evaluate(() => (window as unknown as { xfReady: number }).xfReady);
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0);
  await page.fill('#f-title', '能打字了');
  const wire = done.reduce((n, r) => n + r.bytes, 0);
  const js = done.filter((r) => r.type === 'Script').reduce((n, r) => n + r.bytes, 0);
  const figure = {
    page: '/file',
    network: '400 kbps down and up, 400 ms latency (CDP Network.emulateNetworkConditions), cache disabled, first visit',
    wireBytes: wire,
    wireKB: +(wire / 1024).toFixed(1),
    scriptKB: +(js / 1024).toFixed(1),
    firstContentfulPaintMs: Math.round(paint),
    readyToTypeMs: Math.round(ready),
    requests: done.map((r) => ({ url: r.url.replace(s.base, ''), type: r.type, bytes: r.bytes })),
  };
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'i14-slow-network.json'), JSON.stringify(figure, null, 2));
  console.log(`# /file first visit at 400 kbps / 400 ms: ${figure.wireKB} KB on the wire (${figure.scriptKB} KB script, ${done.length} requests); first paint ${figure.firstContentfulPaintMs} ms; ready to type ${figure.readyToTypeMs} ms`);
  await shot(page, 'i14-slow-network-ready');
  assert.ok(wire <= 50 * 1024, `/file is ${figure.wireKB} KB on the wire (budget 50 KB)`);
  await context.close();
});
