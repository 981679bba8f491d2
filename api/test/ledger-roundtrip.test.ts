// The ledger export round-trips: cases in every importable state — a deputy's referral answered
// and followed up, a collective visit forwarded with its representatives, an anonymous online
// letter, an accusation handled by the office, a declined letter, a joint letter closed, a letter
// with only a postal address, and rows imported from an office's ledger — are exported, and
//   - the default (masked) export imported again into the same system matches every row to its
//     own case (by 信访件编号), creates nothing and leaves every identity untouched;
//   - the full export (with a reason) imported into a fresh system gives the same ledger: its own
//     export equals the first, column by column, but for the case numbers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, createStaff, login, mustAct, staffEnv, type Agent } from './staff-helpers.ts';

const AGENCY = '东湖市住房和城乡建设局';
let one: TestEnv;
let two: TestEnv;
let clerk1: Agent;
let clerk2: Agent;

async function setup(env: TestEnv) {
  const admin = await login(env, 'admin', ADMIN_PASSWORD);
  const agency = await admin.call('POST', '/api/staff/agencies', { name: AGENCY, kind: 'government' });
  return { admin, agencyId: agency.body.id as string, clerk: await createStaff(env, admin, 'clerk') };
}

before(async () => {
  [one, two] = await Promise.all([staffEnv(), staffEnv()]);
  const a = await setup(one);
  clerk1 = a.clerk;
  clerk2 = (await setup(two)).clerk;
  const officer = await createStaff(one, a.admin, 'agency', a.agencyId);
  const days = (n: number, hm = '09:30:00') => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10) + `T${hm}+08:00`;
  const reg = async (body: Record<string, unknown>) => {
    const r = await clerk1.call('POST', '/api/staff/petitions', {
      channel: 'letter', purpose: 'demand', categoryCode: 'labor.wages', title: '拖欠工资', content: '工地拖欠工资。', petitioner: { name: '李大山', phone: '13912345678' }, ...body,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.caseNo as string;
  };
  // A deputy's referral, assigned, answered, followed up.
  const a1 = await reg({
    receivedAt: days(20), title: '鸿达公司拖欠工资', content: '鸿达公司拖欠八名工人工资共计二十万元。', place: '东城区',
    petitioner: { name: '李大山', phone: '13912345678', idNumber: '11010519491231002X', address: '东城区和平里街道1号' }, details: { source: 'deputy', referrer: '王建华' },
  });
  await mustAct(clerk1, a1, { action: 'accept', scope: 'government' });
  await mustAct(clerk1, a1, { action: 'route', mode: 'assign', agencyId: a.agencyId });
  await mustAct(officer, a1, { action: 'feedback', text: '已责令支付。' });
  await mustAct(clerk1, a1, { action: 'reply', text: '经核实，鸿达公司已支付全部拖欠工资。' });
  await mustAct(clerk1, a1, { action: 'follow_up', text: '电话回访。', result: 'satisfied', method: 'phone' });
  // A collective visit with representatives, forwarded.
  const a2 = await reg({
    channel: 'visit', personCount: 8, receivedAt: days(10, '14:05:00'), categoryCode: 'urban.housing', title: '小区电梯停运', content: '小区电梯停运三个月。',
    petitioner: { name: '张代表', phone: '13800000001' }, cosigners: [{ name: '王二', phone: '13800000002' }, { name: '赵三' }], details: { skipLevel: true, repeatVisit: true },
  });
  await mustAct(clerk1, a2, { action: 'accept', scope: 'government' });
  await mustAct(clerk1, a2, { action: 'route', mode: 'forward', agencyId: a.agencyId });
  // An anonymous online letter, still to be accepted.
  const online = await one.call('POST', '/api/public/petitions', { purpose: 'suggestion', categoryCode: 'congress.legislation', title: '建议修改物业条例', content: '建议明确公共收益公开。', anonymous: true });
  assert.equal(online.status, 201);
  // An accusation the office handles itself.
  const a4 = await reg({ receivedAt: days(8), purpose: 'accusation', categoryCode: 'discipline.official', title: '反映干部收受红包', content: '某局干部收受红包。', petitioner: { name: '钱检举', phone: '13700001234' } });
  await mustAct(clerk1, a4, { action: 'accept', scope: 'own' });
  await mustAct(clerk1, a4, { action: 'route', mode: 'self' });
  // A declined letter.
  const a5 = await reg({ receivedAt: days(6), purpose: 'appeal', categoryCode: 'judicial.court', title: '不服一审判决', content: '对一审判决不服。' });
  await mustAct(clerk1, a5, { action: 'decline', reasonCode: 'legal_route', guidance: '请自收到判决书之日起十五日内向市中级人民法院提起上诉。' });
  // A joint letter, answered and closed.
  const a6 = await reg({ receivedAt: days(5), joint: true, cosigners: [{ name: '周一', phone: '13600000001' }, { name: '吴二' }], title: '供暖不达标', categoryCode: 'urban.housing', content: '小区暖气只有十四度。' });
  await mustAct(clerk1, a6, { action: 'accept', scope: 'own' });
  await mustAct(clerk1, a6, { action: 'route', mode: 'self' });
  await mustAct(clerk1, a6, { action: 'reply', text: '已协调供热公司整改。' });
  await mustAct(clerk1, a6, { action: 'waive_review', method: 'phone', note: '信访人表示不申请复查。' });
  await mustAct(clerk1, a6, { action: 'close' });
  // A letter with only a postal address.
  await reg({ receivedAt: days(3), petitioner: { name: '赵老汉', address: '北镇赵家村3组' }, title: '承包地被占', categoryCode: 'rural.land', content: '承包地被邻村占用。' });
  // History from an office's ledger.
  const csv = [
    '序号,收到日期,来源,信访目的,问题类别,主要内容,信访人,联系电话,转办单位,办理方式,受理日期,办结日期,办理结果,备注',
    `1,${days(40).slice(0, 10)},来信,求决,拖欠工资,台账中的欠薪问题。,孙丽,13512345678,${AGENCY},转办,${days(39).slice(0, 10)},${days(30).slice(0, 10)},已办结,重复访`,
    `2,${days(35).slice(0, 10)},来访,咨询,社会保险,台账中的社保咨询。,郑红,13600003333,,,,,,`,
  ].join('\n');
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode(csv)], { type: 'text/csv' }), '2026年来信台账.csv');
  const up = await one.app.request('/api/staff/ledger/uploads', { method: 'POST', body: form, headers: { cookie: `xf_session=${clerk1.cookie}`, 'x-csrf-token': clerk1.csrfToken } });
  const upBody = await up.json();
  const imp = await clerk1.call('POST', '/api/staff/ledger/imports', { uploadId: upBody.uploadId, mapping: upBody.suggestedMapping });
  assert.equal(imp.body.imported, 2, JSON.stringify(imp.body));
});
after(async () => {
  await one.close();
  await two.close();
});

