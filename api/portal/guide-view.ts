// HTML of the "where does my matter go?" guide. Each answer is a plain link to the next step,
// so the guide works with JavaScript off and with any screen reader. The trail of answers given
// so far travels in the URL (?trail=start:1,court:0), which lets the page list them and offer
// "上一步" without a session. Editor text is rendered by the sanitising Markdown renderer.
import { GUIDE_OUTCOME_LABELS, GUIDE_START, type GuideDocument, type GuideNode } from '../contract/content.ts';
import { esc, renderMarkdown } from '../content/markdown.ts';
import { crumbs } from './parts.ts';

type Step = { key: string; ord: number };

export function parseTrail(raw: string | undefined): Step[] {
  if (!raw) return [];
  return raw
    .split(',')
    .slice(0, 30)
    .map((s) => /^([a-z0-9_]{1,40}):(\d{1,2})$/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[1], ord: Number(m[2]) }));
}

const trailParam = (t: Step[]) => t.map((s) => `${s.key}:${s.ord}`).join(',');
export const stepUrl = (key: string, trail: Step[]) =>
  key === GUIDE_START && !trail.length ? '/guidance/guide' : `/guidance/guide?step=${encodeURIComponent(key)}${trail.length ? '&trail=' + encodeURIComponent(trailParam(trail)) : ''}`;

export type GuideView = { title: string; main: string; status: 200 | 404 };

export function guidePage(doc: GuideDocument, stepKey: string | undefined, rawTrail: string | undefined): GuideView {
  const nodes = new Map(doc.nodes.map((n) => [n.key, n]));
  const key = stepKey ?? GUIDE_START;
  const node = nodes.get(key);
  const head = crumbs([['法律指引', '/guidance'], ['去哪里反映？']]) + '<h1>去哪里反映？</h1>';
  if (!node) {
    return {
      title: '去哪里反映？',
      status: 404,
      main: head + '<p>这个问题已经调整，请<a href="/guidance/guide">从头开始</a>。</p>',
    };
  }
  // Only steps that really lead here count; a hand-edited trail cannot inject other text.
  const trail = parseTrail(rawTrail).filter((s) => nodes.get(s.key)?.answers[s.ord]);
  const given = trail.length
    ? '<section class="note" aria-labelledby="given"><h2 id="given" class="visually-hidden">您已经回答的问题</h2><ol>' +
      trail.map((s) => `<li>${esc(nodes.get(s.key)!.title)}<br><strong>${esc(nodes.get(s.key)!.answers[s.ord].label)}</strong></li>`).join('') +
      '</ol></section>'
    : '';
  const back = trail.length ? `<a href="${esc(stepUrl(trail[trail.length - 1].key, trail.slice(0, -1)))}">上一步</a> · ` : '';
  const nav = `<p class="no-print">${back}<a href="/guidance/guide">重新开始</a></p>`;

  if (node.kind === 'question') {
    const intro =
      key === GUIDE_START && !trail.length
        ? '<p class="lead">回答几个简单的问题，看看您的事项应当向哪个机关反映、走什么途径，以及必须注意的期限。只需点选，不需要填写个人信息。</p>'
        : '';
    return { title: `${node.title} - 去哪里反映？`, status: 200, main: head + intro + given + question(node, trail) + (trail.length ? nav : '') };
  }
  return { title: `${node.title} - 去哪里反映？`, status: 200, main: head + given + outcome(node) + nav };
}

function question(n: GuideNode, trail: Step[]): string {
  const answers = n.answers
    .map((a, ord) => {
      const href = stepUrl(a.next, [...trail, { key: n.key, ord }]);
      return `<li><a href="${esc(href)}">${esc(a.label)}${a.hint ? `<span class="hint">${esc(a.hint)}</span>` : ''}</a></li>`;
    })
    .join('');
  return (
    `<section aria-labelledby="q-title"><h2 id="q-title">第 ${trail.length + 1} 问：${esc(n.title)}</h2>` +
    (n.body ? renderMarkdown(n.body) : '') +
    `<ul class="answers" aria-labelledby="q-title">${answers}</ul></section>`
  );
}

function outcome(n: GuideNode): string {
  const kind = n.outcome ?? 'info';
  return (
    `<section class="outcome" aria-labelledby="o-title" data-outcome="${esc(kind)}">` +
    `<p class="outcome-kind">${esc(GUIDE_OUTCOME_LABELS[kind])}</p>` +
    `<h2 id="o-title">${esc(n.title)}</h2>` +
    (n.body ? renderMarkdown(n.body) : '') +
    (n.timeLimit ? `<div class="limit"><strong>必须注意的期限</strong>${esc(n.timeLimit)}</div>` : '') +
    (n.linkUrl ? `<p><a class="button" href="${esc(n.linkUrl)}">${esc(n.linkLabel || '查看详情')}</a></p>` : '') +
    '</section>'
  );
}
