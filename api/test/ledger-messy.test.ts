// A real office's ledger, made with exceljs here: a merged title row above the heading, a 合计
// row and a footer, full-width digits, dates in every form (3月5日 with the year from the title,
// 26.3.11, 2026.3.6., "2026-6-8 上午", full-width), two phones in a cell, "无", a 15-digit ID,
// spaced IDs, an admin's alias (市中院), values to map with suggestions (市人社局, 征地拆迁, 投诉,
// 环保, 传真), history rows in every state and a repeated 序号. The import takes what is right,
// returns the rest as a workbook with 错误说明, creates no false overdue clocks for history and
// no reminders for the past, remembers the value map, and a second import (of the same file or of
// a re-saved copy) creates nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { runClockJob } from '../jobs/clock-job.ts';
import { idCheckDigit } from '../contract/checks.ts';
import type { TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, createStaff, login, staffEnv, type Agent } from './staff-helpers.ts';

const NOW = new Date('2026-06-15T04:00:00Z'); // 2026-06-15 12:00 in Beijing
let env: TestEnv;
let admin: Agent;
let clerk: Agent;
const agency: Record<string, string> = {};

before(async () => {
  env = await staffEnv({ now: () => NOW });
  admin = await login(env, 'admin', ADMIN_PASSWORD);
  agency.district = (await admin.call('POST', '/api/staff/agencies', { name: '东城区人民政府', kind: 'government' })).body.id;
  const starters = (await admin.call('GET', '/api/staff/agencies')).body.items as Array<{ id: string; name: string }>;
  agency.hr = starters.find((a) => a.name === '市人力资源和社会保障局')!.id;
  agency.court = starters.find((a) => a.name === '市中级人民法院')!.id;
  clerk = await createStaff(env, admin, 'clerk');
});
after(() => env.close());

const id18 = (first17: string) => first17 + idCheckDigit(first17);
const GOOD_ID = id18('11010119850312123');
const BAD_ID = GOOD_ID.slice(0, 17) + (GOOD_ID[17] === '0' ? '1' : '0');
const HEAD = ['序号', '收到日期', '来源', '信访人', '联系电话', '身份证号码', '联系地址', '人数', '信访目的', '问题类别', '主要内容', '转办单位', '办理方式', '受理日期', '办结日期', '办理结果', '备注'];
type Line = Array<string | number | Date | null>;
const row = (o: Partial<Record<(typeof HEAD)[number], string | number | Date>>): Line => HEAD.map((h) => o[h] ?? null);

