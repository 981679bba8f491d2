// The bench's load client against a plain node:http server: it frames responses of every kind the
// application sends (Content-Length, chunked, no body, Connection: close), sends each request's own
// body and headers, counts statuses and broken connections, and always ends.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { runLoad, type LoadSpec } from './load.ts';

let server: http.Server;
let url = '';
const received: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      if (path === '/echo') {
        received.push(`${req.headers['x-n']}|${body}`);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ got: body }));
      } else if (path === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('一二三\r\n0\r\n');
        setImmediate(() => res.end('x'.repeat(70_000)));
      } else if (path === '/none') {
        res.writeHead(304).end();
      } else if (path === '/close') {
        res.writeHead(200, { connection: 'close', 'content-length': '2' }).end('ok');
      } else if (path === '/missing') {
        res.writeHead(404, { 'content-length': '0' }).end();
      } else if (path === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setImmediate(() => res.destroy());
      } else {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength('好')) }).end('好');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((r) => server.close(() => r())));

const spec = (over: Partial<LoadSpec>): LoadSpec => ({ title: 't', url, connections: 3, seconds: 1, warmupSeconds: 0, method: 'GET', path: () => '/', ...over });

test('Content-Length, chunked and bodiless answers are each counted once, with a time', async () => {
  for (const [path, status] of [['/', 200], ['/chunked', 200], ['/none', 304]] as const) {
    const r = await runLoad(spec({ path: () => path, ok: [status] }));
    assert.ok(r.requests > 20, `${path}: ${r.requests} answers`);
    assert.deepEqual(Object.keys(r.statuses), [String(status)], path);
    assert.equal(r.statuses[status], r.requests, path);
    assert.equal(r.failures, 0, path);
    assert.equal(r.errors, 0, path);
    assert.ok(r.p50 > 0 && r.p99 >= r.p50 && r.max >= r.p99, `${path}: ${r.p50} ${r.p99} ${r.max}`);
  }
});

test('each request carries its own body and headers, byte for byte', async () => {
  received.length = 0;
  let n = 0;
  const r = await runLoad(
    spec({ method: 'POST', path: () => '/echo', body: () => JSON.stringify({ n, 内容: '拖欠工资\n"引号"'.repeat(n % 7) }), perRequest: () => ({ 'x-n': String(n++) }) }),
  );
  assert.ok(r.requests > 20);
  assert.equal(r.statuses['201'], r.requests);
  assert.ok(received.length >= r.requests);
  for (const line of received) {
    const [head, body] = [line.slice(0, line.indexOf('|')), line.slice(line.indexOf('|') + 1)];
    const parsed = JSON.parse(body) as { n: number; 内容: string };
    assert.equal(parsed.n, Number(head), 'the body sent with its own header');
    assert.equal(parsed.内容, '拖欠工资\n"引号"'.repeat(parsed.n % 7));
  }
});

test('unexpected statuses are failures; closed and broken connections are replaced and the run ends', async () => {
  const missing = await runLoad(spec({ path: () => '/missing' }));
  assert.ok(missing.requests > 20);
  assert.equal(missing.failures, missing.requests, 'every 404 is a failure');

  const closing = await runLoad(spec({ path: () => '/close' }));
  assert.ok(closing.requests > 20, `${closing.requests} answers over fresh connections`);
  assert.equal(closing.errors, 0);
  assert.equal(closing.statuses['200'], closing.requests);

  const cut = await runLoad(spec({ path: () => '/cut' }));
  assert.equal(cut.requests, 0, 'a cut answer is not an answer');
  assert.ok(cut.errors > 3, `${cut.errors} broken connections counted`);
});
