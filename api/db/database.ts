// Opens the pool and the typed Kysely handle over it. The pool never crashes the process on a
// dropped connection: errors are logged and the next query reconnects.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { log } from '../log.ts';
import type { DB } from './schema.ts';

// bigint ids come back as strings by default; our ids stay far below 2^53, so parse them.
pg.types.setTypeParser(20, (v) => Number(v));
// `date` columns are calendar dates (China local), not instants: keep them as 'YYYY-MM-DD'.
pg.types.setTypeParser(1082, (v) => v);

export type Database = Kysely<DB>;

export const STATEMENT_TIMEOUT_MS = 30_000;

export function openPool(url: string, max = 20): pg.Pool {
  // A stopped database fails fast (refused connection); a stuck one times out: 5 s to get a
  // connection, 30 s for a statement (server side), TCP keepalive to notice a vanished peer.
  // Migrations lift the statement limit for themselves (api/db/migrate.ts).
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: STATEMENT_TIMEOUT_MS,
  });
  pool.on('error', (err) => {
    log.warn({ err: err.message }, 'database: idle client error');
  });
  // A client checked out of the pool has no listener of the pool's: when the server ends its
  // session (shutdown, restart) the 'error' event would crash the process. Its query fails
  // instead (503), and the pool drops the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err: err.message }, 'database: connection lost'));
  });
  return pool;
}

export function openDatabase(pool: pg.Pool): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