const LINES: Line[] = [
  // 4: assigned to an agency that answers to 市人社局, past its handling deadline (honestly overdue there).
  row({ 序号: '１', 收到日期: '3月5日', 来源: '来信', 信访人: '张建国', 联系电话: '138 1234 5678', 身份证号码: GOOD_ID.replace(/(\d{6})(\d{8})/, '$1 $2 '), 人数: '１', 信访目的: '求决', 问题类别: '拖欠工资', 主要内容: '在东湖建工工地务工八个月，工资三万二千元至今未付。', 转办单位: '市人社局', 办理方式: '交办', 受理日期: '2026.3.6.', 办理结果: '已交市人社局办理' }),
  // 5: a deputy's referral, closed; 备注 kept and read for the 重复访 flag.
  row({ 序号: 2, 收到日期: '２０２６年３月１０日', 来源: '代表转来', 信访人: '李秀英', 联系电话: '无', 联系地址: '东湖市和平路12号', 人数: 1, 信访目的: '求决', 问题类别: '征地拆迁', 主要内容: '和平路旧改项目补偿款迟迟没有发放到位。', 转办单位: '东城区人民政府', 办理方式: '转办', 受理日期: '26.3.11', 办结日期: '2026-4-20', 办理结果: '已办结，信访人表示满意', 备注: '代表转来；重复访' }),
  // 6: a collective visit still to be handled (recent), two phones, a 15-digit ID, 越级访.
  row({ 序号: 3, 收到日期: '2026-6-8 上午', 来源: '来访', 信访人: '王强', 联系电话: '13900001111/0571-88886666', 身份证号码: '110101850312123', 人数: '30人', 信访目的: '投诉', 问题类别: '环保', 主要内容: '化工园区夜间排放异味，周边三个小区居民反映强烈。', 备注: '越级访' }),
  // 7: refused: ID check digit.
  row({ 序号: 4, 收到日期: '26.1.9', 来源: '网上', 信访人: '赵敏', 联系电话: '13512345678', 身份证号码: BAD_ID, 人数: 1, 信访目的: '咨询', 问题类别: '社会保险', 主要内容: '咨询灵活就业人员养老保险缴费基数。' }),
  // 8: refused: a date that does not exist.
  row({ 序号: 5, 收到日期: '2026/2/30', 来源: '来信', 信访人: '钱多', 人数: 1, 信访目的: '求决', 问题类别: '拖欠工资', 主要内容: '日期写错的一行。' }),
  // 9: refused: the same 序号 as row 4.
  row({ 序号: 1, 收到日期: '2026-03-20', 来源: '来信', 信访人: '孙强', 人数: 1, 信访目的: '求决', 问题类别: '拖欠工资', 主要内容: '序号与第一行重复的另一件。' }),
  // 10: a fax: mapped to 来信 by the clerk.
  row({ 序号: 7, 收到日期: new Date(Date.UTC(2026, 3, 1)), 来源: '传真', 信访人: '周敏', 联系电话: '0571-87654321', 人数: 1, 信访目的: '意见建议', 问题类别: '地方性法规与决定', 主要内容: '建议修改物业管理条例中关于维修资金的规定。', 办理方式: '自办', 受理日期: '2026-04-02', 办结日期: '2026-04-30', 办理结果: '已答复' }),
  // 11: refused: a 10-digit mobile number.
  row({ 序号: 8, 收到日期: '2026-04-08', 来源: '来信', 信访人: '孙丽', 联系电话: '1391234567', 人数: 1, 信访目的: '求决', 问题类别: '拖欠工资', 主要内容: '电话少了一位。' }),
  // 12: declined.
  row({ 序号: 9, 收到日期: '2026-04-10', 来源: '来信', 信访人: '周杰', 人数: 1, 信访目的: '申诉', 问题类别: '法院审判与执行', 主要内容: '对一审民事判决不服。', 办理方式: '不予受理', 办结日期: '2026-04-12', 办理结果: '不属于受理范围，已告知依法上诉' }),
  // 13: forwarded to the court through the admin's alias 市中院, within its deadline.
  row({ 序号: 10, 收到日期: '2026-04-19', 来源: '领导批办', 信访人: '吴刚', 联系电话: '13700002222', 人数: 1, 信访目的: '申诉', 问题类别: '法院审判与执行', 主要内容: '执行案件立案两年未执行到位。', 转办单位: '市中院', 办理方式: '转办', 受理日期: '2026-04-20', 办理结果: '已转市中院' }),
  // 14: closed without a 受理日期: no acceptance clock is claimed.
  row({ 序号: 11, 收到日期: '2026年5月6日', 来源: '来电', 信访人: '郑红', 联系电话: '13600003333', 人数: 1, 信访目的: '咨询', 问题类别: '社会保险', 主要内容: '咨询医保异地备案。', 办结日期: '2026-05-06', 办理结果: '当场答复' }),
  // 15: refused: 已办结 without a date.
  row({ 序号: 12, 收到日期: '2026-05-08', 来源: '来信', 信访人: '冯涛', 人数: 1, 信访目的: '求决', 问题类别: '拖欠工资', 主要内容: '结果写了已办结却没有日期。', 办理结果: '已办结' }),
  // 16: an upper congress's referral, forwarded, past its deadline at the district.
  row({ 序号: 13, 收到日期: '2026-02-02', 来源: '省人大转办', 信访人: '陈立', 联系电话: '13800004444', 人数: 1, 信访目的: '求决', 问题类别: '征地拆迁', 主要内容: '集体土地征收补偿标准偏低。', 转办单位: '东城区人民政府', 办理方式: '转办', 受理日期: '2026-02-03' }),
];

