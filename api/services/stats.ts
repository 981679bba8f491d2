// GET /api/staff/stats in the shape of DESIGN §4, and the definitions behind every figure:
//   period        China local dates [from, to], both inclusive, on the day the petition was
//                 received (default: this month so far);
//   total         petitions received in the period (merged and declined ones included);
//   byX           count and share of total; every breakdown adds up to 100.0 (see domain/shares):
//                 byScope has 'unset' for cases not yet accepted, byAgency 'self' (handled by the
//                 office) and 'unrouted'; byCategory has every node of the tree, a parent counting
//                 its whole subtree (each tree level adds up on its own);
//   collective    5 or more persons (person_count: a visit's head count, or signer + cosigners),
//                 persons = their sum; repeat = linked to an earlier petition by a clerk's
//                 confirmation (system hints do not count); outOfScope = accepted with a scope other than 'own';
//   overdue       received in the period and overdue now (a running staff clock past due);
//   onTimeRate    按期办结率: handle clocks that stopped in the period on or before their due,
//                 among all handle clocks that stopped in the period (merged cases excluded);
//   acceptOnTimeRate 及时受理率: the same for the acceptance clock;
//   ratingRate    参评率: rated among replied (petitions received in the period);
//   satisfactionRate 满意率: (satisfied + basically satisfied) among rated (the citizen's own
//                 rating, or the 回访 result a clerk recorded for an offline case);
//   oneTimeRate   一次性化解率: replied cases with no review asked and no confirmed repeat since,
//                 among replied (stats-source oneTimeResolution);
//   imported      whether ledger history is counted (`?imported=exclude` leaves it out).
// Rates are percentages with one decimal, null when nothing is counted. Answers are cached per
// process for up to 10 s, and only while no statistic has changed (statsVersion).
import { CHANNELS, PURPOSES, SCOPES } from '../contract/enums.ts';
import type { StatsResponse } from '../contract/analysis.ts';
import type { Deps, StaffSession } from '../context.ts';
import { addDays, chinaDate } from '../domain/calendar.ts';
import { percent, sharesOf } from '../domain/shares.ts';
import { badRequest } from '../http/errors.ts';
import { log } from '../log.ts';
import { categoryIndex, type CategoryIndex } from './category-index.ts';
import { compactStats, liveMeasures, oneTimeResolution, overdueByAgency, rollupMeasures, statsVersion, zeroMeasures, type MeasureRow, type Measures, type Period } from './stats-source.ts';
import { settleRegistrations } from './registration-scan.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;
type Entry = { count: number; share: number };

/** The period asked for, defaulting to this month so far; at most ten years. */
export function resolvePeriod(q: { from?: string; to?: string }, now: Date): Period {
  const today = chinaDate(now);
  const to = q.to ?? today;
  const from = q.from ?? (q.to ? `${q.to.slice(0, 7)}-01` : `${today.slice(0, 7)}-01`);
  if (from > to) throw badRequest('开始日期不能晚于结束日期', { from: '开始日期不能晚于结束日期' });
  if (to > addDays(from, 3660)) throw badRequest('统计期间不能超过十年', { to: '统计期间不能超过十年' });
  return { from, to };
}

/** The agency an agency officer is limited to; undefined for office roles. */
export const agencyScope = (who: Who) => (who.role === 'agency' ? who.agencyId : undefined);

/** Whether ledger history (imported cases) is counted; by default it is. */
export type StatsOptions = { excludeImported?: boolean };

/** A period's measures. The caller settles outstanding registration scans first (once per
 *  request): a petition counts from its scan on (migrations/046). */
export async function measuresFor(deps: Deps, who: Who, p: Period, opts: StatsOptions = {}): Promise<MeasureRow[]> {
  const scope = agencyScope(who);
  return scope === undefined && !opts.excludeImported ? rollupMeasures(deps.db, p) : liveMeasures(deps.db, p, scope, opts);
}

function breakdown(rows: MeasureRow[], dim: MeasureRow['dim'], keys: readonly string[], total: number, rename: (k: string) => string = (k) => k) {
  const counts = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const r of rows) if (r.dim === dim && r.received !== 0) counts.set(rename(r.key), (counts.get(rename(r.key)) ?? 0) + r.received);
  // Fixed keys keep their order; others (agencies) are sorted, so ties always break the same way.
  const rank = (k: string) => (keys.includes(k) ? keys.indexOf(k) : keys.length);
  const list = [...counts.entries()].filter(([k, n]) => keys.includes(k) || n > 0).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const shares = sharesOf(list, total);
  return Object.fromEntries(list.map(([k, n]) => [k, { count: n, share: shares.get(k) ?? 0 }])) as Record<string, Entry>;
}

