// Generates the rows of seeded petitions [from, to) for the benchmark data set: the case, its
// sealed petitioners, its event log, its clocks, its text bands and repeat links. Every state
// change goes through the lifecycle table (decide/decideStep), so each case is a path the real
// verbs could have taken, cut off at the plan's anchor time; clocks start, stop and run out as
// the table says. Deterministic per seq (identity ciphertexts aside: they use fresh nonces).
import type { Action, ClockName, Role, Status } from '../../api/contract/enums.ts';
import { chinaDate, endOfChinaDay } from '../../api/domain/calendar.ts';
import { decide, decideStep, type Step } from '../../api/domain/lifecycle.ts';
import { petitionText } from '../../api/domain/text-similarity.ts';
import type { Keys } from '../../api/security/keys.ts';
import { dueFor, type ClockRules } from '../../api/services/clocks.ts';
import { sealPerson } from '../../api/services/identity.ts';
import { CATEGORY_MIX, letter, purposeFor, weighted } from './corpus.ts';
import { benchQueryCode, caseNo, petitionId, receivedAt, stream, type SeedPlan } from './plan.ts';
import { person, pathOf, type PathCtx } from './paths.ts';

const DAY = 86_400_000;
export type Row = Record<string, unknown>;
export type Batch = { petitions: Row[]; petitioners: Row[]; events: Row[]; clocks: Row[]; bands: Row[]; repeats: Row[] };
export type GenContext = { plan: SeedPlan; keys: Keys; rules: ClockRules; anchor: number; bands: (text: string) => string[] };

const hex = (b: Buffer | null) => (b ? b.toString('hex') : null);
/** Instants travel as epoch milliseconds (the insert converts them): cheaper than ISO strings. */
const ms = (t: number | undefined | null) => (t == null ? null : Math.round(t));

// ---- Repeats: a pure function of seq, so any petition can find its first letter again ----

/** The earlier petition this one repeats, or undefined. Never the batch just before (it may not
 *  be committed yet while this one is written: two batches run at once). */
export function repeatOf(plan: SeedPlan, seq: number): number | undefined {
  const r = stream(plan.seed, seq, 7);
  if (seq < 50 || r() >= 0.12) return undefined;
  let orig = seq - 1 - Math.floor(r() * Math.min(seq - 1, 30_000));
  const batchStart = seq - (seq % plan.batchSize);
  if (orig < batchStart && orig >= batchStart - plan.batchSize) orig -= plan.batchSize;
  return orig >= 0 ? orig : undefined;
}

function rootOf(plan: SeedPlan, seq: number): number {
  let s = seq;
  for (let i = 0; i < 20; i++) {
    const o = repeatOf(plan, s);
    if (o === undefined) return s;
    s = o;
  }
  return s;
}

/** What a first letter is about and who wrote it; repeats inherit it from their first letter. */
function matter(plan: SeedPlan, root: number) {
  const r = stream(plan.seed, root, 1);
  const category = weighted(r, CATEGORY_MIX);
  const purpose = purposeFor(r, category);
  const text = letter(r, category);
  // One petitioner in twelve is a frequent writer raising different matters.
  const who = r() < 0.08 ? Math.floor(r() * Math.max(10, plan.petitions / 100)) : plan.petitions + root;
  return { category, purpose, text, who };
}

// ---- Clocks ----

type ClockState = { started: number; dueDate: string; dueAt: number; stopped?: number; reminded?: number; noted?: number };

export class CaseSim {
  state: Status = 'registered';
  events: Row[] = [];
  clocks = new Map<ClockName, ClockState>();
  truncated = false;
  set: Row = {};
  private ctx: GenContext;
  private dueCache: Map<string, { dueDate: string; dueAt: number }>;
  readonly id: number;
  constructor(ctx: GenContext, dueCache: Map<string, { dueDate: string; dueAt: number }>, id: number) {
    this.ctx = ctx;
    this.dueCache = dueCache;
    this.id = id;
  }

  private due(clock: ClockName, start: number, dueDate?: string) {
    if (dueDate) return { dueDate, dueAt: endOfChinaDay(dueDate).getTime() };
    const key = clock + chinaDate(new Date(start));
    let d = this.dueCache.get(key);
    if (!d) {
      const x = dueFor(this.ctx.rules.calendar, new Date(start), this.ctx.rules.periods[clock]);
      d = { dueDate: x.dueDate, dueAt: x.dueAt.getTime() };
      this.dueCache.set(key, d);
    }
    return d;
  }

  private event(type: string, at: number, visibility: string, actorKind: string, actorId: string | null, publicText: string | null, data: unknown) {
    this.events.push({ petition_id: this.id, at: ms(at), type, visibility, actor_kind: actorKind, actor_id: actorId, public_text: visibility === 'public' ? publicText : null, data: data ?? {} });
  }

  /** The due date of `clock` counted from `start` (e.g. the routing clock from receipt). */
  dueDateFrom(clock: ClockName, start: number): string {
    return this.due(clock, start).dueDate;
  }

