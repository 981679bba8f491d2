// Checks the links of every Markdown document in the repository (README.md, docs/**, any other
// *.md a person reads on GitHub): a relative link or image must name a file or folder that exists
// in the repository (and that git does not ignore, or it would not be on GitHub), an anchor
// (`#part`, same file or another Markdown file) must name a heading there by GitHub's slug rules
// or an explicit `id`/`name`, and an external link must be a well-formed http(s) or mailto URL
// (never fetched: there is no network here). Run by `npm test` (tools/docs-links.test.ts); also
// `node tools/docs-links.ts` prints the problems and exits 1 when there are any.
//
// Markdown is read with `marked` (the portal's renderer, GitHub-flavoured), so links inside code
// blocks and code spans are not links, reference-style links resolve, and tables are parsed.
// Heading anchors come from `github-slugger`, the slug function GitHub's own renderer uses
// (lowercase, punctuation stripped, spaces → '-', CJK kept, repeats numbered -1, -2 …).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { marked } from 'marked';

export type LinkProblem = { file: string; line: number; link: string; problem: string };
type Found = { href: string; line: number };

/** Folders never searched for documents: dependencies, build output, local data, and the
 *  portal's starter articles (api/content/starter: content the portal serves under /guidance,
 *  whose links are portal URLs, checked by the content tests, not repository links). */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'data', 'test-results', 'bench-results', 'backups']);
const SKIP_PATHS = new Set(['api/content/starter']);

/** Every *.md file under `root`, as paths relative to it (forward slashes), sorted. */
export function markdownFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name) || SKIP_PATHS.has(child)) continue;
        walk(child);
      } else if (entry.isFile() && entry.name.endsWith('.md')) {
        out.push(child);
      }
    }
  };
  walk('');
  return out.sort();
}

type Token = { type?: string; text?: string; href?: string; raw?: string; tokens?: Token[] } & Record<string, unknown>;

/** Calls `visit` on every token of the tree, however deep (lists, tables, blockquotes, inline). */
function walkTokens(node: unknown, visit: (t: Token) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walkTokens(child, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const token = node as Token;
  if (typeof token.type === 'string') visit(token);
  for (const value of Object.values(token)) if (value !== null && typeof value === 'object') walkTokens(value, visit);
}

/** A heading's text as GitHub reads it for the anchor: formatting and tags gone, code kept. */
function plainText(tokens: Token[] | undefined): string {
  let s = '';
  for (const t of tokens ?? []) {
    if (t.type === 'html' || t.type === 'image' || t.type === 'br') continue;
    if (t.tokens && t.type !== 'codespan') s += plainText(t.tokens);
    else s += decodeEntities(t.text ?? '');
  }
  return s;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const HTML_ID = /\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const HTML_LINK = /\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** The anchors a Markdown text offers: each heading's GitHub slug (repeats numbered), and the
 *  `id` / `name` of any HTML element in it. */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  walkTokens(marked.lexer(markdown), (t) => {
    if (t.type === 'heading') anchors.add(slugger.slug(plainText(t.tokens)));
    else if (t.type === 'html') for (const m of (t.raw ?? '').matchAll(HTML_ID)) anchors.add(m[1] ?? m[2]);
  });
  return anchors;
}

/** Every link and image target of a Markdown text (Markdown syntax, reference definitions and
 *  HTML href/src), with the line it first appears on. Code blocks and code spans hold none. */
export function linksOf(markdown: string): Found[] {
  const hrefs: string[] = [];
  walkTokens(marked.lexer(markdown), (t) => {
    if ((t.type === 'link' || t.type === 'image' || t.type === 'def') && typeof t.href === 'string') hrefs.push(t.href);
    else if (t.type === 'html') for (const m of (t.raw ?? '').matchAll(HTML_LINK)) hrefs.push(m[1] ?? m[2]);
  });
  const lineOf = (at: number) => markdown.slice(0, at).split('\n').length;
  return hrefs.map((href) => {
    // Where the target is written as a target (](x), ="x", ]: x, <x>) before any mention of it.
    const forms = [`](${href})`, `](${href} `, `="${href}"`, `='${href}'`, `]: ${href}`, `<${href}>`, href];
    const at = forms.map((f) => markdown.indexOf(f)).find((i) => i >= 0);
    return { href, line: at === undefined ? 0 : lineOf(at) };
  });
}

/** A problem with an external link, or null when it is well-formed. */
function externalProblem(href: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1].toLowerCase();
  if (scheme === 'mailto') return /^mailto:[^@\s]+@[^@\s]+$/i.test(href) ? null : 'malformed mailto link';
  if (scheme !== 'http' && scheme !== 'https') return `unexpected link scheme "${scheme}:"`;
  if (/\s/.test(href)) return 'URL contains whitespace';
  try {
    const url = new URL(href);
    if (!url.hostname) return 'URL without a host';
    if (!/^[a-z0-9.-]+$/i.test(url.hostname) && !url.hostname.startsWith('[')) return 'URL with an invalid host';
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return 'URL host is not a domain name';
  } catch {
    return 'malformed URL';
  }
  return null;
}

