// From the engine's word boxes to a letter's text: lines joined, paragraphs kept (indent, a short
// line, a gap), ASCII punctuation made Chinese, a page read upside down, where a span was read,
// and the character error rate used to judge recognition.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assemble, characterErrorRate, parseTsv, regionsOf, type OcrPage } from './ocr-text.ts';

const H = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
/** A page of lines; each line [x, y, words] with one 40-px character per word. */
function page(lines: Array<[number, number, string]>, opts: { upsideDown?: boolean; width?: number; height?: number } = {}): string {
  const W = opts.width ?? 1000;
  const Hh = opts.height ?? 1400;
  const rows = [H, `1\t1\t0\t0\t0\t0\t0\t0\t${W}\t${Hh}\t-1\t`];
  lines.forEach(([x, y, text], li) => {
    [...text].forEach((ch, wi) => {
      let bx = x + wi * 40;
      let by = y;
      if (opts.upsideDown) {
        bx = W - bx - 40;
        by = Hh - by - 40;
      }
      rows.push(`5\t1\t1\t1\t${li + 1}\t${wi + 1}\t${bx}\t${by}\t40\t40\t${90 + (wi % 5)}\t${ch}`);
    });
  });
  return rows.join('\n');
}

// 20 characters fit a line (x 100 … 900).
const LINES: Array<[number, number, string]> = [
  [100, 100, '尊敬的领导:'],
  [180, 160, '我叫王建国,家住东城区和平里街道幸福家'],
  [100, 220, '园3号楼.电话13912345678。'],
  [180, 280, '恳请督促有关部门依法处理拖欠的工资问题,'],
  [100, 340, '谢谢!'],
];

test('lines are joined, paragraphs kept, punctuation made Chinese', () => {
  const a = assemble([parseTsv(page(LINES), 1)]);
  assert.equal(a.text, '尊敬的领导：\n我叫王建国，家住东城区和平里街道幸福家园3号楼。电话13912345678。\n恳请督促有关部门依法处理拖欠的工资问题，谢谢！');
  assert.ok(a.confidence > 0.9 && a.confidence < 0.95);
});

test('a page scanned upside down reads the same', () => {
  const upright = assemble([parseTsv(page(LINES), 1)]);
  const turned = assemble([parseTsv(page(LINES, { upsideDown: true }), 1)]);
  assert.equal(turned.text, upright.text);
});

test('a paragraph goes on over a page break; a short last line ends it', () => {
  const p1 = parseTsv(page([[180, 100, '我于2024年3月在某建筑公司工地务工公司']]), 1);
  const p2 = parseTsv(page([[100, 100, '至今拖欠工资。'], [180, 160, '恳请处理。']]), 2);
  assert.equal(assemble([p1, p2]).text, '我于2024年3月在某建筑公司工地务工公司至今拖欠工资。\n恳请处理。');
});

test('a span of the text is found again on the page, one box per line', () => {
  const pages: OcrPage[] = [parseTsv(page(LINES), 1)];
  const a = assemble(pages);
  const at = a.text.indexOf('13912345678');
  const boxes = regionsOf(a.spans, at, at + 11);
  assert.equal(boxes.length, 1);
  assert.deepEqual(boxes[0], { page: 1, x: 100 + 7 * 40, y: 220, w: 11 * 40, h: 40 });
  const across = regionsOf(a.spans, a.text.indexOf('幸福家'), a.text.indexOf('3号楼') + 3);
  assert.equal(across.length, 2);
});

test('the character error rate counts edits over the expected length, ignoring spaces and width forms', () => {
  assert.equal(characterErrorRate('恳请督促有关部门', '恳请督促有关部门'), 0);
  assert.equal(characterErrorRate('恳请督促有关部门', '忍请督促有关部'), 2 / 8);
  assert.equal(characterErrorRate('电话：123', '电话: 123'), 0);
  assert.equal(characterErrorRate('', ''), 0);
});
