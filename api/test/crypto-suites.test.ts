// The national cryptography option (CRYPTO_SUITE=sm): the standards' own test vectors for SM3
// (GB/T 32905-2016) and SM4 (GB/T 32907-2016) on Node's OpenSSL, both suites' seals refusing any
// tampered byte, a new installation in `sm` end to end, and `crypto:migrate` from `intl` to `sm`
// on a database with filings while the application keeps serving: interrupted and resumed,
// with tracking, repeat matching, identity reveal, files, TOTP sign-in and idempotent retries
// working during the switch and after it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeKeys, suiteOfCodeHash, suiteOfSealed } from '../security/keys.ts';
import { migrateCrypto } from '../services/crypto-migration.ts';
import { readCryptoState } from '../services/crypto-state.ts';
import { testEnv, sampleFiling, type TestEnv } from './harness.ts';
import { ADMIN_PASSWORD, createStaff, login, mustAct, PNG, team, uploadPng, type Team } from './staff-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('SM3 test vectors of GB/T 32905-2016 (appendix A)', () => {
  const sm3 = (m: string) => crypto.createHash('sm3').update(m).digest('hex');
  assert.equal(sm3('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.equal(sm3('abcd'.repeat(16)), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
});

test('SM4 test vectors of GB/T 32907-2016 (appendix A): one block, and the same block encrypted 1,000,000 times', () => {
  const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
  const ecb = () => {
    const c = crypto.createCipheriv('sm4-ecb', key, null);
    c.setAutoPadding(false);
    return c;
  };
  assert.equal(ecb().update(key).toString('hex'), '681edf34d206965e86b3e94f536e4246');
  const c = ecb(); // ECB is stateless per block: one cipher object, a million blocks
  let x = key;
  for (let i = 0; i < 1_000_000; i++) x = c.update(x);
  assert.equal(x.toString('hex'), '595298c7c6fd271f0402f804c33d3f66');
  const d = crypto.createDecipheriv('sm4-ecb', key, null);
  d.setAutoPadding(false);
  assert.equal(d.update(Buffer.from('681edf34d206965e86b3e94f536e4246', 'hex')).toString('hex'), key.toString('hex'));
});

test('both suites seal authenticated: any changed byte is refused; each opens the other\'s seals', () => {
  const master = crypto.randomBytes(32);
  const intl = makeKeys(master);
  const sm = makeKeys(master, { suite: 'sm', reading: ['sm'], codeChains: [] });
  for (const [name, k] of [['intl', intl], ['sm', sm]] as const) {
    const sealed = k.seal('张三 11010519491231002X');
    assert.equal(suiteOfSealed(sealed), name);
    assert.equal(k.open(sealed), '张三 11010519491231002X');
    assert.equal((name === 'intl' ? sm : intl).open(sealed), '张三 11010519491231002X');
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i] ^= 0x01;
      assert.throws(() => k.open(bad), Error, `${name}: byte ${i} changed`);
    }
    assert.throws(() => k.open(sealed.subarray(0, sealed.length - 1)));
  }
  // Different suites, different keyed hashes and query-code hash forms.
  assert.notDeepEqual(intl.matchHash('phone', '13912345678'), sm.matchHash('phone', '13912345678'));
  assert.equal(intl.queryCodeHash('ABCDEFGHJKMNP').length, 32);
  assert.equal(sm.queryCodeHash('ABCDEFGHJKMNP')[0], 2);
  assert.equal(sm.matchHash('phone', '13912345678').length, 32);
  // SM3-HMAC is HMAC over SM3 (RFC 2104 with the GB/T 32905 hash): checked against a hand-built HMAC.
  const k = Buffer.alloc(64, 0x0b);
  const inner = crypto.createHash('sm3').update(Buffer.concat([k.map((b) => b ^ 0x36), Buffer.from('Hi There')])).digest();
  const outer = crypto.createHash('sm3').update(Buffer.concat([k.map((b) => b ^ 0x5c), inner])).digest('hex');
  assert.equal(crypto.createHmac('sm3', k).update('Hi There').digest('hex'), outer);
});

