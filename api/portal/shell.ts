// The frame of the guidance pages the API renders at request time, taken from the built portal
// (site/dist/index.html): the same stylesheet, display-mode script, header, navigation and
// footer, so these pages look and behave like the static ones and follow every rebuild. The
// Content-Security-Policy allows exactly the inline scripts the page carries, by hash. Without
// a built portal (API tests) a plain frame with the same landmarks stands in.
import fs from 'node:fs';
import path from 'node:path';
import { esc } from '../content/markdown.ts';
import { inlineScriptHashes, pageCsp, SITE_DIST } from '../http/static.ts';
import type { OfficeIdentity } from '../contract/schemas.ts';
import { withOffice } from './office-marks.ts';

type Shell = { head: string; header: string; footer: string; officeTitle: string };

const FALLBACK: Shell = {
  head: '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="/favicon.svg" type="image/svg+xml">',
  header:
    '<a class="skip-link" href="#main">跳到正文</a><header class="site-header"><div class="wrap header-bar"><a class="brand" href="/">网上信访</a></div>' +
    '<nav class="site-nav" aria-label="主导航"><ul class="wrap"><li><a href="/">首页</a></li><li><a href="/file">我要写信</a></li><li><a href="/track">查询进度</a></li><li><a href="/guidance">法律指引</a></li></ul></nav></header>',
  footer: '<footer class="site-footer"><div class="wrap"><p>遇到紧急情况请拨打 110。</p></div></footer>',
  officeTitle: '网上信访',
};

let cached: { shell: Shell; mtimeMs: number; checkedAt: number } | undefined;

/** Parses the built home page; re-read when the file changes (checked at most every 5 s). */
function shell(dist = SITE_DIST): Shell {
  const now = Date.now();
  if (cached && now - cached.checkedAt < 5_000) return cached.shell;
  const file = path.join(dist, 'index.html');
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    /* no build: fallback below */
  }
  if (cached && cached.mtimeMs === mtimeMs) {
    cached.checkedAt = now;
    return cached.shell;
  }
  let parsed = FALLBACK;
  if (mtimeMs >= 0) parsed = parseShell(fs.readFileSync(file, 'utf8')) ?? FALLBACK;
  cached = { shell: parsed, mtimeMs, checkedAt: now };
  return parsed;
}

export function parseShell(html: string): Shell | undefined {
  const head = /<head>([\s\S]*?)<\/head>/i.exec(html)?.[1];
  const bodyOpen = /<body[^>]*>/i.exec(html);
  const mainOpen = /<main\b[^>]*>/i.exec(html);
  const mainClose = html.lastIndexOf('</main>');
  const bodyClose = html.lastIndexOf('</body>');
  if (!head || !bodyOpen || !mainOpen || mainClose < 0 || bodyClose < 0) return undefined;
  const officeTitle = /<title>([\s\S]*?)<\/title>/i.exec(head)?.[1] ?? FALLBACK.officeTitle;
  return {
    head: head
      .replace(/<title>[\s\S]*?<\/title>/i, '')
      .replace(/<meta\s+name="description"[^>]*>/i, ''),
    // The home page marks 首页 as current; renderPage marks the page's own section.
    header: html.slice(bodyOpen.index + bodyOpen[0].length, mainOpen.index).replace(/\s*aria-current="page"/g, ''),
    footer: html.slice(mainClose + '</main>'.length, bodyClose),
    officeTitle,
  };
}

export type PageParts = {
  title: string;
  description?: string;
  /** The page's main content (already escaped / sanitised). */
  main: string;
  /** Extra CSS for these pages (inline <style> is allowed by the portal CSP). */
  style?: string;
  canonical?: string;
  noindex?: boolean;
  /** The navigation item this page belongs to (default: 法律指引). */
  current?: '/guidance' | '/file' | '/track';
  /** Extra <head> content (e.g. a page's own inline script). */
  head?: string;
};

export function renderPage(p: PageParts, office?: OfficeIdentity): { html: string; csp: string } {
  const s = shell();
  const title = `${p.title} - ${s.officeTitle}`;
  const current = p.current ?? '/guidance';
  const header = s.header.replace(`<a href="${current}"`, `<a href="${current}" aria-current="page"`);
  let html =
    '<!DOCTYPE html><html lang="zh-CN"><head>' +
    s.head +
    `<title>${esc(title)}</title>` +
    (p.description ? `<meta name="description" content="${esc(p.description)}">` : '') +
    (p.canonical ? `<link rel="canonical" href="${esc(p.canonical)}">` : '') +
    (p.noindex ? '<meta name="robots" content="noindex">' : '') +
    (p.style ? `<style>${p.style}</style>` : '') +
    (p.head ?? '') +
    '</head><body>' +
    header +
    `<main id="main" class="wrap" tabindex="-1">${p.main}</main>` +
    s.footer +
    '</body></html>';
  if (office) html = withOffice(html, office);
  return { html, csp: pageCsp(inlineScriptHashes(html)) };
}
