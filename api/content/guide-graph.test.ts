// The guide's graph rules: the starter guide passes; each kind of broken graph is named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guideDocument, type GuideDocument } from '../contract/content.ts';
import { guideIssues } from './guide-graph.ts';
import { starterGuide } from './starter.ts';

const doc = (nodes: unknown[]): GuideDocument => guideDocument.parse({ nodes });
const q = (key: string, ...next: string[]) => ({ key, kind: 'question', title: key, answers: next.map((n) => ({ label: `to ${n}`, next: n })) });
const o = (key: string) => ({ key, kind: 'outcome', outcome: 'file_here', title: key });

test('the starter guide is valid and reaches every kind of outcome', () => {
  const g = starterGuide();
  assert.deepEqual(guideIssues(g), []);
  assert.deepEqual(new Set(g.nodes.filter((n) => n.kind === 'outcome').map((n) => n.outcome)), new Set(['file_here', 'agency', 'legal_route', 'final', 'info']));
});

test('a valid small guide has no issues', () => {
  assert.deepEqual(guideIssues(doc([q('start', 'a', 'b'), o('a'), o('b')])), []);
});

test('broken guides are refused with a message', () => {
  const msg = (nodes: unknown[]) => guideIssues(doc(nodes)).map((i) => i.message).join(' | ');
  assert.match(msg([q('begin', 'a', 'b'), o('a'), o('b')]), /缺少起始问题/);
  assert.match(msg([q('start', 'a'), o('a')]), /至少需要两个选项/);
  assert.match(msg([q('start', 'a', 'x'), o('a')]), /不存在的节点“x”/);
  assert.match(msg([q('start', 'a', 'b'), o('a'), o('b'), o('lonely')]), /无法到达/);
  assert.match(msg([q('start', 'a', 'b'), q('a', 'start', 'b'), o('b')]), /循环/);
  assert.match(msg([q('start', 'a', 'a'), o('a'), o('a')]), /重复/);
  assert.match(msg([q('start', 'a', 'b'), { ...o('a'), outcome: null }, o('b')]), /需要选择结论类型/);
  assert.match(msg([{ ...o('start') }, o('a')]), /起始节点应当是一个问题/);
});
