// Test support: takes a fresh case to any lifecycle state through the HTTP API (as the citizen,
// a clerk and the agency officer would), so action tests can start from every state.
import type { Status } from '../contract/enums.ts';
import type { TestEnv } from './harness.ts';
import { fileOnline, LEGAL_ROUTE_GUIDANCE, mustAct, type Team } from './staff-helpers.ts';

export type Case = { caseNo: string; queryCode: string };

export async function reach(env: TestEnv, t: Team, state: Status, over: Record<string, unknown> = {}): Promise<Case> {
  const c = await fileOnline(env, over);
  const go = (agent: Team['clerk'], body: Record<string, unknown>) => mustAct(agent, c.caseNo, body);
  if (state === 'registered') return c;
  if (state === 'declined') {
    await go(t.clerk, { action: 'decline', reasonCode: 'legal_route', guidance: LEGAL_ROUTE_GUIDANCE });
    return c;
  }
  if (state === 'merged') {
    const target = await fileOnline(env);
    await go(t.clerk, { action: 'merge', intoCaseNo: target.caseNo });
    return c;
  }
  await go(t.clerk, { action: 'accept', scope: 'government' });
  if (state === 'accepted') return c;
  if (state === 'forwarded') {
    await go(t.clerk, { action: 'route', mode: 'forward', agencyId: t.agencyId });
    return c;
  }
  if (state === 'assigned' || state === 'feedback_received') {
    await go(t.clerk, { action: 'route', mode: 'assign', agencyId: t.agencyId });
    if (state === 'feedback_received') await go(t.agency, { action: 'feedback', text: '已办理完毕。' });
    return c;
  }
  await go(t.clerk, { action: 'route', mode: 'self' });
  if (state === 'handling') return c;
  await go(t.clerk, { action: 'reply', text: '经核查，答复如下。' });
  if (state === 'replied') return c;
  if (state === 'closed') {
    // Not while the review window is open, unless the citizen waived review (条例 art. 35).
    await go(t.clerk, { action: 'waive_review', method: 'phone' });
    await go(t.clerk, { action: 'close' });
    return c;
  }
  const r = await env.call('POST', '/api/public/track/review', { queryCode: c.queryCode, reason: '对答复不服' });
  if (r.status !== 201) throw new Error(`review request → ${r.status} ${JSON.stringify(r.body)}`);
  if (state === 'review_requested') return c;
  await go(t.clerk, { action: 'accept_review' });
  if (state === 'reviewing') return c;
  throw new Error(`cannot reach ${state}`);
}

/** States in which the case is routed to the team's agency (so its officer can see it). */
export const ROUTED_TO_AGENCY: readonly Status[] = ['forwarded', 'assigned', 'feedback_received'];
