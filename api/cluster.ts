// API_PROCESSES > 1 (DESIGN §6): this primary process owns the embedded database (when there is
// no DATABASE_URL), applies migrations and first-start duties once, then forks N workers that
// serve one port on one database (node:cluster). A worker that dies is replaced; SIGTERM/SIGINT
// stop the workers first (each finishes its requests in flight) and the database last. The
// embedded database is supervised here (restarted when it stops on its own; when it cannot come
// back, the workers are stopped and this process exits with 1). A worker asked for /metrics
// gets every worker's figures from here (prom-client's AggregatorRegistry).
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config.ts';
import { openPool } from './db/database.ts';
import { startEmbedded, type EmbeddedServer } from './db/embedded.ts';
import { log as logger } from './log.ts';
import { prepareInstallation } from './server.ts';

/** Restarts slow down when a worker keeps dying at once (a crash loop), up to this pause. */
const RESTART_MAX_DELAY_MS = 30_000;
const STOP_GRACE_MS = 20_000;

export async function runPrimary(config: Config, log: (m: string) => void = (m) => logger.info(m)): Promise<void> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  let stop: ((sig: string) => Promise<void>) | undefined;
  const workers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  let restarts = 0;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, (m) => logger.warn(m), {
      maxAttempts: config.embeddedRestarts,
      onRestart: (n) => {
        restarts = n;
        for (const w of workers()) w.send({ xf: 'embedded-restarts', n });
      },
      onGiveUp: (reason) => {
        logger.fatal(reason + ' Stopping the API processes and exiting so that the process supervisor restarts the service.');
        const exit = () => process.exit(1);
        setTimeout(exit, 25_000).unref();
        (stop ? stop('give-up') : Promise.resolve()).then(exit, exit);
      },
    });
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

  const fork = (): Worker => {
    const w = cluster.fork(env);
    if (restarts) w.once('online', () => w.send({ xf: 'embedded-restarts', n: restarts }));
    return w;
  };
  for (let i = 0; i < config.apiProcesses; i++) fork();

  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, m: { xf?: string; id?: number }) => {
    if (m?.xf !== 'metrics?') return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ xf: 'metrics', id: m.id, text }),
      () => worker.isConnected() && worker.send({ xf: 'metrics', id: m.id }),
    );
  });

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
  stop = (sig: string) =>
    (stopped ??= (async () => {
      stopping = true;
      log(`Received ${sig}: stopping the API processes, then the database…`);
      await Promise.all(
        workers().map(
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
      stop!(sig).then(
        () => process.exit(0),
        (e) => {
          logger.error({ err: e }, 'stopping failed');
          process.exit(1);
        },
      );
    });
  }
}
