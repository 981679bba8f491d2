// Chinese text similarity as repeat detection uses it: reworded complaints score above the
// repeat threshold, other matters well below, and near-identical letters share a MinHash band.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chineseNumeral, normaliseText, petitionText, similarity, textBands } from './text-similarity.ts';

const wages = { title: '某建筑公司拖欠农民工工资', content: '我于2026年3月至8月在某建筑公司工地务工，公司至今拖欠工资28000元，多次讨要未果。' };
const wagesReworded = {
  title: '再次反映建筑公司欠薪问题',
  content: '今年三月到八月我在某建筑公司的工地干活，到现在公司还欠我两万八千元工资没给，找了好几次都没有结果，请领导帮忙催一催。',
};
const wagesOtherMatter = { title: '单位未缴纳社会保险', content: '我在某建筑公司工作三年，公司一直没有给我缴纳社会保险，请求责令补缴。' };
const land = { title: '征地补偿款未发放', content: '我村2025年被征收土地50亩，村委会至今未按标准发放征地补偿款，每户少发约两万元。' };
const landReworded = {
  title: '再次反映征地补偿问题',
  content: '去年我们村五十亩地被征收了，补偿款村委会一直没有按标准发到村民手里，我家少了两万元左右，上次反映后没有下文。',
};
const landOtherMatter = { title: '村干部账目不公开', content: '我村村委会近三年财务账目从不公开，村民要求查账被拒绝，怀疑村干部侵占集体资金。' };
const noise = { title: '小区噪声扰民', content: '我家楼下饭店每天深夜营业，油烟和噪声严重影响休息，多次向街道反映没有解决。' };

const sim = (a: typeof wages, b: typeof wages) => similarity(petitionText(a), petitionText(b));

test('Chinese numerals before a unit become digits', () => {
  assert.equal(chineseNumeral('两万八千'), 28000);
  assert.equal(chineseNumeral('十二'), 12);
  assert.equal(chineseNumeral('五十'), 50);
  assert.equal(chineseNumeral('三'), 3);
  assert.equal(normaliseText('三月到八月，欠两万八千元！'), '3月8月欠28000元');
  assert.equal(normaliseText('ＡＢＣ１２３'), 'abc123');
});

test('a reworded complaint scores above the repeat threshold (0.25)', () => {
  assert.ok(sim(wages, wagesReworded) >= 0.3, `wages reworded: ${sim(wages, wagesReworded)}`);
  assert.ok(sim(land, landReworded) >= 0.28, `land reworded: ${sim(land, landReworded)}`);
});

test('another matter from the same person scores well below it', () => {
  assert.ok(sim(wages, wagesOtherMatter) < 0.18, `wages vs insurance: ${sim(wages, wagesOtherMatter)}`);
  assert.ok(sim(land, landOtherMatter) < 0.1, `land vs accounts: ${sim(land, landOtherMatter)}`);
  assert.ok(sim(wages, noise) < 0.05);
});

test('identical texts score 1, empty texts 0', () => {
  assert.equal(sim(wages, wages), 1);
  assert.equal(similarity('', ''), 0);
});

test('near-identical letters share a MinHash band; unrelated ones do not', () => {
  const letter = petitionText(land) + '恳请市人大常委会督促有关部门依法处理，维护村民的合法权益。';
  const copy = letter.replace('市人大常委会', '市政府').replace('。', '！');
  const a = new Set(textBands(letter));
  assert.equal(a.size, 10);
  assert.ok(textBands(copy).some((k) => a.has(k)), 'the copy shares a band');
  assert.ok(similarity(letter, copy) >= 0.8, `copy similarity ${similarity(letter, copy)}`);
  for (const other of [wages, wagesReworded, landReworded, landOtherMatter, noise]) {
    assert.ok(!textBands(petitionText(other)).some((k) => a.has(k)), `no band with ${other.title}`);
  }
  assert.deepEqual(textBands(letter), textBands(letter), 'deterministic');
  assert.ok(textBands(letter).every((k) => BigInt(k) >= -(2n ** 63n) && BigInt(k) < 2n ** 63n));
});
