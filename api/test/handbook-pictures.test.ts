// The handbook's pictures are made by browser tests (site/e2e/handbook*.test.ts, one test per
// picture, named after it): this checks that every picture the handbook pages (and the README)
// show exists in docs/handbook/images and has its test, that every picture there is shown
// somewhere (no orphans), and that every picture test has its picture committed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const handbook = path.join(root, 'docs', 'handbook');
const images = path.join(handbook, 'images');

/** Picture names referenced by a Markdown file, as `images/<name>.png` relative to it or the handbook. */
function referenced(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const names: string[] = [];
  // Markdown images and links, and <img src>, pointing into docs/handbook/images.
  for (const m of text.matchAll(/(?:\]\(|src=["'])([^)"'\s]+\.png)/g)) {
    const target = path.resolve(path.dirname(file), m[1]);
    assert.equal(path.dirname(target), images, `${path.relative(root, file)}: ${m[1]} is not in docs/handbook/images`);
    names.push(path.basename(target, '.png'));
  }
  return names;
}

/** Test names in the handbook's browser test files. */
function pictureTests(): Map<string, string> {
  const tests = new Map<string, string>();
  for (const f of fs.readdirSync(path.join(root, 'site', 'e2e')).filter((f) => /^handbook.*\.test\.ts$/.test(f))) {
    const text = fs.readFileSync(path.join(root, 'site', 'e2e', f), 'utf8');
    for (const m of text.matchAll(/^test\('([a-z0-9-]+)'/gm)) {
      assert.ok(!tests.has(m[1]), `picture test ${m[1]} is defined twice`);
      tests.set(m[1], f);
    }
  }
  return tests;
}

const pages = fs.readdirSync(handbook).filter((f) => f.endsWith('.md')).map((f) => path.join(handbook, f));
const readme = path.join(root, 'README.md');
const shown = new Set([...pages, ...(fs.existsSync(readme) ? [readme] : [])].flatMap(referenced));
const files = new Set(fs.readdirSync(images).filter((f) => f.endsWith('.png')).map((f) => path.basename(f, '.png')));
const tests = pictureTests();

test('the handbook has a page per role and an index linking them', () => {
  const index = fs.readFileSync(path.join(handbook, 'README.md'), 'utf8');
  for (const page of ['clerk.md', 'leader.md', 'agency.md', 'editor.md', 'admin.md']) {
    assert.ok(fs.existsSync(path.join(handbook, page)), page);
    assert.ok(index.includes(`](${page})`), `the index links ${page}`);
  }
});

test('every picture the handbook shows exists and is made by a browser test of the same name', () => {
  assert.ok(shown.size > 20, `the handbook shows its pictures (${shown.size})`);
  for (const name of shown) {
    assert.ok(files.has(name), `docs/handbook/images/${name}.png exists`);
    assert.ok(tests.has(name), `a browser test named '${name}' makes ${name}.png`);
  }
});

test('every picture in docs/handbook/images is shown, and every picture test has its picture', () => {
  for (const name of files) assert.ok(shown.has(name), `images/${name}.png is shown by a page (no orphans)`);
  for (const [name, file] of tests) assert.ok(files.has(name), `${file}: test '${name}' has images/${name}.png (run it with UPDATE_HANDBOOK=1)`);
});
