// Compression of the answers made at request time (API JSON, guidance pages, exports): a text
// answer of at least 1 KB goes out brotli- (fast setting) or gzip-compressed, as the client
// accepts, with Vary: Accept-Encoding. Static files come precompressed (api/http/static.ts) and
// are left alone, as is anything already encoded or marked no-transform. Small answers (a filing's
// receipt, most lookups) stay as they are: compressing them would cost more than it saves.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { COMPRESS_MIN_BYTES, COMPRESSIBLE, pickEncoding } from './static.ts';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** Larger answers are sent as they are rather than held in memory to compress (exports stream). */
const MAX_BYTES = 8 * 1024 * 1024;

export const compressResponses = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const enc = pickEncoding(c.req.header('accept-encoding'));
  const res = c.res;
  const type = res.headers.get('content-type') ?? '';
  if (!enc || c.req.method === 'HEAD' || !res.body || res.status === 204 || res.status === 304 || res.status === 206) return;
  if (res.headers.has('content-encoding') || !COMPRESSIBLE.test(type) || /no-transform/i.test(res.headers.get('cache-control') ?? '')) return;
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared < COMPRESS_MIN_BYTES || declared > MAX_BYTES) return;
  const raw = Buffer.from(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  const vary = headers.get('vary');
  if (!vary || !/accept-encoding/i.test(vary)) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  // Hono copies the old answer's headers onto a new one; it is let go first so these stand.
  c.res = undefined;
  if (raw.length < COMPRESS_MIN_BYTES || raw.length > MAX_BYTES) {
    c.res = new Response(raw, { status: res.status, headers });
    return;
  }
  const body = enc === 'br' ? await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : await gzip(raw, { level: 6 });
  headers.set('Content-Encoding', enc);
  headers.delete('content-length');
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
  c.res = new Response(new Uint8Array(body), { status: res.status, headers });
});
