// Serves the built portal and console (site/dist) from memory: directory and .html fallbacks,
// long caching for fingerprinted assets, and a per-page Content-Security-Policy that allows
// exactly the page's own inline scripts by hash (so no 'unsafe-inline' for scripts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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

export type StaticFile = { body: Buffer; type: string; csp?: string; immutable: boolean; etag: string };

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

export function loadSite(dir = SITE_DIST): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!fs.existsSync(dir)) return files;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const rel = '/' + path.relative(dir, full).split(path.sep).join('/');
        const body = fs.readFileSync(full);
        const ext = path.extname(full);
        const isHtml = ext === '.html';
        files.set(rel, {
          body,
          type: TYPES[ext] ?? 'application/octet-stream',
          csp: isHtml ? pageCsp(inlineScriptHashes(body.toString('utf8'))) : undefined,
          immutable: rel.startsWith('/_astro/'),
          etag: '"' + crypto.createHash('sha1').update(body).digest('base64url').slice(0, 16) + '"',
        });
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
