// `npm run seed:bench -- --petitions 1000000 [--database-url URL] [--batch 2000] [--force]`:
// fills the application's database (as `npm start` finds it: DATABASE_URL or the embedded one in
// DATA_DIR) with a realistic benchmark data set: petitions in every state with their sealed
// petitioners, events, clocks, text bands and repeats, plus agencies and staff. Resumable: each
// batch commits whole, and a rerun skips the batches already there. Two batches are written
// while the next is generated, which keeps both cores busy.
import pg from 'pg';
import { loadConfig } from '../api/config.ts';
import { openDatabase, openPool } from '../api/db/database.ts';
import { argValue, locateDatabase } from '../api/db/locate.ts';
import { generateBatch, type GenContext } from './bench/generate.ts';
import { canBypassTriggers, insertBatch, insertMs } from './bench/insert.ts';
import { letter } from './bench/corpus.ts';
import { bandsFunction } from '../api/domain/text-bands-fast.ts';
import { loadPlan, petitionId, stream, type SeedPlan } from './bench/plan.ts';
import { createPlan, DEFAULT_BENCH_PASSWORD, markFinished } from './bench/setup.ts';
import { clockRules } from '../api/services/clocks.ts';
import { indexAllTitles } from '../api/services/title-search.ts';
import { buildModel } from '../api/services/suggestion-model.ts';
import { prepareInstallation } from '../api/server.ts';

const argv = process.argv.slice(2);
const petitions = Number(argValue(argv, '--petitions') ?? 20_000);
const batchSize = Number(argValue(argv, '--batch') ?? 2_000);
if (!Number.isInteger(petitions) || petitions < 1 || !Number.isInteger(batchSize) || batchSize < 100) {
  console.error('Usage: npm run seed:bench -- --petitions 1000000 [--database-url URL] [--batch 2000] [--force]');
  process.exit(2);
}
const config = loadConfig();
const log = (m: string) => console.log(m);
const located = await locateDatabase(config, argValue(argv, '--database-url'), log);
const setupPool = openPool(located.url, 2);
const pool = new pg.Pool({ connectionString: located.url, max: 2 });
const started = Date.now();

function bar(done: number, total: number, rate: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
  const etaText = eta >= 60 ? `${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s` : `${eta}s`;
  const line = `  [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${((done / total) * 100).toFixed(1)}%  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} petitions  ${Math.round(rate).toLocaleString('en')}/s  ETA ${etaText}  `;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
}

