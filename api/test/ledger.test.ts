// Ledger import and export through the HTTP API: a CSV with good and bad rows imports the good
// ones, names every bad row and gives them back as a workbook; the corrected file imports the
// rest (the rows imported before are matched by their 序号, not duplicated), keeping original dates
// and outcomes, and the cases count in the statistics; an .xlsx ledger imports too; exports mask
// identities unless asked with a reason (audited), and never carry an accuser's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, createAgency, createStaff, login, staffEnv, type Agent } from './staff-helpers.ts';

let env: TestEnv;
let clerk: Agent;
let leader: Agent;
let agencyUser: Agent;

before(async () => {
  env = await staffEnv();
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  const agencyId = await createAgency(admin, '市人力资源和社会保障局（测试）');
  clerk = await createStaff(env, admin, 'clerk');
  leader = await createStaff(env, admin, 'leader');
  agencyUser = await createStaff(env, admin, 'agency', agencyId);
});
after(() => env.close());

const HEADER = '序号,登记日期,来源,信访目的,问题类别,标题,主要内容,发生地,人数,信访人,联系电话,办理状态,承办单位,答复日期,满意度';
const GOOD = [
  '1,2025-03-03,来信,求决,拖欠工资,鸿达建筑公司拖欠工资,我在鸿达建筑公司工地务工半年，公司拖欠工资28000元，多次讨要未果。,东城区,1,李大山,13912345678,已办结,市人力资源和社会保障局（测试）,2025-04-10,满意',
  '2,2025/3/15,来访,申诉,法院审判与执行,判决执行不到位,借款纠纷胜诉已两年，被执行人名下有车却一直未执行。,西城区,6,王建军,13800001111,已答复,,2025-05-20,基本满意',
  '3,2025年3月20日,网上,检举控告,干部违纪违法,反映镇干部违规收礼,某镇干部在低保审批中收受群众财物，有转账记录为证。,北镇,1,张某,13700002222,办理中,,,',
  '"4","2025-03-28","电话","咨询","劳动和社会保障/工伤认定与赔偿","咨询工伤认定时限","工厂受伤后单位不申报，个人申请工伤认定的期限是多久？","",1,"","","已登记","","",""',
  '5,2025-04-02,来信,求决,拖欠工资,再次反映欠薪问题,今年在鸿达建筑公司的工地干了半年活，公司还欠我两万八千元工资没给，找了好几次都没有结果。,东城区,1,李大山,139 1234 5678,已受理,,,',
];
const BAD = [
  '6,,来信,求决,拖欠工资,无日期,缺少收到日期的一行。,,1,,,,,,',
  '7,2025-04-05,传真,求决,拖欠工资,渠道不对,渠道写成了传真。,,1,,,,,,',
  '8,2025-04-06,来信,求决,不存在的分类,分类不对,分类表里没有这个分类。,,1,,,,,,',
  '9,2025-04-07,来信,求决,拖欠工资,电话不对,电话号码格式不对。,,1,赵六,12345,,,,',
  '10,2025-04-08,来信,求决,拖欠工资,答复早于收到,答复日期早于收到日期。,,1,,,已办结,,2025-04-01,满意',
  '11,2025-04-09,来信,求决,拖欠工资,未答复却有评价,还没有答复却写了满意度。,,1,,,已登记,,,满意',
  '12,2025-04-10,来信,求决,拖欠工资,单位不存在,承办单位不在名录中。,,1,,,已交办,某某局,,',
];
const FIXED = [
  '6,2025-04-04,来信,求决,拖欠工资,补上日期,补上收到日期的一行。,,1,,,,,,',
  '7,2025-04-05,来信,求决,拖欠工资,渠道改正,渠道改成了来信。,,1,,,,,,',
  '8,2025-04-06,来信,求决,社会保险,分类改正,改成社会保险分类。,,1,,,,,,',
  '9,2025-04-07,来信,求决,拖欠工资,电话改正,电话号码已经改正。,,1,赵六,13612345678,,,,',
  '10,2025-04-08,来信,求决,拖欠工资,答复日期改正,答复日期已改到收到日期之后。,,1,,,已办结,,2025-04-18,满意',
  '11,2025-04-09,来信,求决,拖欠工资,去掉评价,去掉了满意度评价。,,1,,,已登记,,,',
  '12,2025-04-10,来信,求决,拖欠工资,单位改正,承办单位已改为名录中的单位。,,1,,,已交办,市人力资源和社会保障局（测试）,,',
];

