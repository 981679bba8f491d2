// Test support: every test file gets its own fresh database on the real PostgreSQL the test
// runner started (XF_TEST_ADMIN_URL), migrated and seeded, plus an app to call through
// app.request(). Nothing is mocked.
import crypto from 'node:crypto';
import pg from 'pg';
import { createApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Deps } from '../context.ts';
import { openDatabase, openPool } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { seedReferenceData } from '../db/seed.ts';
import { makeKeys } from '../security/keys.ts';
import { bootstrapInstallation } from '../services/bootstrap.ts';

export function adminUrl(): string {
  const url = process.env.XF_TEST_ADMIN_URL;
  if (!url) throw new Error('XF_TEST_ADMIN_URL is not set: run the tests with `npm test` (or set it to a PostgreSQL server URL).');
  return url;
}

export function databaseUrl(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = '/' + name;
  return u.toString();
}

export type TestEnv = {
  name: string;
  url: string;
  deps: Deps;
  app: ReturnType<typeof createApp>;
  /** JSON request helper through app.request(); returns status, headers and parsed body. */
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; headers: Headers; body: any }>;
  close: () => Promise<void>;
};

export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const admin = adminUrl();
  const name = `xf_t_${crypto.randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return { name, url: databaseUrl(admin, name) };
}

export async function dropTestDatabase(name: string) {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

export async function testEnv(overrides: Partial<Config> = {}, opts: { now?: () => Date; masterKey?: Buffer } = {}): Promise<TestEnv> {
  const { name, url } = await createTestDatabase();
  const pool = openPool(url, 10);
  await migrate(pool);
  const db = openDatabase(pool);
  const config: Config = { ...loadConfig({}), databaseUrl: url, jobs: false, filingsPerHour: 1000, lookupsPerMinute: 1000, ...overrides };
  const deps: Deps = { db, pool, keys: makeKeys(opts.masterKey ?? crypto.randomBytes(32)), config, now: opts.now ?? (() => new Date()) };
  await seedReferenceData(db);
  await bootstrapInstallation(deps, () => {});
  const app = createApp(deps, { site: new Map() });
  const call: TestEnv['call'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    name,
    url,
    deps,
    app,
    call,
    close: async () => {
      await pool.end();
      await dropTestDatabase(name);
    },
  };
}

/** A valid online filing; override any field. */
export function sampleFiling(over: Record<string, unknown> = {}) {
  return {
    purpose: 'demand',
    categoryCode: 'labor.wages',
    title: '某建筑公司拖欠农民工工资',
    content: '我于2026年3月至8月在某建筑公司工地务工，公司至今拖欠工资28000元，多次讨要未果。',
    desiredOutcome: '请求督促公司支付拖欠的工资',
    place: '东城区某工地',
    petitioner: { name: '李大山', phone: '13912345678', idNumber: '11010519491231002X', address: '东城区和平里街道1号' },
    ...over,
  };
}
