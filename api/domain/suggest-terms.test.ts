// The terms triage suggestions weigh: Chinese bigrams, phrases put back together, values ranked
// by (complement) naive Bayes, and the words that speak for a value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryTerm, fieldModelOf, matchedWords, phrasesOf, rankValues, termsOf, termText, type FieldModel } from './suggest-terms.ts';

test('terms are the bigrams within runs of Chinese characters', () => {
  const t = termsOf('拖欠工资，ABC 12 工资');
  assert.deepEqual([...t].map(termText).sort(), ['拖欠', '欠工', '工资'].sort());
  assert.ok(categoryTerm('labor.wages') < 0);
  assert.notEqual(categoryTerm('labor.wages'), categoryTerm('labor'));
});

test('phrases join the kept bigrams and break at function characters', () => {
  const keep = new Set([...termsOf('拖欠工资')]);
  assert.deepEqual(phrasesOf('公司拖欠工资的问题', (t) => (keep.has(t) ? 1 : 0)), ['拖欠工资']);
  const all = phrasesOf('拖欠了工资', () => 1);
  assert.deepEqual(all.sort(), ['工资', '拖欠'].sort());
});

function model(docs: Array<[string, string]>): FieldModel {
  const totals = new Map<string, { docs: number; terms: number }>();
  const counts = new Map<number, Map<string, number>>();
  const vocab = new Set<number>();
  for (const [value, text] of docs) {
    const ts = termsOf(text);
    const t = totals.get(value) ?? { docs: 0, terms: 0 };
    totals.set(value, { docs: t.docs + 1, terms: t.terms + ts.size });
    for (const term of ts) {
      vocab.add(term);
      const row = counts.get(term) ?? new Map();
      row.set(value, (row.get(value) ?? 0) + 1);
      counts.set(term, row);
    }
  }
  return fieldModelOf(totals, counts, vocab.size);
}

test('values are ranked by the words of the matter, whatever the letter’s story', () => {
  const m = model([
    ['labor.wages', '公司拖欠工资，多次讨要未果，家里老人病情加重'],
    ['labor.wages', '包工头拖欠工资，工地停工，我们只能借钱度日'],
    ['urban.demolition', '房屋征收补偿标准过低，家里老人病情加重'],
    ['urban.demolition', '安置房迟迟未交付，补偿款被克扣，只能借钱度日'],
  ]);
  const draft = [...termsOf('老板拖欠工资三个月，家里老人病情加重')];
  for (const complement of [false, true]) {
    const r = rankValues(m, draft, complement);
    assert.equal(r[0].value, 'labor.wages');
    assert.ok(r[0].share > 0.5 && Math.abs(r.reduce((s, x) => s + x.share, 0) - 1) < 1e-9);
  }
  assert.deepEqual(matchedWords('老板拖欠工资三个月，家里老人病情加重', m, draft, 'labor.wages'), ['拖欠工资']);
  assert.deepEqual(rankValues(fieldModelOf(new Map(), new Map(), 0), draft), []);
});
