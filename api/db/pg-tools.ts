// Locates the PostgreSQL client tools for backup and restore (pg_dump, pg_restore, psql): the
// ones of the server's major version (15, as the embedded server) under /usr/lib/postgresql,
// else PG_BIN, else whatever is on PATH. pg_dump must not be older than the server it dumps.
import fs from 'node:fs';
import path from 'node:path';

export const SERVER_MAJOR = 15;

export function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const dirs = [process.env.PG_BIN, `/usr/lib/postgresql/${SERVER_MAJOR}/bin`, '/usr/local/pgsql/bin'].filter((d): d is string => Boolean(d));
  for (const d of dirs) {
    const p = path.join(d, name);
    if (fs.existsSync(p)) return p;
  }
  return name;
}

/** The tools' environment: no password prompt, a bounded connection wait. */
export function toolEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PGCONNECT_TIMEOUT: '10', PGAPPNAME: 'xinfang-backup' };
}
