// Reading a letter's fields from its text: names, numbers (checksum-verified, OCR confusions
// undone), address, the letter's own date, a joint letter's signatories, title and request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikeName, readLetter } from './letter-fields.ts';

const LETTER = `尊敬的市人大常委会领导：
我叫王建国，家住东城区和平里街道幸福家园3号楼2单元501室，联系电话13912345678，身份证号码11010519491231002X。
我于2024年3月至8月在某建筑劳务有限公司承建的朝阳区望京街道工地务工，公司至今拖欠工资共计28000元，多次讨要未果。
恳请人大常委会督促有关部门依法责令企业支付拖欠的工资。
此致
敬礼！
信访人：王建国
2025年6月12日`;

test('a signed letter gives its writer, numbers, address, date, title and request', () => {
  const r = readLetter(LETTER);
  assert.deepEqual(r.fields, {
    names: ['王建国'],
    phones: ['13912345678'],
    idNumbers: ['11010519491231002X'],
    address: '东城区和平里街道幸福家园3号楼2单元501室',
    date: '2025-06-12',
    signatories: 1,
  });
  assert.equal(r.request, '恳请人大常委会督促有关部门依法责令企业支付拖欠的工资');
  assert.equal(r.title, '请求督促有关部门依法责令企业支付拖欠的工资');
  assert.equal(LETTER.slice(r.found['phones.0'].start, r.found['phones.0'].end), '13912345678');
  assert.equal(LETTER.slice(r.found['names.0'].start, r.found['names.0'].end), '王建国');
  assert.equal(LETTER.slice(r.found.date.start, r.found.date.end), '2025年6月12日');
});

test('an ID number whose checksum fails is not offered, and dates in the story are not the letter date', () => {
  const r = readLetter('我叫李秀英，身份证号110105194912310021，电话139 1234 5678。2024年3月5日我去了工地。\n请求处理，谢谢，内容写得很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。');
  assert.deepEqual(r.fields.idNumbers, []);
  assert.deepEqual(r.fields.phones, ['13912345678']);
  assert.equal(r.fields.date, '');
  assert.deepEqual(r.fields.names, ['李秀英']);
});

test('letters the engine read as digits inside numbers are undone, offsets unchanged', () => {
  const text = '联系电话：139l2345678，身份证：11O10519491231002x。';
  const r = readLetter(text);
  assert.deepEqual(r.fields.phones, ['13912345678']);
  assert.deepEqual(r.fields.idNumbers, ['11010519491231002X']);
  assert.equal(text.slice(r.found['phones.0'].start, r.found['phones.0'].end), '139l2345678');
});

test('a joint letter counts its signatories and lists the co-signers after the writer', () => {
  const text = `关于幸福里小区电梯停运问题的反映
尊敬的领导：
我们是幸福里小区3号楼的居民，电梯自今年8月停运至今。
恳请督促物业尽快修复电梯。
联名人：张桂兰、刘长顺、陈玉珍
李大山 13800138000
二〇二五年十月八日`;
  const r = readLetter(text);
  assert.deepEqual(r.fields.names, ['张桂兰', '刘长顺', '陈玉珍', '李大山']);
  assert.equal(r.fields.signatories, 4);
  assert.equal(r.fields.date, '2025-10-08');
  assert.equal(r.title, '关于幸福里小区电梯停运问题的反映');
  assert.deepEqual(r.fields.phones, ['13800138000']);
});

test('a landline counts only where the letter calls it a phone', () => {
  assert.deepEqual(readLetter('拖欠金额010-12345678元').fields.phones, []);
  assert.deepEqual(readLetter('联系电话：010-62345678').fields.phones, ['010-62345678']);
});

test('places and roles are not names', () => {
  assert.equal(looksLikeName('东城区'), false);
  assert.equal(looksLikeName('王建国'), true);
  assert.equal(looksLikeName('欧阳小明'), true);
  assert.equal(looksLikeName('群众'), false);
  assert.deepEqual(readLetter('我是东城区居民，反映问题。').fields.names, []);
});

test('a short line above the salutation is the letter’s title', () => {
  const r = readLetter('大兴区泉河街道老旧楼里加装电梯协调难，盼复\n尊敬的领导：\n我叫廖玉珍，我们楼里的老人上下楼困难。\n希望主管部门尽快协调。');
  assert.equal(r.title, '大兴区泉河街道老旧楼里加装电梯协调难，盼复');
  assert.equal(r.request, '希望主管部门尽快协调');
});

test('a date in Chinese numerals is read even where 〇 came out as a letter O', () => {
  assert.equal(readLetter('此致\n敬礼！\n信访人：王建国\n二O二五年十二月二十四日').fields.date, '2025-12-24');
});