/** A citizen's filing and the answers that prove what works. */
async function fileAs(env: TestEnv, over: Record<string, unknown> = {}, key?: string) {
  const r = await env.call('POST', '/api/public/petitions', sampleFiling(over), key ? { 'idempotency-key': key } : {});
  assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
  return r.body as { caseNo: string; queryCode: string };
}
const track = (env: TestEnv, queryCode: string) => env.call('POST', '/api/public/track', { queryCode });
/** The earlier case the scan linked this one to (a link is a hint until a clerk confirms it). */
const repeatOf = async (t: Team, caseNo: string) => {
  const earlier = (await t.clerk.call('GET', `/api/staff/petitions/${caseNo}/repeats`)).body.earlier as Array<{ caseNo: string }>;
  return earlier[0]?.caseNo ?? null;
};
const reveal = async (t: Team, caseNo: string) => (await mustAct(t.clerk, caseNo, { action: 'reveal_identity', reason: '核实身份' })).petitioners[0];

test('a new installation with CRYPTO_SUITE=sm seals, hashes, tracks, matches and reveals with SM4/SM3', async () => {
  const env = await testEnv({ adminPassword: ADMIN_PASSWORD, cryptoSuite: 'sm' });
  try {
    assert.equal(env.deps.keys.suite, 'sm');
    assert.equal((await readCryptoState(env.deps.db))!.suite, 'sm');
    const t = await team(env);
    const fileId = await uploadPng(env);
    const first = await fileAs(env, { attachmentIds: [fileId] });
    const second = await fileAs(env, { title: '工资仍未支付', content: '我于2026年3月至8月在某建筑公司工地务工，公司至今拖欠工资28000元，再次反映。' });
    const p = await env.deps.db.selectFrom('petitioners').select(['name_enc', 'phone_hash']).limit(1).executeTakeFirstOrThrow();
    assert.equal(suiteOfSealed(p.name_enc), 'sm');
    const code = await env.deps.db.selectFrom('petitions').select('query_code_hash').where('case_no', '=', first.caseNo).executeTakeFirstOrThrow();
    assert.equal(suiteOfCodeHash(code.query_code_hash), 'sm');
    const file = await env.deps.db.selectFrom('attachments').select(['data', 'sealed']).where('id', '=', fileId).executeTakeFirstOrThrow();
    assert.equal(file.sealed, true);
    assert.equal(suiteOfSealed(file.data), 'sm');
    assert.equal((await track(env, first.queryCode)).status, 200);
    assert.equal(await repeatOf(t, second.caseNo), first.caseNo);
    assert.equal((await reveal(t, first.caseNo)).phone, '13912345678');
    const download = await t.clerk.call('GET', `/api/staff/attachments/${fileId}`);
    assert.equal(download.status, 200);
    const raw = await t.clerk.call('GET', `/api/staff/petitions/${first.caseNo}`);
    assert.equal(raw.status, 200);
    const res = await env.app.request(`/api/staff/attachments/${fileId}`, { headers: { cookie: `xf_session=${t.clerk.cookie}` } });
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
  } finally {
    await env.close();
  }
});

let env: TestEnv;
let t: Team;
let oldCaseNo = '';
const master = crypto.randomBytes(32);
before(async () => {
  env = await testEnv({ adminPassword: ADMIN_PASSWORD }, { masterKey: master });
  t = await team(env);
});
after(() => env.close());

