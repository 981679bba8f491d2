// Finds the database the application uses, for the operator scripts (seed:bench, bench, backup,
// restore): --database-url, else DATABASE_URL, else the embedded server of DATA_DIR. A running
// embedded server (npm start) is used as it is; one that is not running is started for the
// script and stopped after it, never taken over while the application holds it.
import type { Config } from '../config.ts';
import { answers, embeddedUrl, startEmbedded } from './embedded.ts';

export type Located = { url: string; embedded: boolean; release: () => Promise<void> };

export async function locateDatabase(config: Config, explicitUrl?: string, log: (m: string) => void = () => {}): Promise<Located> {
  const url = explicitUrl ?? config.databaseUrl;
  if (url) return { url, embedded: false, release: async () => {} };
  const socketUrl = embeddedUrl(config.dataDir);
  if (await answers(socketUrl)) {
    log(`Using the running embedded PostgreSQL of ${config.dataDir}`);
    return { url: socketUrl, embedded: true, release: async () => {} };
  }
  const server = await startEmbedded(config.dataDir, log);
  return { url: server.url, embedded: true, release: () => server.stop() };
}

/** `--name value` or `--name=value` from argv. */
export function argValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(name + '=')) return argv[i].slice(name.length + 1);
  }
  return undefined;
}
