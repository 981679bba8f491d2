// The process entry point: `npm start` runs this after building the portal. Reads the settings,
// starts everything, logs the URLs, and stops gracefully on SIGTERM / SIGINT. With
// API_PROCESSES > 1 this process becomes the cluster primary (api/cluster.ts) and each worker
// runs the branch below with the primary's DATABASE_URL. Everything it says is a JSON log line
// (api/log.ts); a bad setting is the one plain line on stderr, before any logging.
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config.ts';
import { runPrimary } from './cluster.ts';
import { log, setLogLevel } from './log.ts';
import { startServer } from './server.ts';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
setLogLevel(config.logLevel);

const worker = cluster.isWorker;
if (config.apiProcesses > 1 && cluster.isPrimary) {
  try {
    await runPrimary(config);
  } catch (e) {
    log.fatal('Xinfang could not start: ' + (e as Error).message);
    process.exit(1);
  }
} else {
  try {
    // A worker's first-start duties were done by the primary; its log lines would only repeat them.
    const running = await startServer(config, worker ? () => {} : (m) => log.info(m));
    if (!worker) {
      log.info(`Xinfang is running.
  Portal:   ${running.url}/
  Console:  ${running.url}/console/
  API:      ${running.url}/api/openapi.json`);
    }
    let signalled = false;
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.on(sig, () => {
        if (signalled) return;
        signalled = true;
        if (!worker) log.info(`Received ${sig}: finishing requests in flight and stopping…`);
        running.stop().then(
          () => process.exit(0),
          (e) => {
            log.error({ err: e }, 'stopping failed');
            process.exit(1);
          },
        );
      });
    }
  } catch (e) {
    log.fatal('Xinfang could not start: ' + (e as Error).message);
    process.exit(1);
  }
}
