// Opens the pool and the typed Kysely handle over it. The pool never crashes the process on a
// dropped connection: errors are logged and the next query reconnects.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// bigint ids come back as strings by default; our ids stay far below 2^53, so parse them.
pg.types.setTypeParser(20, (v) => Number(v));
// `date` columns are calendar dates (China local), not instants: keep them as 'YYYY-MM-DD'.
pg.types.setTypeParser(1082, (v) => v);

export type Database = Kysely<DB>;

export function openPool(url: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => {
    console.error('[db] idle client error:', err.message);
  });
  return pool;
}

export function openDatabase(pool: pg.Pool): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
