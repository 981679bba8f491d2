// What an operator sees and deploys: a request id on every answer and on every log line of its
// request (JSON, pino), in the body of a 5xx; /metrics in Prometheus format counting requests by
// route and status, filings and lookups, open from this host and elsewhere only with the bearer
// token; /api/health (alive) apart from /api/ready (database, migrations, not stopping); the
// sample nginx configuration (valid for nginx, limits equal to the API's) and the systemd unit,
// whose command line is started here with the unit's own environment.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { LIMITS } from '../contract/enums.ts';
import { openDatabase, openPool } from '../db/database.ts';
import { API_BODY_MAX } from '../http/body-limit.ts';
import { log, makeLogger, useLogger } from '../log.ts';
import { createTestDatabase, dropTestDatabase, sampleFiling, testEnv, type TestEnv } from './harness.ts';
import { http, tempDir, until } from './process-harness.ts';
import { freePort, ROOT } from '../../tools/bench/processes.ts';

let env: TestEnv;
const lines: Array<Record<string, unknown>> = [];
const original = log;
before(async () => {
  env = await testEnv({ metricsToken: 'metrics-token-for-tests-0123' });
  // Capture the log as JSON lines, at debug level (one line per request).
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  useLogger(makeLogger('debug', sink));
});
after(async () => {
  useLogger(original);
  await env.close();
});

test('every answer carries a request id; a 5xx names it in its body and in the log line of that request', async () => {
  const ok = await env.call('GET', '/api/public/categories');
  const id = ok.headers.get('x-request-id');
  assert.match(id ?? '', /^[0-9a-f]{6}-[0-9a-z]+$/);
  const notFound = await env.call('GET', '/api/no-such-thing');
  assert.ok(notFound.headers.get('x-request-id'));
  assert.notEqual(notFound.headers.get('x-request-id'), id);
  assert.equal(notFound.body.error.requestId, undefined, '4xx bodies stay as the contract says');
  // Only a trusted proxy may name the request.
  assert.notEqual((await env.call('GET', '/api/health', undefined, { 'x-request-id': 'from-the-client' })).headers.get('x-request-id'), 'from-the-client');
  const proxied = createApp({ ...env.deps, config: { ...env.deps.config, trustProxy: true } }, { site: new Map() });
  const viaProxy = await proxied.request('/api/health', { headers: { 'x-request-id': '3f1c9e0a7b' } });
  assert.equal(viaProxy.headers.get('x-request-id'), '3f1c9e0a7b');

  // A 500: a table the request needs is gone (put back below).
  await env.deps.pool.query('ALTER TABLE categories RENAME TO categories_away');
  let boom;
  try {
    boom = await env.call('GET', '/api/public/categories');
  } finally {
    await env.deps.pool.query('ALTER TABLE categories_away RENAME TO categories');
  }
  assert.equal(boom.status, 500);
  const rid = boom.headers.get('x-request-id')!;
  assert.equal(boom.body.error.requestId, rid);
  assert.doesNotMatch(JSON.stringify(boom.body), /categories_away|at .*\.ts/, 'no SQL or stack in the answer');
  const logged = lines.filter((l) => l.reqId === rid);
  assert.ok(logged.some((l) => l.level === 'error' && l.msg === 'unhandled error'), JSON.stringify(logged));
  assert.ok(logged.some((l) => l.level === 'warn' && l.msg === 'request failed' && l.status === 500));
  // A 503 (the database unreachable) names it too.
  const dead = openPool('postgresql://postgres@127.0.0.1:1/none', 1);
  const down = createApp({ ...env.deps, pool: dead, db: openDatabase(dead) }, { site: new Map() });
  const r = await down.request('/api/public/track', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryCode: 'AAAA-BBBB-CCCCC' }) });
  assert.equal(r.status, 503);
  assert.equal(((await r.json()) as { error: { requestId: string } }).error.requestId, r.headers.get('x-request-id'));
  // Every request line at debug level has its id.
  const requestLines = lines.filter((l) => l.msg === 'request');
  assert.ok(requestLines.length >= 3 && requestLines.every((l) => typeof l.reqId === 'string' && typeof l.route === 'string' && typeof l.status === 'number'));
  await dead.end();
});

