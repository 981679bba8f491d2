// /sitemap.xml: the portal's static pages, the guidance pages and every live article, with the
// date it last changed. Pages for staff, search results and guide steps are left out.
import { ARTICLE_SECTIONS } from '../contract/content.ts';
import type { LiveArticle } from '../content/articles.ts';
import { esc } from '../content/markdown.ts';
import { chinaDate } from '../domain/calendar.ts';

export const STATIC_PATHS = ['/', '/file', '/track', '/guidance', '/guidance/guide', '/guidance/reception', ...ARTICLE_SECTIONS.map((s) => `/guidance/section/${s}`)];

export function sitemapXml(origin: string, articles: LiveArticle[]): string {
  const url = (path: string, lastmod?: Date) =>
    `<url><loc>${esc(origin + path)}</loc>${lastmod ? `<lastmod>${chinaDate(lastmod)}</lastmod>` : ''}</url>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
    STATIC_PATHS.map((p) => url(p)).join('') +
    articles.map((a) => url(`/guidance/${a.slug}`, a.publishedAt)).join('') +
    '</urlset>\n'
  );
}
