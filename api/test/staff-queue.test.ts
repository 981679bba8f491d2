// The work queue and registration through the HTTP API: a clerk registers a walk-in group visit
// and a back-dated letter; the queue is sorted by urgency and keyset-paged; every filter narrows
// it; an agency officer's queue and counts hold only their agency's cases; the leaders' overview
// counts by agency. Also the admin's reference-data endpoints that feed the clocks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { indexTitles } from '../services/title-search.ts';
import type { TestEnv } from './harness.ts';
import { reach } from './case-flow.ts';
import { fileOnline, mustAct, staffEnv, team, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  t = await team(env);
});
after(() => env.close());

const visit = (over: Record<string, unknown> = {}) => ({
  channel: 'visit',
  purpose: 'demand',
  categoryCode: 'rural.land',
  title: '村民集体反映征地补偿款未发放',
  content: '某村 2025 年征地，补偿款至今未发放到户。',
  petitioner: { name: '张大海', phone: '13700001111' },
  personCount: 12,
  cosigners: [{ name: '代表一' }, { name: '代表二', phone: '13700002222' }],
  ...over,
});

test('a clerk registers a walk-in group visit with its head count and representatives', async () => {
  const r = await t.clerk.call('POST', '/api/staff/petitions', visit());
  assert.equal(r.status, 201);
  assert.deepEqual(Object.keys(r.body).sort(), ['acceptDueAt', 'caseNo', 'queryCode', 'registeredAt']);
  const d = await t.clerk.call('GET', `/api/staff/petitions/${r.body.caseNo}`);
  assert.equal(d.body.petition.channel, 'visit');
  assert.equal(d.body.petition.personCount, 12);
  assert.deepEqual(d.body.petitioners.map((p: { role: string }) => p.role), ['signer', 'representative', 'representative']);
  assert.equal(d.body.events[0].type, 'register');
  assert.ok(d.body.events[0].actorName, 'the registering clerk is named');
  const six = Array.from({ length: 6 }, (_, i) => ({ name: `代表${i}` }));
  const tooMany = await t.clerk.call('POST', '/api/staff/petitions', visit({ cosigners: six }));
  assert.equal(tooMany.status, 400);
  assert.ok(tooMany.body.error.fields.cosigners);
});

test('a back-dated letter keeps the date it was received; its acceptance clock counts from it', async () => {
  const r = await t.clerk.call('POST', '/api/staff/petitions', visit({ channel: 'letter', personCount: undefined, cosigners: [], receivedAt: '2026-02-01T03:00:00Z' }));
  assert.equal(r.status, 201);
  assert.equal(r.body.acceptDueAt, '2026-02-24T16:00:00.000Z'); // 15 days → Feb 16, a holiday → Feb 24
  const d = await t.clerk.call('GET', `/api/staff/petitions/${r.body.caseNo}`);
  assert.equal(d.body.petition.receivedAt, '2026-02-01T03:00:00.000Z');
});

