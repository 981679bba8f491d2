// Small pieces shared by the guidance pages: breadcrumbs, the search box, dates in Chinese.
import { esc } from '../content/markdown.ts';
import { chinaDate } from '../domain/calendar.ts';

export function crumbs(items: Array<[string, string?]>): string {
  const li = items.map(([label, href]) => (href ? `<li><a href="${esc(href)}">${esc(label)}</a></li>` : `<li aria-current="page">${esc(label)}</li>`));
  return `<nav aria-label="当前位置"><ol class="crumbs">${li.join('')}</ol></nav>`;
}

export function searchForm(q = ''): string {
  return (
    '<form class="search" action="/guidance/search" method="get" role="search">' +
    '<div class="field"><label for="q">搜索法律指引</label>' +
    `<input type="search" id="q" name="q" value="${esc(q)}" maxlength="50" placeholder="例如：工资、拆迁、复查" enterkeyhint="search"></div>` +
    '<button class="button" type="submit">搜索</button></form>'
  );
}

/** 2026年5月20日 (China date of an instant, or a 'YYYY-MM-DD' date). */
export function dateLabel(d: Date | string): string {
  const [y, m, day] = (typeof d === 'string' ? d : chinaDate(d)).split('-').map(Number);
  return `${y}年${m}月${day}日`;
}
