// 条例 arts. 30, 46 and DESIGN §5 on every path: an agency officer is handed an accusation (A) and
// an ordinary demand (D) filed by the same person, both routed to its agency. The officer may know
// who filed D (its own case, identity revealable); it must never learn that the same person filed
// A. So this walks EVERY staff endpoint the application serves (the RBAC list, which fails when a
// route is missing from it) as that officer, once about A and once about D, plus searches and the
// officer's own actions, and finds on A's side no identity (full or masked) and no other case
// number, on D's side no mention of A, and nowhere a case of another agency (E). Then the admin's
// reveal (403), an accusation never routed to the body it accuses (409), and exports.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestEnv } from './harness.ts';
import { declaredStaffRoutes, staffEndpoints, type EndpointFixture } from './staff-endpoints.ts';
import { act, fileOnline, mustAct, staffEnv, team, uploadPng, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
const X = { name: '欧阳秘检', phone: '13711112222', idNumber: '110105198003150012', address: '海淀区清河街道99号院' };
const IDENTITY = [X.name, X.phone, X.idNumber, X.address, '99号院', '欧阳', '137****2222', '1101**', '**0012'];
const WAGES = '我于2026年3月至8月在宏远建筑公司工地务工，公司至今拖欠工资28000元，劳动监察大队工作人员收受公司好处后对我的投诉不予处理。';
let A = '';
let D = '';
let D2 = '';
let E = '';
let fileA = '';
let bulletinId = '';

before(async () => {
  env = await staffEnv();
  t = await team(env);
  // D: the person's ordinary demand, routed to the officer's agency.
  D = (await fileOnline(env, { purpose: 'demand', title: '宏远建筑公司拖欠工资', content: WAGES, petitioner: X })).caseNo;
  await mustAct(t.clerk, D, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, D, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  // E: another demand of the same person, routed to ANOTHER agency.
  E = (await fileOnline(env, { purpose: 'demand', title: '宏远建筑公司拖欠工资（二）', content: WAGES, petitioner: X })).caseNo;
  await mustAct(t.clerk, E, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, E, { action: 'route', mode: 'forward', agencyId: t.otherAgencyId });
  // A: the accusation, with a scanned letter, accusing the other agency, handled by the officer's.
  fileA = await uploadPng(env, 'accusation-scan.png');
  const a = await t.clerk.call('POST', '/api/staff/petitions', {
    channel: 'letter', purpose: 'accusation', categoryCode: 'labor.wages', title: '检举劳动监察大队工作人员受贿', content: WAGES,
    petitioner: X, attachmentIds: [fileA], accusedAgencyId: t.otherAgencyId, receivedAt: new Date().toISOString(),
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  A = a.body.caseNo;
  await mustAct(t.clerk, A, { action: 'accept', scope: 'supervision' });
  await mustAct(t.clerk, A, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  // D2: a later ordinary demand of the same person in the same agency: a link the officer may see.
  D2 = (await fileOnline(env, { purpose: 'demand', title: '再次反映宏远建筑公司拖欠工资', content: WAGES, petitioner: X })).caseNo;
  await mustAct(t.clerk, D2, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, D2, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  // The clerk links everything that is the same person's, and notes the other cases on D.
  for (const [later, earlier] of [[A, D], [A, E], [D, E], [D2, D]]) {
    const r = await t.clerk.call('POST', `/api/staff/petitions/${later}/repeats/confirm`, { earlierCaseNo: earlier, reason: '同一信访人' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  await mustAct(t.clerk, D, { action: 'note', text: `与 ${A}、${E} 为同一信访人` });
  await mustAct(t.clerk, A, { action: 'note', text: `信访人另有 ${D}` });
  const b = await t.clerk.call('POST', '/api/staff/bulletins', { month: '2026-05' });
  bulletinId = b.body.id;
});
after(() => env.close());

const text = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body ?? ''));

/** Every object in a JSON answer that names a case by `caseNo`, with that case number. */
function caseObjects(value: unknown, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(value)) for (const v of value) caseObjects(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.caseNo === 'string') out.push([o.caseNo, o]);
    for (const v of Object.values(o)) caseObjects(v, out);
  }
  return out;
}

/** The rules, for an answer the officer got while looking at `about` (A or D, or a list). */
function check(where: string, about: 'A' | 'D' | 'list', body: unknown) {
  const all = text(body);
  assert.ok(!all.includes(E), `${where}: names ${E}, a case of another agency`);
  if (about === 'A') {
    for (const s of IDENTITY) assert.ok(!all.includes(s), `${where}: carries "${s}" of the accuser`);
    for (const other of [D, D2]) assert.ok(!all.includes(other), `${where}: links the accusation to ${other}`);
  }
  if (about === 'D') assert.ok(!all.includes(A), `${where}: links ${D} to the accusation ${A}`);
  // Whatever the answer, a row about A carries neither identity nor D; a row about D never names A.
  for (const [no, o] of caseObjects(body)) {
    const row = text(o);
    if (no === A) {
      for (const s of [...IDENTITY, D, D2]) assert.ok(!row.includes(s), `${where}: the row of ${A} carries "${s}"`);
    }
    if (no === D || no === D2) assert.ok(!row.includes(A), `${where}: the row of ${no} names ${A}`);
  }
}

test('an agency officer, walking every staff endpoint about the accusation and about the same person\'s other case, never connects them', async () => {
  const fx = (caseNo: string): EndpointFixture => ({ caseNo, fileId: fileA, spareUserId: t.clerk.user.id, otherAgencyId: t.otherAgencyId, bulletinId });
  const walked = new Set<string>();
  for (const [about, caseNo] of [['A', A], ['D', D]] as const) {
    for (const e of staffEndpoints(fx(caseNo))) {
      if (e.route === '/api/auth/logout') continue; // last, below: it ends the officer's session
      const r = await t.agency.call(e.method, e.path, e.body?.());
      walked.add(`${e.method} ${e.route}`);
      const specific = e.path.includes(caseNo) || e.path.includes(fileA);
      check(`${e.method} ${e.path} (${r.status})`, specific ? about : 'list', r.body);
    }
  }
  // Searches and filters an officer might try, and the officer's own steps on the accusation.
  for (const q of [X.name, X.phone, X.idNumber, D, A, '宏远', '检举']) {
    check(`list q=${q}`, 'list', (await t.agency.call('GET', `/api/staff/petitions?q=${encodeURIComponent(q)}`)).body);
  }
  check('list purpose=accusation', 'list', (await t.agency.call('GET', '/api/staff/petitions?purpose=accusation')).body);
  for (const body of [{ action: 'acknowledge' }, { action: 'object', reason: '请核实' }, { action: 'note', text: '已收到' }]) {
    check(`A ${body.action}`, 'A', (await act(t.agency, A, body)).body);
  }
  check('A after the office rejects the objection', 'A', (await (async () => {
    await mustAct(t.clerk, A, { action: 'reject_objection', reason: '属于贵单位职责' });
    return t.agency.call('GET', `/api/staff/petitions/${A}`);
  })()).body);
  check('A feedback', 'A', (await act(t.agency, A, { action: 'feedback', text: '已核查，情况属实，已移交处理。' })).body);
  check('D acknowledge', 'D', (await act(t.agency, D, { action: 'acknowledge' })).body);

  // The filter is not blind: the ordinary link D ↔ D2 (same agency) is still shown on both.
  const dRepeats = (await t.agency.call('GET', `/api/staff/petitions/${D}/repeats`)).body;
  assert.deepEqual(dRepeats.later.map((x: { caseNo: string }) => x.caseNo), [D2]);
  const dDetail = (await t.agency.call('GET', `/api/staff/petitions/${D}`)).body;
  assert.ok(dDetail.events.some((e: { type: string; text?: string }) => e.type === 'note' && e.text === '与 （另案）、（另案） 为同一信访人'), 'another case is named as （另案）');
  const aDetail = (await t.agency.call('GET', `/api/staff/petitions/${A}`)).body;
  assert.equal(aDetail.events.filter((e: { type: string }) => e.type.startsWith('repeat_')).length, 0, 'no repeat event on the accusation');
  assert.deepEqual(aDetail.petitioners, []);
  assert.equal((await t.agency.call('GET', `/api/staff/attachments/${fileA}`)).status, 404, 'the scanned letter is withheld');
  // And the office still sees it all.
  const asClerk = (await t.clerk.call('GET', `/api/staff/petitions/${A}/repeats`)).body;
  assert.deepEqual(asClerk.earlier.map((x: { caseNo: string }) => x.caseNo).sort(), [D, E].sort());

  // Every route the application serves was walked; logging out is the last of them.
  const out = await t.agency.call('POST', '/api/auth/logout');
  assert.equal(out.status, 200);
  walked.add('POST /api/auth/logout');
  for (const d of declaredStaffRoutes(env)) assert.ok(walked.has(d), `not walked as an agency officer: ${d}`);
});

test('the admin, who reads no case, cannot reveal an identity', async () => {
  const c = await fileOnline(env, { petitioner: X });
  const r = await act(t.admin, c.caseNo, { action: 'reveal_identity', reason: '想看看' });
  assert.equal(r.status, 403);
  assert.ok(!text(r.body).includes(X.name));
  assert.equal((await t.admin.call('GET', `/api/staff/petitions/${c.caseNo}`)).status, 403);
});

test('an accusation is never routed to the body it accuses (recorded at registration or acceptance)', async () => {
  const reg = await t.clerk.call('POST', '/api/staff/petitions', {
    channel: 'letter', purpose: 'accusation', categoryCode: 'discipline.official', title: '检举某单位违规', content: '检举某单位工作人员违规收费。', petitioner: X, accusedAgencyId: t.agencyId,
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  await mustAct(t.clerk, reg.body.caseNo, { action: 'accept', scope: 'supervision' });
  for (const mode of ['assign', 'forward']) {
    const r = await act(t.clerk, reg.body.caseNo, { action: 'route', mode, agencyId: t.agencyId });
    assert.equal(r.status, 409, `${mode}: ${text(r.body)}`);
    assert.equal(r.body.error.code, 'accused_agency');
    assert.match(r.body.error.message, /不得转送、交办给被检举控告的单位/);
  }
  const ok = await mustAct(t.clerk, reg.body.caseNo, { action: 'route', mode: 'assign', agencyId: t.otherAgencyId });
  assert.equal(ok.petition.accusedAgencyId, t.agencyId);

  // Filed online, the accused body is recorded on acceptance.
  const online = await fileOnline(env, { purpose: 'accusation', title: '检举', content: '检举某单位。' });
  const accepted = await mustAct(t.clerk, online.caseNo, { action: 'accept', scope: 'supervision', accusedAgencyId: t.otherAgencyId });
  assert.equal(accepted.petition.accusedAgencyName !== null, true);
  assert.equal((await act(t.clerk, online.caseNo, { action: 'route', mode: 'forward', agencyId: t.otherAgencyId })).status, 409);

  // Only an accusation names an accused body.
  const wrong = await t.clerk.call('POST', '/api/staff/petitions', { channel: 'letter', purpose: 'demand', categoryCode: 'labor.wages', title: '求决', content: '求决。', petitioner: X, accusedAgencyId: t.agencyId });
  assert.equal(wrong.status, 400);
  assert.ok(wrong.body.error.fields.accusedAgencyId);
});

test('exports and the analysis list: the office reads the link, an export carries none touching an accusation', async () => {
  const list = (await t.clerk.call('GET', '/api/staff/analysis/cases?repeat=1&limit=100')).body;
  assert.equal(list.items.find((i: { caseNo: string }) => i.caseNo === A)?.repeatOf !== undefined, true);
  const csv = await t.clerk.call('GET', '/api/staff/ledger/export?format=csv&purpose=accusation');
  assert.equal(csv.status, 200);
  const row = text(csv.body).split('\r\n').find((l) => l.startsWith(A));
  assert.ok(row, 'the accusation is exported');
  for (const s of [D, E, X.name, X.phone]) assert.ok(!row.includes(s), `the export row of the accusation carries ${s}`);
});