async function exportOf(env: TestEnv, agent: Agent, query: string): Promise<Uint8Array> {
  const res = await env.app.request(`/api/staff/ledger/export?format=xlsx&${query}`, { headers: { cookie: `xf_session=${agent.cookie}` } });
  assert.equal(res.status, 200, await res.clone().text());
  return new Uint8Array(await res.arrayBuffer());
}
async function importFile(env: TestEnv, agent: Agent, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const up = await env.app.request('/api/staff/ledger/uploads', { method: 'POST', body: form, headers: { cookie: `xf_session=${agent.cookie}`, 'x-csrf-token': agent.csrfToken } });
  const u = await up.json();
  assert.equal(up.status, 201, JSON.stringify(u));
  const dry = await agent.call('POST', '/api/staff/ledger/imports/dry-run', { uploadId: u.uploadId, mapping: u.suggestedMapping });
  assert.deepEqual(dry.body.unmatched, [], 'every value of our own export is known');
  assert.deepEqual(dry.body.errors, [], 'every row of our own export reads');
  const r = await agent.call('POST', '/api/staff/ledger/imports', { uploadId: u.uploadId, mapping: u.suggestedMapping });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { mapping: u.suggestedMapping as Record<string, string>, result: r.body };
}
async function rowsOf(bytes: Uint8Array): Promise<{ head: string[]; rows: Array<Record<string, string>> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const ws = wb.getWorksheet('信访台账')!;
  const head = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, string>> = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const v = (r.values as unknown[]).slice(1);
    // An Excel date is a fraction of a day: to the second is what it keeps.
    const cell = (x: unknown) => (x instanceof Date ? new Date(Math.round(x.getTime() / 1000) * 1000).toISOString() : x === undefined || x === null ? '' : String(x));
    rows.push(Object.fromEntries(head.map((h, i) => [h, cell(v[i])])));
  });
  return { head, rows };
}
const petitionerRows = async (env: TestEnv) =>
  (await env.deps.db.selectFrom('petitioners').select(['petition_id', 'role', 'ord', 'name_enc', 'phone_enc', 'id_number_enc', 'address_enc']).orderBy('petition_id').orderBy('ord').execute())
    .map((p) => JSON.stringify(p));

