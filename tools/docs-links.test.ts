// Every link in the repository's Markdown documents resolves (tools/docs-links.ts): relative links
// and images name files that exist, anchors name headings by GitHub's slug rules, external links
// are well-formed. The checker itself is tested first against documents written to a temporary
// folder, so a broken link is known to fail the suite.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { anchorsOf, checkLinks, formatProblems, linksOf, markdownFiles } from './docs-links.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xf-docs-links-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
  fs.writeFileSync(path.join(tmp, rel), text);
}

test('a broken relative link, image, anchor or URL is reported with its file and line', () => {
  write('guide/target.md', '# Target\n\n## 受理 和 答复\n\n## Steps\n\n## Steps\n');
  write('guide/picture.png', 'not really a png');
  write(
    'README.md',
    [
      '# Start', // line 1
      '',
      '[missing file](guide/nowhere.md)', // 3
      '![missing picture](guide/images/none.png)', // 4
      '[missing anchor](guide/target.md#no-such-heading)', // 5
      '[missing local anchor](#nothing-here)', // 6
      '[outside](../../etc/passwd)', // 7
      '[bad url](https://exa mple.org/)', // 8
      '[odd scheme](javascript:alert(1))', // 9
      '<img src="guide/gone.png" alt="">', // 10
      '[anchor on a folder](guide/#target)', // 11
      '',
    ].join('\n'),
  );
  const problems = checkLinks(tmp, ['README.md']);
  const byLink = new Map(problems.map((p) => [p.link, p]));
  assert.match(byLink.get('guide/nowhere.md')?.problem ?? '', /no such file: guide\/nowhere\.md/);
  assert.equal(byLink.get('guide/nowhere.md')?.line, 3);
  assert.match(byLink.get('guide/images/none.png')?.problem ?? '', /no such file/);
  assert.match(byLink.get('guide/target.md#no-such-heading')?.problem ?? '', /no heading or id "#no-such-heading" in guide\/target\.md/);
  assert.equal(byLink.get('guide/target.md#no-such-heading')?.line, 5);
  assert.match(byLink.get('#nothing-here')?.problem ?? '', /no heading or id "#nothing-here" in README\.md/);
  assert.match(byLink.get('../../etc/passwd')?.problem ?? '', /outside the repository/);
  assert.ok(byLink.has('javascript:alert(1)'), 'an unexpected scheme is reported');
  assert.match(byLink.get('guide/gone.png')?.problem ?? '', /no such file/, 'HTML images are checked too');
  assert.match(byLink.get('guide/#target')?.problem ?? '', /anchor #target on a folder/);
  // "[bad url](https://exa mple.org/)" is not a Markdown link at all (a space ends the target), so
  // it renders as text: nothing to check. A well-formed-looking but broken URL is checked below.
  assert.equal(problems.length, 9, formatProblems(problems));
});

test('good links pass: files, folders, images, same-file and cross-file anchors (Chinese, repeats), URLs', () => {
  write('docs/a.md', '# 信访 工作手册\n\n## Run and test (a fresh machine)\n\n## `npm test` & CI\n\n## Steps\n\n## Steps\n\n<a id="custom-spot"></a>\n');
  write('docs/images/shot.png', 'png');
  write(
    'docs/b.md',
    [
      '# B',
      '',
      '[same file](#b) [chinese](a.md#信访-工作手册) [encoded](a.md#%E4%BF%A1%E8%AE%BF-%E5%B7%A5%E4%BD%9C%E6%89%8B%E5%86%8C)',
      '[punctuation](a.md#run-and-test-a-fresh-machine) [code](a.md#npm-test--ci)',
      '[first](a.md#steps) [repeat](a.md#steps-1) [html id](a.md#custom-spot)',
      '![picture](images/shot.png) [folder](images/) [root-relative](/docs/a.md)',
      '[site](https://example.org/path?q=1#x) <https://example.com> [local](http://localhost:8080/) [mail](mailto:office@example.org)',
      '[line](../code.ts#L12-L20)',
      '',
      '```md',
      '[inside a code block](nowhere.md)',
      '```',
      '',
      'and `[inside code](nowhere.md)`.',
      '',
      '[ref]: a.md#steps',
      '',
    ].join('\n'),
  );
  write('code.ts', 'export {};\n');
  const problems = checkLinks(tmp, ['docs/b.md']);
  assert.deepEqual(problems, [], formatProblems(problems));
});

test('a malformed external URL and a missing cross-file anchor fail', () => {
  write('c.md', '[bad host](https://exa_mple..org/) [no host](http:///path) [missing](docs/a.md#steps-2)\n');
  const problems = checkLinks(tmp, ['c.md']);
  assert.deepEqual(
    problems.map((p) => p.link),
    ['https://exa_mple..org/', 'http:///path', 'docs/a.md#steps-2'],
    formatProblems(problems),
  );
});

test('heading anchors follow GitHub: lowercase, punctuation stripped, spaces to -, CJK kept, repeats numbered', () => {
  const anchors = anchorsOf(
    ['# Hello, World!', '## 信访 工作', '## Dup', '## Dup', '## Dup', '## `code` & more', '## Staff sign-in (等保三级, GB/T 22239-2019 §8.1.4)', 'Setext', '------'].join('\n'),
  );
  for (const a of ['hello-world', '信访-工作', 'dup', 'dup-1', 'dup-2', 'code--more', 'staff-sign-in-等保三级-gbt-22239-2019-814', 'setext']) {
    assert.ok(anchors.has(a), `${a} in ${[...anchors].join(', ')}`);
  }
});

test('links in code are not links; reference definitions are', () => {
  const links = linksOf('```\n[a](x.md)\n```\n\n`[b](y.md)` [c][r]\n\n[r]: z.md\n').map((l) => l.href);
  assert.deepEqual([...new Set(links)], ['z.md']);
});

test("every link in the repository's Markdown documents resolves", () => {
  const files = markdownFiles(ROOT);
  assert.ok(files.includes('README.md') && files.some((f) => f.startsWith('docs/')), `documents found: ${files.join(', ')}`);
  assert.ok(!files.some((f) => f.startsWith('node_modules/')));
  const problems = checkLinks(ROOT, files);
  assert.equal(problems.length, 0, `broken links:\n${formatProblems(problems)}`);
});
