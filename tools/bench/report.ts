// The benchmark's verdict: each figure of DESIGN §7 next to its budget with the ratio
// figure ÷ budget (for an "at least" budget ≥ 1 passes, for an "at most" budget ≤ 1 passes),
// printed as a table and kept as JSON.
import type { LoadResult } from './load.ts';
import type { PageWeight } from './weights.ts';

export type Row = {
  figure: string;
  value: number | null;
  unit: string;
  budget: number | null;
  /** "min": value must be ≥ budget; "max": value must be ≤ budget; null: informative only. */
  kind: 'min' | 'max' | null;
  ratio: number | null;
  pass: boolean | null;
  note?: string;
};

export function row(figure: string, value: number | null | undefined, unit: string, budget: number | null, kind: 'min' | 'max' | null, note?: string): Row {
  const v = value === undefined || value === null || Number.isNaN(value) ? null : value;
  const ratio = v !== null && budget ? Math.round((v / budget) * 100) / 100 : null;
  const pass = v === null || kind === null || budget === null ? null : kind === 'min' ? v >= budget : v <= budget;
  return { figure, value: v, unit, budget, kind, ratio, pass, ...(note ? { note } : {}) };
}

/** Rows for the API scenarios against the references. */
export function apiRows(r: Record<string, LoadResult | undefined>): Row[] {
  const rows: Row[] = [];
  const { refLookup, track, refFile, filing } = r;
  rows.push(row('reference lookup (Hono + pg, 1 SELECT)', refLookup?.rps, 'req/s', null, null));
  rows.push(row('track lookup', track?.rps, 'req/s', refLookup ? refLookup.rps * 0.5 : null, 'min', 'budget: ≥ 50 % of the reference lookup'));
  rows.push(row('track lookup p50', track?.p50, 'ms', null, null));
  rows.push(row('track lookup p99', track?.p99, 'ms', 50, 'max'));
  rows.push(row('reference POST (zod + 2 INSERTs in a tx)', refFile?.rps, 'req/s', null, null));
  rows.push(row('filing', filing?.rps, 'req/s', refFile ? refFile.rps * 0.5 : null, 'min', 'budget: ≥ 50 % of the reference POST'));
  rows.push(row('filing p50', filing?.p50, 'ms', null, null));
  rows.push(row('filing p99', filing?.p99, 'ms', 50, 'max'));
  return rows;
}

export function weightRows(pages: PageWeight[]): Row[] {
  const rows: Row[] = [];
  for (const p of pages) {
    // DESIGN §7 names the filing form's island budget; the tracking page is the other page whose
    // job needs script (a query form with a live answer), so it is held to the same budget.
    const island = p.path === '/file' || p.path === '/track';
    const note = p.path === '/file' ? 'filing form ≤ 40 KB' : island ? 'interactive page (query form): held to the island budget of the filing form' : 'static page: inline display-mode script only, ≤ 2 KB';
    const there = p.status === 200;
    rows.push(row(`${p.page} JS (gzip)`, there ? p.jsGzip : null, 'B', island ? 40 * 1024 : 2 * 1024, 'max', note));
    rows.push(row(`${p.page} total (gzip)`, there ? p.totalGzip : null, 'B', null, null, `${p.requests} requests, HTTP ${p.status}`));
  }
  return rows;
}

const fmt = (v: number | null, unit: string) => (v === null ? '—' : unit === 'B' ? `${(v / 1024).toFixed(1)} KB` : `${v.toLocaleString('en', { maximumFractionDigits: 2 })} ${unit}`);

export function printTable(rows: Row[]): string {
  const lines = rows.map((r) => [
    r.figure,
    fmt(r.value, r.unit),
    r.budget === null ? '—' : `${r.kind === 'min' ? '≥' : '≤'} ${fmt(r.budget, r.unit)}`,
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.pass === null ? '' : r.pass ? 'ok' : 'OVER BUDGET',
  ]);
  const head = ['figure', 'measured', 'budget', 'ratio', ''];
  const width = head.map((h, i) => Math.max(h.length, ...lines.map((l) => [...l[i]].length)));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));
  const out = [head, width.map((w) => '-'.repeat(w)), ...lines].map((l) => l.map((c, i) => pad(c, width[i])).join('  ')).join('\n');
  return out;
}
