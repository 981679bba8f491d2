// Group registration: filings without attachments that arrive while earlier ones are being written
// are written together, in one statement (REGISTER_SQL), like a database's group commit. A filing
// that arrives alone is written at once, by itself, so an idle office waits for nothing;
// under load each statement carries whatever queued while the previous one ran (at most
// MAX_BATCH), one statement at a time per process.
// Measured on the million-petition bench database: written alone, a filing cost PostgreSQL about
// 0.8–1.3 ms of CPU (parse, locks on some thirty relations, executor start, commit; measured with
// the one-filing statement this one replaced); in batches of 8–16 about 0.3 ms per filing.
// One statement at a time rather than two (2026-12-02, filing-only loads of 50 connections,
// alternated): PostgreSQL's CPU per filing went from 0.38–0.53 ms to 0.32–0.37 ms (batches of
// about 25 filings), and filings per second rose in five of six pairs. Two statements at once
// insert at the same right-hand edges of the same indexes, on two cores shared with the
// application; one bigger statement pays the per-statement costs once.
// Every filing still gets its own answer, and only after its statement committed. A batch is all or
// nothing: when PostgreSQL refuses it (a repeated Idempotency-Key, a deadlock), nothing of it was
// written, and each of its filings is then written on its own, so each gets the answer (case or
// error) it would have had alone. When the connection breaks instead, the batch is not written
// again (it may have committed unseen): each filing is answered with the error.
import type pg from 'pg';
import { runRegister, runRegisterMany, type Registered, type RegisterValues } from './register-statement.ts';

const MAX_BATCH = 50;
const IN_FLIGHT = 1;

type Waiting = { values: RegisterValues; resolve: (r: Registered) => void; reject: (e: unknown) => void };
type Batcher = { queue: Waiting[]; inFlight: number; statements: number; batched: number; fallbacks: number };
const batchers = new WeakMap<pg.Pool, Batcher>();

/** Writes one filing (no attachments) through the pool's batcher; resolves once it committed. */
export function registerFiling(pool: pg.Pool, values: RegisterValues): Promise<Registered> {
  let b = batchers.get(pool);
  if (!b) batchers.set(pool, (b = { queue: [], inFlight: 0, statements: 0, batched: 0, fallbacks: 0 }));
  const batcher = b;
  return new Promise<Registered>((resolve, reject) => {
    batcher.queue.push({ values, resolve, reject });
    pump(pool, batcher);
  });
}

/** What the pool's batcher has done: batch statements, the filings they carried, batches that failed and were written one by one. */
export function batchCounts(pool: pg.Pool): { statements: number; batched: number; fallbacks: number } {
  const b = batchers.get(pool);
  return { statements: b?.statements ?? 0, batched: b?.batched ?? 0, fallbacks: b?.fallbacks ?? 0 };
}

function pump(pool: pg.Pool, b: Batcher): void {
  while (b.inFlight < IN_FLIGHT && b.queue.length) {
    const batch = b.queue.splice(0, MAX_BATCH);
    b.inFlight++;
    void write(pool, batch).finally(() => {
      b.inFlight--;
      pump(pool, b);
    });
  }
}

/**
 * True when PostgreSQL answered the statement with an error of the statement itself (a constraint,
 * a deadlock, a serialization failure): then it was rolled back whole. Not for a broken connection
 * or an operator's shutdown, after which a commit may have happened unseen.
 */
function refused(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57|58|XX)/.test(code);
}

async function alone(pool: pg.Pool, w: Waiting): Promise<void> {
  try {
    w.resolve(await runRegister(pool, w.values));
  } catch (e) {
    w.reject(e);
  }
}

async function write(pool: pg.Pool, batch: Waiting[]): Promise<void> {
  if (batch.length === 1) return alone(pool, batch[0]);
  let rows: Registered[];
  const b = batchers.get(pool)!;
  b.statements++;
  try {
    rows = await runRegisterMany(pool, batch.map((w) => w.values));
    b.batched += batch.length;
  } catch (e) {
    if (!refused(e)) {
      // No answer from the server (the connection broke): whether the batch committed is unknown,
      // so it is not written again; every filing of it is answered with the error (a 503).
      for (const w of batch) w.reject(e);
      return;
    }
    // The server refused the statement, so nothing of the batch was written: each filing on its own.
    b.fallbacks++;
    await Promise.all(batch.map((w) => alone(pool, w)));
    return;
  }
  // Committed. One row per filing is what the statement returns; anything else would be a defect,
  // answered as an error rather than written a second time.
  if (rows.length !== batch.length) {
    const e = new Error(`the batch registered ${rows.length} of ${batch.length} filings`);
    for (const w of batch) w.reject(e);
    return;
  }
  rows.forEach((r, k) => batch[k].resolve(r));
}
