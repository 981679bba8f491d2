// Statutory clocks through the verbs, on the real 2026 official calendar: the 5-working-day
// object window across the Spring Festival (make-up Saturdays 2026-02-14 and 2026-02-28 count),
// a calendar-day period ending on a holiday, extension, overdue derived at query time, and the
// clock job (reminder, overdue, objection refused, auto-close) writing each event exactly once,
// also with two processes' worth of Deps running it at the same moment on one database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { actionRequest, filePetitionSchema } from '../contract/schemas.ts';
import type { Deps, StaffSession } from '../context.ts';
import { openDatabase, openPool } from '../db/database.ts';
import { parseWith } from '../http/errors.ts';
import { runClockJob } from '../jobs/clock-job.ts';
import { caseDetail } from '../services/case-detail.ts';
import { listPetitions, listQuery } from '../services/case-list.ts';
import { actOnPetition } from '../verbs/act-on-petition.ts';
import { filePetition } from '../verbs/file-petition.ts';
import { sampleFiling, type TestEnv } from './harness.ts';
import { staffEnv, team, type Agent, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
let clock = Date.parse('2026-01-05T02:00:00Z');
/** Sets the clock to 10:00 China time on a China date, or to an exact instant. */
const at = (when: string) => {
  clock = when.length === 10 ? Date.parse(`${when}T02:00:00Z`) : Date.parse(when);
  return new Date(clock);
};

before(async () => {
  env = await staffEnv({ now: () => new Date(clock) });
  t = await team(env);
});
after(() => env.close());

const as = (a: Agent): StaffSession => ({
  sessionId: '00',
  userId: a.user.id,
  username: a.user.username,
  displayName: a.user.username,
  role: a.user.role,
  agencyId: a.user.agencyId,
  csrfToken: '',
  mustChangePassword: false,
  mustEnrolTotp: false,
});
const actNow = (a: Agent, caseNo: string, body: Record<string, unknown>) => actOnPetition(env.deps, as(a), caseNo, parseWith(actionRequest, body));
async function file(receivedAt?: Date) {
  const input = parseWith(filePetitionSchema, sampleFiling());
  return filePetition(env.deps, { kind: 'citizen' }, { ...input, channel: 'letter', receivedAt });
}
type ClockView = { clock: string; dueDate: string; daysLeft: number; overdue: boolean; stopped: boolean };
const clockOf = (d: { clocks: ClockView[] }, name: string): ClockView => {
  const c = d.clocks.find((k) => k.clock === name);
  assert.ok(c, `no ${name} clock`);
  return c;
};
async function assigned(on: string) {
  at(on);
  const c = await file();
  await actNow(t.clerk, c.caseNo, { action: 'accept', scope: 'government' });
  return { ...c, detail: await actNow(t.clerk, c.caseNo, { action: 'route', mode: 'assign', agencyId: t.agencyId }) };
}

test('object window: 5 working days across the 2026 Spring Festival, make-up Saturday counted', async () => {
  // Assigned Wed 2026-02-11: Thu 12 (1), Fri 13 (2), Sat 14 make-up (3), 15–23 holiday, Tue 24 (4), Wed 25 (5).
  const a = await assigned('2026-02-11');
  assert.equal(clockOf(a.detail, 'object').dueDate, '2026-02-25');
  at('2026-02-13');
  assert.equal(clockOf(await caseDetail(env.deps, as(t.agency), a.caseNo), 'object').daysLeft, 3);
  at('2026-02-25T15:30:00Z'); // 23:30 on the due date in China: still in time
  const ok = await actNow(t.agency, a.caseNo, { action: 'object', reason: '不属于本单位职责' });
  assert.equal(ok.petition.objectionPending, true, 'in time: the objection waits for the office');

  const b = await assigned('2026-02-11');
  at('2026-02-25T16:00:00Z'); // midnight: the window has closed
  await assert.rejects(actNow(t.agency, b.caseNo, { action: 'object', reason: '太晚了' }), (e: { status?: number; code?: string }) => e.status === 409 && e.code === 'object_window_closed');
});

test('a 5-working-day window that ends on the make-up Saturday 2026-02-28', async () => {
  // Assigned Fri 2026-02-20 (holiday): Tue 24 (1), 25 (2), 26 (3), 27 (4), Sat 28 make-up (5).
  const a = await assigned('2026-02-20');
  assert.equal(clockOf(a.detail, 'object').dueDate, '2026-02-28');
});

test('a calendar-day period ending on a holiday ends on the next working day', async () => {
  // Received 2026-02-01: 15 days → 2026-02-16, a Spring Festival holiday → Tue 2026-02-24.
  at('2026-02-02');
  const c = await file(new Date('2026-02-01T03:00:00Z'));
  assert.equal(c.acceptDueAt, new Date('2026-02-24T16:00:00Z').toISOString());
  // Accepted 2025-12-25: 60 days → 2026-02-23 (holiday) → 2026-02-24.
  at('2025-12-25');
  const h = await file();
  const d = await actNow(t.clerk, h.caseNo, { action: 'accept', scope: 'own' });
  assert.equal(clockOf(d, 'handle').dueDate, '2026-02-24');
});

test('extension counts from the original last day, not from the day a holiday moved it to (条例 art. 34)', async () => {
  at('2025-12-25');
  const c = await file();
  await actNow(t.clerk, c.caseNo, { action: 'accept', scope: 'own' });
  await actNow(t.clerk, c.caseNo, { action: 'route', mode: 'self' });
  // 60 days from 2025-12-25 end on 2026-02-23 (a Spring Festival holiday), so the due date is Tue
  // 2026-02-24; 25 more days count from 02-23: Fri 2026-03-20 (from the moved date it would be
  // Sat 03-21 → Mon 03-23, three days more than the law gives).
  const d = await actNow(t.leader, c.caseNo, { action: 'extend', days: 25, reason: '需要补充调查' });
  assert.equal(clockOf(d, 'handle').dueDate, '2026-03-20');
  assert.equal(d.events.at(-1)?.data.fromDate, '2026-02-24');
  // An extended end on a weekend still moves to the next working day: 02-23 + 26 = Sat 03-21 → Mon 03-23.
  at('2025-12-25');
  const e = await file();
  await actNow(t.clerk, e.caseNo, { action: 'accept', scope: 'own' });
  await actNow(t.clerk, e.caseNo, { action: 'route', mode: 'self' });
  assert.equal(clockOf(await actNow(t.leader, e.caseNo, { action: 'extend', days: 26, reason: '需要补充调查' }), 'handle').dueDate, '2026-03-23');
});

test('extension is refused once the handling period has run out', async () => {
  at('2025-12-25');
  const c = await file();
  await actNow(t.clerk, c.caseNo, { action: 'accept', scope: 'own' });
  await actNow(t.clerk, c.caseNo, { action: 'route', mode: 'self' });
  at('2026-02-25'); // the due date 2026-02-24 has passed
  await assert.rejects(actNow(t.leader, c.caseNo, { action: 'extend', days: 10, reason: '来不及了' }), (e: { status?: number; code?: string }) => e.status === 409 && e.code === 'deadline_passed');
  const d = await caseDetail(env.deps, as(t.clerk), c.caseNo);
  assert.equal(d.petition.extendedDays, 0);
  assert.equal(clockOf(d, 'handle').dueDate, '2026-02-24');
});

test('overdue is derived from the clock and the time of the query, with no job run', async () => {
  at('2025-12-26');
  const c = await file();
  await actNow(t.clerk, c.caseNo, { action: 'accept', scope: 'own' }); // handle due 2026-02-24
  await actNow(t.clerk, c.caseNo, { action: 'route', mode: 'self' }); // the routing clock stops
  const overdueNow = async () => (await listPetitions(env.deps, as(t.clerk), parseWith(listQuery, { overdue: '1' }))).items.map((i) => i.caseNo);
  at('2026-02-24T15:59:00Z');
  assert.ok(!(await overdueNow()).includes(c.caseNo));
  assert.equal(clockOf(await caseDetail(env.deps, as(t.clerk), c.caseNo), 'handle').overdue, false);
  at('2026-02-25');
  assert.ok((await overdueNow()).includes(c.caseNo));
  const d = await caseDetail(env.deps, as(t.clerk), c.caseNo);
  assert.equal(clockOf(d, 'handle').overdue, true);
  assert.equal(clockOf(d, 'handle').daysLeft, -1);
  assert.equal(d.events.filter((e) => e.type === 'clock_overdue').length, 0);
});

const count = async (caseNo: string, type: string) =>
  Number(
    (await env.deps.db
      .selectFrom('events as e')
      .innerJoin('petitions as p', 'p.id', 'e.petition_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.case_no', '=', caseNo)
      .where('e.type', '=', type)
      .executeTakeFirstOrThrow()).n,
  );

test('the clock job reminds 3 working days before the handle due date, then notes overdue, once each', async () => {
  at('2025-12-25');
  const c = await file();
  await actNow(t.clerk, c.caseNo, { action: 'accept', scope: 'own' }); // handle due Tue 2026-02-24
  await actNow(t.clerk, c.caseNo, { action: 'route', mode: 'self' });
  // 3 working days before: Sat 14 (make-up) is 1, Fri 13 is 2, Thu 12 is 3.
  await runClockJob(env.deps, at('2026-02-11'));
  assert.equal(await count(c.caseNo, 'clock_reminder'), 0);
  await runClockJob(env.deps, at('2026-02-12'));
  await runClockJob(env.deps, at('2026-02-13'));
  assert.equal(await count(c.caseNo, 'clock_reminder'), 1);
  await runClockJob(env.deps, at('2026-02-25'));
  await runClockJob(env.deps, at('2026-02-26'));
  assert.equal(await count(c.caseNo, 'clock_overdue'), 1);
  const d = await caseDetail(env.deps, as(t.clerk), c.caseNo);
  const overdue = d.events.find((e) => e.type === 'clock_overdue')!;
  assert.equal(overdue.visibility, 'internal');
  assert.deepEqual(overdue.data, { clock: 'handle', dueDate: '2026-02-24' });
});

test('the clock job refuses a late objection and closes a replied case when the review window ends', async () => {
  const a = await assigned('2026-02-11');
  const r = await runClockJob(env.deps, at('2026-02-26'));
  assert.ok(r.objectRefused >= 1);
  assert.equal(await count(a.caseNo, 'object_refused'), 1);
  await assert.rejects(actNow(t.agency, a.caseNo, { action: 'object', reason: 'x' }), (e: { code?: string }) => e.code === 'object_window_closed');

  at('2026-03-02');
  const c = await file();
  await actNow(t.clerk, c.caseNo, { action: 'accept', scope: 'own' });
  await actNow(t.clerk, c.caseNo, { action: 'route', mode: 'self' });
  const replied = await actNow(t.clerk, c.caseNo, { action: 'reply', text: '答复' });
  assert.equal(clockOf(replied, 'review_window').dueDate, '2026-04-01');
  await runClockJob(env.deps, at('2026-04-01'));
  assert.equal((await caseDetail(env.deps, as(t.clerk), c.caseNo)).petition.status, 'replied');
  await runClockJob(env.deps, at('2026-04-02'));
  await runClockJob(env.deps, at('2026-04-03'));
  const closed = await caseDetail(env.deps, as(t.clerk), c.caseNo);
  assert.equal(closed.petition.status, 'closed');
  assert.equal(closed.events.filter((e) => e.type === 'auto_close').length, 1);
  const track = await env.call('POST', '/api/public/track', { queryCode: c.queryCode });
  assert.equal(track.body.status, 'closed');
  assert.equal(track.body.events.at(-1).type, 'auto_close');
});

test('two processes running the clock job at once write each reminder and overdue event once', async () => {
  at('2025-12-29'); // handle due Fri 2026-02-27; reminder from Tue 2026-02-24
  const cases: string[] = [];
  for (let i = 0; i < 12; i++) {
    const c = await file();
    await actNow(t.clerk, c.caseNo, { action: 'accept', scope: 'own' });
    await actNow(t.clerk, c.caseNo, { action: 'route', mode: 'self' });
    cases.push(c.caseNo);
  }
  const pool2 = openPool(env.url, 5);
  const other: Deps = { ...env.deps, pool: pool2, db: openDatabase(pool2) };
  try {
    for (const day of ['2026-02-24', '2026-02-28']) {
      const now = at(day);
      await Promise.all([runClockJob(env.deps, now), runClockJob(other, now), runClockJob(env.deps, now), runClockJob(other, now)]);
    }
  } finally {
    await pool2.end();
  }
  for (const caseNo of cases) {
    assert.equal(await count(caseNo, 'clock_reminder'), 1, caseNo);
    assert.equal(await count(caseNo, 'clock_overdue'), 1, caseNo);
  }
});
