// What an agency officer may read about OTHER cases (DESIGN §5; 条例 arts. 30, 46), in the data
// layer every staff read goes through. An officer may be handed both an accusation and another
// petition of the same person; any link between the two (repeat links, event data naming the other
// case) would tell them who accused. So, for an agency officer:
//   - nothing read about an accusation names any other case, and nothing read about another case
//     names an accusation;
//   - no event data ever names a case outside the officer's agency (another agency's case);
//   - repeat events that would only say "same person, see another case" are left out whole.
// Office roles (clerk, leader) may see the accuser and read every link as it is.
import type { StaffSession } from '../context.ts';
import type { Database } from '../db/database.ts';
import { scopedPetitions } from './case-scope.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;

/** Case numbers as the system writes them (2026-000123; past a million, whole). */
const CASE_NO = /\b\d{4}-\d{6,}\b/g;
export const OTHER_CASE = '（另案）';
const REPEAT_EVENTS = new Set(['repeat_detected', 'repeat_confirm', 'repeat_dismiss']);

/** Whether links between cases are filtered for this reader. */
export const linksFiltered = (who: Who) => who.role === 'agency';

/** Of the case numbers named, the ones this reader may see named on the case `self`. */
export async function nameableCases(db: Database, who: Who, self: { case_no: string; purpose: string }, named: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(named)].filter((n) => n !== self.case_no);
  const ok = new Set<string>([self.case_no]);
  if (!linksFiltered(who)) return new Set([...ok, ...wanted]);
  if (self.purpose === 'accusation' || wanted.length === 0) return ok;
  const rows = await scopedPetitions(db, who).select('p.case_no').where('p.case_no', 'in', wanted).where('p.purpose', '<>', 'accusation').execute();
  for (const r of rows) ok.add(r.case_no);
  return ok;
}

function caseNumbersIn(value: unknown, out: Set<string>) {
  if (typeof value === 'string') for (const m of value.matchAll(CASE_NO)) out.add(m[0]);
  else if (Array.isArray(value)) for (const v of value) caseNumbersIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) caseNumbersIn(v, out);
}

function scrub<T>(value: T, ok: Set<string>): T {
  if (typeof value === 'string') return value.replace(CASE_NO, (n) => (ok.has(n) ? n : OTHER_CASE)) as T;
  if (Array.isArray(value)) return value.map((v) => scrub(v, ok)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, ok)])) as T;
  return value;
}

type EventLike = { type: string; public_text: string | null; data: unknown };

/**
 * The case's events as this reader may read them: for an agency officer, repeat events that
 * link to a case they may not see named are dropped (an accusation keeps none), and every other
 * mention of such a case in data or text becomes "（另案）". Everyone else reads them unchanged.
 */
export async function eventsFor<E extends EventLike>(db: Database, who: Who, self: { case_no: string; purpose: string }, events: E[]): Promise<E[]> {
  if (!linksFiltered(who)) return events;
  const named = new Set<string>();
  for (const e of events) {
    caseNumbersIn(e.data, named);
    caseNumbersIn(e.public_text, named);
  }
  const ok = await nameableCases(db, who, self, named);
  const out: E[] = [];
  for (const e of events) {
    if (REPEAT_EVENTS.has(e.type)) {
      if (self.purpose === 'accusation') continue;
      const data = (e.data ?? {}) as { earlier?: Array<{ caseNo?: string }>; earlierCaseNo?: string };
      if (e.type === 'repeat_detected') {
        const earlier = (data.earlier ?? []).filter((x) => x.caseNo !== undefined && ok.has(x.caseNo));
        if (!earlier.length) continue;
        out.push({ ...e, data: { ...data, earlier } });
        continue;
      }
      if (!data.earlierCaseNo || !ok.has(data.earlierCaseNo)) continue;
    }
    out.push({ ...e, data: scrub(e.data, ok), public_text: e.public_text === null ? null : scrub(e.public_text, ok) });
  }
  return out;
}
