// Lighthouse check of the portal's budget (DESIGN §7): performance ≥ 95 and accessibility 100 on
// home, file, track and a guidance article, measured offline in Debian's Chromium with
// Lighthouse's default mobile emulation and simulated throttling. A check script, not a test:
// `node tools/lighthouse.ts [base URL] [article path] [--runs=N]` against a running server
// (default http://localhost:8080, /guidance/legal-routes, 3 runs). Each page is measured N times
// and the median run is reported (Lighthouse's own advice: one run on a busy machine is noise);
// prints the figures, exits 1 when a page misses the budget.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const base = (args[0] ?? 'http://localhost:8080').replace(/\/$/, '');
const article = args[1] ?? '/guidance/legal-routes';
const PAGES = ['/', '/file', '/track', article];
const BUDGET = { performance: 95, accessibility: 100 };

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

type Row = { page: string; performance: number; accessibility: number; fcp: string; lcp: string; tbt: string; cls: string; failedA11y: string[]; runs?: number[] };
const rows: Row[] = [];
try {
  for (const p of PAGES) {
    const done: Row[] = [];
    for (let i = 0; i < runs + 2 && done.length < runs; i++) {
      const r = await lighthouse(base + p, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
      if (!r || r.lhr.runtimeError) {
        console.error(`${p}: run failed (${r?.lhr.runtimeError?.code ?? 'no result'}), retrying`);
        continue;
      }
      const { categories, audits } = r.lhr;
      const score = (k: string) => Math.round((categories[k]?.score ?? 0) * 100);
      done.push({
        page: p,
        performance: score('performance'),
        accessibility: score('accessibility'),
        fcp: audits['first-contentful-paint']?.displayValue ?? '',
        lcp: audits['largest-contentful-paint']?.displayValue ?? '',
        tbt: audits['total-blocking-time']?.displayValue ?? '',
        cls: audits['cumulative-layout-shift']?.displayValue ?? '',
        failedA11y: (categories.accessibility?.auditRefs ?? [])
          .filter((a) => a.weight > 0 && audits[a.id]?.score !== null && (audits[a.id]?.score ?? 1) < 1)
          .map((a) => a.id),
      });
    }
    if (!done.length) throw new Error(`Lighthouse could not measure ${p}`);
    done.sort((a, b) => a.performance - b.performance);
    rows.push({ ...done[Math.floor(done.length / 2)], runs: done.map((d) => d.performance) });
  }
} finally {
  chrome.kill();
}

console.log(`Lighthouse (mobile, simulated throttling) on ${base}, median of ${runs} runs`);
console.log('page'.padEnd(28) + 'perf  a11y  FCP      LCP      TBT      CLS');
let ok = true;
for (const r of rows) {
  const pass = r.performance >= BUDGET.performance && r.accessibility >= BUDGET.accessibility;
  ok &&= pass;
  console.log(
    `${r.page.padEnd(28)}${String(r.performance).padStart(4)}  ${String(r.accessibility).padStart(4)}  ${r.fcp.padEnd(9)}${r.lcp.padEnd(9)}${r.tbt.padEnd(9)}${r.cls.padEnd(6)}runs: ${r.runs?.join('/')}${pass ? '' : '  ← over budget'}` +
      (r.failedA11y.length ? `\n${''.padEnd(28)}accessibility audits failed: ${r.failedA11y.join(', ')}` : ''),
  );
}
console.log(ok ? `Budget met (performance ≥ ${BUDGET.performance}, accessibility ${BUDGET.accessibility}).` : 'Budget missed.');
process.exit(ok ? 0 : 1);
