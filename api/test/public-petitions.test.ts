// The citizen's path through the public API against a real PostgreSQL: filing, the query code,
// tracking, supplements, idempotency, filings written together in one batch, every validation rule,
// and uniform answers for unknown codes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { batchCounts } from '../services/register-batch.ts';
import { sampleFiling, testEnv, type TestEnv } from './harness.ts';

let env: TestEnv;
before(async () => {
  env = await testEnv();
});
after(() => env.close());

describe('a citizen files a letter and follows it', () => {
  test('filing answers 201 with a case number, a query code and the acceptance due date', async () => {
    const r = await env.call('POST', '/api/public/petitions', sampleFiling());
    assert.equal(r.status, 201);
    assert.match(r.body.caseNo, /^\d{4}-\d{6}$/);
    assert.match(r.body.queryCode, /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{5}$/);
    assert.ok(!/[01OIL]/.test(r.body.queryCode));
    assert.ok(Date.parse(r.body.acceptDueAt) > Date.parse(r.body.registeredAt) + 14 * 86400_000);

    const t = await env.call('POST', '/api/public/track', { queryCode: r.body.queryCode });
    assert.equal(t.status, 200);
    assert.equal(t.body.caseNo, r.body.caseNo);
    assert.equal(t.body.status, 'registered');
    assert.equal(t.body.statusLabel, '已登记，等待受理审查');
    assert.deepEqual(t.body.events.map((e: { type: string }) => e.type), ['register']);
    assert.equal(t.body.dueAt, r.body.acceptDueAt);
    assert.equal(t.body.canRate, false);
    assert.equal(t.body.canRequestReview, false);
    assert.equal(t.body.reply, undefined);
  });

  test('the query code works in lower case, with spaces and without dashes', async () => {
    const r = await env.call('POST', '/api/public/petitions', sampleFiling());
    const sloppy = ' ' + r.body.queryCode.toLowerCase().replaceAll('-', ' ') + ' ';
    const t = await env.call('POST', '/api/public/track', { queryCode: sloppy });
    assert.equal(t.status, 200);
    assert.equal(t.body.caseNo, r.body.caseNo);
  });

  test('the code is stored only as a hash and the identity only sealed', async () => {
    const r = await env.call('POST', '/api/public/petitions', sampleFiling());
    const p = await env.deps.db.selectFrom('petitions').selectAll().where('case_no', '=', r.body.caseNo).executeTakeFirstOrThrow();
    const raw = r.body.queryCode.replaceAll('-', '');
    assert.ok(!JSON.stringify(p).includes(raw));
    assert.equal(p.query_code_hash.length, 32);
    const people = await env.deps.db.selectFrom('petitioners').selectAll().where('petition_id', '=', p.id).execute();
    assert.equal(people.length, 1);
    for (const field of [people[0].name_enc, people[0].phone_enc, people[0].id_number_enc, people[0].address_enc]) {
      assert.ok(field && !field.toString('utf8').includes('李大山') && !field.toString('utf8').includes('13912345678'));
    }
    assert.equal(env.deps.keys.open(people[0].name_enc), '李大山');
    assert.ok(people[0].phone_hash && people[0].id_number_hash);
  });

  test('registration writes the register event and the 15-day acceptance clock in the same transaction', async () => {
    const r = await env.call('POST', '/api/public/petitions', sampleFiling());
    const p = await env.deps.db.selectFrom('petitions').select('id').where('case_no', '=', r.body.caseNo).executeTakeFirstOrThrow();
    // Internal events (a repeat hint, say) may follow; the public registration is exactly one.
    const events = await env.deps.db.selectFrom('events').selectAll().where('petition_id', '=', p.id).where('visibility', '=', 'public').execute();
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'register');
    assert.equal(events[0].visibility, 'public');
    const clock = await env.deps.db.selectFrom('clocks').selectAll().where('petition_id', '=', p.id).executeTakeFirstOrThrow();
    assert.equal(clock.clock, 'accept');
    assert.equal(clock.due_at.toISOString(), r.body.acceptDueAt);
  });

  test('a joint letter keeps its cosigners (sealed) and counts the persons', async () => {
    const r = await env.call('POST', '/api/public/petitions', sampleFiling({ joint: true, cosigners: [{ name: '王二', phone: '13700001111' }, { name: '赵四' }] }));
    assert.equal(r.status, 201);
    const p = await env.deps.db.selectFrom('petitions').selectAll().where('case_no', '=', r.body.caseNo).executeTakeFirstOrThrow();
    assert.equal(p.joint, true);
    assert.equal(p.person_count, 3);
    const roles = await env.deps.db.selectFrom('petitioners').select('role').where('petition_id', '=', p.id).orderBy('ord').execute();
    assert.deepEqual(roles.map((x) => x.role), ['signer', 'cosigner', 'cosigner']);
  });

  test('an anonymous accusation is accepted without identity; the code is the only way back', async () => {
    const { petitioner: _omit, ...body } = sampleFiling({ purpose: 'accusation', categoryCode: 'discipline.official', anonymous: true });
    const r = await env.call('POST', '/api/public/petitions', body);
    assert.equal(r.status, 201);
    const p = await env.deps.db.selectFrom('petitions').selectAll().where('case_no', '=', r.body.caseNo).executeTakeFirstOrThrow();
    assert.equal(p.anonymous, true);
    const people = await env.deps.db.selectFrom('petitioners').select('id').where('petition_id', '=', p.id).execute();
    assert.equal(people.length, 0);
  });

  test('the citizen adds material and sees it in the public timeline', async () => {
    const r = await env.call('POST', '/api/public/petitions', sampleFiling());
    const s = await env.call('POST', '/api/public/track/supplement', { queryCode: r.body.queryCode, text: '补充：工资条复印件已找到。' });
    assert.equal(s.status, 201);
    const t = await env.call('POST', '/api/public/track', { queryCode: r.body.queryCode });
    assert.deepEqual(t.body.events.map((e: { type: string }) => e.type), ['register', 'supplement']);
    assert.equal(t.body.events[1].text, '补充：工资条复印件已找到。');
    assert.equal(t.body.events[1].label, '补充材料');
  });

  test('rating and review are refused before there is a reply', async () => {
    const r = await env.call('POST', '/api/public/petitions', sampleFiling());
    const rate = await env.call('POST', '/api/public/track/rating', { queryCode: r.body.queryCode, score: 'satisfied' });
    assert.equal(rate.status, 409);
    const review = await env.call('POST', '/api/public/track/review', { queryCode: r.body.queryCode, reason: '不服' });
    assert.equal(review.status, 409);
  });
});