async function ledgerFile(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2026年台账');
  ws.addRow(['东湖市人大常委会信访办2026年信访工作台账']);
  ws.mergeCells(1, 1, 1, HEAD.length);
  ws.addRow(['填报单位：信访办', null, null, null, null, null, null, null, null, null, null, null, null, null, null, '单位：件']);
  ws.addRow(HEAD);
  for (const l of LINES) ws.addRow(l);
  ws.addRow(['合计', null, null, null, null, null, null, 34, null, null, `共 ${LINES.length} 件`]);
  ws.addRow(['制表人：刘芳']);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function upload(bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name);
  const res = await env.app.request('/api/staff/ledger/uploads', { method: 'POST', body: form, headers: { cookie: `xf_session=${clerk.cookie}`, 'x-csrf-token': clerk.csrfToken } });
  return { status: res.status, body: await res.json() };
}
const petitions = async () => Number((await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
type Unmatched = { field: string; value: string; suggestions: Array<{ target: string; label: string }> };

let bytes: Uint8Array;
let mapping: Record<string, string>;
let values: Record<string, Record<string, string>>;

test('the admin names 市中院 as an alias of the court (audited)', async () => {
  const refused = await admin.call('POST', `/api/staff/agencies/${agency.court}/aliases`, { alias: '市人力资源和社会保障局' });
  assert.equal(refused.status, 409, 'another agency’s own name is no alias');
  const r = await admin.call('POST', `/api/staff/agencies/${agency.court}/aliases`, { alias: '市中院' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(r.body.agencies.map((a: { alias: string }) => a.alias), ['市中院']);
  assert.equal((await clerk.call('POST', `/api/staff/agencies/${agency.court}/aliases`, { alias: '中院' })).status, 403, 'clerks do not keep aliases');
  const audit = await env.deps.db.selectFrom('admin_audit').select(['action', 'target', 'after']).where('action', '=', 'agency.alias.add').execute();
  assert.deepEqual(audit, [{ action: 'agency.alias.add', target: agency.court, after: { alias: '市中院' } }]);
});

test('the heading is found under the title, the 合计 row and the footer are skipped, values to map come with suggestions', async () => {
  bytes = await ledgerFile();
  const up = await upload(bytes, '台账.xlsx');
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.headerRow, 3, 'row 3 is the heading, not the merged title');
  assert.equal(up.body.ledgerName, '东湖市人大常委会信访办2026年信访工作台账');
  assert.equal(up.body.rowCount, LINES.length);
  assert.deepEqual(up.body.skipped.map((s: { row: number }) => s.row), [4 + LINES.length, 5 + LINES.length]);
  assert.match(up.body.skipped[0].reason, /合计行/);
  mapping = up.body.suggestedMapping;
  assert.deepEqual(
    { reference: mapping.reference, receivedAt: mapping.receivedAt, agency: mapping.agency, routeMode: mapping.routeMode, repliedAt: mapping.repliedAt, resultText: mapping.resultText, remarks: mapping.remarks },
    { reference: '序号', receivedAt: '收到日期', agency: '转办单位', routeMode: '办理方式', repliedAt: '办结日期', resultText: '办理结果', remarks: '备注' },
  );

  const dry = await clerk.call('POST', '/api/staff/ledger/imports/dry-run', { uploadId: up.body.uploadId, mapping });
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  const un = (field: string, value: string) => (dry.body.unmatched as Unmatched[]).find((u) => u.field === field && u.value === value)!;
  assert.equal(un('agency', '市人社局').suggestions[0].label, '市人力资源和社会保障局', 'an abbreviation suggests the agency');
  assert.equal(un('category', '征地拆迁').suggestions[0].target, 'urban.demolition');
  assert.equal(un('category', '环保').suggestions[0].target, 'environment');
  assert.deepEqual(un('purpose', '投诉').suggestions.map((s) => s.target).slice(0, 2), ['demand', 'accusation']);
  assert.equal(un('channel', '传真').suggestions[0].target, 'letter');
  assert.equal(dry.body.unmatched.length, 5, 'the alias (市中院) and the usual words (代表转来, 领导批办, 省人大转办) need no mapping');
  const kinds = Object.fromEntries(dry.body.groups.map((g: { kind: string; count: number }) => [g.kind, g.count]));
  assert.deepEqual(kinds, {
    '问题类别：值未对应': 3, '身份证号码：校验位不正确': 1, '收到日期：日期不存在': 1, '序号：重复': 1, '联系电话：位数不正确': 1,
    '办结日期：已办结但没有办结日期': 1, '来源：值未对应': 1, '信访目的：值未对应': 1, '转办单位：值未对应': 1,
  });
  const msg = (r: number) => dry.body.errors.filter((e: { row: number }) => e.row === r).map((e: { message: string }) => e.message).join('；');
  assert.equal(msg(7), '身份证号码校验位不正确，请核对号码是否抄错');
  assert.equal(msg(8), '收到日期2026年2月没有30日');
  assert.match(msg(9), /^序号“1”与第 4 行相同，只导入第 4 行/);
  assert.match(msg(11), /联系电话“1391234567”是 10 位，手机号应为 11 位/);
  assert.match(msg(15), /办理结果为“已办结”，但没有办结日期/);
  // The clerk takes the first suggestion for each value.
  values = {};
  for (const u of dry.body.unmatched as Unmatched[]) (values[u.field] ??= {})[u.value] = u.suggestions[0].target;
});

test('the right rows import as history; the refused ones come back with 错误说明; no false overdue, no reminder for the past', async () => {
  const up = await upload(bytes, '台账.xlsx');
  const before = await petitions();
  const r = await clerk.call('POST', '/api/staff/ledger/imports', { uploadId: up.body.uploadId, mapping, values });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.imported, 8);
  assert.equal(r.body.refused, 5);
  assert.deepEqual(r.body.unmatched, []);
  assert.equal(await petitions(), before + 8);
  assert.deepEqual(r.body.history, { assigned: 1, closed: 3, registered: 1, declined: 1, forwarded: 2 });

  const back = await env.app.request(r.body.refusedFile, { headers: { cookie: `xf_session=${clerk.cookie}` } });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await back.arrayBuffer());
  const ws = wb.worksheets[0];
  assert.equal(ws.getRow(2).getCell(HEAD.length + 1).value, '错误说明');
  const refusedRows: Array<[unknown, string]> = [];
  for (let i = 3; i <= ws.rowCount; i++) refusedRows.push([ws.getRow(i).getCell(1).value, String(ws.getRow(i).getCell(HEAD.length + 1).value)]);
  assert.equal(refusedRows.length, 5);
  assert.deepEqual(refusedRows.map((x) => String(x[0])), ['4', '5', '1', '8', '12'], 'the original cells');
  assert.match(refusedRows[0][1], /^第 7 行：身份证号码校验位不正确/);

  const byRef = async (ref: string) => {
    const p = await env.deps.db
      .selectFrom('petition_imports as i').innerJoin('petitions as p', 'p.id', 'i.petition_id')
      .select(['p.id', 'p.case_no', 'p.status', 'p.channel', 'p.person_count', 'p.route_mode', 'p.agency_id', 'p.replied_at', 'i.result_text', 'i.remarks'])
      .where('i.reference', '=', ref).executeTakeFirstOrThrow();
    const clocks = await env.deps.db.selectFrom('clocks').selectAll().where('petition_id', '=', p.id).orderBy('clock').execute();
    const details = await env.deps.db.selectFrom('registration_details').selectAll().where('petition_id', '=', p.id).executeTakeFirst();
    return { ...p, clocks, details };
  };
  const one = await byRef('1');
  assert.equal(one.status, 'assigned');
  assert.equal(one.agency_id, agency.hr);
  assert.equal(one.result_text, '已交市人社局办理');
  const accept = one.clocks.find((c) => c.clock === 'accept')!;
  assert.ok(accept.stopped_at && accept.stopped_at <= accept.due_at, 'accepted on 2026-03-06, within 15 days');
  const handle = one.clocks.find((c) => c.clock === 'handle')!;
  assert.equal(handle.stopped_at, null);
  assert.equal(handle.due_date, '2026-05-06', '60 days from acceptance (05-05 is in the May Day holiday): honestly overdue at the agency');
  assert.ok(handle.overdue_noted_at && handle.reminded_at, 'the past is noted, so nothing is sent for it');

  const two = await byRef('2');
  assert.equal(two.status, 'closed');
  assert.equal(two.replied_at?.toISOString(), '2026-04-20T04:00:00.000Z');
  assert.equal(two.details?.source, 'deputy');
  assert.equal(two.details?.repeat_visit, true);
  assert.equal(two.remarks, '代表转来；重复访');
  assert.ok(two.clocks.every((c) => c.stopped_at !== null), 'closed history has no running clock');

  const three = await byRef('3');
  assert.equal(three.status, 'registered');
  assert.equal(three.person_count, 30);
  assert.equal(three.details?.skip_level, true);
  assert.equal(three.clocks[0].due_date, '2026-06-23', 'still to be handled: its acceptance clock from its own date');
  const [who] = await env.deps.db.selectFrom('petitioners').select(['id_number_enc', 'phone_enc']).where('petition_id', '=', three.id).execute();
  assert.equal(env.deps.keys.open(who.id_number_enc!), id18('11010119850312123'), 'the 15-digit ID became 18 digits');
  assert.equal(env.deps.keys.open(who.phone_enc!), '13900001111；0571-88886666', 'both phones kept');

  const closedNoAccept = await byRef('11');
  assert.equal(closedNoAccept.status, 'closed');
  assert.ok(!closedNoAccept.clocks.some((c) => c.clock === 'accept'), 'no 受理日期: no acceptance is claimed');
  assert.equal((await byRef('9')).status, 'declined');
  const court = await byRef('10');
  assert.equal(court.status, 'forwarded');
  assert.equal(court.agency_id, agency.court, 'through the alias');
  assert.equal(court.details?.source, 'leader');
  assert.equal((await byRef('13')).details?.source, 'upper_congress');

  // No acceptance stage of history is overdue; only routed rows past their own deadline are.
  const overdue = await env.deps.db
    .selectFrom('clocks as c').innerJoin('petition_imports as i', 'i.petition_id', 'c.petition_id')
    .select(['i.reference', 'c.clock']).where('c.stopped_at', 'is', null).where('c.due_at', '<=', NOW).orderBy('i.reference').orderBy('c.clock').execute();
  assert.deepEqual(overdue, [{ reference: '1', clock: 'feedback' }, { reference: '1', clock: 'handle' }, { reference: '13', clock: 'handle' }]);
  const job = await runClockJob(env.deps, NOW);
  assert.deepEqual(job, { reminders: 0, overdue: 0, objectRefused: 0, autoClosed: 0 }, 'no reminder or overdue notice for the past');

  const stats = (await clerk.call('GET', '/api/staff/stats?from=2026-01-01&to=2026-06-15')).body;
  assert.equal(stats.total, 8);
  assert.equal(stats.overdue.count, 2, 'the two routed rows past their deadline');
  assert.equal(stats.acceptOnTimeRate, 100, 'only acceptances the ledger dated are measured');
});

test('the value map is remembered, and a second import of the same rows — the same file or a re-saved copy — creates nothing', async () => {
  const before = await petitions();
  const again = await upload(bytes, '台账.xlsx');
  assert.ok(again.body.importedBefore, 'the upload says this file was imported before');
  const dry = await clerk.call('POST', '/api/staff/ledger/imports/dry-run', { uploadId: again.body.uploadId, mapping });
  assert.deepEqual(dry.body.unmatched, [], 'the clerk’s choices were remembered');
  assert.equal(dry.body.matched.length, 8);
  const r = await clerk.call('POST', '/api/staff/ledger/imports', { uploadId: again.body.uploadId, mapping });
  assert.equal(r.body.imported, 0);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  wb.worksheets[0].getCell('Q4').value = '重新保存时改了备注';
  const resaved = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const up = await upload(resaved, '台账（改）.xlsx');
  const r2 = await clerk.call('POST', '/api/staff/ledger/imports', { uploadId: up.body.uploadId, mapping });
  assert.equal(r2.status, 201);
  assert.equal(r2.body.imported, 0);
  assert.equal(r2.body.matched.length, 8);
  assert.equal(await petitions(), before, 'no duplicates');
});
