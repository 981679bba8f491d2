// The portal's guidance pages, rendered as plain HTML at request time from the database, so a
// publish is visible on every process at the next request (HTTP caches may hold a page for 5 s;
// no rebuild): index, sections, articles, search, the guide, reception days, plus
// /sitemap.xml and /robots.txt. Every page works without JavaScript.
import { Hono, type Context } from 'hono';
import { ARTICLE_SECTIONS, SECTION_LABELS, type ArticleSection } from '../contract/content.ts';
import type { AppEnv } from '../context.ts';
import { liveArticleBySlug, liveArticles, searchLive } from '../content/articles.ts';
import { loadGuide } from '../content/guide.ts';
import { expandQuery, synonymGroups } from '../content/synonyms.ts';
import { upcomingReceptionDays } from '../content/reception.ts';
import { GUIDANCE_CSS } from '../portal/guidance-style.ts';
import { guidePage } from '../portal/guide-view.ts';
import { receptionPage } from '../portal/reception-view.ts';
import { renderPage, type PageParts } from '../portal/shell.ts';
import { OFFICE_PLACEHOLDER, officeIdentity } from '../services/office.ts';
import { sitemapXml } from '../portal/sitemap.ts';
import { articlePage, articleSummary, indexPage, notFoundPage, searchPage, sectionPage } from '../portal/views.ts';

export const guidancePages = new Hono<AppEnv>();

const MAX_AGE = 5;

async function send(c: Context<AppEnv>, parts: Omit<PageParts, 'style'>, status: 200 | 404 = 200) {
  const office = await officeIdentity(c.get('deps')).catch(() => OFFICE_PLACEHOLDER);
  const { html, csp } = renderPage({ ...parts, style: GUIDANCE_CSS }, office);
  c.header('Content-Security-Policy', csp);
  c.header('Cache-Control', status === 200 ? `public, max-age=${MAX_AGE}` : 'no-cache');
  return c.html(html, status);
}

const notFound = (c: Context<AppEnv>) => send(c, { title: '页面没有找到', main: notFoundPage(), noindex: true }, 404);

guidancePages.get('/guidance/', (c) => c.redirect('/guidance', 301));

guidancePages.get('/guidance', async (c) => {
  const deps = c.get('deps');
  const now = deps.now();
  const [all, days] = await Promise.all([liveArticles(deps.db, now), upcomingReceptionDays(deps.db, now)]);
  const bySection = new Map<ArticleSection, typeof all>();
  for (const a of all) bySection.set(a.section, [...(bySection.get(a.section) ?? []), a]);
  return send(c, { title: '法律指引', description: '人大常委会受理哪些事项，各类问题的法定解决途径和期限，领导接待日安排。', main: indexPage(bySection, days) });
});

guidancePages.get('/guidance/section/:section', async (c) => {
  const section = c.req.param('section') as ArticleSection;
  if (!ARTICLE_SECTIONS.includes(section)) return notFound(c);
  const deps = c.get('deps');
  const items = await liveArticles(deps.db, deps.now(), section);
  return send(c, { title: `${SECTION_LABELS[section]} - 法律指引`, main: sectionPage(section, items) });
});

guidancePages.get('/guidance/search', async (c) => {
  const q = (c.req.query('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
  const deps = c.get('deps');
  const terms = q ? expandQuery(q, await synonymGroups(deps.db)) : [];
  const results = q ? await searchLive(deps.db, deps.now(), q, terms) : undefined;
  return send(c, { title: q ? `搜索“${q}” - 法律指引` : '搜索 - 法律指引', main: searchPage(q, results, terms), noindex: true });
});

guidancePages.get('/guidance/guide', async (c) => {
  const doc = await loadGuide(c.get('deps').db);
  const v = guidePage(doc, c.req.query('step'), c.req.query('trail'));
  return send(c, { title: v.title, description: '回答几个问题，了解您的事项应当向哪里反映、走什么途径。', main: v.main, noindex: c.req.query('step') !== undefined }, v.status);
});

guidancePages.get('/guidance/reception', async (c) => {
  const deps = c.get('deps');
  const items = await upcomingReceptionDays(deps.db, deps.now());
  return send(c, { title: '领导接待日', description: '人大常委会领导接待日的时间、地点和接待领导。', main: receptionPage(items) });
});

guidancePages.get('/guidance/:slug', async (c) => {
  const slug = c.req.param('slug');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return notFound(c);
  const deps = c.get('deps');
  const a = await liveArticleBySlug(deps.db, deps.now(), slug);
  if (!a) return notFound(c);
  return send(c, { title: a.title, description: articleSummary(a), main: articlePage(a), canonical: `/guidance/${a.slug}` });
});

/** The site's public origin as the client reached it (behind a trusted proxy, its headers). */
function origin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  if (c.get('deps').config.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    return `${proto || url.protocol.replace(':', '')}://${host || url.host}`;
  }
  return url.origin;
}

guidancePages.get('/sitemap.xml', async (c) => {
  const deps = c.get('deps');
  const articles = await liveArticles(deps.db, deps.now());
  c.header('Cache-Control', 'public, max-age=60');
  c.header('Content-Type', 'application/xml; charset=utf-8');
  return c.body(sitemapXml(origin(c), articles));
});

guidancePages.get('/robots.txt', (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  // The console and the API are not for search engines; the portal and guidance are.
  return c.text(`User-agent: *\nDisallow: /console\nDisallow: /api/\nDisallow: /guidance/search\n\nSitemap: ${origin(c)}/sitemap.xml\n`);
});