async function upload(agent: Agent, name: string, body: Uint8Array | string, type = 'text/csv') {
  const form = new FormData();
  form.append('file', new Blob([typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body)], { type }), name);
  const res = await env.app.request('/api/staff/ledger/uploads', { method: 'POST', body: form, headers: { cookie: `xf_session=${agent.cookie}`, 'x-csrf-token': agent.csrfToken } });
  return { status: res.status, body: await res.json() };
}
const count = async () => Number((await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('a file with bad rows imports the good ones and gives the bad ones back; the corrected file imports the rest', async () => {
  const up = await upload(clerk, '2025年台账.csv', '\uFEFF' + [HEADER, ...GOOD, ...BAD].join('\r\n'));
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.rowCount, 12);
  assert.equal(up.body.headerRow, 1);
  const mapping = up.body.suggestedMapping;
  assert.deepEqual(mapping, {
    receivedAt: '登记日期', channel: '来源', purpose: '信访目的', category: '问题类别', title: '标题', content: '主要内容', place: '发生地',
    personCount: '人数', name: '信访人', phone: '联系电话', status: '办理状态', agency: '承办单位', repliedAt: '答复日期', rating: '满意度', reference: '序号',
  });

  const dry = await clerk.call('POST', '/api/staff/ledger/imports/dry-run', { uploadId: up.body.uploadId, mapping });
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.equal(dry.body.total, 12);
  assert.equal(dry.body.valid, 5);
  assert.equal(dry.body.refused, 7);
  const byRow = Object.fromEntries(dry.body.errors.map((e: { row: number; field: string; message: string }) => [e.row, `${e.field}: ${e.message}`]));
  assert.deepEqual(Object.keys(byRow).map(Number), [7, 8, 9, 10, 11, 12, 13]); // spreadsheet rows (the header is row 1)
  assert.match(byRow[7], /^receivedAt: 缺少收到日期/);
  assert.match(byRow[8], /^channel: 来源“传真”没有对应的选项/);
  assert.match(byRow[9], /^category: 内容分类“不存在的分类”没有对应的分类/);
  assert.match(byRow[10], /^phone: 联系电话“12345”是 5 位，手机号应为 11 位/);
  assert.match(byRow[11], /^repliedAt: 办结日期早于收到日期/);
  assert.match(byRow[12], /^rating: 尚未办结的信访件不能有满意度评价/);
  assert.match(byRow[13], /^agency: 转办单位“某某局”没有对应的单位/);
  const channel = dry.body.unmatched.find((u: { field: string }) => u.field === 'channel');
  assert.deepEqual([channel.value, channel.count, channel.rows], ['传真', 1, [8]]);
  assert.equal(channel.suggestions[0].target, 'letter', 'a fax is a letter');

  const before = await count();
  const partial = await clerk.call('POST', '/api/staff/ledger/imports', { uploadId: up.body.uploadId, mapping });
  assert.equal(partial.status, 201, JSON.stringify(partial.body));
  assert.equal(partial.body.imported, 5);
  assert.equal(partial.body.refused, 7);
  assert.equal(await count(), before + 5, 'the good rows are in');
  const res = await env.app.request(partial.body.refusedFile, { headers: { cookie: `xf_session=${clerk.cookie}` } });
  assert.equal(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const back = wb.worksheets[0];
  assert.equal(String(back.getRow(1).getCell(1).value), '2025年台账', 'the ledger name as title, so the fixed rows match the same ledger');
  assert.equal(back.getRow(2).getCell(16).value, '错误说明');
  assert.equal(back.rowCount, 2 + 7);
  assert.match(String(back.getRow(4).getCell(16).value), /^第 8 行：来源“传真”/);

  const fixed = await upload(clerk, '2025年台账（改）.csv', [HEADER, ...GOOD, ...FIXED].join('\n'));
  const ok = await clerk.call('POST', '/api/staff/ledger/imports', { uploadId: fixed.body.uploadId, mapping });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.imported, 7);
  assert.equal(ok.body.matched.length, 5, 'the rows imported before are matched by their 序号');
  assert.equal(await count(), before + 12);
  assert.ok(ok.body.caseNos.every((n: string) => n.startsWith('2025-')), 'numbered in the year received');

  const again = await clerk.call('POST', '/api/staff/ledger/imports', { uploadId: fixed.body.uploadId, mapping });
  assert.equal(again.status, 201);
  assert.equal(again.body.imported, 0);
  assert.equal(again.body.matched.length, 12);
  assert.equal(await count(), before + 12, 'a second import creates nothing');
});

test('imported cases keep their dates and outcomes and count in the statistics', async () => {
  const s = (await clerk.call('GET', '/api/staff/stats?from=2025-03-01&to=2025-04-30')).body;
  assert.equal(s.total, 12);
  assert.deepEqual(s.byChannel.letter, { count: 9, share: 75 });
  assert.deepEqual(s.collective, { count: 1, share: 8.3, persons: 6 });
  assert.equal(s.byPurpose.accusation.count, 1);
  assert.equal(s.ratingRate, 100); // rows 1, 2 and 10 replied and rated
  assert.equal(s.satisfactionRate, 100);
  assert.equal(s.repeat.count, 0, 'row 5 looks like row 1 (same phone, reworded): a hint, not a repeat until a clerk confirms it');
  const hints = await env.deps.db.selectFrom('repeats').select(['status', 'basis']).execute();
  assert.deepEqual(hints, [{ status: 'auto', basis: 'phone' }]);
  const excluded = (await clerk.call('GET', '/api/staff/stats?from=2025-03-01&to=2025-04-30&imported=exclude')).body;
  assert.equal(excluded.total, 0, 'figures without history');
  const list = (await clerk.call('GET', '/api/staff/analysis/cases?from=2025-03-01&to=2025-03-31&channel=letter')).body;
  assert.equal(list.items[0].title, '鸿达建筑公司拖欠工资');
  assert.equal(list.items[0].statusLabel, '已办结');
  assert.equal(list.items[0].repliedAt.slice(0, 10), '2025-04-10');
  assert.equal(list.items[0].receivedAt, '2025-03-03T04:00:00.000Z'); // noon China time
  const { body: detail } = await clerk.call('GET', `/api/staff/petitions/${list.items[0].caseNo}`);
  assert.ok(detail.events.some((e: { type: string }) => e.type === 'import'));
});

test('an .xlsx ledger with date cells imports', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['收到日期', '渠道', '目的', '内容分类', '信访内容']);
  ws.addRow([new Date(Date.UTC(2025, 5, 1)), '来访', '求决', '农村农业/土地承包与征地补偿', '上游养殖场截断灌溉渠，两百亩稻田无法放水。']);
  ws.addRow([new Date(Date.UTC(2025, 5, 2, 9, 30)), '来信', '建议', '地方性法规与决定', '建议物业管理条例明确公共收益公开办法。']);
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const up = await upload(clerk, '台账.xlsx', bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const mapping = { receivedAt: '收到日期', channel: '渠道', purpose: '目的', category: '内容分类', content: '信访内容' };
  const r = await clerk.call('POST', '/api/staff/ledger/imports', { uploadId: up.body.uploadId, mapping });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const list = (await clerk.call('GET', '/api/staff/analysis/cases?from=2025-06-01&to=2025-06-02')).body;
  assert.deepEqual(list.items.map((i: { receivedAt: string }) => i.receivedAt), ['2025-06-02T01:30:00.000Z', '2025-06-01T04:00:00.000Z']);
});