test('the masked export imported again matches every case, creates nothing and leaves identities untouched', async () => {
  const masked = await exportOf(one, clerk1, '');
  const { head, rows } = await rowsOf(masked);
  for (const h of ['收到时间', '来源', '转交人', '受理日期', '办理方式', '转办单位', '答复意见', '办结日期', '集体访代表/联名人', '办理结果', '备注']) assert.ok(head.includes(h), h);
  assert.equal(rows.length, 9);
  const visit = rows.find((r) => r['标题'] === '小区电梯停运')!;
  assert.equal(visit['集体访代表/联名人'], '王*（138****0002）；赵*');
  const before = await petitionerRows(one);
  const count = async () => Number((await one.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const n = await count();
  const { result } = await importFile(one, clerk1, masked, '信访台账-导出.xlsx');
  assert.equal(result.imported, 0);
  assert.equal(result.matched.length, 9);
  assert.ok(result.matched.every((m: { how: string }) => m.how === 'case_no'));
  assert.equal(await count(), n, 'nothing created');
  assert.deepEqual(await petitionerRows(one), before, 'identities untouched');
});

test('the full export imported into a fresh system gives the same ledger, but for the case numbers', async () => {
  const full = await exportOf(one, clerk1, `identity=1&reason=${encodeURIComponent('迁移到新系统')}`);
  const a = await rowsOf(full);
  const { result } = await importFile(two, clerk2, full, '信访台账-完整.xlsx');
  assert.equal(result.imported, 9);
  const b = await rowsOf(await exportOf(two, clerk2, `identity=1&reason=${encodeURIComponent('核对迁移结果')}`));
  assert.deepEqual(b.head, a.head);
  const key = (r: Record<string, string>) => `${r['收到时间']}|${r['标题']}`;
  const byKey = new Map(b.rows.map((r) => [key(r), r]));
  for (const ra of a.rows) {
    const rb = byKey.get(key(ra));
    assert.ok(rb, `row ${ra['标题']} came back`);
    for (const h of a.head) {
      if (h === '信访件编号') continue;
      if (h === '原编号') {
        assert.equal(rb[h], ra[h] || ra['信访件编号'], `${ra['标题']}: 原编号 keeps the first system's number`);
        continue;
      }
      assert.equal(rb[h], ra[h], `${ra['标题']}: ${h}`);
    }
  }
  const again = await importFile(two, clerk2, full, '信访台账-完整（再次）.xlsx');
  assert.equal(again.result.imported, 0, 'importing the same export again creates nothing');
});