describe('unknown query codes', () => {
  test('every unknown code gets the same 404 body', async () => {
    const bodies = [];
    for (const code of ['AAAA-BBBB-CCCCC', 'short', '0000-OOOO-11111', 'ABCD-EFGH-JKMNP', '💥'.repeat(10)]) {
      const r = await env.call('POST', '/api/public/track', { queryCode: code });
      assert.equal(r.status, 404);
      bodies.push(JSON.stringify(r.body));
    }
    assert.equal(new Set(bodies).size, 1);
    assert.equal(JSON.parse(bodies[0]).error.code, 'not_found');
    for (const path of ['/api/public/track/supplement', '/api/public/track/rating', '/api/public/track/review']) {
      const r = await env.call('POST', path, { queryCode: 'ABCD-EFGH-JKMNP', text: '补充', score: 'satisfied', reason: '不服' });
      assert.equal(r.status, 404);
      assert.equal(JSON.stringify(r.body), bodies[0]);
    }
  });
});

describe('idempotent filing', () => {
  test('the same key and body answer the same case and code; a different body is refused', async () => {
    const headers = { 'Idempotency-Key': 'draft-7f3a9c1e-0001' };
    const a = await env.call('POST', '/api/public/petitions', sampleFiling(), headers);
    const b = await env.call('POST', '/api/public/petitions', sampleFiling(), headers);
    assert.equal(a.status, 201);
    assert.equal(b.status, 200);
    assert.equal(b.body.caseNo, a.body.caseNo);
    assert.equal(b.body.queryCode, a.body.queryCode);
    const t = await env.call('POST', '/api/public/track', { queryCode: b.body.queryCode });
    assert.equal(t.body.caseNo, a.body.caseNo);
    const c = await env.call('POST', '/api/public/petitions', sampleFiling({ title: '另一件事' }), headers);
    assert.equal(c.status, 422);
    assert.equal(c.body.error.code, 'idempotency_key_reused');
  });

  test('a double click (concurrent requests with one key) files once', async () => {
    const headers = { 'Idempotency-Key': 'draft-double-click-0002' };
    const results = await Promise.all(Array.from({ length: 5 }, () => env.call('POST', '/api/public/petitions', sampleFiling({ title: '双击测试' }), headers)));
    assert.ok(results.every((r) => r.status === 201 || r.status === 200), JSON.stringify(results.map((r) => r.body)));
    assert.equal(new Set(results.map((r) => r.body.caseNo)).size, 1);
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    const n = await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', '双击测试').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
  });
});

