// The bare references of DESIGN §7, run by `npm run bench` as their own process on the same
// database as the application, with the same pool size:
//   GET  /ref/lookup/:caseNo  Hono + pg, one indexed SELECT by key, nothing else;
//   POST /ref/file            Hono + zod validation, one INSERT plus one audit INSERT in a transaction.
// The reference tables are ordinary (logged, indexed) tables, so a commit costs what ours does;
// the bench creates them before and drops them after.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { z } from 'zod';

export const REFERENCE_TABLES = `
  CREATE TABLE IF NOT EXISTS bench_ref_petitions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, purpose text NOT NULL, category_code text NOT NULL,
    title text NOT NULL, content text NOT NULL, petitioner jsonb, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS bench_ref_audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, petition_id bigint NOT NULL REFERENCES bench_ref_petitions (id),
    at timestamptz NOT NULL DEFAULT now(), type text NOT NULL, data jsonb NOT NULL DEFAULT '{}');`;
export const DROP_REFERENCE_TABLES = 'DROP TABLE IF EXISTS bench_ref_audit, bench_ref_petitions';

const body = z.object({
  purpose: z.enum(['suggestion', 'accusation', 'appeal', 'demand', 'inquiry']),
  categoryCode: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(100),
  content: z.string().trim().min(1).max(10_000),
  petitioner: z.object({ name: z.string().trim().min(1).max(50), phone: z.string().trim().min(5).max(20) }).optional(),
});

if (import.meta.main) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 20) });
  pool.on('error', () => {});
  const app = new Hono();
  app.get('/ref/health', (c) => c.json({ ok: true }));
  app.get('/ref/lookup/:caseNo', async (c) => {
    const { rows } = await pool.query('SELECT id, case_no, status FROM petitions WHERE case_no = $1', [c.req.param('caseNo')]);
    return rows.length ? c.json(rows[0]) : c.json({ error: 'not_found' }, 404);
  });
  app.post('/ref/file', async (c) => {
    const parsed = body.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: 'invalid_input' }, 400);
    const v = parsed.data;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO bench_ref_petitions (purpose, category_code, title, content, petitioner) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [v.purpose, v.categoryCode, v.title, v.content, v.petitioner ? JSON.stringify(v.petitioner) : null],
      );
      await client.query("INSERT INTO bench_ref_audit (petition_id, type) VALUES ($1, 'register')", [rows[0].id]);
      await client.query('COMMIT');
      return c.json({ id: rows[0].id }, 201);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  });
  const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
    process.send?.({ port: info.port });
  });
  process.on('SIGTERM', () => {
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