test('the queue is sorted by urgency and pages with an opaque cursor, without gaps or repeats', async () => {
  // Cases with explicit deadlines, oldest first in due order.
  for (let i = 0; i < 7; i++) await t.clerk.call('POST', '/api/staff/petitions', visit({ channel: 'letter', cosigners: [], receivedAt: new Date(Date.UTC(2026, 0, 1 + i * 3)).toISOString() }));
  const all = (await t.clerk.call('GET', '/api/staff/petitions?limit=100')).body.items;
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Array<{ caseNo: string }>; nextCursor: string | null } } = await t.clerk.call('GET', `/api/staff/petitions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= 3);
    seen.push(...page.body.items.map((i) => i.caseNo));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, all.map((i: { caseNo: string }) => i.caseNo));
  const dues = all.map((i: { nextDue: { dueAt: string } | null }) => i.nextDue?.dueAt ?? '9999');
  assert.deepEqual(dues, [...dues].sort(), 'earliest due first');
  // Each row's deadline is its earliest running staff clock (it comes with the page's rows).
  const { rows: clocks } = await env.deps.pool.query<{ case_no: string; clock: string; due_at: Date }>(
    `SELECT DISTINCT ON (p.id) p.case_no, c.clock, c.due_at FROM petitions p JOIN clocks c ON c.petition_id = p.id
      WHERE c.stopped_at IS NULL AND c.clock IN ('accept', 'route', 'ack', 'handle', 'feedback', 'review') ORDER BY p.id, c.due_at`,
  );
  const earliest = new Map(clocks.map((c) => [c.case_no, c]));
  for (const i of all as Array<{ caseNo: string; nextDue: { clock: string; label: string; dueAt: string; daysLeft: number } | null }>) {
    const c = earliest.get(i.caseNo);
    assert.equal(i.nextDue?.clock, c?.clock, i.caseNo);
    assert.equal(i.nextDue?.dueAt, c?.due_at.toISOString(), i.caseNo);
    if (i.nextDue) assert.ok(i.nextDue.label && Number.isInteger(i.nextDue.daysLeft), i.caseNo);
  }
  assert.equal((await t.clerk.call('GET', '/api/staff/petitions?cursor=garbage')).status, 400);
  assert.equal((await t.clerk.call('GET', '/api/staff/petitions?limit=101')).status, 400);
  const overdue = (await t.clerk.call('GET', '/api/staff/petitions?overdue=1')).body.items;
  assert.ok(overdue.length >= 7);
  assert.ok(overdue.every((i: { nextDue: { overdue: boolean } }) => i.nextDue.overdue));
});

test('filters: status list, category with its descendants, channel, purpose, agency, q, mine, supervised, dueWithin', async () => {
  const assigned = await reach(env, t, 'assigned', { categoryCode: 'labor.injury', purpose: 'appeal', title: '工伤认定不服申诉' });
  await mustAct(t.leader, assigned.caseNo, { action: 'supervise', kind: 'focused', note: '请抓紧' });
  const q = async (who: Team['clerk'], query: string) => (await who.call('GET', `/api/staff/petitions?${query}`)).body.items.map((i: { caseNo: string }) => i.caseNo) as string[];
  assert.ok((await q(t.clerk, 'status=assigned,feedback_received')).includes(assigned.caseNo));
  assert.ok(!(await q(t.clerk, 'status=registered')).includes(assigned.caseNo));
  assert.ok((await q(t.clerk, 'categoryCode=labor')).includes(assigned.caseNo));
  assert.ok(!(await q(t.clerk, 'categoryCode=rural')).includes(assigned.caseNo));
  assert.ok((await q(t.clerk, 'channel=online&purpose=appeal')).includes(assigned.caseNo));
  assert.ok(!(await q(t.clerk, 'channel=visit')).includes(assigned.caseNo));
  assert.ok((await q(t.clerk, `agencyId=${t.agencyId}`)).includes(assigned.caseNo));
  assert.deepEqual(await q(t.clerk, `q=${assigned.caseNo}`), [assigned.caseNo]);
  assert.ok((await q(t.clerk, `q=${encodeURIComponent('工伤认定')}`)).includes(assigned.caseNo));
  assert.ok((await q(t.leader, 'supervised=1')).includes(assigned.caseNo));
  assert.ok((await q(t.leader, 'mine=1')).includes(assigned.caseNo));
  assert.equal((await t.editor.call('GET', '/api/staff/petitions?mine=1')).status, 403);
  assert.ok((await q(t.clerk, 'dueWithin=20')).includes(assigned.caseNo)); // the 15-day ack clock
  assert.ok(!(await q(t.clerk, 'dueWithin=3')).includes(assigned.caseNo));
  assert.equal((await t.clerk.call('GET', '/api/staff/petitions?status=nonsense')).status, 400);
});

test('title search: bigram index with an exact check, one character, case, wildcards, a letter filed a moment ago', async () => {
  const q = async (query: string) => (await t.clerk.call('GET', `/api/staff/petitions?limit=100&q=${encodeURIComponent(query)}`)).body.items.map((i: { title: string }) => i.title) as string[];
  const titles = ['拆迁补偿款迟迟未到位', '补偿标准过低要求复核', 'ABC物业公司乱收费', '关于100%_退费的问题', '供暖不热'];
  for (const title of titles) await fileOnline(env, { title }); // searched at once: the scan has not run
  assert.deepEqual((await q('补偿')).filter((x) => titles.includes(x)).sort(), ['拆迁补偿款迟迟未到位', '补偿标准过低要求复核'].sort());
  assert.deepEqual((await q('补偿款')).filter((x) => titles.includes(x)), ['拆迁补偿款迟迟未到位'], 'every bigram must be there, in order: 偿款 alone is not enough');
  assert.deepEqual((await q('款补')).filter((x) => titles.includes(x)), [], 'bigrams present but not adjacent in this order');
  assert.deepEqual((await q('abc物业')).filter((x) => titles.includes(x)), ['ABC物业公司乱收费'], 'case does not matter');
  assert.deepEqual((await q('暖')).filter((x) => titles.includes(x)), ['供暖不热'], 'one character: a plain scan');
  assert.deepEqual((await q('%_')).filter((x) => titles.includes(x)), ['关于100%_退费的问题'], '% and _ are literal');
  assert.deepEqual(await q('0%'), ['关于100%_退费的问题']);
  const pending = await env.deps.db.selectFrom('petitions').select('id').where('scan_pending', '=', true).execute();
  assert.equal(pending.length, 0, 'the search settled the registrations it needed');
});

test('a search over several pages, with a category and several statuses: urgency order, no gaps, no repeats', async () => {
  const mine: string[] = [];
  for (let i = 0; i < 13; i++) {
    const c = await fileOnline(env, { title: `窨井盖缺失第${i}处`, categoryCode: i % 3 ? 'urban.housing' : 'rural.land' });
    if (i % 3) mine.push(c.caseNo);
    if (i % 4 === 0) await mustAct(t.clerk, c.caseNo, { action: 'accept', scope: 'own' });
  }
  const seen: Array<{ caseNo: string; due: string; received: string }> = [];
  let cursor = '';
  for (let n = 0; n < 10; n++) {
    const r = await t.clerk.call('GET', `/api/staff/petitions?limit=3&q=${encodeURIComponent('井盖')}&categoryCode=urban&status=registered,accepted${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    seen.push(...r.body.items.map((i: { caseNo: string; nextDue: { dueAt: string } | null; receivedAt: string }) => ({ caseNo: i.caseNo, due: i.nextDue?.dueAt ?? '9999', received: i.receivedAt })));
    if (!r.body.nextCursor) break;
    cursor = encodeURIComponent(r.body.nextCursor);
  }
  assert.deepEqual(seen.map((x) => x.caseNo).sort(), [...mine].sort(), 'every match once, none from the other category');
  for (let i = 1; i < seen.length; i++) {
    const [a, b] = [seen[i - 1], seen[i]];
    assert.ok(a.due < b.due || (a.due === b.due && a.received >= b.received), `${a.caseNo} before ${b.caseNo}`);
  }
});

