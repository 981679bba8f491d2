// Serves the built portal and console (site/dist) from memory: directory and .html fallbacks,
// long caching for fingerprinted assets, a per-page Content-Security-Policy that allows exactly
// the page's own inline scripts by hash (so no 'unsafe-inline' for scripts), and compression:
// every text asset has brotli and gzip variants made at build (site/astro.config.mjs; made here
// at load when missing), chosen by Accept-Encoding, with Vary. HTML pages carry the office's
// identity, filled in at serve time (api/portal/office-marks.ts) and compressed after that, once
// per version of the identity; their ETag includes that version.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../context.ts';
import { withOffice } from '../portal/office-marks.ts';
import { OFFICE_PLACEHOLDER, officeWithVersion } from '../services/office.ts';

export const SITE_DIST = path.resolve(import.meta.dirname, '../../site/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};
/** Worth compressing: text formats. Images and fonts are compressed already. */
export const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript|manifest\+json)|image\/svg\+xml)/;
export const COMPRESS_MIN_BYTES = 1024;

export type Variant = { body: Buffer; br?: Buffer; gz?: Buffer; etag: string; csp?: string };
export type StaticFile = Variant & { type: string; immutable: boolean; html: boolean; /** Holds a <div data-nojs> form to fill at serve time. */ nojs?: boolean };
/** A serve-time fill of a page (e.g. its no-JavaScript form); `key` changes when its content does. */
export type PageFill = (html: string) => Promise<{ key: string; apply: (html: string) => string } | undefined>;

export function pageCsp(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` '${h}'`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (m[1].length) hashes.push('sha256-' + crypto.createHash('sha256').update(m[1]).digest('base64'));
  }
  return hashes;
}

const etagOf = (b: Buffer | string) => '"' + crypto.createHash('sha1').update(b).digest('base64url').slice(0, 16) + '"';

export const brotli = (b: Buffer) =>
  zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } });
export const gzip = (b: Buffer) => zlib.gzipSync(b, { level: 9 });

export function loadSite(dir = SITE_DIST): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!fs.existsSync(dir)) return files;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (!/\.(br|gz)$/.test(e.name)) {
        const rel = '/' + path.relative(dir, full).split(path.sep).join('/');
        const body = fs.readFileSync(full);
        const ext = path.extname(full);
        const type = TYPES[ext] ?? 'application/octet-stream';
        const html = ext === '.html';
        const file: StaticFile = { body, type, html, immutable: rel.startsWith('/_astro/'), etag: etagOf(body) };
        // Pages are compressed per office version when first served; assets now (or from the build).
        // Every text asset, the few tiny ones too (DESIGN §7: every portal asset compressed).
        if (!html && COMPRESSIBLE.test(type)) {
          file.br = fs.existsSync(full + '.br') ? fs.readFileSync(full + '.br') : brotli(body);
          file.gz = fs.existsSync(full + '.gz') ? fs.readFileSync(full + '.gz') : gzip(body);
        }
        if (html) {
          file.csp = pageCsp(inlineScriptHashes(body.toString('utf8')));
          file.nojs = body.includes('<div data-nojs=');
        }
        files.set(rel, file);
      }
    }
  };
  walk(dir);
  return files;
}

/** `/track` → /track.html or /track/index.html; `/` → /index.html. */
export function resolveStatic(files: Map<string, StaticFile>, urlPath: string): StaticFile | undefined {
  let p: string;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (p.includes('\0') || p.split('/').includes('..')) return undefined;
  const candidates = p.endsWith('/') ? [p + 'index.html'] : [p, p + '.html', p + '/index.html'];
  for (const c of candidates) {
    const f = files.get(c);
    if (f) return f;
  }
  return undefined;
}

/** A page with the office identity in force: made once per (page, identity version). */
const pages = new WeakMap<StaticFile, { version: string; variant: Variant }>();
let lastOffice: { value: typeof OFFICE_PLACEHOLDER; version: string } = { value: OFFICE_PLACEHOLDER, version: '0' };

export async function pageVariant(deps: Pick<Deps, 'db'>, file: StaticFile, fill?: PageFill): Promise<Variant> {
  let office = lastOffice;
  try {
    office = lastOffice = await officeWithVersion(deps);
  } catch {
    // The database is away: the identity last read (or the placeholder) rather than no page.
  }
  const filled = file.nojs && fill ? await fill(file.body.toString('utf8')).catch(() => undefined) : undefined;
  const version = office.version + (filled ? '|' + filled.key : '');
  const hit = pages.get(file);
  if (hit && hit.version === version) return hit.variant;
  let html = withOffice(file.body.toString('utf8'), office.value);
  if (filled) html = filled.apply(html);
  const body = Buffer.from(html);
  const variant: Variant = { body, br: brotli(body), gz: gzip(body), etag: etagOf(file.etag + version), csp: pageCsp(inlineScriptHashes(html)) };
  pages.set(file, { version, variant });
  return variant;
}

/** br when the client takes it, else gzip, else none (q=0 refuses). */
export function pickEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  if (!accept) return undefined;
  const q = new Map<string, number>();
  for (const part of accept.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const qv = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    q.set(name.trim(), qv === undefined ? 1 : Number(qv));
  }
  const ok = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

/** Answers with one variant, compressed as the client accepts; 304 when its ETag matches. */
export function sendVariant(c: Context<AppEnv>, v: Variant, type: string, status: 200 | 404, cacheControl: string) {
  c.header('Content-Type', type);
  if (v.csp) c.header('Content-Security-Policy', v.csp);
  c.header('Cache-Control', cacheControl);
  const enc = v.br || v.gz ? pickEncoding(c.req.header('accept-encoding')) : undefined;
  const body = enc === 'br' ? v.br : enc === 'gzip' ? v.gz : undefined;
  if (v.br || v.gz) c.header('Vary', 'Accept-Encoding');
  const etag = enc ? v.etag.replace(/"$/, `-${enc === 'br' ? 'br' : 'gz'}"`) : v.etag;
  c.header('ETag', etag);
  if (status === 200 && c.req.header('if-none-match') === etag) return c.body(null, 304);
  if (body && enc) {
    c.header('Content-Encoding', enc);
    return c.body(new Uint8Array(body), status);
  }
  return c.body(new Uint8Array(v.body), status);
}