test('/metrics counts requests by route and status, filings and lookups; from elsewhere only with the token', async () => {
  const filed = await env.call('POST', '/api/public/petitions', sampleFiling());
  assert.equal(filed.status, 201);
  await env.call('POST', '/api/public/track', { queryCode: filed.body.queryCode });
  await env.call('POST', '/api/public/track', { queryCode: 'AAAA-BBBB-CCCCC' });
  // app.request() has no socket: it is "elsewhere".
  assert.equal((await env.call('GET', '/metrics')).status, 401);
  assert.equal((await env.call('GET', '/metrics', undefined, { authorization: 'Bearer wrong-token-wrong-token' })).status, 401);
  const m = await env.app.request('/metrics', { headers: { authorization: 'Bearer metrics-token-for-tests-0123' } });
  assert.equal(m.status, 200);
  assert.match(m.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await m.text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1]);
  assert.ok(value(/^xf_filings_total\{channel="online"\} (\d+)$/m) >= 1, 'the filing is counted');
  assert.ok(value(/^xf_lookups_total\{result="found"\} (\d+)$/m) >= 1);
  assert.ok(value(/^xf_lookups_total\{result="not_found"\} (\d+)$/m) >= 1);
  assert.ok(value(/^xf_http_request_duration_seconds_count\{method="POST",route="\/api\/public\/petitions",status="201"\} (\d+)$/m) >= 1);
  assert.ok(value(/^xf_http_request_duration_seconds_bucket\{le="0\.05",method="POST",route="\/api\/public\/track",status="404"\} (\d+)$/m) >= 0);
  assert.match(text, /^xf_petitions_open\{status="registered"\} \d+$/m);
  assert.match(text, /^xf_petitions_overdue \d+$/m);
  assert.match(text, /^xf_registration_scan_backlog \d+$/m);
  assert.match(text, /^xf_db_pool_connections\{state="total"\} \d+$/m);
  assert.match(text, /^xf_embedded_postgres_restarts_total 0$/m);
  // The notifications outbox (issue 14, migrations/060): nothing waits in a fresh database.
  assert.match(text, /^xf_outbox_backlog\{table="notifications"\} 0$/m);
  assert.match(text, /^xf_process_resident_memory_bytes \d+/m);
  // Without a token configured, elsewhere is refused outright.
  const noToken = createApp({ ...env.deps, config: { ...env.deps.config, metricsToken: undefined } }, { site: new Map() });
  assert.equal((await noToken.request('/metrics', { headers: { authorization: 'Bearer anything-anything' } })).status, 403);
});

test('/api/health is alive; /api/ready needs the database, every migration, and not stopping', async () => {
  assert.equal((await env.call('GET', '/api/ready')).status, 200);
  const stopping = createApp(env.deps, { site: new Map(), stopping: () => true });
  const s = await stopping.request('/api/ready');
  assert.equal(s.status, 503);
  assert.deepEqual(await s.json(), { ok: false, database: false, migrations: false, stopping: true });
  assert.equal((await stopping.request('/api/health')).status, 200);
  const { name, url } = await createTestDatabase();
  const pool = openPool(url, 2);
  try {
    await pool.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const half = createApp({ ...env.deps, pool, db: openDatabase(pool) }, { site: new Map() });
    const r = await half.request('/api/ready');
    assert.equal(r.status, 503);
    assert.deepEqual(await r.json(), { ok: false, database: true, migrations: false, stopping: false });
  } finally {
    await pool.end();
    await dropTestDatabase(name);
  }
});