describe('filings that arrive together are written together', () => {
  test('each keeps its own case, code, identities, event and clock', async () => {
    const before = batchCounts(env.deps.pool);
    type Filing = Record<string, unknown> & { title: string; anonymous?: boolean; petitioner?: { name: string; phone: string }; cosigners?: Array<{ name: string }> };
    const filings = Array.from({ length: 24 }, (_, k): Filing =>
      k % 6 === 5
        ? sampleFiling({ purpose: 'accusation', anonymous: true, petitioner: undefined, title: `同批匿名反映${k}` })
        : sampleFiling({
            title: `同批信访件${k}`,
            petitioner: { name: `申请人${k}`, phone: `139${String(10_000_000 + k)}`, address: `东城区${k}号` },
            ...(k % 4 === 1 ? { joint: true, cosigners: [{ name: `联名甲${k}` }, { name: `联名乙${k}`, phone: `137${String(20_000_000 + k)}` }] } : {}),
          }),
    );
    const answers = await Promise.all(filings.map((f) => env.call('POST', '/api/public/petitions', f)));
    assert.deepEqual(answers.map((r) => r.status), filings.map(() => 201), JSON.stringify(answers.map((r) => r.body)));
    assert.equal(new Set(answers.map((r) => r.body.caseNo)).size, filings.length);
    assert.equal(new Set(answers.map((r) => r.body.queryCode)).size, filings.length);
    const after = batchCounts(env.deps.pool);
    assert.ok(after.statements > before.statements && after.batched - before.batched >= 2, `no batch was formed: ${JSON.stringify({ before, after })}`);

    for (const [k, f] of filings.entries()) {
      const r = answers[k];
      const t = await env.call('POST', '/api/public/track', { queryCode: r.body.queryCode });
      assert.equal(t.body.caseNo, r.body.caseNo);
      const p = await env.deps.db.selectFrom('petitions').selectAll().where('case_no', '=', r.body.caseNo).executeTakeFirstOrThrow();
      assert.equal(p.title, f.title);
      assert.equal(p.anonymous, f.anonymous === true);
      const people = await env.deps.db.selectFrom('petitioners').selectAll().where('petition_id', '=', p.id).orderBy('ord').execute();
      const names = people.map((x) => env.deps.keys.open(x.name_enc));
      const expected = f.anonymous ? [] : [f.petitioner!.name, ...(f.cosigners ?? []).map((c) => c.name)];
      assert.deepEqual(names, expected, `identities of ${r.body.caseNo}`);
      assert.equal(p.person_count, Math.max(1, expected.length));
      if (!f.anonymous) assert.ok(people[0].phone_hash?.equals(env.deps.keys.matchHash('phone', f.petitioner!.phone)));
      const events = await env.deps.db.selectFrom('events').select('type').where('petition_id', '=', p.id).where('visibility', '=', 'public').execute();
      assert.deepEqual(events.map((e) => e.type), ['register']);
      const clock = await env.deps.db.selectFrom('clocks').selectAll().where('petition_id', '=', p.id).executeTakeFirstOrThrow();
      assert.equal(clock.clock, 'accept');
      assert.equal(clock.due_at.toISOString(), r.body.acceptDueAt);
      assert.equal(p.next_due_at?.toISOString(), r.body.acceptDueAt);
    }
  });

  test('one filing that cannot be written with the others does not take them down', async () => {
    const before = batchCounts(env.deps.pool);
    const key = { 'Idempotency-Key': 'draft-batch-repeat-0003' };
    const sends = Array.from({ length: 12 }, (_, k) =>
      k % 4 === 0
        ? env.call('POST', '/api/public/petitions', sampleFiling({ title: '同批重复提交' }), key)
        : env.call('POST', '/api/public/petitions', sampleFiling({ title: `同批其他信访件${k}` })),
    );
    const answers = await Promise.all(sends);
    const repeats = answers.filter((_, k) => k % 4 === 0);
    const others = answers.filter((_, k) => k % 4 !== 0);
    assert.deepEqual(others.map((r) => r.status), others.map(() => 201));
    assert.equal(new Set(others.map((r) => r.body.caseNo)).size, others.length);
    assert.deepEqual(repeats.map((r) => r.status).sort(), [200, 200, 201]);
    assert.equal(new Set(repeats.map((r) => r.body.caseNo)).size, 1);
    const n = await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', '同批重复提交').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
    const after = batchCounts(env.deps.pool);
    assert.ok(after.fallbacks > before.fallbacks, `the repeated key never met another filing in a batch: ${JSON.stringify({ before, after })}`);
  });
});

