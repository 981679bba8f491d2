// Portal page weights for `npm run bench` (DESIGN §7): fetches each page from the running server
// as a browser would and follows what it loads: stylesheets, scripts, island components and
// their renderers, and every module those import (static and dynamic), images and fonts. JS is
// counted gzipped (inline scripts included), total = gzipped text + binary assets as they are.
import zlib from 'node:zlib';

export type PageWeight = { page: string; path: string; status: number; jsGzip: number; inlineJs: number; jsFiles: number; totalGzip: number; requests: number };

const gz = (b: Buffer | string) => zlib.gzipSync(b, { level: 6 }).length;

async function get(url: string): Promise<{ status: number; body: Buffer; type: string }> {
  const res = await fetch(url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') ?? '' };
}

const attrs = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => m[1]);

function jsImports(code: string): string[] {
  const out = attrs(code, /(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["']([^"']+\.m?js)["']/g);
  return out.concat(attrs(code, /import\(\s*["']([^"']+\.m?js)["']\s*\)/g));
}

export async function pageWeight(base: string, page: string, path: string): Promise<PageWeight> {
  const first = await get(base + path);
  const html = first.body.toString('utf8');
  const inline = attrs(html, /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi).join('\n');
  const seen = new Set<string>();
  const js: string[] = [
    ...attrs(html, /<script[^>]*\bsrc="([^"]+)"/gi),
    ...attrs(html, /<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/gi),
    ...attrs(html, /component-url="([^"]+)"/gi),
    ...attrs(html, /renderer-url="([^"]+)"/gi),
  ].map((u) => new URL(u, base + path).href);
  const css = attrs(html, /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/gi).map((u) => new URL(u, base + path).href);
  const assets = attrs(html, /<(?:img|source)[^>]*\bsrc="([^"]+)"/gi).map((u) => new URL(u, base + path).href);

  let jsGzip = inline ? gz(inline) : 0;
  let totalGzip = gz(first.body);
  let requests = 1;
  let jsFiles = 0;
  while (js.length) {
    const url = js.shift()!;
    if (seen.has(url) || !url.startsWith(base)) continue;
    seen.add(url);
    const r = await get(url);
    if (r.status !== 200) continue;
    requests++;
    jsFiles++;
    const size = gz(r.body);
    jsGzip += size;
    totalGzip += size;
    for (const dep of jsImports(r.body.toString('utf8'))) js.push(new URL(dep, url).href);
  }
  for (const url of css) {
    if (seen.has(url)) continue;
    seen.add(url);
    const r = await get(url);
    if (r.status !== 200) continue;
    requests++;
    totalGzip += gz(r.body);
    for (const u of attrs(r.body.toString('utf8'), /url\(["']?([^"')]+\.(?:woff2?|png|svg|jpg|webp))["']?\)/gi)) assets.push(new URL(u, url).href);
  }
  for (const url of assets) {
    if (seen.has(url) || !url.startsWith(base)) continue;
    seen.add(url);
    const r = await get(url);
    if (r.status !== 200) continue;
    requests++;
    totalGzip += /svg|text/.test(r.type) ? gz(r.body) : r.body.length;
  }
  return { page, path, status: first.status, jsGzip, inlineJs: Buffer.byteLength(inline), jsFiles, totalGzip, requests };
}

/** Home, the filing form, tracking, the guidance index and one guidance article. */
export async function portalWeights(base: string): Promise<PageWeight[]> {
  const pages: Array<[string, string]> = [
    ['home', '/'],
    ['file (filing form)', '/file'],
    ['track', '/track'],
    ['guidance index', '/guidance'],
  ];
  const index = await get(base + '/guidance').catch(() => undefined);
  const article = index ? attrs(index.body.toString('utf8'), /href="(\/guidance\/[^"#?]+)"/g)[0] : undefined;
  if (article) pages.push(['guidance article', article]);
  const out: PageWeight[] = [];
  for (const [page, path] of pages) out.push(await pageWeight(base, page, path));
  return out;
}