try {
  const deps = await prepareInstallation(config, setupPool, log);
  let plan: SeedPlan | undefined = await loadPlan(deps.db);
  if (plan && plan.petitions !== petitions) {
    throw new Error(`This database holds a benchmark plan for ${plan.petitions} petitions; run again with --petitions ${plan.petitions} to finish it, or use an empty database.`);
  }
  if (!plan) {
    plan = await createPlan(deps.db, {
      petitions,
      batchSize,
      seed: 20_260_101,
      spanDays: 3 * 365,
      staffPassword: process.env.BENCH_STAFF_PASSWORD ?? argValue(argv, '--staff-password') ?? DEFAULT_BENCH_PASSWORD,
      force: argv.includes('--force'),
    });
    log(`Planned ${petitions.toLocaleString('en')} petitions received ${new Date(Date.parse(plan.anchor) - plan.spanDays * 86_400_000).toISOString().slice(0, 10)} … ${plan.anchor.slice(0, 10)} (ids ${plan.baseId + 1}–${plan.baseId + petitions}).`);
  }
  const p = plan;
  const batches = Math.ceil(p.petitions / p.batchSize);
  const firstIds = Array.from({ length: batches }, (_, b) => petitionId(p, b * p.batchSize));
  const { rows } = await pool.query<{ id: number }>('SELECT id::int FROM petitions WHERE id = ANY($1::bigint[])', [firstIds]);
  const done = new Set(rows.map((r) => Math.round((r.id - p.baseId - 1) / p.batchSize)));
  const todo = Array.from({ length: batches }, (_, b) => b).filter((b) => !done.has(b));
  const already = done.size * p.batchSize - (done.has(batches - 1) ? batches * p.batchSize - p.petitions : 0);
  if (already > 0 && todo.length) log(`Resuming: ${already.toLocaleString('en')} petitions already written.`);

  const probe = await pool.connect();
  const bypass = await canBypassTriggers(probe).finally(() => probe.release());
  log(bypass.ok ? 'Fast load: triggers reproduced by the generator, statistics rebuilt at the end.' : `Loading with triggers on (${bypass.why}): slower.`);
  const samples = ['', '短', '甲乙丙丁', '😀😁😂🤣😃 emoji 与汉字混排', ...Array.from({ length: 40 }, (_, i) => letter(stream(1, i, 1), 'labor.wages').content)];
  const ctx: GenContext = { plan: p, keys: deps.keys, rules: await clockRules(deps.db), anchor: Date.parse(p.anchor), bands: bandsFunction(samples) };
  const sealed = new Map();
  let written = already;
  let genMs = 0;
  const t0 = Date.now();
  const inFlight: Promise<void>[] = [];
  for (const b of todo) {
    const from = b * p.batchSize;
    const to = Math.min(p.petitions, from + p.batchSize);
    const g = performance.now();
    const batch = generateBatch(ctx, from, to, sealed);
    genMs += performance.now() - g;
    if (sealed.size > 200_000) sealed.clear();
    // Batch b may link to petitions two batches back (repeats): wait for that one first.
    if (inFlight.length >= 2) await inFlight.shift();
    inFlight.push(
      (async () => {
        const client = await pool.connect();
        try {
          await insertBatch(client, batch, bypass.ok);
        } finally {
          client.release();
        }
        written += to - from;
        bar(written, p.petitions, (written - already) / ((Date.now() - t0) / 1000));
      })(),
    );
  }
  await Promise.all(inFlight);
  if (argv.includes('--profile')) log(`\nGenerate ${Math.round(genMs)} ms; insert ms by table: ${JSON.stringify(Object.fromEntries(Object.entries(insertMs).map(([k, v]) => [k, Math.round(v)])))}`);
  if (todo.length && process.stderr.isTTY) process.stderr.write('\n');

  if (!p.finishedAt || todo.length) {
    // The staff title search (migrations/044) indexes titles after registration: here in one go
    // (on the pool without a statement timeout: a million titles take about a minute).
    log('Indexing titles for the staff search…');
    await indexAllTitles(openDatabase(pool));
    // The triage suggestions' model of the history (issue 17): from the latest 300,000 cases.
    log('Building the triage suggestion model…');
    const t1 = Date.now();
    const learned = await buildModel(openDatabase(pool), { log });
    log(`  ${learned.toLocaleString('en')} petitions in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
    // VACUUM as well: a bulk load leaves every page without hint bits and visibility-map bits, and
    // autovacuum would otherwise do that work during the first benchmark run (issue 6 measured the
    // reference POST at half its speed there).
    log('Vacuuming, updating planner statistics and the statistics rollup…');
    await pool.query('VACUUM (ANALYZE)');
    const fns = new Set((await pool.query<{ proname: string }>(`SELECT proname FROM pg_proc WHERE proname IN ('stats_rebuild', 'stats_compact')`)).rows.map((r) => r.proname));
    // Bypassed triggers wrote no deltas: recompute the rollup from the rows themselves.
    if (bypass.ok && fns.has('stats_rebuild')) await pool.query('SELECT stats_rebuild()');
    else if (fns.has('stats_compact')) await pool.query('SELECT stats_compact()');
    // And a checkpoint: the load and the vacuum leave gigabytes of dirty pages in the buffer cache,
    // which the checkpointer would otherwise write out during the first benchmark run (issue 6: a
    // run started right after seeding had the reference POST at 1,100/s instead of 1,800/s).
    log('Writing the data set to disk (checkpoint)…');
    await pool.query('CHECKPOINT');
    await markFinished(deps.db, p);
  }
  const counts = await pool.query<{ t: string; n: number }>(
    `SELECT 'petitions' t, count(*)::int n FROM petitions UNION ALL SELECT 'petitioners', count(*)::int FROM petitioners
     UNION ALL SELECT 'events', count(*)::int FROM events UNION ALL SELECT 'clocks', count(*)::int FROM clocks
     UNION ALL SELECT 'text_bands', count(*)::int FROM text_bands UNION ALL SELECT 'repeats', count(*)::int FROM repeats`,
  );
  log(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${counts.rows.map((r) => `${r.n.toLocaleString('en')} ${r.t}`).join(', ')}.`);
  log('Bench staff accounts: bench.clerk1…6, bench.leader1…2, bench.editor, bench.agencyNN (password: BENCH_STAFF_PASSWORD or the default in tools/bench/setup.ts).');
} catch (e) {
  console.error('\nseed:bench failed: ' + ((e as Error).stack ?? e));
  process.exitCode = 1;
} finally {
  await pool.end().catch(() => {});
  await setupPool.end().catch(() => {});
  await located.release();
}
