// Fault: uploads beyond the limits and connections cut in the middle of a body. Each gets a clear
// answer when there is anyone left to answer, the process keeps serving, and nothing partial
// remains: no attachment row from a refused or cut upload, no petition from a cut filing.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { LIMITS } from '../contract/enums.ts';
import { sampleFiling, testEnv, type TestEnv } from './harness.ts';
import { http, sleep } from './process-harness.ts';

let env: TestEnv;
let server: ServerType;
let base: string;
let port: number;

before(async () => {
  env = await testEnv();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as net.AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
after(async () => {
  (server as unknown as { closeAllConnections: () => void }).closeAllConnections();
  await new Promise((r) => server.close(r));
  await env.close();
});

const count = async (table: 'attachments' | 'petitions') => Number((await env.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const png = (bytes: number) => {
  const b = Buffer.alloc(bytes, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
};

function multipart(file: Buffer, name = 'photo.png') {
  const boundary = '----xf' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

/** Sends the start of a request declaring `declared` bytes, then cuts the connection. */
async function cutOff(path: string, type: string, declared: number, sent: Buffer) {
  await new Promise<void>((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: ${declared}\r\n\r\n`);
      sock.write(sent, () => setTimeout(() => sock.destroy(), 100));
    });
    sock.on('close', () => resolve());
    sock.on('error', () => resolve());
  });
  await sleep(300);
}

test('an upload over the size limit answers 413 and stores nothing', async () => {
  const before = await count('attachments');
  const { body, type } = multipart(png(LIMITS.uploadBytesMax + 1024));
  const r = await fetch(base + '/api/public/uploads', { method: 'POST', headers: { 'content-type': type }, body });
  assert.equal(r.status, 413);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'too_large');
  assert.equal(await count('attachments'), before);
});

test('an upload whose connection is cut half-way stores nothing, and the process keeps serving', async () => {
  const before = await count('attachments');
  const { body, type } = multipart(png(3 * 1024 * 1024));
  await cutOff('/api/public/uploads', type, body.length, body.subarray(0, 1024 * 1024));
  assert.equal(await count('attachments'), before);
  const ok = multipart(png(2048));
  const r = await fetch(base + '/api/public/uploads', { method: 'POST', headers: { 'content-type': ok.type }, body: ok.body });
  assert.equal(r.status, 201, 'the next upload works');
  assert.equal(await count('attachments'), before + 1);
});

test('an upload that lies about its length (chunked, endless) is cut at the limit with 413', async () => {
  const before = await count('attachments');
  const { body, type } = multipart(png(LIMITS.uploadBytesMax * 2));
  let off = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (off >= body.length) return ctrl.close();
      ctrl.enqueue(body.subarray(off, (off += 256 * 1024)));
    },
  });
  const r = await fetch(base + '/api/public/uploads', { method: 'POST', headers: { 'content-type': type }, body: stream, duplex: 'half' } as RequestInit).catch((e) => e as Error);
  if (!(r instanceof Error)) assert.equal(r.status, 413);
  assert.equal(await count('attachments'), before);
});

test('a filing whose connection is cut mid-body files nothing', async () => {
  const before = await count('petitions');
  const body = Buffer.from(JSON.stringify(sampleFiling({ content: '内容'.repeat(3000) })));
  await cutOff('/api/public/petitions', 'application/json', body.length, body.subarray(0, body.length >> 1));
  assert.equal(await count('petitions'), before);
  assert.equal((await http(base, 'POST', '/api/public/petitions', sampleFiling())).status, 201);
  assert.equal(await count('petitions'), before + 1);
});
