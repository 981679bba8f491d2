// Starts one Xinfang process: the database (embedded unless DATABASE_URL), migrations,
// reference data, keys, the first admin account, background jobs and the HTTP server; and stops
// it gracefully: no new requests (/api/ready says so at once), in-flight ones finish, jobs stop,
// the pool closes, the embedded database shuts down. The embedded database is supervised
// (api/db/embedded.ts): restarted when it stops on its own; when it cannot come back the process
// exits with 1 so systemd (or any supervisor) restarts it.
import cluster from 'node:cluster';
import { serve, type ServerType } from '@hono/node-server';
import type pg from 'pg';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Deps } from './context.ts';
import { openDatabase, openPool } from './db/database.ts';
import { startEmbedded, type EmbeddedServer } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { seedReferenceData } from './db/seed.ts';
import { startJobs } from './jobs/index.ts';
import { loadMasterKey, makeKeys } from './security/keys.ts';
import { bootstrapInstallation } from './services/bootstrap.ts';
import { loadStarterContent } from './content/starter.ts';
import { log as logger } from './log.ts';
import { watchCryptoState } from './services/crypto-state.ts';
import { embeddedRestarts } from './services/metrics.ts';

export type Running = { url: string; deps: Deps; stop: () => Promise<void> };

/** Migrations, reference data, keys and first-start duties: idempotent, safe to run from several
 *  processes at once (the cluster primary runs it before forking, api/cluster.ts). */
export async function prepareInstallation(config: Config, pool: pg.Pool, log: (m: string) => void): Promise<Deps> {
  await migrate(pool, log);
  const db = openDatabase(pool);
  const keys = makeKeys(loadMasterKey(config.dataDir, config.identityKey));
  const deps: Deps = { db, pool, keys, config, now: () => new Date() };
  await seedReferenceData(db);
  await bootstrapInstallation(deps, log);
  await loadStarterContent(deps, log);
  return deps;
}

export async function startServer(config: Config, log: (m: string) => void = (m) => logger.info(m)): Promise<Running> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, (m) => logger.warn(m), {
      maxAttempts: config.embeddedRestarts,
      onRestart: (n) => embeddedRestarts.set(n),
      onGiveUp: (reason) => {
        logger.fatal(reason + ' Exiting so that the process supervisor restarts the service.');
        const exit = () => process.exit(1);
        setTimeout(exit, 15_000).unref();
        (stop ? stop() : Promise.resolve()).then(exit, exit);
      },
    });
    url = embedded.url;
  }
  // With API_PROCESSES > 1 the primary owns the embedded server and says how often it restarted it.
  if (cluster.isWorker) {
    process.on('message', (m: { xf?: string; n?: number }) => {
      if (m?.xf === 'embedded-restarts' && typeof m.n === 'number') embeddedRestarts.set(m.n);
    });
  }
  const pool = openPool(url, config.poolSize);
  try {
    const deps = await prepareInstallation(config, pool, log);
    let stopping: Promise<void> | undefined;
    const app = createApp(deps, { stopping: () => stopping !== undefined });
    const stopWatch = watchCryptoState(deps);
    const stopJobs = config.jobs ? startJobs(deps) : async () => {};

    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const base = `http://localhost:${port}`;
    // Without PUBLIC_URL, messages to citizens link to the address this server listens on.
    if (!config.publicUrlSet) deps.config.publicUrl = base;

    stop = () =>
      (stopping ??= (async () => {
        stopWatch();
        await new Promise<void>((r) => {
          server.close(() => r());
          // Keep-alive sockets would hold close() open: end idle ones now, busy ones after their response.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          setTimeout(() => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            r();
          }, 10_000).unref();
        });
        await stopJobs();
        await pool.end().catch(() => {});
        await embedded?.stop();
      })());
    return { url: base, deps, stop: stop! };
  } catch (e) {
    await pool.end().catch(() => {});
    await embedded?.stop();
    throw e;
  }
}