test('a title search alone pages through the head of the queue: the same cases, in urgency order, as one long page', async () => {
  const mine: string[] = [];
  for (let i = 0; i < 8; i++) {
    const c = await fileOnline(env, { title: `路灯不亮第${i}处` });
    mine.push(c.caseNo);
    if (i % 3 === 0) await mustAct(t.clerk, c.caseNo, { action: 'accept', scope: 'own' });
  }
  const word = encodeURIComponent('路灯');
  const whole = (await t.clerk.call('GET', `/api/staff/petitions?limit=100&q=${word}`)).body.items.map((i: { caseNo: string }) => i.caseNo) as string[];
  assert.deepEqual([...whole].sort(), [...mine].sort());
  const paged: string[] = [];
  let cursor = '';
  for (let n = 0; n < 10; n++) {
    const r = await t.clerk.call('GET', `/api/staff/petitions?limit=3&q=${word}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    for (const i of r.body.items as Array<{ caseNo: string; title: string; categoryName: string }>) {
      assert.match(i.title, /路灯/);
      assert.ok(i.categoryName, 'page rows carry their names');
      paged.push(i.caseNo);
    }
    if (!r.body.nextCursor) break;
    cursor = encodeURIComponent(r.body.nextCursor);
  }
  assert.deepEqual(paged, whole, 'pages of three, in order, no gaps, no repeats');
  // The exact case number is found the same way.
  assert.deepEqual((await t.clerk.call('GET', `/api/staff/petitions?limit=1&q=${mine[5]}`)).body.items.map((i: { caseNo: string }) => i.caseNo), [mine[5]]);
});

test('an agency officer\'s queue and counts hold only their agency\'s cases', async () => {
  const mine = await reach(env, t, 'assigned');
  const theirs = await fileOnline(env);
  await mustAct(t.clerk, theirs.caseNo, { action: 'accept', scope: 'government' });
  await mustAct(t.clerk, theirs.caseNo, { action: 'route', mode: 'assign', agencyId: t.otherAgencyId });
  const items = (await t.agency.call('GET', '/api/staff/petitions?limit=100')).body.items;
  assert.ok(items.some((i: { caseNo: string }) => i.caseNo === mine.caseNo));
  assert.ok(items.every((i: { agencyId: string }) => i.agencyId === t.agencyId));
  // Asking for another agency's cases gives nothing, not theirs.
  assert.deepEqual((await t.agency.call('GET', `/api/staff/petitions?agencyId=${t.otherAgencyId}`)).body.items, []);
  const counts = (await t.agency.call('GET', '/api/staff/petitions/counts')).body;
  const total = Object.values(counts.byStatus as Record<string, number>).reduce((a, b) => a + b, 0);
  assert.equal(total, items.length);
  const clerkCounts = (await t.clerk.call('GET', '/api/staff/petitions/counts')).body;
  assert.ok(Object.values(clerkCounts.byStatus as Record<string, number>).reduce((a, b) => a + b, 0) > total);
  assert.equal(typeof clerkCounts.overdue, 'number');
  assert.equal(typeof clerkCounts.dueSoon, 'number');
  assert.ok(clerkCounts.mine > 0);
});

test('the leaders\' overview counts open, supervised and returned cases by agency', async () => {
  const c = await reach(env, t, 'feedback_received');
  await mustAct(t.clerk, c.caseNo, { action: 'return', reason: '请补充材料', dueAt: '2099-01-01T00:00:00Z' });
  await mustAct(t.leader, c.caseNo, { action: 'supervise', kind: 'tracking', note: '跟踪' });
  const items = (await t.leader.call('GET', '/api/staff/overview/agencies')).body.items;
  const row = items.find((i: { agencyId: string }) => i.agencyId === t.agencyId);
  assert.ok(row.open >= 1 && row.supervised >= 1 && row.returned >= 1);
  assert.deepEqual(Object.keys(row).sort(), ['agencyId', 'agencyName', 'open', 'overdue', 'returned', 'supervised']);
});

test('admin: clock settings apply to clocks started afterwards; calendar edits move due dates', async () => {
  const s = await t.admin.call('PUT', '/api/staff/settings/clocks', { accept: { days: 7, unit: 'calendar' } });
  assert.equal(s.status, 200);
  assert.deepEqual({ days: s.body.accept.days, unit: s.body.accept.unit }, { days: 7, unit: 'calendar' });
  assert.equal((await t.admin.call('PUT', '/api/staff/settings/clocks', { accept: { days: 0, unit: 'calendar' } })).status, 400);
  assert.equal((await t.admin.call('PUT', '/api/staff/settings/clocks', { bogus: { days: 3, unit: 'working' } })).status, 400);
  // Received Mon 2026-03-02: 7 days → Mon 2026-03-09; then make 03-09 a holiday → Tue 03-10.
  const r1 = await t.clerk.call('POST', '/api/staff/petitions', visit({ channel: 'letter', cosigners: [], receivedAt: '2026-03-02T02:00:00Z' }));
  assert.equal(r1.body.acceptDueAt, '2026-03-09T16:00:00.000Z');
  assert.equal((await t.admin.call('PUT', '/api/staff/calendar/2026-03-09', { kind: 'holiday', name: '测试假日' })).status, 200);
  const r2 = await t.clerk.call('POST', '/api/staff/petitions', visit({ channel: 'letter', cosigners: [], receivedAt: '2026-03-02T02:00:00Z' }));
  assert.equal(r2.body.acceptDueAt, '2026-03-10T16:00:00.000Z');
  // The running clock of the first case moved with the calendar, and its case says so.
  const moved = (await t.clerk.call('GET', `/api/staff/petitions/${r1.body.caseNo}`)).body;
  assert.equal(moved.clocks.find((c: { clock: string }) => c.clock === 'accept').dueDate, '2026-03-10');
  assert.deepEqual(moved.events.find((e: { type: string }) => e.type === 'clock_recomputed')?.data.toDate, '2026-03-10');
  await t.admin.call('PUT', '/api/staff/calendar/2026-03-09', { kind: 'normal' });
  const year = await t.admin.call('GET', '/api/staff/calendar?year=2026');
  assert.ok(!year.body.items.some((d: { date: string }) => d.date === '2026-03-09'));
  assert.ok(year.body.items.some((d: { date: string; kind: string }) => d.date === '2026-02-14' && d.kind === 'workday'));
  assert.equal((await t.admin.call('POST', '/api/staff/calendar/import', { csv: 'nope' })).status, 400);
  await t.admin.call('PUT', '/api/staff/settings/clocks', { accept: { days: 15, unit: 'calendar' } });
});

test('admin: users need an agency exactly when they are agency officers; categories stay a tree', async () => {
  const noAgency = await t.admin.call('POST', '/api/staff/users', { username: 'agency-x', password: 'long-enough-pass-1', role: 'agency' });
  assert.equal(noAgency.status, 400);
  const dup = await t.admin.call('POST', '/api/staff/users', { username: 'admin', password: 'long-enough-pass-1', role: 'clerk' });
  assert.equal(dup.status, 409);
  const list = await t.admin.call('GET', '/api/staff/users');
  assert.ok(list.body.items.every((u: Record<string, unknown>) => !('password_hash' in u) && !('passwordHash' in u)));
  assert.equal((await t.admin.call('PATCH', `/api/staff/users/${t.admin.user.id}`, { disabled: true })).status, 409);
  assert.equal((await t.admin.call('PATCH', '/api/staff/categories/labor', { parentCode: 'labor.wages' })).status, 400);
  const cat = await t.admin.call('POST', '/api/staff/categories', { code: 'labor.platform', parentCode: 'labor', name: '平台用工' });
  assert.equal(cat.status, 201);
  assert.equal((await t.admin.call('POST', '/api/staff/categories', { code: 'labor.platform', parentCode: 'labor', name: '重复' })).status, 409);
  const dupAgency = await t.admin.call('POST', '/api/staff/agencies', { name: '市公安局', kind: 'government' });
  assert.equal(dupAgency.status, 409);
});

test('an agency officer finds the cases returned to them (发还补办) with returned=1', async () => {
  const returned = await reach(env, t, 'feedback_received');
  const waiting = await reach(env, t, 'assigned');
  await mustAct(t.clerk, returned.caseNo, { action: 'return', reason: '未说明补偿款发放时间，请补充。', dueAt: '2027-01-15' });
  const r = await t.agency.call('GET', '/api/staff/petitions?returned=1&limit=100');
  assert.equal(r.status, 200);
  const nos = r.body.items.map((i: { caseNo: string }) => i.caseNo);
  assert.ok(nos.includes(returned.caseNo));
  assert.ok(!nos.includes(waiting.caseNo), 'an assigned case never returned is not listed');
});

test('a title search whose word is thin at the head of a long queue still pages in urgency order', async () => {
  // 2,400 cases more urgent than any other (copies of one letter): 5 of the first 2,000 and 20 of
  // the next 400 are about a bridge, so the head of 2,000 holds less than a page of them and the
  // search walks the queue further (api/services/case-list.ts searchInHead). Their registration
  // scan counts as done (no repeat links among the copies), their titles indexed as it would.
  const template = await fileOnline(env, { title: '模板来信' });
  const cols = (await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'petitions'
      AND column_name NOT IN ('id', 'case_no', 'query_code_hash', 'title', 'next_due_at', 'received_at', 'scan_pending')`.execute(env.deps.db)).rows.map((r) => r.c);
  const list = sql.join(cols.map((c) => sql.ref(c)));
  const bridge = new Set([100, 600, 1100, 1500, 1900, ...Array.from({ length: 20 }, (_, i) => 2000 + i * 20)]);
  const titles = Array.from({ length: 2400 }, (_, i) => (bridge.has(i) ? `桥梁裂缝第${i}处` : `普通来信第${i}件`));
  const ids = (await sql<{ id: number }>`INSERT INTO petitions (case_no, query_code_hash, title, next_due_at, received_at, scan_pending, ${list})
      SELECT 'T' || lpad(g::text, 6, '0'), sha256(('t' || g)::bytea), (${sql.val(titles)}::text[])[g + 1],
             timestamptz '2000-01-01' + g * interval '1 minute', timestamptz '1999-12-01', false, ${list}
      FROM petitions, generate_series(0, 2399) g WHERE case_no = ${template.caseNo} RETURNING id`.execute(env.deps.db)).rows.map((r) => Number(r.id));
  await indexTitles(env.deps.db, ids);
  try {
    const expected = [...bridge].sort((a, b) => a - b).map((g) => 'T' + String(g).padStart(6, '0'));
    const paged: string[] = [];
    let cursor = '';
    for (let n = 0; n < 5; n++) {
      const r = await t.clerk.call('GET', `/api/staff/petitions?limit=20&q=${encodeURIComponent('桥梁')}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200);
      paged.push(...r.body.items.map((i: { caseNo: string }) => i.caseNo));
      if (!r.body.nextCursor) break;
      cursor = encodeURIComponent(r.body.nextCursor);
    }
    assert.deepEqual(paged, expected, 'all 25, most urgent first, over two pages');
  } finally {
    await sql`DELETE FROM title_grams WHERE petition_id = ANY(${sql.val(ids)}::bigint[])`.execute(env.deps.db);
    await sql`DELETE FROM petitions WHERE id = ANY(${sql.val(ids)}::bigint[])`.execute(env.deps.db);
  }
});
