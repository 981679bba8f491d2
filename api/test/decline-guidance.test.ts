// A decline tells the citizen where to turn: the public timeline carries the reason, the clerk's
// guidance and the path of the matching guidance page, and that page is live on the portal.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DECLINE_REASON_GUIDANCE } from '../contract/content-vocab.ts';
import type { TestEnv } from './harness.ts';
import { reach } from './case-flow.ts';
import { mustAct, staffEnv, team, type Team } from './staff-helpers.ts';
import { loadStarterContent } from '../content/starter.ts';

let env: TestEnv;
let t: Team;
before(async () => {
  env = await staffEnv();
  await loadStarterContent(env.deps, () => {});
  t = await team(env);
});
after(() => env.close());

test('a declined case points the citizen to the guidance for its reason', async () => {
  const c = await reach(env, t, 'registered');
  await mustAct(t.clerk, c.caseNo, { action: 'decline', reasonCode: 'legal_route', guidance: '劳动争议请先向劳动人事争议仲裁委员会申请仲裁，仲裁时效期间为一年。' });
  const track = await env.call('POST', '/api/public/track', { queryCode: c.queryCode });
  const decline = track.body.events.find((e: { type: string }) => e.type === 'decline');
  assert.match(decline.text, /应当通过诉讼、仲裁、行政复议等法定途径解决/);
  assert.match(decline.text, /劳动人事争议仲裁委员会/);
  assert.ok(decline.text.includes(DECLINE_REASON_GUIDANCE.legal_route));
  const page = await env.app.request(DECLINE_REASON_GUIDANCE.legal_route);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<h1[^>]*>/);
});