test('only clerks import; agency officers neither import nor export', async () => {
  assert.equal((await upload(leader, 'x.csv', HEADER + '\n' + GOOD[0])).status, 403);
  assert.equal((await upload(agencyUser, 'x.csv', HEADER + '\n' + GOOD[0])).status, 403);
  assert.equal((await agencyUser.call('GET', '/api/staff/ledger/export?format=csv')).status, 403);
});

async function download(agent: Agent, query: string) {
  const res = await env.app.request(`/api/staff/ledger/export?${query}`, { headers: { cookie: `xf_session=${agent.cookie}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}
async function sheetRows(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const rows: string[][] = [];
  wb.getWorksheet('信访台账')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

test('exports mask identity by default, show it only when asked (audited), never for an accusation', async () => {
  const masked = await download(clerk, 'from=2025-03-01&to=2025-03-31&format=xlsx');
  assert.equal(masked.status, 200);
  assert.match(masked.headers.get('content-disposition')!, /filename\*=UTF-8''/);
  const rows = await sheetRows(masked.bytes);
  assert.equal(rows[0][0], '信访件编号');
  assert.equal(rows.length, 1 + 4);
  const li = rows.find((r) => r[8] === '鸿达建筑公司拖欠工资')!;
  assert.deepEqual(li.slice(12, 14), ['李**', '139****5678']);
  const accusation = rows.find((r) => r[6] === '检举控告')!;
  assert.equal(accusation[12], '（检举控告，信访人信息依法保密）');

  const noReason = await download(clerk, 'from=2025-03-01&to=2025-03-31&format=xlsx&identity=1');
  assert.equal(noReason.status, 400, 'full identities need a reason');
  const full = await download(clerk, `from=2025-03-01&to=2025-03-31&format=xlsx&identity=1&reason=${encodeURIComponent('向市人社局核实欠薪情况')}`);
  assert.equal(full.status, 200);
  const fullRows = await sheetRows(full.bytes);
  assert.deepEqual(fullRows.find((r) => r[8] === '鸿达建筑公司拖欠工资')!.slice(12, 14), ['李大山', '13912345678']);
  assert.equal(fullRows.find((r) => r[6] === '检举控告')![12], '（检举控告，信访人信息依法保密）');
  const audit = await env.deps.db.selectFrom('events').select(['petition_id', 'actor_id', 'data']).where('type', '=', 'identity_export').execute();
  assert.equal(audit.length, 2, 'one event per case whose identity left the system (rows 1 and 2)');
  assert.ok(audit.every((e) => e.actor_id === clerk.user.id && (e.data as { reason: string }).reason === '向市人社局核实欠薪情况'));
  const exportsLogged = await env.deps.db.selectFrom('ledger_exports').select(['with_identity', 'row_count', 'reason']).orderBy('id').execute();
  assert.deepEqual(exportsLogged, [{ with_identity: false, row_count: 4, reason: null }, { with_identity: true, row_count: 4, reason: '向市人社局核实欠薪情况' }]);
  const adminAudit = await env.deps.db.selectFrom('admin_audit').select(['action', 'actor_name', 'reason']).where('action', '=', 'ledger.export_identity').execute();
  assert.deepEqual(adminAudit, [{ action: 'ledger.export_identity', actor_name: clerk.user.username, reason: '向市人社局核实欠薪情况' }]);

  const csv = await download(clerk, 'from=2025-03-01&to=2025-03-31&format=csv&categoryCode=labor');
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
  assert.ok(text.startsWith('\uFEFF信访件编号,原编号,收到时间,'), 'UTF-8 with BOM so Excel reads Chinese');
  assert.equal(text.trim().split('\r\n').length, 1 + 2);
});