test('crypto:migrate intl → sm on a database with filings, while it serves: resumable, and everything keeps working', async () => {
  assert.equal(env.deps.keys.suite, 'intl');
  // Before: filings of every kind, a file, a plain file from before files were sealed, a TOTP user.
  const fileId = await uploadPng(env);
  await fileAs(env, { petitioner: { name: '附件人', phone: '13600000001' }, title: '带附件的信', content: '附件是一张照片，说明工地情况。', attachmentIds: [fileId] });
  const others = [];
  for (let i = 0; i < 12; i++) others.push(await fileAs(env, { petitioner: { name: `路人${i}`, phone: `1370000${String(1000 + i)}` }, title: `其他事项${i}`, content: `关于第${i}件其他事项的反映，内容各不相同，编号${i * 7919}。` }));
  // Filed last, so the interrupted migration below has not reached its petitioner yet.
  const old = await fileAs(env, {}, 'before-switch-key-1');
  oldCaseNo = old.caseNo;
  const legacy = await env.deps.db
    .insertInto('attachments')
    .values({ name: 'old.png', type: 'image/png', size: PNG.length, sha256: crypto.createHash('sha256').update(PNG).digest(), data: PNG, sealed: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  const leader = t.leader.user.username;
  // A scanned letter of the day (issue 17): its recognised text and a PDF page's preview.
  const letter = await env.deps.db
    .insertInto('letters')
    .values({ created_by: t.clerk.user.id, name: 'scan.pdf', type: 'application/pdf', status: 'done', result_enc: env.deps.keys.seal(JSON.stringify({ low: true })) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.deps.db.insertInto('letter_pages').values({ letter_id: letter.id, page: 1, width: 10, height: 10, preview_type: 'image/png', preview: env.deps.keys.sealBytes(PNG) }).execute();

  // The switch, then an interruption after two batches (small batches: several per table).
  const logs: string[] = [];
  const partial = await migrateCrypto(env.deps, 'sm', { batch: 4, propagationMs: 0, maxBatches: 2, log: (m) => logs.push(m) });
  assert.equal(partial.finished, false);
  const mid = (await readCryptoState(env.deps.db))!;
  assert.equal(mid.suite, 'sm');
  assert.deepEqual(mid.reading.sort(), ['intl', 'sm']);
  assert.ok(mid.migration);

  const oldSeal = await env.deps.db.selectFrom('petitioners as x').innerJoin('petitions as p', 'p.id', 'x.petition_id').select('x.name_enc').where('p.case_no', '=', old.caseNo).executeTakeFirstOrThrow();
  assert.equal(suiteOfSealed(oldSeal.name_enc), 'intl', 'not converted yet');
  // Mid-way: old codes track, a new filing is sealed with SM4, and the same person's new letter
  // (hashed with SM3) is matched to the old one (hashed with SHA-256, not converted yet).
  assert.equal((await track(env, old.queryCode)).status, 200);
  const during = await fileAs(env, { title: '工资仍未支付', content: '我于2026年3月至8月在某建筑公司工地务工，公司至今拖欠工资28000元，再次反映。' });
  const duringRow = await env.deps.db.selectFrom('petitions').select('id').where('case_no', '=', during.caseNo).executeTakeFirstOrThrow();
  const duringSeal = await env.deps.db.selectFrom('petitioners').select('name_enc').where('petition_id', '=', duringRow.id).executeTakeFirstOrThrow();
  assert.equal(suiteOfSealed(duringSeal.name_enc), 'sm');
  assert.equal(await repeatOf(t, during.caseNo), old.caseNo, 'matched across suites during the switch');
  assert.equal((await reveal(t, old.caseNo)).name, '李大山');

  // Resumed: it continues and finishes.
  const done = await migrateCrypto(env.deps, 'sm', { batch: 4, propagationMs: 0, log: (m) => logs.push(m) });
  assert.equal(done.finished, true);
  assert.ok(logs.some((l) => l.startsWith('Resuming')), logs.join('\n'));
  assert.ok(logs.some((l) => /petitioners: \d+ of ~\d+ looked at/.test(l)), 'progress is reported');
  const state = (await readCryptoState(env.deps.db))!;
  assert.deepEqual(state.reading, ['sm']);
  assert.deepEqual(state.codeChains, [['intl', 'sm']]);
  assert.equal(state.migration, undefined);

  // Everything is SM now.
  const seals = await env.deps.db.selectFrom('petitioners').select(['name_enc', 'phone_enc']).execute();
  assert.ok(seals.every((s) => suiteOfSealed(s.name_enc) === 'sm' && (!s.phone_enc || suiteOfSealed(s.phone_enc) === 'sm')));
  const codes = await env.deps.db.selectFrom('petitions').select('query_code_hash').execute();
  assert.ok(codes.every((c) => suiteOfCodeHash(c.query_code_hash) === 'sm'));
  const files = await env.deps.db.selectFrom('attachments').select(['data', 'sealed']).execute();
  assert.ok(files.every((f) => f.sealed && suiteOfSealed(f.data) === 'sm'), 'the plain file from before is sealed too');
  const letterRow = await env.deps.db.selectFrom('letters').select('result_enc').where('id', '=', letter.id).executeTakeFirstOrThrow();
  assert.equal(suiteOfSealed(letterRow.result_enc!), 'sm', 'a letter\'s recognised text');
  const pageRow = await env.deps.db.selectFrom('letter_pages').select('preview').where('letter_id', '=', letter.id).executeTakeFirstOrThrow();
  assert.equal(suiteOfSealed(pageRow.preview!), 'sm', 'a letter page\'s preview');
  assert.deepEqual(env.deps.keys.openBytes(pageRow.preview!), PNG);
  const totp = await env.deps.db.selectFrom('users').select('totp_secret_enc').where('username', '=', leader).executeTakeFirstOrThrow();
  assert.equal(suiteOfSealed(totp.totp_secret_enc!), 'sm');
  assert.equal((await env.deps.db.selectFrom('admin_audit').select('id').where('action', '=', 'crypto.migrate').execute()).length, 2);

  // After: tracking with codes issued before and during, repeats across old and new, reveal,
  // files, the idempotent retry of a filing made before the switch, TOTP sign-in.
  for (const c of [old, during, ...others.slice(0, 3)]) assert.equal((await track(env, c.queryCode)).status, 200, c.caseNo);
  assert.equal((await track(env, 'AAAA-BBBB-CCCCC')).status, 404);
  const afterwards = await fileAs(env, { title: '第三次反映工资问题', content: '我于2026年3月至8月在某建筑公司工地务工，公司至今拖欠工资28000元，第三次反映。' });
  assert.equal(await repeatOf(t, afterwards.caseNo), during.caseNo);
  const laterOther = await fileAs(env, { petitioner: { name: '路人5', phone: '13700001005' }, title: '其他事项5', content: '关于第5件其他事项的反映，内容各不相同，编号39595。再次反映。' });
  assert.equal(await repeatOf(t, laterOther.caseNo), others[5].caseNo, 'an old (converted) petitioner matches a new one');
  assert.equal((await reveal(t, old.caseNo)).idNumber, '11010519491231002X');
  const res = await env.app.request(`/api/staff/attachments/${fileId}`, { headers: { cookie: `xf_session=${t.clerk.cookie}` } });
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
  const retry = await env.call('POST', '/api/public/petitions', sampleFiling({}), { 'idempotency-key': 'before-switch-key-1' });
  assert.equal(retry.status, 200);
  assert.equal(retry.body.caseNo, old.caseNo);
  assert.equal(retry.body.queryCode, old.queryCode, 'the same code, derived with the suite of its day');
  const again = await login(env, leader, 'staff-test-password-1');
  assert.equal(again.user.totpEnabled, true);
  assert.equal((await createStaff(env, t.admin, 'clerk')).user.role, 'clerk');
  const legacyRow = await env.deps.db.selectFrom('attachments').select('sealed').where('id', '=', legacy.id).executeTakeFirstOrThrow();
  assert.equal(legacyRow.sealed, true);
});

test('npm run crypto:migrate: the command line, with progress, back to intl; a wrong key changes nothing', async () => {
  const run = (key: Buffer) =>
    spawnSync(process.execPath, ['api/scripts/crypto-migrate.ts', '--to', 'intl', '--batch', '5', '--propagation-ms', '0', '--database-url', env.url], {
      cwd: ROOT,
      env: { ...process.env, IDENTITY_KEY: key.toString('hex'), DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
  const wrong = run(crypto.randomBytes(32));
  assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
  assert.match(wrong.stderr, /not the one this database was created with/);
  assert.equal((await readCryptoState(env.deps.db))!.suite, 'sm');

  const ok = run(master);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /petitioners: \d+ of ~\d+ looked at \(100\.0 %\)/);
  assert.match(ok.stdout, /The database is now sealed with intl/);
  const state = (await readCryptoState(env.deps.db))!;
  assert.equal(state.suite, 'intl');
  env.deps.keys.setState(state); // what the running processes do within 5 s
  const seals = await env.deps.db.selectFrom('petitioners').select('name_enc').execute();
  assert.ok(seals.every((s) => suiteOfSealed(s.name_enc) === 'intl'));
  // Codes issued under intl, then wrapped into sm, then into intl: still found.
  const retry = await env.call('POST', '/api/public/petitions', sampleFiling({}), { 'idempotency-key': 'before-switch-key-1' });
  assert.equal(retry.body.caseNo, oldCaseNo);
  assert.equal((await track(env, retry.body.queryCode)).status, 200);
});
