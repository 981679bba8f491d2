// Test support for tests that run the real application as separate processes (several API
// processes, faults): temporary data folders, HTTP helpers with timings, the integrity checks
// that say "nothing half-written", and a filing load that records what was acknowledged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { filingBodies } from '../../tools/bench/inputs.ts';
import { ROOT } from '../../tools/bench/processes.ts';

export function tempDir(label: string): string {
  const dir = path.join(ROOT, '.tmp', `t-${label}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export type Answer = { status: number; body: any; ms: number; headers: Headers };

/**
 * One request on a connection of its own (no keep-alive pool): a pooled connection the server had
 * just closed (after a 413 or a cut body, or at its keep-alive timeout) failed a later request
 * with "other side closed", a failure of the test's client, not of the server under test.
 * Rejects when there is no answer (refused, reset, timed out), as fetch did.
 */
export function http(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 15_000): Promise<Answer> {
  const t = performance.now();
  const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const url = new URL(p, base);
  return new Promise<Answer>((resolve, reject) => {
    const req = nodeHttp.request(
      url,
      {
        method,
        agent: false,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - t, headers: h });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export type Filed = { caseNo: string; queryCode: string; key: string };

/**
 * Files petitions from `workers` concurrent clients until `stop()` resolves; each request carries
 * an Idempotency-Key. Returns the acknowledged ones (201) and the keys of requests that got no
 * answer (cut off), which a citizen would retry.
 */
export function filingLoad(base: () => string, workers: number) {
  const bodies = filingBodies(500);
  const filed: Filed[] = [];
  const unanswered: Array<{ key: string; body: string }> = [];
  const other: number[] = [];
  let stopping = false;
  let n = 0;
  const run = Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stopping) {
        const body = bodies[n++ % bodies.length];
        const key = crypto.randomBytes(12).toString('hex');
        try {
          const r = await http(base(), 'POST', '/api/public/petitions', body, { 'Idempotency-Key': key });
          if (r.status === 201) filed.push({ caseNo: r.body.caseNo, queryCode: r.body.queryCode, key });
          else other.push(r.status);
        } catch {
          unanswered.push({ key, body });
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
  return {
    filed,
    unanswered,
    other,
    stop: async () => {
      stopping = true;
      await run;
    },
  };
}

/** Petitions missing any part a filing writes in its transaction: none may exist. */
export async function halfWritten(url: string): Promise<Array<{ case_no: string; missing: string }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ case_no: string; missing: string }>(`
      SELECT p.case_no, concat_ws(',',
          CASE WHEN NOT EXISTS (SELECT 1 FROM events e WHERE e.petition_id = p.id AND e.type = 'register') THEN 'register event' END,
          CASE WHEN NOT EXISTS (SELECT 1 FROM clocks k WHERE k.petition_id = p.id AND k.clock = 'accept') THEN 'accept clock' END,
          CASE WHEN NOT p.anonymous AND NOT EXISTS (SELECT 1 FROM petitioners x WHERE x.petition_id = p.id AND x.role = 'signer') THEN 'signer' END,
          CASE WHEN p.next_due_at = 'infinity' AND p.status = 'registered' THEN 'next_due_at' END) AS missing
        FROM petitions p
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.petition_id = p.id AND e.type = 'register')
          OR NOT EXISTS (SELECT 1 FROM clocks k WHERE k.petition_id = p.id AND k.clock = 'accept')
          OR (NOT p.anonymous AND NOT EXISTS (SELECT 1 FROM petitioners x WHERE x.petition_id = p.id AND x.role = 'signer'))
          OR (p.next_due_at = 'infinity' AND p.status = 'registered')`);
    return rows;
  } finally {
    await c.end();
  }
}

export async function queryOne<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows[0];
  } finally {
    await c.end();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` is true (or throws after `ms`). */
export async function until(check: () => Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