/** Every category node with its subtree's count; shares per tree level. */
export function categoryBreakdown(rows: MeasureRow[], index: CategoryIndex, total: number): Record<string, Entry> {
  const counts = new Map<string, number>(index.ordered.map((c) => [c.code, 0]));
  for (const r of rows) {
    if (r.dim !== 'category' || r.received === 0) continue;
    const info = index.byCode.get(r.key);
    for (const code of [...(info?.ancestors ?? []), r.key]) counts.set(code, (counts.get(code) ?? 0) + r.received);
  }
  const out: Record<string, Entry> = {};
  const depths = new Set(index.ordered.map((c) => c.depth));
  for (const d of [...depths].sort()) {
    const level = index.ordered.filter((c) => c.depth === d).map((c) => [c.code, counts.get(c.code) ?? 0] as const);
    const shares = sharesOf(level, total);
    for (const [code, n] of level) out[code] = { count: n, share: shares.get(code) ?? 0 };
  }
  for (const [code, n] of counts) if (!(code in out)) out[code] = { count: n, share: percent(n, total) ?? 0 };
  return out;
}

export const agencyKey = (k: string) => (k === '' ? 'unrouted' : k);

export function shapeStats(p: Period, rows: MeasureRow[], index: CategoryIndex, overdue: number): StatsResponse {
  const all: Measures = rows.find((r) => r.dim === 'all') ?? zeroMeasures();
  const total = all.received;
  const share = (n: number) => percent(n, total) ?? 0;
  return {
    period: p,
    total,
    persons: all.persons,
    byChannel: breakdown(rows, 'channel', CHANNELS, total),
    byPurpose: breakdown(rows, 'purpose', PURPOSES, total),
    byCategory: categoryBreakdown(rows, index, total),
    byScope: breakdown(rows, 'scope', SCOPES, total, (k) => (k === '' ? 'unset' : k)),
    byAgency: breakdown(rows, 'agency', [], total, agencyKey),
    collective: { count: all.collective, share: share(all.collective), persons: all.collective_persons },
    repeat: { count: all.repeat, share: share(all.repeat) },
    outOfScope: { count: all.out_of_scope, share: share(all.out_of_scope) },
    overdue: { count: overdue },
    onTimeRate: percent(all.handle_on_time, all.handle_stopped),
    acceptOnTimeRate: percent(all.accept_on_time, all.accept_stopped),
    ratingRate: percent(all.rated, all.replied),
    satisfactionRate: percent(all.satisfied, all.rated),
  };
}

type Cached = { at: number; version: string; value: StatsResponse };
const CACHE_MS = 10_000;
const CACHE_MAX = 200;
const caches = new WeakMap<object, Map<string, Cached>>();
let lastCompaction = 0;

/** A period's statistics, with outstanding registration scans settled first (a petition counts from
 *  its scan on, migrations/046; before the cache's version is read). */
export async function statistics(deps: Deps, who: Who, p: Period, opts: StatsOptions = {}): Promise<StatsResponse> {
  await settleRegistrations(deps.db);
  return settledStatistics(deps, who, p, opts);
}

/** `statistics` for a caller that has settled the registration scans itself (a bulletin reads
 *  three periods after one settle). */
export async function settledStatistics(deps: Deps, who: Who, p: Period, opts: StatsOptions = {}): Promise<StatsResponse> {
  const scope = agencyScope(who);
  const key = `${p.from}|${p.to}|${scope ?? '*'}|${opts.excludeImported ? 'x' : ''}`;
  // Keep the deltas short for readers (the housekeeping job also compacts every minute).
  if (Date.now() - lastCompaction > 15_000) {
    lastCompaction = Date.now();
    await compactStats(deps.db).catch((e) => log.error({ err: (e as Error).message }, 'statistics compaction failed'));
  }
  const cache = caches.get(deps.db) ?? new Map<string, Cached>();
  caches.set(deps.db, cache);
  const version = await statsVersion(deps.db);
  const hit = cache.get(key);
  if (hit && hit.version === version && Date.now() - hit.at < CACHE_MS) return hit.value;

  const now = deps.now();
  const [rows, index, overdue, oneTime] = await Promise.all([
    measuresFor(deps, who, p, opts),
    categoryIndex(deps.db),
    overdueByAgency(deps.db, p, now, scope, opts),
    oneTimeResolution(deps.db, p, scope, opts),
  ]);
  const value = {
    ...shapeStats(p, rows, index, [...overdue.values()].reduce((s, n) => s + n, 0)),
    oneTimeRate: percent(oneTime.oneTime, oneTime.replied),
    imported: opts.excludeImported ? ('exclude' as const) : ('include' as const),
  };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, { at: Date.now(), version, value });
  return value;
}
