// Starts one Xinfang process: the database (embedded unless DATABASE_URL), migrations,
// reference data, keys, the first admin account, background jobs and the HTTP server; and stops
// it gracefully: no new requests, in-flight ones finish, jobs stop, the pool closes, the
// embedded database shuts down.
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

export async function startServer(config: Config, log: (m: string) => void = console.log): Promise<Running> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, log);
    url = embedded.url;
  }
  const pool = openPool(url, config.poolSize);
  try {
    const deps = await prepareInstallation(config, pool, log);
    const app = createApp(deps);
    const stopJobs = config.jobs ? startJobs(deps) : async () => {};

    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const base = `http://localhost:${port}`;
    // Without PUBLIC_URL, messages to citizens link to the address this server listens on.
    if (!config.publicUrlSet) deps.config.publicUrl = base;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
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
    return { url: base, deps, stop };
  } catch (e) {
    await pool.end().catch(() => {});
    await embedded?.stop();
    throw e;
  }
}
