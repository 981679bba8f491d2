// Writes the draft text of a monthly bulletin from its figures, in the plain Chinese of an
// office's 信访通报 ("从内容分类看，农村农业类问题最多，占 34.4%…"). Pure: the same figures give the
// same words, so the draft is reproducible and testable; staff edit it before publishing.
import type { BulletinFigures } from '../contract/analysis.ts';

export type Section = { key: string; heading: string; text: string };

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}

/** "环比上升 25.0%（上月 8 件）", "同比持平", "同比无可比数据（去年同月 0 件）" … */
export function compare(cur: number, prev: number, what: '环比' | '同比', prevLabel: string): string {
  if (prev === 0) return cur === 0 ? `${what}持平` : `${what}无可比数据（${prevLabel} 0 件）`;
  if (cur === prev) return `${what}持平（${prevLabel} ${prev} 件）`;
  const rounded = (Math.floor((2 * Math.abs(cur - prev) * 1000 + prev) / (2 * prev)) / 10).toFixed(1);
  return `${what}${cur > prev ? '上升' : '下降'} ${rounded}%（${prevLabel} ${prev} 件）`;
}

const channelLine = (f: BulletinFigures) => {
  const c = f.current.byChannel;
  const parts = [
    c.letter?.count ? `来信 ${c.letter.count} 件` : '',
    c.visit?.count ? `来访 ${f.visits.batches} 批 ${f.visits.persons} 人次` : '',
    c.online?.count ? `网上信访 ${c.online.count} 件` : '',
    c.phone?.count ? `来电 ${c.phone.count} 件` : '',
  ].filter(Boolean);
  return parts.length ? `其中，${parts.join('，')}。` : '';
};

/** Strips the 类 a category name may already end with, then adds one. */
const kind = (name: string) => `${name.replace(/类$/, '')}类`;

export function writeSections(f: BulletinFigures, purposeLabels: Record<string, string>): Section[] {
  const cur = f.current;
  const m = monthLabel(f.month);
  const sections: Section[] = [];
  const add = (key: string, title: string, text: string) => sections.push({ key, heading: `${CN_NUM[sections.length]}、${title}`, text });

  add(
    'overview',
    '总体情况',
    cur.total === 0
      ? `${m}，未收到群众信访事项。`
      : `${m}，共收到群众信访事项 ${cur.total} 件、涉及 ${cur.persons} 人次，${compare(cur.total, f.previous.total, '环比', '上月')}，` +
          `${compare(cur.total, f.lastYear.total, '同比', '去年同月')}。${channelLine(f)}`,
  );

  const tops = f.hot.topCategories;
  if (tops.length) {
    const [first, ...rest] = tops;
    let text = `从内容分类看，${kind(first.name)}问题最多，${first.count} 件，占 ${pct(first.share)}`;
    if (rest.length) text += `；其次是${rest.slice(0, 2).map((r) => `${kind(r.name)}（${r.count} 件，占 ${pct(r.share)}）`).join('、')}`;
    text += '。';
    const issue = f.hot.topIssues[0];
    if (issue) text += `具体问题中，反映“${issue.name}”的最多，${issue.count} 件。`;
    add('categories', '反映的主要问题', text);
  }

  const purposes = Object.entries(cur.byPurpose).filter(([, e]) => e.count > 0).sort((a, b) => b[1].count - a[1].count);
  if (purposes.length) {
    add('purposes', '信访目的', `从信访目的看，${purposes.map(([k, e]) => `${purposeLabels[k] ?? k}类 ${e.count} 件，占 ${pct(e.share)}`).join('；')}。`);
  }

  add(
    'features',
    '主要特点',
    [
      cur.collective.count ? `集体信访 ${cur.collective.count} 批 ${cur.collective.persons} 人次，占 ${pct(cur.collective.share)}` : '未发生集体信访',
      cur.repeat.count ? `重复信访 ${cur.repeat.count} 件，占 ${pct(cur.repeat.share)}` : '无重复信访',
      cur.outOfScope.count ? `不属于本机关受理范围的 ${cur.outOfScope.count} 件，占 ${pct(cur.outOfScope.share)}，已转送有权处理机关或引导通过法定途径解决` : '',
    ]
      .filter(Boolean)
      .join('；') + '。',
  );

  const rates = [
    cur.acceptOnTimeRate !== null ? `及时受理率 ${pct(cur.acceptOnTimeRate)}` : '',
    cur.onTimeRate !== null ? `按期办结率 ${pct(cur.onTimeRate)}${f.previous.onTimeRate !== null ? `（上月 ${pct(f.previous.onTimeRate)}）` : ''}` : '',
    cur.ratingRate !== null ? `答复后参评率 ${pct(cur.ratingRate)}` : '',
    cur.satisfactionRate !== null ? `满意率 ${pct(cur.satisfactionRate)}${f.previous.satisfactionRate !== null ? `（上月 ${pct(f.previous.satisfactionRate)}）` : ''}` : '',
  ].filter(Boolean);
  add(
    'handling',
    '办理情况',
    (rates.length ? `${rates.join('，')}。` : '本月尚无作出受理决定或办结的信访件，暂无时效和满意度数据。') +
      (cur.overdue.count ? `本月收到的信访事项中，目前仍有 ${cur.overdue.count} 件超过法定期限，需督促办理。` : '本月收到的信访事项目前没有超期。'),
  );

  const hot: string[] = [];
  if (f.hot.rising.length) {
    hot.push(`增长较快的问题：${f.hot.rising.map((r) => `“${r.name}”${r.count} 件（上月 ${r.previous} 件，增加 ${r.increase} 件）`).join('、')}`);
  }
  if (f.hot.places.length) hot.push(`从问题发生地看，${f.hot.places.slice(0, 3).map((p) => `${p.place}（${p.count} 件）`).join('、')}较为集中`);
  add('hot', '热点问题', hot.length ? hot.join('。') + '。' : '本月未发现明显增长的热点问题。');

  // Real agencies by name; the office's own cases (self-handled or not yet routed) in one sentence.
  const agencies = f.agencies.filter((a) => a.key !== 'self' && a.key !== 'unrouted');
  const own = f.agencies.filter((a) => a.key === 'self' || a.key === 'unrouted').reduce((n, a) => n + a.overdue, 0);
  add(
    'agencies',
    '承办单位办理情况',
    (agencies.length
      ? agencies.map((a) => `${a.name}：超期 ${a.overdue} 件，发还补办 ${a.returned} 件`).join('；') + '。请上述单位加强办理，按期报送办理结果。'
      : '本月没有承办单位超期办理或被发还补办。') + (own ? `本机关自办或尚未交转办的信访件中，有 ${own} 件未在期限内办理。` : ''),
  );

  add('notable', '典型案例', '（请在下方“典型案例”中选择本月需要通报的信访件，并简要说明。）');
  add(
    'suggestions',
    '工作建议',
    tops.length
      ? `建议有关专门委员会结合监督工作计划，关注${kind(tops[0].name)}问题反映集中的情况，督促有关部门从源头上解决群众的合理诉求。`
      : '（请填写工作建议。）',
  );
  return sections;
}
