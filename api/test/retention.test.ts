// Retention (DESIGN §5): a closed case older than the retention period is anonymised — no
// identity, files or free text remain — while a recent one and open cases are untouched, and the
// citizen's code still answers with the case's bare facts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { anonymiseClosed } from '../jobs/anonymise-closed.ts';
import type { TestEnv } from './harness.ts';
import { reach } from './case-flow.ts';
import { mustAct, staffEnv, team, type Team } from './staff-helpers.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  t = await team(env);
});
after(() => env.close());

const idOf = async (caseNo: string) =>
  (await env.deps.db.selectFrom('petitions').select('id').where('case_no', '=', caseNo).executeTakeFirstOrThrow()).id;

test('closed cases past the retention period lose everything personal; others stay whole', async () => {
  const old = await reach(env, t, 'registered');
  await mustAct(t.clerk, old.caseNo, { action: 'decline', reasonCode: 'legal_route', guidance: '请李大山在三年诉讼时效内向人民法院起诉。' });
  const open = await reach(env, t, 'handling');
  const oldId = await idOf(old.caseNo);
  const openId = await idOf(open.caseNo);

  const r = await t.admin.call('PUT', '/api/staff/settings/retention', { days: 365 });
  assert.equal(r.status, 200);
  assert.equal((await t.admin.call('PUT', '/api/staff/settings/retention', { days: 3 })).status, 400);

  assert.equal(await anonymiseClosed(env.deps, new Date(Date.now() + 100 * 86_400_000)), 0, 'not yet: inside the period');
  const later = new Date(Date.now() + 400 * 86_400_000);
  assert.ok((await anonymiseClosed(env.deps, later)) >= 1);
  assert.equal(await anonymiseClosed(env.deps, later), 0, 'a second run changes nothing');

  const p = await env.deps.db.selectFrom('petitions').selectAll().where('id', '=', oldId).executeTakeFirstOrThrow();
  assert.ok(p.anonymised_at);
  assert.ok(!p.content.includes('工资') && !p.title.includes('工资'));
  assert.equal(p.place, null);
  assert.equal(p.status, 'declined', 'the facts the statistics need remain');
  const people = await env.deps.db.selectFrom('petitioners').select('id').where('petition_id', '=', oldId).execute();
  assert.equal(people.length, 0);
  const events = await env.deps.db.selectFrom('events').selectAll().where('petition_id', '=', oldId).execute();
  assert.ok(events.every((e) => !(e.public_text ?? '').includes('李大山') && !JSON.stringify(e.data).includes('李大山')));
  assert.ok(events.some((e) => e.type === 'anonymise' && e.visibility === 'internal'));

  const track = await env.call('POST', '/api/public/track', { queryCode: old.queryCode });
  assert.equal(track.status, 200);
  assert.equal(track.body.status, 'declined');

  const untouched = await env.deps.db.selectFrom('petitions').select(['anonymised_at', 'content']).where('id', '=', openId).executeTakeFirstOrThrow();
  assert.equal(untouched.anonymised_at, null);
  assert.equal((await env.deps.db.selectFrom('petitioners').select('id').where('petition_id', '=', openId).execute()).length, 1);
});
