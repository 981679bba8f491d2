// Shares: one decimal half up, and a complete breakdown adds up to 100.0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percent, sharesOf } from './shares.ts';

const sum = (m: Map<string, number>) => Math.round([...m.values()].reduce((s, v) => s + v, 0) * 10) / 10;

test('percent rounds half up to one decimal and is null without a whole', () => {
  assert.equal(percent(1, 3), 33.3);
  assert.equal(percent(2, 3), 66.7);
  assert.equal(percent(667, 2000), 33.4); // 33.35 → 33.4
  assert.equal(percent(0, 5), 0);
  assert.equal(percent(5, 5), 100);
  assert.equal(percent(1, 0), null);
});

test('a complete breakdown adds up to 100.0', () => {
  const thirds = sharesOf([['a', 1], ['b', 1], ['c', 1]], 3);
  assert.equal(sum(thirds), 100);
  assert.deepEqual([...thirds.values()].sort(), [33.3, 33.3, 33.4]);
  assert.equal(thirds.get('a'), 33.4, 'ties go to the earlier key');
  const sixths = sharesOf([['a', 1], ['b', 1], ['c', 1], ['d', 1], ['e', 1], ['f', 1]], 6);
  assert.equal(sum(sixths), 100); // 16.7 x 6 = 100.2 before adjusting
  for (let n = 1; n <= 60; n++) {
    const counts = Array.from({ length: 7 }, (_, i) => [String(i), (n * (i + 3)) % 11] as const);
    const total = counts.reduce((s, [, c]) => s + c, 0);
    if (total) assert.equal(sum(sharesOf(counts, total)), 100, `n=${n}`);
  }
});

test('shares equal plain rounding whenever that adds up; otherwise the worst-rounded moves', () => {
  assert.deepEqual(Object.fromEntries(sharesOf([['a', 1], ['b', 3]], 4)), { a: 25, b: 75 });
  assert.deepEqual(Object.fromEntries(sharesOf([['a', 1], ['b', 2]], 8)), { a: 12.5, b: 25 });
  // 34.375, 21.875, 43.75 round to 34.4 + 21.9 + 43.8 = 100.1: 43.75 gained the most and gives back 0.1.
  const m = sharesOf([['rural', 11], ['labor', 7], ['urban', 14]], 32);
  assert.deepEqual(Object.fromEntries(m), { rural: 34.4, labor: 21.9, urban: 43.7 });
});

test('an incomplete breakdown rounds each share on its own', () => {
  const m = sharesOf([['a', 1], ['b', 1]], 3);
  assert.deepEqual(Object.fromEntries(m), { a: 33.3, b: 33.3 });
});
