// DESIGN §5 in the data layer: an agency officer cannot obtain the identity of an accusation's
// petitioner by any endpoint (list, counts, detail, every action's answer including
// reveal_identity, the petitioner's files); office staff see identity masked by default, and a
// reveal is an audited internal event the citizen never sees.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestEnv } from './harness.ts';
import { act, fileOnline, mustAct, staffEnv, team, uploadPng, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  t = await team(env);
});
after(() => env.close());

const PERSON = { name: '王秘密', phone: '13800001234', idNumber: '11010519491231002X', address: '朝阳区某某街道88号' };
const SECRETS = [PERSON.name, PERSON.phone, PERSON.idNumber, '88号', '王*', '138****', '1101**'];
const COSIGNER = { name: '赵联名', phone: '13900004321' };

function assertNoIdentity(what: string, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const s of [...SECRETS, COSIGNER.name, COSIGNER.phone, '赵*']) assert.ok(!text.includes(s), `${what} carries "${s}"`);
}

async function accusationRoutedToAgency(mode: 'assign' | 'forward') {
  const fileId = await uploadPng(env, 'scan.png');
  const c = await fileOnline(env, { purpose: 'accusation', title: '检举某局工作人员受贿', petitioner: PERSON, joint: true, cosigners: [COSIGNER], attachmentIds: [fileId] });
  await mustAct(t.clerk, c.caseNo, { action: 'accept', scope: 'supervision' });
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode, agencyId: t.agencyId });
  return { ...c, fileId };
}

test('an agency officer cannot obtain an accusation\'s identity by any endpoint', async () => {
  const c = await accusationRoutedToAgency('assign');
  const list = await t.agency.call('GET', '/api/staff/petitions');
  assert.ok(list.body.items.some((i: { caseNo: string }) => i.caseNo === c.caseNo));
  assertNoIdentity('list', list.body);
  assertNoIdentity('search', (await t.agency.call('GET', `/api/staff/petitions?q=${encodeURIComponent(PERSON.name)}`)).body);
  assertNoIdentity('counts', (await t.agency.call('GET', '/api/staff/petitions/counts')).body);

  const detail = await t.agency.call('GET', `/api/staff/petitions/${c.caseNo}`);
  assert.equal(detail.status, 200);
  assert.deepEqual(detail.body.petitioners, []);
  assert.equal(detail.body.identityMasked, true);
  assert.equal(detail.body.identityWithheld, true);
  assert.ok(!detail.body.allowedActions.includes('reveal_identity'));
  assert.deepEqual(detail.body.attachments, [], 'the petitioner\'s scan is not listed');
  assertNoIdentity('detail', detail.body);

  const reveal = await act(t.agency, c.caseNo, { action: 'reveal_identity', reason: '想知道是谁' });
  assert.equal(reveal.status, 403);
  assert.equal(reveal.body.error.code, 'identity_protected');
  assertNoIdentity('reveal', reveal.body);

  const file = await t.agency.call('GET', `/api/staff/attachments/${c.fileId}`);
  assert.equal(file.status, 404);
  assertNoIdentity('attachment', file.body);

  const note = await mustAct(t.agency, c.caseNo, { action: 'note', text: '已收到' });
  assertNoIdentity('note answer', note);
  const report = await uploadPng(env, 'report.png');
  const fb = await mustAct(t.agency, c.caseNo, { action: 'feedback', text: '已核查', attachmentIds: [report] });
  assertNoIdentity('feedback answer', fb);
  assert.deepEqual(fb.attachments.map((a: { id: string }) => a.id), [report], 'its own report is listed');
  assert.equal((await t.agency.call('GET', `/api/staff/attachments/${report}`)).status, 200);

  // No refused reveal was recorded as a reveal.
  const asClerk = await t.clerk.call('GET', `/api/staff/petitions/${c.caseNo}`);
  assert.equal(asClerk.body.events.filter((e: { type: string }) => e.type === 'reveal_identity').length, 0);
});

test('a forwarded accusation: the agency replies without ever seeing who wrote', async () => {
  const c = await accusationRoutedToAgency('forward');
  const d = await mustAct(t.agency, c.caseNo, { action: 'reply', text: '经调查，反映问题部分属实，已依规处理。' });
  assert.equal(d.petition.status, 'replied');
  assertNoIdentity('reply answer', d);
  assert.equal((await act(t.agency, c.caseNo, { action: 'reveal_identity', reason: 'x' })).status, 403);
});

test('office staff see identity masked; a reveal is an audited internal event, the citizen never sees it', async () => {
  const c = await accusationRoutedToAgency('assign');
  const masked = await t.clerk.call('GET', `/api/staff/petitions/${c.caseNo}`);
  assert.equal(masked.body.identityMasked, true);
  assert.equal(masked.body.petitioners[0].name, '王**');
  assert.equal(masked.body.petitioners[0].phone, '138****1234');
  assert.ok(!JSON.stringify(masked.body).includes(PERSON.idNumber));
  assert.equal(masked.body.petitioners[1].role, 'cosigner');
  const clerkFile = await t.clerk.call('GET', `/api/staff/attachments/${c.fileId}`);
  assert.equal(clerkFile.status, 200);
  assert.equal(clerkFile.headers.get('x-content-type-options'), 'nosniff');
  assert.match(clerkFile.headers.get('content-disposition') ?? '', /^attachment;/);
  assert.equal(clerkFile.headers.get('content-type'), 'image/png');

  const shown = await mustAct(t.clerk, c.caseNo, { action: 'reveal_identity', reason: '需要电话核实情况' });
  assert.equal(shown.identityMasked, false);
  assert.deepEqual(shown.petitioners[0], { role: 'signer', ...PERSON });
  const audit = shown.events.at(-1);
  assert.equal(audit.type, 'reveal_identity');
  assert.equal(audit.visibility, 'internal');
  assert.equal(audit.data.reason, '需要电话核实情况');
  assert.ok(audit.actorName);
  // Next read is masked again.
  assert.equal((await t.clerk.call('GET', `/api/staff/petitions/${c.caseNo}`)).body.identityMasked, true);
  const track = await env.call('POST', '/api/public/track', { queryCode: c.queryCode });
  assert.ok(!track.body.events.some((e: { type: string }) => e.type === 'reveal_identity'));
});

test('on a non-accusation, an agency officer sees masked identity and may reveal it (audited)', async () => {
  const c = await fileOnline(env, { petitioner: PERSON });
  await mustAct(t.clerk, c.caseNo, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, c.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId });
  const d = await t.agency.call('GET', `/api/staff/petitions/${c.caseNo}`);
  assert.equal(d.body.petitioners[0].name, '王**');
  const shown = await mustAct(t.agency, c.caseNo, { action: 'reveal_identity', reason: '联系信访人核实' });
  assert.equal(shown.petitioners[0].name, PERSON.name);
});
