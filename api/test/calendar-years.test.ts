// The calendar for every year (issue 13): a year without the State Council's schedule is
// provisional, its statutory holidays computed by the 2024 rules — so December 2026's clocks that
// reach into 2027 rest on 元旦 and 春节 — and the console warns admins and leaders from 1 November;
// importing the official schedule replaces the year and counts running clocks again, each move an
// event on its case. Through HTTP on a fresh install, with a fake clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runClockJob } from '../jobs/clock-job.ts';
import { invalidateClockRules } from '../services/clocks.ts';
import type { TestEnv } from './harness.ts';
import { fileOnline, staffEnv, team, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
let clock = Date.parse('2026-12-17T02:00:00Z');
const on = async (date: string) => {
  clock = Date.parse(`${date}T02:00:00Z`);
  await env.deps.db.updateTable('sessions').set({ created_at: new Date(clock), last_seen_at: new Date(clock) }).execute();
};

before(async () => {
  env = await staffEnv({ now: () => new Date(clock) });
  t = await team(env);
});
after(() => env.close());

const STATUTORY_2027 = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'];

// A made-up official schedule for 2027 in the State Council's usual shape (test data, not the
// real one): every statutory day, the bridging days off and two make-up working days.
const OFFICIAL_2027 = [
  'date,kind,name',
  ...['01-01', '01-02', '01-03'].map((d) => `2027-${d},holiday,元旦`),
  ...['02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '02-12'].map((d) => `2027-${d},holiday,春节`),
  '2027-02-20,workday,春节调休上班',
  ...['04-03', '04-04', '04-05'].map((d) => `2027-${d},holiday,清明节`),
  ...['05-01', '05-02', '05-03', '05-04', '05-05'].map((d) => `2027-${d},holiday,劳动节`),
  '2027-04-25,workday,劳动节调休上班',
  ...['06-09', '06-10', '06-11'].map((d) => `2027-${d},holiday,端午节`),
  ...['09-15', '09-16', '09-17'].map((d) => `2027-${d},holiday,中秋节`),
  ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'].map((d) => `2027-${d},holiday,国庆节`),
].join('\n');

test('GET /api/staff/calendar?year=2027 on a fresh install: the 2027 statutory holidays, non-working, provisional', async () => {
  const r = await t.admin.call('GET', '/api/staff/calendar?year=2027');
  assert.equal(r.status, 200);
  assert.equal(r.body.provisional, true);
  assert.match(r.body.note, /2027 年尚未导入/);
  assert.deepEqual(r.body.items.map((d: { date: string }) => d.date), STATUTORY_2027);
  assert.ok(r.body.items.every((d: { kind: string; source: string }) => d.kind === 'holiday' && d.source === 'computed'));
  assert.deepEqual(r.body.items.filter((d: { name: string }) => d.name === '春节').map((d: { date: string }) => d.date), ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
  const y2026 = await t.admin.call('GET', '/api/staff/calendar?year=2026');
  assert.equal(y2026.body.provisional, false);
  assert.ok(y2026.body.items.some((d: { date: string; kind: string; source: string }) => d.date === '2026-02-14' && d.kind === 'workday' && d.source === 'official'));
  assert.equal((await t.admin.call('GET', '/api/staff/calendar?year=2035')).body.provisional, true);
});

test('December 2026: clocks that reach into 2027 rest on 元旦 and 春节', async () => {
  await on('2026-12-17');
  const a = await fileOnline(env); // 15 days → Fri 2027-01-01 元旦 → Sat, Sun → Mon 01-04
  assert.equal(a.acceptDueAt, '2027-01-04T16:00:00.000Z');
  await on('2027-01-21');
  const b = await fileOnline(env); // → 02-05 除夕 … 02-08 初三 (Mon) → Tue 02-09
  assert.equal(b.acceptDueAt, '2027-02-09T16:00:00.000Z');
});

test('from 1 November the console warns admins and leaders until the next year is imported; then the import replaces it and moves running clocks', async () => {
  const status = async (who: typeof t.admin) => (await who.call('GET', '/api/staff/calendar/status')).body;
  await on('2026-10-31');
  assert.equal((await status(t.admin)).warning, null);
  await on('2026-11-01');
  const w = await status(t.admin);
  assert.equal(w.warning.year, 2027);
  assert.match(w.warning.message, /2027 年的国务院放假安排尚未导入/);
  assert.deepEqual(w.years, [{ year: 2026, provisional: false }, { year: 2027, provisional: true }]);
  assert.equal((await status(t.leader)).warning.year, 2027);
  assert.equal((await status(t.clerk)).warning, null, 'only admins and leaders see the banner');
  assert.equal((await status(t.agency)).warning, null);

  // A running clock counted on the provisional year: due Tue 2027-02-09.
  await on('2027-01-21');
  const c = await fileOnline(env);
  assert.equal(c.acceptDueAt, '2027-02-09T16:00:00.000Z');
  await on('2026-12-20');

  const partial = await t.admin.call('POST', '/api/staff/calendar/import', { csv: 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-10,workday,x\n' });
  assert.equal(partial.status, 400);
  assert.match(partial.body.error.message, /2027 年的安排缺少法定节假日：02-05（春节）/);

  const imp = await t.admin.call('POST', '/api/staff/calendar/import', { csv: OFFICIAL_2027 });
  assert.equal(imp.status, 200, JSON.stringify(imp.body));
  assert.deepEqual(imp.body.years, [2027]);
  assert.ok(imp.body.recounted >= 1);
  const year = (await t.admin.call('GET', '/api/staff/calendar?year=2027')).body;
  assert.equal(year.provisional, false);
  assert.ok(year.items.some((d: { date: string; kind: string }) => d.date === '2027-02-20' && d.kind === 'workday'));
  assert.ok(year.items.every((d: { source: string }) => d.source === 'official'));
  const d = (await t.clerk.call('GET', `/api/staff/petitions/${c.caseNo}`)).body;
  assert.equal(d.clocks.find((k: { clock: string }) => k.clock === 'accept').dueDate, '2027-02-15', 'the official 春节 runs to 02-12, then a weekend');
  const moved = d.events.filter((e: { type: string }) => e.type === 'clock_recomputed');
  assert.equal(moved.length, 1);
  assert.deepEqual([moved[0].data.clock, moved[0].data.fromDate, moved[0].data.toDate], ['accept', '2027-02-09', '2027-02-15']);
  assert.equal(moved[0].visibility, 'internal');
  assert.equal((await status(t.admin)).warning, null, 'imported: no banner');
  // Importing the same schedule again moves nothing.
  assert.equal((await t.admin.call('POST', '/api/staff/calendar/import', { csv: OFFICIAL_2027 })).body.recounted, 0);
});

test('a calendar changed elsewhere (another process, a deploy) is caught up by the clock job, once', async () => {
  await on('2027-03-01');
  const c = await fileOnline(env); // 15 days → Tue 03-16
  assert.equal(c.acceptDueAt, '2027-03-16T16:00:00.000Z');
  await env.deps.db.insertInto('calendar_days').values({ day: '2027-03-16', kind: 'holiday', name: '测试：他处所设' }).execute();
  invalidateClockRules(env.deps.db);
  await runClockJob(env.deps);
  await runClockJob(env.deps);
  const d = (await t.clerk.call('GET', `/api/staff/petitions/${c.caseNo}`)).body;
  assert.equal(d.clocks.find((k: { clock: string }) => k.clock === 'accept').dueDate, '2027-03-17');
  assert.equal(d.events.filter((e: { type: string }) => e.type === 'clock_recomputed').length, 1);
});
