// axe-core (WCAG 2.1 A/AA and best-practice rules) on the page as it is now: for the states a
// story reaches (a receipt, a restored draft, an error in view), which a page-by-page scan misses.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './support.ts';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** Serious or critical violations, as "rule: target" lines (empty when clean). A page in a
 *  context without JavaScript is checked as a copy in a context with it (axe is a script). */
export async function seriousViolations(page: Page, opts: { noScript?: boolean } = {}): Promise<string[]> {
  const context = page.context();
  if (opts.noScript) {
    const html = await page.content();
    const browser = context.browser()!;
    const copyContext = await browser.newContext({ viewport: page.viewportSize() ?? undefined, locale: 'zh-CN', javaScriptEnabled: true });
    const copy = await copyContext.newPage();
    await copy.route('**/*', (route) => (route.request().resourceType() === 'document' ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }) : route.continue()));
    await copy.goto(page.url());
    // The copy has JavaScript; the page it copies did not: take the class the display script adds away again.
    await copy.evaluate(() => document.documentElement.classList.remove('js'));
    try {
      return await seriousViolations(copy);
    } finally {
      await copyContext.close();
    }
  }
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag
  // would be refused, and the stories keep the CSP on so they see what a citizen's browser sees).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: { target: string[] }[] }> }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
