// HTML of the guidance pages (index, section, article, search, not found). Every value from the
// database is escaped here, and article bodies come only from the sanitising Markdown renderer,
// so these functions cannot emit markup an editor typed. Readable with JavaScript off.
import { ARTICLE_SECTIONS, SECTION_LABELS, SECTION_LEADS, type ArticleSection } from '../contract/content.ts';
import type { LiveArticle } from '../content/articles.ts';
import { esc, markdownText, renderMarkdown, summarize } from '../content/markdown.ts';
import { crumbs, dateLabel, searchForm } from './parts.ts';
import { receptionList, type ReceptionItem } from './reception-view.ts';

export const sectionUrl = (s: ArticleSection) => `/guidance/section/${s}`;

const cache = new Map<string, string>();
/** Derived text of one revision; a revision never changes, so it is cached by id and number. */
function memo(key: string, make: () => string): string {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
    cache.set(key, v);
  }
  return v;
}

/** Sanitised HTML of a live revision. */
export const articleHtml = (a: Pick<LiveArticle, 'id' | 'revision' | 'body'>) => memo(`h:${a.id}:${a.revision}`, () => renderMarkdown(a.body));
export const articleSummary = (a: Pick<LiveArticle, 'id' | 'revision' | 'body'>, max = 120) => memo(`s${max}:${a.id}:${a.revision}`, () => summarize(a.body, max));

function articleItem(a: LiveArticle, marks: string[] = []): string {
  const plain = marks.length ? memo(`t:${a.id}:${a.revision}`, () => markdownText(a.body)) : '';
  // The snippet is taken around the first search word the text has (the query, else a synonym).
  const mark = marks.find((m) => plain.toLowerCase().includes(m.toLowerCase())) ?? marks[0] ?? '';
  const text = mark ? esc(snippet(plain, mark)) : esc(articleSummary(a, 60));
  const pattern = marks.length ? new RegExp(marks.map((m) => escapeRegExp(esc(m))).sort((x, y) => y.length - x.length).join('|'), 'gi') : undefined;
  const highlighted = pattern ? text.replace(pattern, (m) => `<mark>${m}</mark>`) : text;
  const title = pattern ? esc(a.title).replace(pattern, (m) => `<mark>${m}</mark>`) : esc(a.title);
  return `<li><a href="/guidance/${esc(a.slug)}">${title}</a><p>${highlighted}</p></li>`;
}

/** About 80 characters of `text` around the first occurrence of `q`. */
export function snippet(text: string, q: string): string {
  const at = text.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0) return text.length > 80 ? text.slice(0, 80) + '…' : text;
  const from = Math.max(0, at - 30);
  const to = Math.min(text.length, at + q.length + 50);
  return (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
}

const guideCard =
  '<div class="card"><h2>不知道该向哪里反映？</h2><p>回答几个简单的问题，告诉您应当找哪个机关、走什么途径，以及必须注意的期限。</p>' +
  '<p><a class="button" href="/guidance/guide">开始问答</a></p></div>';

export function indexPage(bySection: Map<ArticleSection, LiveArticle[]>, reception: ReceptionItem[]): string {
  const sections = ARTICLE_SECTIONS.filter((s) => bySection.get(s)?.length).map((s) => {
    const items = bySection.get(s)!;
    const more = items.length > 5 ? `<p class="more"><a href="${sectionUrl(s)}">查看“${SECTION_LABELS[s]}”全部 ${items.length} 篇</a></p>` : '';
    return (
      `<section aria-labelledby="s-${s}"><h2 id="s-${s}"><a href="${sectionUrl(s)}">${SECTION_LABELS[s]}</a></h2>` +
      `<p>${esc(SECTION_LEADS[s])}</p><ul class="list">${items.slice(0, 5).map((a) => articleItem(a)).join('')}</ul>${more}</section>`
    );
  });
  const days = reception.length
    ? `<section aria-labelledby="s-reception"><h2 id="s-reception"><a href="/guidance/reception">领导接待日</a></h2>${receptionList(reception.slice(0, 2))}` +
      (reception.length > 2 ? `<p class="more"><a href="/guidance/reception">查看全部 ${reception.length} 个接待日</a></p>` : '') +
      '</section>'
    : '';
  return (
    '<h1>法律指引</h1><p class="lead">了解我们受理哪些事项、各类问题的法定解决途径和期限，少走弯路。</p>' +
    searchForm() +
    guideCard +
    sections.join('') +
    days
  );
}

export function sectionPage(section: ArticleSection, items: LiveArticle[]): string {
  return (
    crumbs([['法律指引', '/guidance'], [SECTION_LABELS[section]]]) +
    `<h1>${SECTION_LABELS[section]}</h1><p class="lead">${esc(SECTION_LEADS[section])}</p>` +
    (items.length ? `<ul class="list">${items.map((a) => articleItem(a)).join('')}</ul>` : '<p>本栏目暂时没有文章。</p>') +
    `<p><a href="/guidance">返回法律指引</a></p>`
  );
}

export function articlePage(a: LiveArticle): string {
  const updated = a.publishedAt.getTime() - a.firstPublishedAt.getTime() > 60_000 ? `，更新于 ${dateLabel(a.publishedAt)}` : '';
  return (
    crumbs([['法律指引', '/guidance'], [SECTION_LABELS[a.section], sectionUrl(a.section)], [a.title]]) +
    `<article><h1>${esc(a.title)}</h1><p class="meta">发布于 ${dateLabel(a.firstPublishedAt)}${updated}</p>` +
    `<div class="prose">${articleHtml(a)}</div></article>` +
    '<aside class="note no-print" aria-label="下一步"><p><strong>还有疑问？</strong></p><ul>' +
    '<li><a href="/guidance/guide">回答几个问题，看看您的事项该向哪里反映</a></li>' +
    '<li><a href="/file">向我们写信</a></li>' +
    `<li><a href="${sectionUrl(a.section)}">“${SECTION_LABELS[a.section]}”栏目的其他文章</a></li></ul></aside>`
  );
}

export function searchPage(q: string, results: LiveArticle[] | undefined, terms: string[] = [q]): string {
  let body: string;
  if (results === undefined) body = '<p>请输入要查找的词语，例如“工资”“拆迁”“复查”。</p>';
  else if (!results.length)
    body = `<p role="status">没有找到包含“${esc(q)}”的文章。可以换一个词，或者<a href="/guidance/guide">回答几个问题</a>找到解决途径。</p>`;
  else {
    const also = terms.filter((t) => t !== q);
    body =
      `<p role="status">找到 ${results.length} 篇与“${esc(q)}”有关的文章${also.length ? `（也查找了意思相近的“${also.map(esc).join('”“')}”）` : ''}：</p>` +
      `<ul class="list">${results.map((a) => articleItem(a, terms)).join('')}</ul>`;
  }
  return crumbs([['法律指引', '/guidance'], ['搜索']]) + '<h1>搜索法律指引</h1>' + searchForm(q) + body;
}

export function notFoundPage(): string {
  return (
    '<h1>页面没有找到</h1><p class="lead">您要打开的文章不存在，可能已经调整或者撤下。</p>' +
    searchForm() +
    '<ul><li><a href="/guidance">法律指引首页</a></li><li><a href="/guidance/guide">回答几个问题，找到解决途径</a></li><li><a href="/">回到首页</a></li></ul>'
  );
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
