// axe-core (WCAG 2.1 A/AA and best-practice rules) on the page as it is now: for the states a
// story reaches (a receipt, a restored draft, an error in view), which a page-by-page scan misses.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './support.ts';

const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** Serious or critical violations, as "rule: target" lines (empty when clean). */
export async function seriousViolations(page: Page): Promise<string[]> {
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
