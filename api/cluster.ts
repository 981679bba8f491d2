// API_PROCESSES > 1 (DESIGN §6): this primary process owns the embedded database (when there is
// no DATABASE_URL), applies migrations and first-start duties once, then forks N workers that
// serve one port on one database (node:cluster). A worker that dies is replaced; SIGTERM/SIGINT
// stop the workers first (each finishes its requests in flight) and the database last.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.ts';
import { openPool } from './db/database.ts';
import { startEmbedded, type EmbeddedServer } from './db/embedded.ts';
import { prepareInstallation } from './server.ts';

/** Restarts slow down when a worker keeps dying at once (a crash loop), up to this pause. */
const RESTART_MAX_DELAY_MS = 30_000;
const STOP_GRACE_MS = 20_000;

export async function runPrimary(config: Config, log: (m: string) => void = console.log): Promise<void> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, log);
    url = embedded.url;
  }
  try {
    const pool = openPool(url, 2);
    try {
      await prepareInstallation(config, pool, log);
    } finally {
      await pool.end().catch(() => {});
    }
  } catch (e) {
    await embedded?.stop();
    throw e;
  }

  const env = { DATABASE_URL: url };
  let stopping = false;
  let announced = false;
  const recentExits: number[] = [];

  const fork = (): Worker => cluster.fork(env);
  for (let i = 0; i < config.apiProcesses; i++) fork();

  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    const base = `http://localhost:${address.port}`;
    log(`Xinfang is running with ${config.apiProcesses} API processes.
  Portal:   ${base}/
  Console:  ${base}/console/
  API:      ${base}/api/openapi.json`);
  });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    recentExits.push(now);
    while (recentExits.length && recentExits[0] < now - 60_000) recentExits.shift();
    const delay = Math.min(RESTART_MAX_DELAY_MS, 250 * 2 ** Math.max(0, recentExits.length - 1));
    log(`API process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting a replacement in ${delay} ms`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delay).unref();
  });

  let stopped: Promise<void> | undefined;
  const stop = (sig: string) =>
    (stopped ??= (async () => {
      stopping = true;
      log(`Received ${sig}: stopping the API processes, then the database…`);
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              const timer = setTimeout(() => {
                w.process.kill('SIGKILL');
                resolve();
              }, STOP_GRACE_MS);
              w.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              w.process.kill('SIGTERM');
            }),
        ),
      );
      await embedded?.stop();
    })());

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      stop(sig).then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
    });
  }
}
