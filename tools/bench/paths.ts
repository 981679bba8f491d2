// The life of one seeded petition (issue 6 data set): declined, merged into an earlier case, or
// accepted, routed (self / forward / assign, sometimes objected to or returned), supervised,
// extended, replied, rated, reviewed and closed, with realistic delays and a share of slow cases
// that run past their deadlines. Each step is applied through CaseSim, which checks it against
// the lifecycle table and stops the path at the plan's anchor. Also builds seeded people.
import { DECLINE_REASON_LABELS, RATING_LABELS, SCOPE_LABELS, SUPERVISE_KIND_LABELS, type DeclineReason, type Purpose, type RatingScore, type Scope, type SuperviseKind } from '../../api/contract/enums.ts';
import type { PersonInput } from '../../api/services/identity.ts';
import { address, GUIDANCE_TEXTS, INSTRUCT_TEXTS, NOTE_TEXTS, personName, pick, REPLY_TEXTS, REVIEW_REASONS, weighted, type Rand } from './corpus.ts';
import type { CaseSim } from './generate.ts';
import { petitionId, stream, type AgencyRef, type SeedPlan } from './plan.ts';

const DAY = 86_400_000;
const ms = (t: number) => Math.round(t); // epoch milliseconds, see generate.ts
const cnDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export type PathCtx = {
  plan: SeedPlan;
  sim: CaseSim;
  r: Rand;
  seq: number;
  received: number;
  category: string;
  purpose: Purpose;
  origSeq?: number;
  origCaseNo?: string;
  /** Set once routed: who handled it decides who reviews it (条例 art. 35). */
  handledBy?: { scope: Scope; agencyId?: string };
};

// ---- People ----

const REGIONS = ['110101', '110102', '110105', '110106', '110107', '110108', '110109', '110111', '110112', '110113', '110114', '110115', '110116', '110117', '110118', '110119'];

function idNumber(r: Rand): string {
  const birth = new Date(Date.UTC(1940 + Math.floor(r() * 62), 0, 1) + Math.floor(r() * 365) * DAY).toISOString().slice(0, 10).replace(/-/g, '');
  const body = pick(r, REGIONS) + birth + String(Math.floor(r() * 1000)).padStart(3, '0');
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * weights[i];
  return body + '10X98765432'[sum % 11];
}

/** Seeded person number `who`: always the same name, phone, ID number and address. */
export function person(seed: number, who: number): Required<Pick<PersonInput, 'name' | 'phone'>> & PersonInput {
  const r = stream(seed, who, 3);
  const phone = '1' + pick(r, ['3', '5', '7', '8', '9']) + String(Math.floor(r() * 1e9)).padStart(9, '0');
  return { name: personName(r), phone, idNumber: r() < 0.7 ? idNumber(r) : undefined, address: r() < 0.8 ? address(r) : undefined };
}

// ---- Who handles what ----

const GOVERNMENT_BY_TOPIC: Record<string, string> = {
  labor: '人力资源', urban: '住房', rural: '农业农村', environment: '生态环境', economy: '市场监督', health: '卫生健康',
  education: '教育', civil: '民政', transport: '交通运输', resources: '自然资源', judicial: '公安',
};

function scopeFor(r: Rand, category: string): Scope {
  const top = category.split('.')[0];
  if (category === 'judicial.court') return r() < 0.6 ? 'court' : 'own';
  if (category === 'judicial.procuratorate') return r() < 0.7 ? 'procuratorate' : 'own';
  if (top === 'judicial') return r() < 0.8 ? 'government' : 'own';
  if (top === 'discipline') return r() < 0.9 ? 'supervision' : 'own';
  if (top === 'congress') return 'own';
  return weighted(r, [['government', 60], ['lower_congress', 25], ['own', 15]] as const);
}

function agencyFor(plan: SeedPlan, r: Rand, scope: Scope, category: string, not?: string): AgencyRef {
  const kind = scope === 'own' ? 'committee' : scope === 'government' ? 'government' : scope;
  let pool = plan.agencies.filter((a) => a.kind === kind && a.id !== not);
  if (kind === 'government') {
    const word = GOVERNMENT_BY_TOPIC[category.split('.')[0]];
    const topical = pool.filter((a) => word && a.name.includes(word));
    if (topical.length && r() < 0.85) pool = topical;
  }
  if (!pool.length) pool = plan.agencies.filter((a) => a.id !== not);
  return pick(r, pool);
}

// ---- The path ----