test('the sample nginx configuration: nginx accepts it, its body limits are the API\'s', async () => {
  const conf = fs.readFileSync(path.join(ROOT, 'docs/deploy/nginx.conf'), 'utf8');
  const limitAt = (location: string | null) => {
    const block = location === null ? conf.replace(/location[^{]*\{[^}]*\}/g, '') : new RegExp(`location = ${location.replace(/\//g, '\\/')} \\{([^}]*)\\}`).exec(conf)?.[1] ?? '';
    return Number(/client_max_body_size (\d+);/.exec(block)?.[1]);
  };
  assert.equal(limitAt(null), API_BODY_MAX);
  assert.equal(limitAt('/api/public/uploads'), LIMITS.uploadBytesMax + 64 * 1024);
  assert.equal(limitAt('/api/staff/ledger/uploads'), 20 * 1024 * 1024);
  assert.match(conf, /listen 443 ssl http2;/);
  assert.match(conf, /proxy_set_header X-Forwarded-For \$remote_addr;/, 'set, not appended: the API believes the first address');
  assert.match(conf, /proxy_set_header X-Forwarded-Proto \$scheme;/);
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
  if (!nginx) return; // .ci/run installs nginx-light; without it the text checks above stand alone
  const dir = tempDir('nginx');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=xinfang.test', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const site = conf.replace('/etc/ssl/xinfang/fullchain.pem', path.join(dir, 'cert.pem')).replace('/etc/ssl/xinfang/privkey.pem', path.join(dir, 'key.pem'));
    fs.writeFileSync(path.join(dir, 'xinfang.conf'), site);
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n  include ${dir}/xinfang.conf;\n}\n`,
    );
    const out = execFileSync(nginx, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    void out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The unit's Environment= and ExecStart= lines, as systemd reads them. */
function unitOf(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^Environment=(.+)$/gm)) {
    for (const pair of m[1].split(/\s+/)) {
      const i = pair.indexOf('=');
      env[pair.slice(0, i)] = pair.slice(i + 1);
    }
  }
  const exec = /^ExecStart=(.+)$/m.exec(text)![1].split(/\s+/);
  const restart = /^Restart=(.+)$/m.exec(text)?.[1];
  return { env, exec, restart, text };
}

test('the systemd unit: its command line starts the service with the unit\'s environment; SIGTERM stops it cleanly', { timeout: 360_000 }, async () => {
  const unit = unitOf(path.join(ROOT, 'docs/deploy/xinfang.service'));
  assert.equal(unit.restart, 'on-failure');
  assert.match(unit.text, /^KillMode=mixed$/m);
  assert.deepEqual(unit.exec.slice(1), ['start']);
  assert.equal(unit.env.TRUST_PROXY, '1');
  assert.equal(unit.env.HOST, '127.0.0.1');
  // The unit's settings pass the application's own validation.
  const config = loadConfig(unit.env);
  assert.equal(config.trustProxy, true);
  assert.equal(config.apiProcesses, 2);

  // WorkingDirectory: a copy of this checkout (`npm start` builds the portal into its own
  // site/dist, which the other tests running meanwhile read from this one).
  const workdir = tempDir('unit-workdir');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (f.startsWith('site/dist/') || !fs.existsSync(path.join(ROOT, f))) continue;
    fs.mkdirSync(path.dirname(path.join(workdir, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(workdir, f));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(workdir, 'node_modules'));
  // What /etc/xinfang/xinfang.env would add, and where this machine differs from a server.
  const { name, url } = await createTestDatabase();
  const dataDir = tempDir('unit');
  const port = await freePort();
  const npm = fs.existsSync(unit.exec[0]) ? unit.exec[0] : 'npm';
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...unit.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: url, ADMIN_PASSWORD: 'Unit-admin-pass-1', METRICS_TOKEN: 'unit-metrics-token-0123456789' };
  const child = spawn(npm, unit.exec.slice(1), { cwd: workdir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(async () => (await http(base, 'GET', '/api/ready').catch(() => ({ status: 0 }))).status === 200, 240_000, `the service to be ready:\n${out}`);
    assert.ok(fs.existsSync(path.join(workdir, 'site/dist/index.html')), 'npm start built the portal');
    assert.equal((await http(base, 'GET', '/')).status, 200);
    const filed = await http(base, 'POST', '/api/public/petitions', sampleFiling(), { 'x-forwarded-for': '203.0.113.9', 'x-request-id': 'nginx-req-0001' });
    assert.equal(filed.status, 201);
    assert.equal(filed.headers.get('x-request-id'), 'nginx-req-0001', 'TRUST_PROXY=1: the proxy names the request');
    // Through the proxy (a forwarded request), /metrics needs the token even on this host.
    assert.equal((await http(base, 'GET', '/metrics', undefined, { 'x-forwarded-for': '203.0.113.9' })).status, 401);
    const m = await http(base, 'GET', '/metrics', undefined, { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer unit-metrics-token-0123456789' });
    assert.equal(m.status, 200);
    // Directly from this host: open. Two API processes, summed.
    const local = await http(base, 'GET', '/metrics');
    assert.equal(local.status, 200);
    assert.match(local.body, /^xf_filings_total\{channel="online"\} 1$/m);
    // The log: JSON lines.
    const json = out.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(json.length >= 2 && json.every((l) => typeof JSON.parse(l).level === 'string'), out);
    assert.ok(json.some((l) => /Xinfang is running with 2 API processes/.test(l)));
  } finally {
    child.kill('SIGTERM'); // what systemd sends (KillMode=mixed: to the main process)
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
    if (code === 'timeout') child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(workdir, { recursive: true, force: true });
    await dropTestDatabase(name);
    assert.equal(code, 0, `exit code after SIGTERM:\n${out.slice(-2000)}`);
  }
});
