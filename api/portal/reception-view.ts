// HTML of the reception-day (领导接待日) list and page. Values are escaped; dates are shown as
// 2026年5月20日（星期三） so nobody has to work out the weekday.
import { esc } from '../content/markdown.ts';
import { crumbs } from './parts.ts';

export type ReceptionItem = { id: string; date: string; startTime: string; endTime: string; place: string; leader: string; topics: string };

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${y}年${m}月${d}日（星期${WEEKDAYS[weekday]}）`;
}

export function receptionList(items: ReceptionItem[]): string {
  return (
    '<ul class="days">' +
    items
      .map(
        (r) =>
          `<li class="card"><p class="day-date">${dayLabel(r.date)} ${esc(r.startTime)}–${esc(r.endTime)}</p><dl class="pairs">` +
          `<dt>接待领导</dt><dd>${esc(r.leader)}</dd><dt>接待地点</dt><dd>${esc(r.place)}</dd>` +
          (r.topics ? `<dt>主要接待</dt><dd>${esc(r.topics)}</dd>` : '') +
          '</dl></li>',
      )
      .join('') +
    '</ul>'
  );
}

export function receptionPage(items: ReceptionItem[]): string {
  return (
    crumbs([['法律指引', '/guidance'], ['领导接待日']]) +
    '<h1>领导接待日</h1>' +
    '<p class="lead">人大常委会领导定期接待来访群众，当面听取意见和诉求。接待日提前在这里公布。</p>' +
    (items.length ? receptionList(items) : '<p>近期暂无已公布的领导接待日安排，请留意本页更新。</p>') +
    '<section aria-labelledby="visit-tips"><h2 id="visit-tips">来访须知</h2><ul>' +
    '<li>请携带本人身份证件，按时到接待地点登记。</li>' +
    '<li>多人反映同一问题的，请推选代表，代表人数不超过 5 人。</li>' +
    '<li>请带上与反映事项有关的材料（复印件即可），以及以前向有关机关反映和对方答复的情况。</li>' +
    '<li>属于诉讼、仲裁、行政复议等法定途径解决的事项，请先了解<a href="/guidance/legal-routes">法定途径和期限</a>。</li>' +
    '<li>不方便来访的，也可以<a href="/file">网上写信</a>，同样登记办理。</li>' +
    '</ul></section>'
  );
}