describe('validation names every bad field in Chinese', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['missing content', { content: '' }, 'content', /请填写信访内容/],
    ['content over 10,000 characters', { content: '字'.repeat(10_001) }, 'content', /不能超过 10000 个字/],
    ['bad phone', { petitioner: { name: '李大山', phone: '12345' } }, 'petitioner.phone', /联系电话格式不正确/],
    ['bad ID number checksum', { petitioner: { name: '李大山', phone: '13912345678', idNumber: '110105194912310021' } }, 'petitioner.idNumber', /身份证号码不正确/],
    ['unknown category', { categoryCode: 'nope.nothing' }, 'categoryCode', /内容分类不存在/],
    ['a joint letter without cosigners', { joint: true, cosigners: [] }, 'cosigners', /至少填写一位联名人/],
    ['no identity and not anonymous', { petitioner: undefined }, 'petitioner', /请填写信访人信息/],
    ['a joint letter cannot be anonymous', { joint: true, anonymous: true, cosigners: [{ name: '王二' }] }, 'anonymous', /不能匿名/],
    ['unknown purpose', { purpose: 'complain' }, 'purpose', /请选择信访目的/],
    ['title too long', { title: '题'.repeat(101) }, 'title', /标题不能超过 100 个字/],
    ['bad cosigner phone', { joint: true, cosigners: [{ name: '王二', phone: 'abc' }] }, 'cosigners.0.phone', /联名人电话格式不正确/],
    ['unknown attachment', { attachmentIds: ['00000000-0000-4000-8000-000000000000'] }, 'attachmentIds', /附件不存在/],
  ];
  for (const [name, over, field, message] of cases) {
    test(name, async () => {
      const before = await countPetitions();
      const r = await env.call('POST', '/api/public/petitions', sampleFiling(over));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'invalid_input');
      assert.match(r.body.error.fields[field], message, JSON.stringify(r.body.error.fields));
      assert.equal(await countPetitions(), before, 'nothing half-written');
    });
  }

  test('several mistakes are reported together, cross-field rules included', async () => {
    const r = await env.call('POST', '/api/public/petitions', { purpose: 'demand', title: '', content: '', joint: true });
    assert.equal(r.status, 400);
    for (const f of ['categoryCode', 'title', 'content', 'petitioner', 'cosigners']) assert.ok(r.body.error.fields[f], f);
  });

  test('malformed JSON is a 400, not a stack trace', async () => {
    const r = await env.call('POST', '/api/public/petitions', '{"purpose": ');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.message, '请求内容不是有效的 JSON');
  });

  async function countPetitions() {
    const r = await env.deps.db.selectFrom('petitions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
});

describe('health and the API document', () => {
  test('health answers while the process lives; ready when the database does', async () => {
    const r = await env.call('GET', '/api/health');
    assert.deepEqual([r.status, r.body], [200, { ok: true }]);
    const ready = await env.call('GET', '/api/ready');
    assert.deepEqual([ready.status, ready.body], [200, { ok: true, database: true, migrations: true, stopping: false }]);
  });
  test('the OpenAPI document lists the public endpoints with their schemas', async () => {
    const r = await env.call('GET', '/api/openapi.json');
    assert.equal(r.status, 200);
    assert.match(r.body.openapi, /^3\./);
    for (const p of ['/api/public/petitions', '/api/public/track', '/api/public/uploads', '/api/public/categories', '/api/public/track/supplement']) assert.ok(r.body.paths[p], p);
    const body = r.body.paths['/api/public/petitions'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(body.properties.purpose.enum, ['suggestion', 'accusation', 'appeal', 'demand', 'inquiry']);
  });
  test('categories come as a tree', async () => {
    const r = await env.call('GET', '/api/public/categories');
    const labor = r.body.items.find((c: { code: string }) => c.code === 'labor');
    assert.equal(labor.name, '劳动和社会保障');
    assert.ok(labor.children.some((c: { code: string }) => c.code === 'labor.wages'));
  });
});

describe('case numbers', () => {
  test('a year’s millionth case gets its own number (six digits at least, never cut)', async () => {
    const first = await env.call('POST', '/api/public/petitions', sampleFiling());
    const year = first.body.caseNo.slice(0, 4);
    await env.deps.pool.query(`SELECT setval('case_no_seq_${year}', 999998)`);
    const a = await env.call('POST', '/api/public/petitions', sampleFiling({ title: '第九十九万九千九百九十九件' }));
    const b = await env.call('POST', '/api/public/petitions', sampleFiling({ title: '第一百万件' }));
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(a.body.caseNo, `${year}-999999`);
    assert.equal(b.body.caseNo, `${year}-1000000`);
    const t = await env.call('POST', '/api/public/track', { queryCode: b.body.queryCode });
    assert.equal(t.body.caseNo, `${year}-1000000`);
  });
});
