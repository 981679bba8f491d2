// Background jobs of one process. Safe with several processes on one database: each job takes a
// PostgreSQL advisory lock for its run, and each writes its events at most once.
import type { Deps } from '../context.ts';
import { pruneRateLimits } from '../services/rate-limit.ts';
import { pruneSessions } from '../services/sessions.ts';
import { runClockJob } from './clock-job.ts';
import { compactStats } from '../services/stats-source.ts';
import { anonymiseClosed } from './anonymise-closed.ts';
import { scanRegistrations } from '../services/registration-scan.ts';

const HOUSEKEEPING_LOCK = 7_243_010;

async function housekeeping(deps: Deps) {
  const client = await deps.pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [HOUSEKEEPING_LOCK]);
    if (!rows[0].ok) return;
    try {
      const now = deps.now();
      await pruneRateLimits(deps.db, new Date(now.getTime() - 2 * 3600_000));
      // Uploads never claimed by a filing within a day are dropped.
      await deps.db.deleteFrom('attachments').where('petition_id', 'is', null).where('uploaded_at', '<', new Date(now.getTime() - 24 * 3600_000)).execute();
      await pruneSessions(deps);
      await deps.db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now.getTime() - 7 * 24 * 3600_000)).execute();
      // Raw ledger spreadsheets (plain identities) are kept only for the import steps.
      await deps.db.deleteFrom('ledger_files').where('uploaded_at', '<', new Date(now.getTime() - 24 * 3600_000)).execute();
      await compactStats(deps.db); // statistics rollup: move the deltas (migrations/031)
      await anonymiseClosed(deps, now);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [HOUSEKEEPING_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Repeat detection of new filings (api/services/registration-scan.ts): every second, a cheap probe
 *  when nothing is outstanding; one scanner at a time across processes. */
const REPEAT_SCAN_EVERY_MS = 1_000;

export function startJobs(deps: Deps, everyMs = 60_000): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= housekeeping(deps)
      .catch((e) => console.error('[jobs] housekeeping failed:', (e as Error).message))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  setTimeout(tick, 1_000).unref();
  // The clock job is safe to run in every process at once (row locks, once-marks).
  let clocks: Promise<void> | undefined;
  const clockTick = () => {
    clocks ??= runClockJob(deps)
      .then(() => undefined)
      .catch((e) => console.error('[jobs] clock job failed:', (e as Error).message))
      .finally(() => {
        clocks = undefined;
      });
  };
  const clockTimer = setInterval(clockTick, everyMs);
  clockTimer.unref();
  setTimeout(clockTick, 2_000).unref();
  let scan: Promise<void> | undefined;
  let scanFailureLoggedAt = 0;
  const scanTick = () => {
    scan ??= scanRegistrations(deps.db, deps.now())
      .then(() => undefined)
      .catch((e) => {
        // Every second while the database is away would flood the log: once a minute is enough.
        if (Date.now() - scanFailureLoggedAt < 60_000) return;
        scanFailureLoggedAt = Date.now();
        console.error('[jobs] repeat scan failed:', (e as Error).message);
      })
      .finally(() => {
        scan = undefined;
      });
  };
  const scanTimer = setInterval(scanTick, REPEAT_SCAN_EVERY_MS);
  scanTimer.unref();
  return async () => {
    clearInterval(timer);
    clearInterval(clockTimer);
    clearInterval(scanTimer);
    await running;
    await clocks;
    await scan;
  };
}
