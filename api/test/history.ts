// Test support: an office's history made by the benchmark generator (tools/bench/generate.ts) in
// a test database — a few thousand petitions over a year, in every state, with their events,
// clocks and text bands, through the same insert the benchmark seed uses (triggers on) — and
// fresh drafts of the same kind that the history does not hold (held out).
import { generateBatch, type GenContext } from '../../tools/bench/generate.ts';
import { CATEGORY_MIX, letter, weighted, type Letter } from '../../tools/bench/corpus.ts';
import { insertBatch } from '../../tools/bench/insert.ts';
import { stream, type SeedPlan } from '../../tools/bench/plan.ts';
import { createPlan, DEFAULT_BENCH_PASSWORD } from '../../tools/bench/setup.ts';
import type { Deps } from '../context.ts';
import { fastTextBands } from '../domain/text-bands-fast.ts';
import { clockRules } from '../services/clocks.ts';

export const HISTORY_SEED = 20_260_101;

export async function seedHistory(deps: Deps, petitions: number, seed = HISTORY_SEED): Promise<SeedPlan> {
  const plan = await createPlan(deps.db, { petitions, batchSize: 500, seed, spanDays: 365, staffPassword: DEFAULT_BENCH_PASSWORD, force: true });
  const ctx: GenContext = { plan, keys: deps.keys, rules: await clockRules(deps.db), anchor: Date.parse(plan.anchor), bands: fastTextBands };
  const sealed = new Map();
  for (let from = 0; from < petitions; from += plan.batchSize) {
    const batch = generateBatch(ctx, from, Math.min(petitions, from + plan.batchSize), sealed);
    const client = await deps.pool.connect();
    try {
      await insertBatch(client, batch, false);
    } finally {
      client.release();
    }
  }
  return plan;
}

/** `n` new letters of the history's kind (its category mix, its phrase pools), none of them in it. */
export function heldOutDrafts(n: number, seed = HISTORY_SEED + 7): Array<{ category: string } & Letter> {
  return Array.from({ length: n }, (_, i) => {
    const r = stream(seed, i, 1);
    const category = weighted(r, CATEGORY_MIX);
    return { category, ...letter(r, category) };
  });
}