/** Files among `relPaths` (relative to `root`) that git ignores, so GitHub would not have them;
 *  empty when `root` is not in a git work tree. */
function ignoredByGit(root: string, relPaths: string[]): Set<string> {
  if (relPaths.length === 0) return new Set();
  const r = spawnSync('git', ['check-ignore', '--stdin'], { cwd: root, input: relPaths.join('\n') + '\n', encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) return new Set(); // 128: not a git work tree (or no git)
  return new Set(r.stdout.split('\n').filter(Boolean));
}

/** Checks every link of `files` (default: every Markdown document under `root`). */
export function checkLinks(root: string, files: string[] = markdownFiles(root)): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (rel: string) => {
    let a = anchorCache.get(rel);
    if (!a) anchorCache.set(rel, (a = anchorsOf(fs.readFileSync(path.join(root, rel), 'utf8'))));
    return a;
  };
  const targets: { rel: string; problem: LinkProblem }[] = [];

  for (const file of files) {
    for (const { href, line } of linksOf(fs.readFileSync(path.join(root, file), 'utf8'))) {
      const report = (problem: string) => problems.push({ file, line, link: href, problem });
      if (href.trim() === '') {
        report('empty link');
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
        const p = externalProblem(href.startsWith('//') ? 'https:' + href : href);
        if (p) report(p);
        continue;
      }
      const hashAt = href.indexOf('#');
      const rawPath = (hashAt < 0 ? href : href.slice(0, hashAt)).replace(/\?.*$/, '');
      let target: string;
      let anchor: string | null;
      try {
        target = decodeURIComponent(rawPath);
        anchor = hashAt < 0 ? null : decodeURIComponent(href.slice(hashAt + 1));
      } catch {
        report('malformed percent-encoding');
        continue;
      }
      let rel = file;
      if (target !== '') {
        const abs = target.startsWith('/') ? path.join(root, target) : path.resolve(root, path.dirname(file), target);
        rel = path.relative(root, abs).split(path.sep).join('/');
        if (rel.startsWith('..') || path.isAbsolute(rel)) {
          report('points outside the repository');
          continue;
        }
        if (!fs.existsSync(abs)) {
          report(`no such file: ${rel || '.'}`);
          continue;
        }
        if (rel !== '') targets.push({ rel, problem: { file, line, link: href, problem: `${rel} is ignored by git, so it is not in the repository` } });
      }
      if (anchor === null) continue;
      const abs = path.join(root, rel);
      if (fs.statSync(abs).isDirectory()) report(`anchor #${anchor} on a folder`);
      else if (rel.endsWith('.md')) {
        if (!anchorsIn(rel).has(anchor)) report(`no heading or id "#${anchor}" in ${rel}`);
      } else if (!/^L\d+(-L\d+)?$/.test(anchor)) report(`anchor #${anchor} on a file that is not Markdown (only #L12 or #L12-L20)`);
    }
  }
  const ignored = ignoredByGit(root, [...new Set(targets.map((t) => t.rel))]);
  for (const t of targets) if (ignored.has(t.rel)) problems.push(t.problem);
  return problems;
}

export function formatProblems(problems: LinkProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.link} — ${p.problem}`).join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(import.meta.dirname, '..');
  const problems = checkLinks(root);
  if (problems.length) {
    console.error(formatProblems(problems));
    process.exit(1);
  }
  console.log(`${markdownFiles(root).length} Markdown files, every link resolves.`);
}
