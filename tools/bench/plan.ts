// The plan of a benchmark data set (issue 6), stored in `settings` under 'bench_seed' so a run
// can resume and the benchmark can find its cases: how many petitions, the id and case-number
// offsets they occupy, the time span, the agencies and staff that act on them. Everything about
// petition number `seq` is a pure function of (plan, seq): received time, case number and query
// code, so nothing but the plan needs to be remembered.
import { chinaDate } from '../../api/domain/calendar.ts';
import type { Database } from '../../api/db/database.ts';
import { derivedQueryCode, formatQueryCode } from '../../api/security/query-code.ts';
import type { Keys } from '../../api/security/keys.ts';
import type { Rand } from './corpus.ts';

export const PLAN_KEY = 'bench_seed';
const DAY_MS = 86_400_000;

export type AgencyRef = { id: string; name: string; kind: string };
export type SeedPlan = {
  version: 1;
  petitions: number;
  batchSize: number;
  seed: number;
  /** Petitions are received over `spanDays` days ending one hour before this instant. */
  anchor: string;
  spanDays: number;
  /** Petition `seq` (0-based) has id baseId + seq + 1. */
  baseId: number;
  /** Per year: the first seq received that year, how many, and the case-number offset. */
  years: Record<string, { firstSeq: number; count: number; base: number }>;
  agencies: AgencyRef[];
  users: { clerks: string[]; leaders: string[]; officers: Record<string, string> };
  createdAt: string;
  finishedAt?: string;
};

// ---- Deterministic randomness: one independent stream per (seed, seq, purpose) ----

export function mix32(a: number): number {
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return (a ^ (a >>> 16)) >>> 0;
}

export function stream(seed: number, seq: number, salt: number): Rand {
  let s = mix32(seed ^ mix32(seq * 0x27d4eb2d + Math.imul(salt + 1, 0x9e3779b9)));
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- Time, ids, case numbers, query codes ----

export function spanStart(plan: Pick<SeedPlan, 'anchor' | 'spanDays'>): number {
  return Date.parse(plan.anchor) - DAY_MS / 24 - plan.spanDays * DAY_MS;
}

/** Strictly increasing in seq, so ids, case numbers and time agree on order. */
export function receivedAt(plan: Pick<SeedPlan, 'anchor' | 'spanDays' | 'petitions' | 'seed'>, seq: number): number {
  const step = (plan.spanDays * DAY_MS) / plan.petitions;
  return Math.floor(spanStart(plan) + (seq + stream(plan.seed, seq, 99)()) * step);
}

export const petitionId = (plan: SeedPlan, seq: number) => plan.baseId + seq + 1;

export function caseNo(plan: SeedPlan, seq: number): string {
  const year = chinaDate(new Date(receivedAt(plan, seq))).slice(0, 4);
  const y = plan.years[year];
  return `${year}-${String(y.base + seq - y.firstSeq + 1).padStart(6, '0')}`;
}

/** The citizen's query code of seeded petition `seq`: derived from the installation's keys, so
 *  only someone holding them (the benchmark) can know it. */
export function benchQueryCode(keys: Keys, plan: SeedPlan, seq: number): string {
  return derivedQueryCode(keys.derive('bench-query-code', `${plan.seed}:${seq}`, 64));
}
export const benchQueryCodeShown = (keys: Keys, plan: SeedPlan, seq: number) => formatQueryCode(benchQueryCode(keys, plan, seq));

/** First seq received in each China-calendar year of the span, found by bisection. */
export function yearRanges(plan: Pick<SeedPlan, 'anchor' | 'spanDays' | 'petitions' | 'seed'>): Record<string, { firstSeq: number; count: number }> {
  const yearOf = (seq: number) => chinaDate(new Date(receivedAt(plan, seq))).slice(0, 4);
  const first = Number(yearOf(0));
  const last = Number(yearOf(plan.petitions - 1));
  const out: Record<string, { firstSeq: number; count: number }> = {};
  let start = 0;
  for (let y = first; y <= last; y++) {
    // Smallest seq whose year is after y.
    let lo = start;
    let hi = plan.petitions;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Number(yearOf(mid)) > y) hi = mid;
      else lo = mid + 1;
    }
    out[String(y)] = { firstSeq: start, count: lo - start };
    start = lo;
  }
  return out;
}

export async function loadPlan(db: Database): Promise<SeedPlan | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', PLAN_KEY).executeTakeFirst();
  return row ? (row.value as SeedPlan) : undefined;
}
