// The line diff: both sides are recoverable from the script, edits are minimal, edge cases hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineDiff, type DiffLine } from './line-diff.ts';

const side = (d: DiffLine[], keep: 'add' | 'del') => d.filter((l) => l.op === 'same' || l.op === keep).map((l) => l.text).join('\n');
const changes = (d: DiffLine[]) => d.filter((l) => l.op !== 'same').length;

test('identical texts are all "same"', () => {
  const d = lineDiff('一\n二\n三', '一\n二\n三');
  assert.deepEqual(d.map((l) => l.op), ['same', 'same', 'same']);
});

test('a changed line is one deletion then one addition', () => {
  assert.deepEqual(lineDiff('一\n二\n三', '一\n贰\n三'), [
    { op: 'same', text: '一' },
    { op: 'del', text: '二' },
    { op: 'add', text: '贰' },
    { op: 'same', text: '三' },
  ]);
});

test('insertions and deletions anywhere; empty sides', () => {
  assert.deepEqual(lineDiff('', 'a\nb'), [{ op: 'add', text: 'a' }, { op: 'add', text: 'b' }]);
  assert.deepEqual(lineDiff('a\nb', ''), [{ op: 'del', text: 'a' }, { op: 'del', text: 'b' }]);
  assert.deepEqual(lineDiff('a\nc', 'a\nb\nc'), [{ op: 'same', text: 'a' }, { op: 'add', text: 'b' }, { op: 'same', text: 'c' }]);
  assert.deepEqual(lineDiff('a\r\nb', 'a\nb'), [{ op: 'same', text: 'a' }, { op: 'same', text: 'b' }]);
});

test('random edits: both sides recoverable and the script is no longer than a naive one', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let round = 0; round < 200; round++) {
    const a = Array.from({ length: rnd(30) }, () => 'L' + rnd(8));
    const b = a.filter(() => rnd(4) > 0).flatMap((l) => (rnd(5) === 0 ? [l, 'N' + rnd(8)] : [l]));
    const d = lineDiff(a.join('\n'), b.join('\n'));
    assert.equal(side(d, 'del'), a.join('\n'));
    assert.equal(side(d, 'add'), b.join('\n'));
    assert.ok(changes(d) <= a.length + b.length);
  }
});

test('a huge rewrite falls back to delete-all/add-all and stays correct', () => {
  const a = Array.from({ length: 3000 }, (_, i) => 'a' + i).join('\n');
  const b = Array.from({ length: 3000 }, (_, i) => 'b' + i).join('\n');
  const d = lineDiff(a, b);
  assert.equal(side(d, 'del'), a);
  assert.equal(side(d, 'add'), b);
});
