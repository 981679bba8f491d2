// The process entry point: `npm start` runs this after building the portal. Reads the settings,
// starts everything, prints the URLs, and stops gracefully on SIGTERM / SIGINT.
import { ConfigError, loadConfig } from './config.ts';
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

try {
  const running = await startServer(config);
  console.log(`Xinfang is running.
  Portal:   ${running.url}/
  Console:  ${running.url}/console/
  API:      ${running.url}/api/openapi.json`);
  let signalled = false;
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      if (signalled) return;
      signalled = true;
      console.log(`Received ${sig}: finishing requests in flight and stopping…`);
      running.stop().then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
    });
  }
} catch (e) {
  console.error('Xinfang could not start: ' + (e as Error).message);
  process.exit(1);
}