export function pathOf(x: PathCtx): void {
  const { plan, sim, r } = x;
  const slow = r() < 0.12 ? 1.5 + r() * 2.5 : 1;
  let t = x.received;
  const later = (a: number, b: number, scaled = true) => (t += (a + r() * (b - a)) * (scaled ? slow : 1) * DAY);
  const clerk = pick(r, plan.users.clerks);
  const leader = pick(r, plan.users.leaders);
  const patchText = (text: string) => (sim.events[sim.events.length - 1].public_text = text);

  if (x.origSeq !== undefined && r() < 0.4) {
    const ok = sim.act('merge', later(1, 7), 'clerk', clerk, {}, `您反映的事项已与信访件 ${x.origCaseNo} 合并办理，办理结果将一并答复。`, { intoCaseNo: x.origCaseNo });
    if (ok) Object.assign(sim.set, { merged_into_id: petitionId(plan, x.origSeq), closed_at: ms(t) });
    return;
  }
  if (r() < 0.12) {
    const reasonCode = weighted<DeclineReason>(r, [['legal_route', 40], ['other_body', 30], ['unclear', 15], ['in_handling', 5], ['not_state_matter', 10]]);
    const guidance = pick(r, GUIDANCE_TEXTS);
    const ok = sim.act('decline', later(2, 14), 'clerk', clerk, { reasonCode, guidance }, `经审查，您的信访事项不予受理。理由：${DECLINE_REASON_LABELS[reasonCode]}。${guidance}`, { reasonCode, guidance });
    if (ok) sim.set.closed_at = ms(t);
    return;
  }

  const scope = scopeFor(r, x.category);
  // The routing clock counts from receipt (条例 art. 22), not from acceptance.
  if (!sim.act('accept', later(2, 14), 'clerk', clerk, { scope }, null, { scope }, { route: sim.dueDateFrom('route', x.received) })) return;
  patchText(`经审查，您的信访事项已受理（${SCOPE_LABELS[scope]}），将于${cnDate(sim.clocks.get('handle')!.dueDate)}前办理完毕。`);
  sim.set.scope = scope;

  const mode = scope === 'own' ? (r() < 0.7 ? 'self' : 'assign') : r() < 0.45 ? 'forward' : 'assign';
  let agency = mode === 'self' ? undefined : agencyFor(plan, r, scope, x.category);
  const route = (a: AgencyRef | undefined) => {
    const ok = a
      ? sim.act('route', later(0.2, 3), 'clerk', clerk, { mode, agencyId: a.id }, `已${mode === 'forward' ? '转送' : '交办'}${a.name}办理。`, { mode, modeLabel: mode === 'forward' ? '转办' : '交办', agencyId: a.id, agencyName: a.name, dueDate: mode === 'assign' ? sim.clocks.get('handle')?.dueDate ?? null : null, instructions: null })
      : sim.act('route', later(0.2, 3), 'clerk', clerk, { mode: 'self' }, '您的信访事项由本机关直接办理。', { mode: 'self', instructions: null });
    if (ok) Object.assign(sim.set, { route_mode: mode, agency_id: a?.id ?? null });
    return ok;
  };
  if (!route(agency)) return;
  let officer = agency ? plan.users.officers[agency.id] : undefined;
  x.handledBy = { scope, agencyId: agency?.id };

  // Overlays while the case is handled.
  if (r() < 0.05) sim.act('instruct', later(0.5, 5), 'leader', leader, {}, null, { text: pick(r, INSTRUCT_TEXTS) });
  if (r() < 0.02 && sim.act('own', later(0.5, 3), 'leader', leader, {}, null, { previousOwnerId: null })) sim.set.owner_leader_id = leader;
  if (r() < 0.08) {
    const kind = pick<SuperviseKind>(r, ['joint', 'focused', 'tracking', 'onsite']);
    sim.act('supervise', later(3, 15), 'clerk', clerk, { kind }, null, { kind, kindLabel: SUPERVISE_KIND_LABELS[kind], note: '请按期办结并报送结果。' });
  }
  if (r() < 0.1) sim.act('remind', later(3, 15), 'clerk', clerk, {}, null, { note: '请抓紧办理。' });
  if (r() < 0.15) sim.act('note', later(1, 10), 'clerk', clerk, {}, null, { text: pick(r, NOTE_TEXTS) });

  if (mode === 'assign' && agency && officer) {
    if (r() < 0.05 && sim.act('object', later(1, 4, false), 'agency', officer, {}, null, { reason: '该事项不属于本单位职责范围。', agencyId: agency.id, pending: true })) {
      // The objection takes effect when the office agrees (条例 art. 23).
      if (!sim.act('approve_objection', later(0.5, 2, false), 'clerk', clerk, {}, null, { agencyId: agency.id, note: null })) return;
      agency = agencyFor(plan, r, scope, x.category, agency.id);
      officer = plan.users.officers[agency.id];
      if (!route(agency)) return;
      x.handledBy = { scope, agencyId: agency.id };
    }
    if (!sim.act('feedback', later(15, 50), 'agency', officer!, {}, null, { text: '已调查核实并依法处理，处理结果已告知信访人。', attachments: 0 })) return;
    if (r() < 0.08) {
      const dueDate = new Date(t + 20 * DAY + 8 * 3600_000).toISOString().slice(0, 10);
      if (!sim.act('return', later(2, 6), 'clerk', clerk, {}, null, { reason: '办结报告缺少处理依据，请补充。', dueDate }, { feedback: dueDate })) return;
      if (!sim.act('feedback', later(5, 18), 'agency', officer!, {}, null, { text: '已按要求补充处理依据。', attachments: 0 })) return;
    }
  }
  if (sim.state !== 'feedback_received' && r() < 0.04) {
    const days = 15 + Math.floor(r() * 16);
    if (sim.act('extend', later(20, 40), 'leader', leader, { days }, null, {})) {
      const from = sim.clocks.get('handle')!.dueDate;
      const to = sim.extendHandle(days)!;
      sim.events[sim.events.length - 1].data = { days, reason: '案情复杂，需进一步调查核实。', fromDate: from, toDate: to };
      patchText(`经批准，办理期限延长 ${days} 日，至${cnDate(to)}。延期理由：案情复杂，需进一步调查核实。`);
      sim.set.extended_days = days;
    }
  }
  if (!reply(x, mode === 'forward' ? ['agency', officer!] : ['clerk', clerk], mode === 'assign' ? later(3, 10) : later(15, 50), 0)) return;
  afterReply(x, () => t, (v) => (t = v), clerk);
}