  startClock(clock: ClockName, at: number, dueDate?: string) {
    const d = this.due(clock, at, dueDate ?? (clock === 'feedback' ? this.clocks.get('handle')?.dueDate : undefined));
    this.clocks.set(clock, { started: at, dueDate: d.dueDate, dueAt: d.dueAt });
  }

  private apply(clocksStop: readonly ClockName[], clocksStart: readonly ClockName[], at: number, dueDates: Partial<Record<ClockName, string>>) {
    for (const c of clocksStop) {
      const s = this.clocks.get(c);
      if (s && s.stopped === undefined) s.stopped = at;
    }
    for (const c of clocksStart) this.startClock(c, at, dueDates[c]);
  }

  /** A staff action at `at`; false (and nothing written) once the path has passed the anchor. */
  act(action: Action, at: number, role: Role, actorId: string, params: Record<string, unknown>, publicText: string | null, data: unknown, dueDates: Partial<Record<ClockName, string>> = {}): boolean {
    if (this.truncated || at > this.ctx.anchor) return !(this.truncated = true);
    const d = decide(this.state, action, role, params);
    if (!d.ok) throw new Error(`generator bug: ${action} by ${role} in ${this.state} (${d.reason})`);
    this.apply(d.clocksStop, d.clocksStart, at, dueDates);
    this.state = d.next;
    this.event(action, at, d.visibility, 'staff', actorId, publicText, data);
    return true;
  }

  /** A citizen's or the system's step. */
  step(step: Step, at: number, publicText: string | null, data: unknown): boolean {
    if (this.truncated || at > this.ctx.anchor) return !(this.truncated = true);
    const d = decideStep(this.state, step);
    if (!d.ok) throw new Error(`generator bug: ${step} in ${this.state}`);
    this.apply(d.clocksStop, d.clocksStart, at, {});
    this.state = d.next;
    this.event(step, at, d.visibility, STEP_ACTOR[step], null, publicText, data);
    return true;
  }

  /** Overlays and staff notes that change no state (and need no table entry beyond `decide`). */
  extendHandle(days: number) {
    const h = this.clocks.get('handle');
    if (!h) return undefined;
    const dueDate = chinaDate(new Date(h.dueAt + days * DAY));
    h.dueDate = dueDate;
    h.dueAt = endOfChinaDay(dueDate).getTime();
    return dueDate;
  }

  /** What the clock job would have written by the anchor: reminders, overdue notes, refused objections. */
  finishClocks() {
    const anchor = this.ctx.anchor;
    for (const [clock, c] of this.clocks) {
      const end = Math.min(c.stopped ?? anchor, anchor);
      if (clock === 'handle' && c.dueAt - 4 * DAY < end) {
        c.reminded = c.dueAt - 4 * DAY;
        this.event('clock_reminder', c.reminded, 'internal', 'system', null, null, { clock });
      }
      if (clock === 'review_window' || c.dueAt >= end) continue;
      c.noted = c.dueAt + 60_000;
      if (clock === 'object') {
        c.stopped ??= c.noted; // the window to object has closed
        this.event('object_refused', c.noted, 'internal', 'system', null, null, { clock });
      } else this.event('clock_overdue', c.noted, 'internal', 'system', null, null, { clock, dueDate: c.dueDate });
    }
  }

  /** petitions.next_due_at as the clocks trigger keeps it (migrations/010_staff.sql). */
  nextDue(): number | null {
    let min = Infinity;
    for (const [clock, c] of this.clocks) if (c.stopped === undefined && STAFF_CLOCKS.has(clock) && c.dueAt < min) min = c.dueAt;
    return min === Infinity ? null : min; // null: 'infinity', nothing runs
  }

  clockRows(): Row[] {
    return [...this.clocks].map(([clock, c]) => ({
      petition_id: this.id,
      clock,
      started_at: ms(c.started),
      due_date: c.dueDate,
      due_at: ms(c.dueAt),
      unit: this.ctx.rules.periods[clock].unit,
      stopped_at: ms(c.stopped),
      reminded_at: ms(c.reminded),
      overdue_noted_at: ms(c.noted),
    }));
  }
}

const STAFF_CLOCKS = new Set<ClockName>(['accept', 'route', 'ack', 'handle', 'feedback', 'review']);
const STEP_ACTOR: Record<Step, string> = { request_review: 'citizen', supplement: 'citizen', rate: 'citizen', auto_close: 'system' };

// ---- One batch ----

