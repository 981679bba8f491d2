// The sanitiser against hostile input: whatever an editor (or an attacker with an editor's
// session) writes, the published HTML carries no script, handler, frame, style or unsafe link.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownText, renderMarkdown, summarize } from './markdown.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
  '<a href="javascript:alert(1)">点我</a>',
  '<a href="JaVaScRiPt:alert(1)">点我</a>',
  '<a href="jav&#x09;ascript:alert(1)">点我</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">点我</a>',
  '<a href=" javascript:alert(1)">点我</a>',
  '<a href="data:text/html,<script>alert(1)</script>">点我</a>',
  '<a href="vbscript:msgbox(1)">点我</a>',
  '[链接](javascript:alert(1))',
  '[链接](<javascript:alert(1)>)',
  '![图](javascript:alert(1))',
  '![图](data:image/png;base64,AAAA)',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<style>body{display:none}</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<p onclick="alert(1)" onmouseover=alert(1)>段落</p>',
  '<svg onload=alert(1)><circle/></svg>',
  '<math><mtext><script>alert(1)</script></mtext></math>',
  '<form action="https://evil.example"><input name=q><button>提交</button></form>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<details open ontoggle=alert(1)>x</details>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<script>alert(1)</script>-->',
  '<scr<script>ipt>alert(1)</script>',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '<a href="//evil.example/">协议相对</a>',
  '<template><script>alert(1)</script></template>',
  '<textarea><script>alert(1)</script></textarea>',
];

/** What must never appear in published HTML as markup (escaped text is fine). */
function assertInert(html: string, source: string) {
  const tags = [...html.matchAll(/<\s*([a-zA-Z][\w-]*)([^>]*)>/g)];
  const allowed = new Set(['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'del', 's', 'blockquote', 'code', 'pre', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'abbr']);
  for (const [, name, attrs] of tags) {
    assert.ok(allowed.has(name.toLowerCase()), `tag <${name}> from ${source}: ${html}`);
    assert.doesNotMatch(attrs, /\bon\w+\s*=/i, `handler in ${source}: ${html}`);
    assert.doesNotMatch(attrs, /\bstyle\s*=/i, `style in ${source}: ${html}`);
    for (const m of attrs.matchAll(/\b(href|src)\s*=\s*"([^"]*)"/gi)) {
      const url = m[2].replace(/&#x?[0-9a-f]+;?/gi, '').replace(/\s/g, '').toLowerCase();
      assert.match(url, /^(https?:|mailto:|tel:|\/(?!\/)|#|[a-z0-9._-]+(\/|$))/, `unsafe ${m[1]}="${m[2]}" from ${source}`);
    }
  }
}

test('every hostile input renders inert', () => {
  for (const src of HOSTILE) {
    const html = renderMarkdown(`正文开始\n\n${src}\n\n正文结束`);
    assertInert(html, src);
    assert.match(html, /正文开始/);
    // An unclosed <noscript> swallows what follows it: inert, and the editor sees it in preview.
    if (!src.startsWith('<noscript>')) assert.match(html, /正文结束/);
    assert.doesNotMatch(html, /<script|<iframe|<style|<svg|<form|<object|<embed|<meta|<base|<link/i, src);
  }
});

test('all hostile inputs together in one article render inert', () => {
  assertInert(renderMarkdown(HOSTILE.join('\n\n')), 'all');
});

test('code blocks keep hostile text visible but escaped', () => {
  const html = renderMarkdown('```\n<script>alert(1)</script>\n```');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('ordinary Markdown renders: headings (h1 demoted), lists, tables, safe links', () => {
  const html = renderMarkdown('# 标题\n\n## 小标题\n\n- 一\n- 二\n\n| 途径 | 期限 |\n| --- | --- |\n| 行政复议 | 60 日 |\n\n[写信](/file) [外链](https://www.npc.gov.cn/) [电话](tel:12345)');
  assert.match(html, /<h2>标题<\/h2>/);
  assert.match(html, /<ul>\s*<li>一<\/li>/);
  assert.match(html, /<th scope="col">途径<\/th>/);
  assert.match(html, /<a href="\/file">写信<\/a>/);
  assert.match(html, /<a href="https:\/\/www.npc.gov.cn\/" rel="noopener noreferrer nofollow">外链<\/a>/);
  assert.match(html, /<a href="tel:12345">电话<\/a>/);
});

test('plain text and summaries drop markup', () => {
  assert.equal(markdownText('## 标题\n\n**重要**：<script>x()</script>请在 60 日内申请。'), '标题 重要：请在 60 日内申请。');
  assert.equal(summarize('第一句话说明情况。第二句话继续说明更多的情况并且很长很长很长。', 12), '第一句话说明情况。');
  assert.equal(summarize('没有句号的一段很长的文字一直写下去', 8), '没有句号的一段很…');
});
