// Child processes for the benchmark and the fault tests: the application (`node api/main.ts`) and
// the bare reference server, each on a free port with its own environment, output kept in a log
// file; `stop()` sends SIGTERM and waits (SIGKILL after a grace period), `kill()` is SIGKILL now.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type Child = { url: string; port: number; proc: ChildProcess; stop: () => Promise<void>; kill: () => Promise<void>; output: () => string };

async function waitHealthy(url: string, healthPath: string, proc: ChildProcess, ms: number, output: () => string) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`process exited before it answered:\n${output().slice(-3000)}`);
    try {
      const r = await fetch(url + healthPath, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`no answer from ${url}${healthPath} within ${ms} ms:\n${output().slice(-3000)}`);
}

export async function startChild(opts: { script: string; env: Record<string, string | undefined>; healthPath: string; logFile?: string; port?: number; timeoutMs?: number }): Promise<Child> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, PORT: String(port) };
  for (const [k, v] of Object.entries(opts.env)) if (v === undefined) delete env[k];
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=bench-results/prof") profiles the children.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...nodeArgs, opts.script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  const take = (c: Buffer) => {
    out = (out + c.toString()).slice(-20_000);
    log?.write(c);
  };
  proc.stdout?.on('data', take);
  proc.stderr?.on('data', take);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stopWith = async (signal: NodeJS.Signals, graceMs: number) => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    log?.end();
  };
  const child: Child = { url, port, proc, stop: () => stopWith('SIGTERM', 30_000), kill: () => stopWith('SIGKILL', 0), output: () => out };
  try {
    await waitHealthy(url, opts.healthPath, proc, opts.timeoutMs ?? 120_000, () => out);
  } catch (e) {
    await child.kill();
    throw e;
  }
  return child;
}

/** The application with settings for measurement: rate limits out of the way. */
export function startApp(env: Record<string, string | undefined>, logFile?: string, port?: number): Promise<Child> {
  return startChild({
    script: path.join(ROOT, 'api/main.ts'),
    env: { RATE_LIMIT_FILINGS_PER_HOUR: '1000000000', RATE_LIMIT_LOOKUPS_PER_MINUTE: '1000000000', HOST: '127.0.0.1', ...env },
    healthPath: '/api/ready',
    logFile,
    port,
  });
}

export function startReference(databaseUrl: string, poolSize: number, logFile?: string): Promise<Child> {
  return startChild({
    script: path.join(ROOT, 'tools/bench/reference-server.ts'),
    env: { DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(poolSize) },
    healthPath: '/ref/health',
    logFile,
  });
}