export function generateBatch(ctx: GenContext, from: number, to: number, sealed: Map<number, ReturnType<typeof sealPerson>>): Batch {
  const { plan, keys } = ctx;
  const out: Batch = { petitions: [], petitioners: [], events: [], clocks: [], bands: [], repeats: [] };
  const dueCache = new Map<string, { dueDate: string; dueAt: number }>();
  for (let seq = from; seq < to; seq++) {
    const r = stream(plan.seed, seq, 0);
    const id = petitionId(plan, seq);
    const orig = repeatOf(plan, seq);
    const m = matter(plan, rootOf(plan, seq));
    const received = receivedAt(plan, seq);
    const channel = weighted(r, [['online', 45], ['letter', 28], ['visit', 17], ['phone', 10]] as const);
    const anonymous = (channel === 'online' || channel === 'letter') && r() < (m.purpose === 'accusation' ? 0.25 : 0.04);
    const text = orig === undefined ? m.text : { ...m.text, title: ('再次反映：' + m.text.title).slice(0, 100), content: `我曾于${chinaDate(new Date(receivedAt(plan, orig)))}反映以下问题，至今未得到解决，现再次反映。\n${m.text.content}` };

    // Who signs: the petitioner, and for collective matters cosigners or visit representatives.
    const people: Row[] = [];
    const sealedPerson = (who: number) => {
      let s = sealed.get(who);
      if (!s) {
        s = sealPerson(keys, person(plan.seed, who));
        if (who < plan.petitions) sealed.set(who, s); // frequent writers recur: seal them once
      }
      return s;
    };
    const row = (role: string, ord: number, s: ReturnType<typeof sealPerson>) =>
      people.push({ petition_id: id, role, ord, name_enc: hex(s.name_enc), id_number_enc: hex(s.id_number_enc), phone_enc: hex(s.phone_enc), address_enc: hex(s.address_enc), phone_hash: hex(s.phone_hash), id_number_hash: hex(s.id_number_hash), name_address_hash: hex(s.name_address_hash) });
    if (!anonymous) row('signer', 0, sealedPerson(m.who));
    let persons = 1;
    let joint = false;
    const collective = r();
    if (channel === 'visit' && collective < 0.06) {
      persons = 5 + Math.floor(r() * 56);
      const reps = Math.min(5, persons - 1);
      for (let i = 1; i <= reps; i++) row('representative', i, sealedPerson(plan.petitions * 3 + seq * 8 + i));
    } else if (!anonymous && channel !== 'phone' && collective < 0.05) {
      joint = true;
      const n = collective < 0.03 ? 4 + Math.floor(r() * 17) : 1 + Math.floor(r() * 3);
      for (let i = 1; i <= n; i++) {
        const p = person(plan.seed, plan.petitions * 3 + seq * 32 + i);
        row('cosigner', i, sealPerson(keys, { name: p.name, phone: r() < 0.5 ? p.phone : undefined }));
      }
      persons = 1 + n;
    }

    const sim = new CaseSim(ctx, dueCache, id);
    sim.startClock('accept', received);
    const register = { channel, attachments: 0 };
    sim.events.push({ petition_id: id, at: ms(received), type: 'register', visibility: 'public', actor_kind: channel === 'online' ? 'citizen' : 'staff', actor_id: channel === 'online' ? null : plan.users.clerks[seq % plan.users.clerks.length], public_text: '信访件已登记，我们将在法定期限内告知是否受理。', data: register });
    const pctx: PathCtx = { plan, sim, r, seq, received, category: m.category, purpose: m.purpose, origSeq: orig, origCaseNo: orig === undefined ? undefined : caseNo(plan, orig) };
    pathOf(pctx);
    sim.finishClocks();
    sim.events.sort((a, b) => (a.at as number) - (b.at as number));

    const last = sim.events[sim.events.length - 1];
    out.petitions.push({
      id,
      case_no: caseNo(plan, seq),
      query_code_hash: hex(keys.queryCodeHash(benchCode(ctx, seq))),
      channel,
      purpose: m.purpose,
      category_code: m.category,
      title: text.title,
      content: text.content,
      desired_outcome: text.desiredOutcome,
      place: text.place,
      anonymous,
      joint,
      person_count: persons,
      status: sim.state,
      received_at: ms(received),
      registered_at: ms(received + (channel === 'online' ? 0 : Math.floor(r() * 4 * 3600_000))),
      updated_at: last.at,
      repeat_of_id: orig === undefined ? null : petitionId(plan, orig),
      next_due_at: sim.nextDue(),
      ...sim.set,
    });
    out.petitioners.push(...people);
    out.events.push(...sim.events);
    out.clocks.push(...sim.clockRows());
    for (const band of ctx.bands(petitionText(text))) out.bands.push({ band_hash: band, petition_id: id });
    // Seeded repeats are confirmed ones: repeat_of_id counts only a confirmed link (migrations/070).
    if (orig !== undefined) {
      const kind = anonymous ? 'copy' : 'same_person';
      out.repeats.push({ petition_id: id, earlier_id: petitionId(plan, orig), kind, basis: anonymous ? 'text' : 'phone', score: 0.9, status: 'confirmed', created_at: ms(received) });
    }
  }
  return out;
}

const benchCode = (ctx: GenContext, seq: number) => benchQueryCode(ctx.keys, ctx.plan, seq);