function reply(x: PathCtx, [role, actor]: ['agency' | 'clerk', string], at: number, level: number): boolean {
  const text = pick(x.r, REPLY_TEXTS);
  if (!x.sim.act('reply', at, role, actor, {}, text, { text, level })) return false;
  x.sim.set.replied_at = ms(at);
  return true;
}

/** Rating, follow-up, review and closing, in time order within the 30-day review window. */
function afterReply(x: PathCtx, now: () => number, setNow: (t: number) => void, clerk: string, level = 0): void {
  const { sim, r } = x;
  const replyAt = now();
  const windowEnd = sim.clocks.get('review_window')!.dueAt;
  const review = level === 0 && r() < 0.06;
  const end = review ? replyAt + (5 + r() * 20) * DAY : r() < 0.4 ? replyAt + (1 + r() * 25) * DAY : windowEnd + 60_000;
  const overlays: Array<[number, () => void]> = [];
  if (r() < 0.65) {
    const score = weighted<RatingScore>(r, [['satisfied', 68], ['basically_satisfied', 20], ['dissatisfied', 12]]);
    const at = replyAt + r() * (end - replyAt);
    overlays.push([at, () => sim.step('rate', at, `评价：${RATING_LABELS[score]}`, { score, comment: null }) && Object.assign(sim.set, { rating: score, rated_at: ms(at) })]);
  }
  if (r() < 0.3) {
    const at = replyAt + r() * (end - replyAt);
    overlays.push([at, () => sim.act('follow_up', at, 'clerk', clerk, {}, null, { text: '已电话回访信访人，了解办理情况。' })]);
  }
  for (const [, run] of overlays.sort((a, b) => a[0] - b[0])) run();

  if (review) {
    const reason = pick(r, REVIEW_REASONS);
    if (!sim.step('request_review', end, `申请复查：${reason}`, { level: 1 })) return;
    let t = end + (2 + r() * 6) * DAY;
    if (r() < 0.3) {
      if (sim.act('decline_review', t, 'clerk', clerk, { reason: '复查申请理由不成立。' }, '您的复查申请不予受理。理由：复查申请理由不成立。', { level: 1, reason: '复查申请理由不成立。' })) sim.set.closed_at = ms(t);
      return;
    }
    // In-house when the office handled it; otherwise the handling agency's superior reviews.
    const superior = x.handledBy?.agencyId ? agencyFor(x.plan, r, x.handledBy.scope, x.category, x.handledBy.agencyId) : undefined;
    const decided = superior
      ? sim.act('forward_review', t, 'clerk', clerk, { agencyId: superior.id }, `您的复查申请已转送${superior.name}办理，将自其收到之日起 30 日内作出复查意见。`, { level: 1, agencyId: superior.id, agencyName: superior.name, note: null })
      : sim.act('accept_review', t, 'clerk', clerk, {}, '已受理您的复查申请，将自收到申请之日起 30 日内作出复查意见。', { level: 1, inHouse: true });
    if (!decided) return;
    if (superior) sim.set.review_agency_id = superior.id;
    sim.set.review_level = 1;
    t += (15 + r() * 13) * DAY;
    if (!reply(x, ['clerk', clerk], t, 1)) return;
    setNow(t);
    return afterReply(x, now, setNow, clerk, 1);
  }
  // Closing before the window ends needs the citizen's waiver (条例 art. 35).
  const closed =
    end >= windowEnd
      ? sim.step('auto_close', end, '自收到答复之日起申请复查的期限已届满，您的信访事项已办结。', {})
      : sim.act('waive_review', end - 60_000, 'clerk', clerk, {}, '信访人已电话表示不申请复查。', { method: 'phone', methodLabel: '电话表示', note: null }) &&
        sim.act('close', end, 'clerk', clerk, {}, '您的信访事项已办结。', {});
  if (closed) sim.set.closed_at = ms(end);
}
