// Background jobs of one process. Safe with several processes on one database: each job takes a
// PostgreSQL advisory lock for its run, and each writes its events at most once.
import type { Deps } from '../context.ts';
import { log } from '../log.ts';
import { pruneRateLimits } from '../services/rate-limit.ts';
import { pruneSessions } from '../services/sessions.ts';
import { pruneLoginAttempts } from '../services/login-throttle.ts';
import { releaseExpiredLocks } from '../verbs/manage-users.ts';
import { runClockJob } from './clock-job.ts';
import { compactStats } from '../services/stats-source.ts';
import { anonymiseClosed } from './anonymise-closed.ts';
import { scanRegistrations } from '../services/registration-scan.ts';
import { startLetterJobs } from './letter-recognition.ts';
import { learnSuggestions } from '../services/suggestion-model.ts';
import { providersFrom } from '../services/notify-providers.ts';
import { sendNotifications } from './send-notifications.ts';

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
      await pruneLoginAttempts(deps.db, now);
      await releaseExpiredLocks(deps, now); // an account whose lock period ended: an audit row
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

/** The registration scan (api/services/registration-scan.ts): every second, a cheap probe when
 *  nothing is outstanding; one scanner at a time across processes. */
const SCAN_EVERY_MS = 1_000;

/** Runs `job` every `everyMs` (first after `firstAfterMs`, if given), never two runs at once in
 *  this process; failures are logged, at most one per `quietMs` (a job every second would
 *  otherwise flood the log while the database is away). Returns a stop that waits for a run. */
function repeatJob(label: string, job: () => Promise<unknown>, opts: { everyMs: number; firstAfterMs?: number; quietMs?: number }): () => Promise<void> {
  const { everyMs, firstAfterMs, quietMs = 0 } = opts;
  let run: Promise<void> | undefined;
  let failureLoggedAt = 0;
  const tick = () => {
    run ??= job()
      .then(() => undefined)
      .catch((e) => {
        if (Date.now() - failureLoggedAt < quietMs) return;
        failureLoggedAt = Date.now();
        log.error({ job: label, err: (e as Error).message }, 'background job failed');
      })
      .finally(() => {
        run = undefined;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  if (firstAfterMs !== undefined) setTimeout(tick, firstAfterMs).unref();
  return async () => {
    clearInterval(timer);
    await run;
  };
}

export function startJobs(deps: Deps, everyMs = 60_000): () => Promise<void> {
  const stops = [
    repeatJob('housekeeping', () => housekeeping(deps), { everyMs, firstAfterMs: 1_000 }),
    // The clock job is safe to run in every process at once (row locks, once-marks).
    repeatJob('clock job', () => runClockJob(deps), { everyMs, firstAfterMs: 2_000 }),
    repeatJob('registration scan', () => scanRegistrations(deps.db, deps.now()), { everyMs: SCAN_EVERY_MS, quietMs: 60_000 }),
    // Triage suggestions learn from what was registered and decided (issue 17).
    repeatJob('suggestion learner', () => learnSuggestions(deps), { everyMs: 10_000, firstAfterMs: 3_000, quietMs: 60_000 }),
    startLetterJobs(deps),
  ];
  // The citizen's messages (api/jobs/send-notifications.ts): every second, only when a channel is configured.
  const providers = providersFrom(deps.config);
  if (providers.length) stops.push(repeatJob('notifications', () => sendNotifications(deps, providers), { everyMs: 1_000, quietMs: 60_000 }));
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
