// An imported ledger row is history, not a new case (issue 15): its state is what the row says
// happened — closed on its 办结日期, declined, routed to an agency and awaiting its result, or still
// to be handled — and its clocks are computed from the row's own dates: a clock is only created
// where the row gives the facts to measure it (an acceptance clock only with a 受理日期, so a
// history row never claims "accepted in time"), and a routed row past its handling deadline is
// honestly overdue for that agency while its acceptance stage is not. The caller marks past
// reminders and expiries as already noted, so no reminder is sent for the past. Setting a status
// here is the one place a status is written without the lifecycle table: it records a past fact,
// not a transition. Pure.
import type { Status } from '../contract/enums.ts';

export type RouteValue = 'self' | 'forward' | 'assign' | 'decline';
export type HistoryFacts = {
  /** An explicit 办理状态 column, when the ledger has one. */
  status: Status | null;
  routeMode: RouteValue | null;
  agencyId: string | null;
  receivedAt: Date;
  acceptedAt: Date | null;
  /** 办结日期 (or 答复日期). */
  repliedAt: Date | null;
  /** 办理结果, read for its words when nothing else says how the case ended. */
  resultText: string;
  now: Date;
};
export type HistoryClock = { clock: 'accept' | 'handle' | 'feedback' | 'review_window'; start: Date; stoppedAt: Date | null };
export type History = {
  status: Status;
  routeMode: 'self' | 'forward' | 'assign' | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  clocks: HistoryClock[];
};
export type HistoryProblem = { field: 'status' | 'repliedAt' | 'routeMode' | 'agency' | 'acceptedAt'; kind: string; message: string };

const CLOSED_WORDS = /(已办结|办结|已答复|已回复|已结案|结案|已解决|已处理完毕|息访)/;
const DECLINED_WORDS = /(不予受理|不受理|不属于受理范围)/;
const REVIEW_WINDOW_DAYS = 30;

/** The row's state and clocks, or why the row cannot say. */
export function historyOf(f: HistoryFacts): History | HistoryProblem {
  const result = f.resultText;
  const routed = f.agencyId ? (f.routeMode === 'assign' ? 'assign' : 'forward') : f.routeMode === 'self' ? 'self' : null;
  let status: Status;
  if (f.status) status = f.status;
  else if (f.routeMode === 'decline' || (!f.repliedAt && DECLINED_WORDS.test(result))) status = 'declined';
  else if (f.repliedAt) status = 'closed';
  else if (CLOSED_WORDS.test(result)) {
    return { field: 'repliedAt', kind: '已办结但没有办结日期', message: `办理结果为“${result.slice(0, 20)}”，但没有办结日期，请补上办结日期` };
  } else if (routed === 'forward') status = 'forwarded';
  else if (routed === 'assign') status = 'assigned';
  else if (routed === 'self') status = 'handling';
  else if (f.acceptedAt) status = 'accepted';
  else status = 'registered';

  // An explicit status must agree with the dates and the agency.
  if ((status === 'replied' || status === 'closed') && !f.repliedAt) {
    return { field: 'repliedAt', kind: '已办结但没有办结日期', message: '办理状态为已答复或已办结时需要办结日期' };
  }
  if (f.repliedAt && !['replied', 'closed', 'declined'].includes(status)) {
    return { field: 'repliedAt', kind: '未办结却有办结日期', message: '尚未办结的信访件不应有办结日期' };
  }
  if ((status === 'forwarded' || status === 'assigned') && !f.agencyId) {
    return { field: 'agency', kind: '转办、交办却没有转办单位', message: '办理状态为转办或交办时需要转办单位' };
  }
  if (f.acceptedAt && f.acceptedAt < f.receivedAt) return { field: 'acceptedAt', kind: '受理日期早于收到日期', message: '受理日期早于收到日期' };
  if (f.repliedAt && f.repliedAt < f.receivedAt) return { field: 'repliedAt', kind: '办结日期早于收到日期', message: '办结日期早于收到日期' };
  if (f.acceptedAt && f.repliedAt && f.repliedAt < f.acceptedAt) return { field: 'repliedAt', kind: '办结日期早于受理日期', message: '办结日期早于受理日期' };

  // A replied case whose 30-day review window has passed is closed: that is what happened.
  if (status === 'replied' && f.repliedAt && f.repliedAt.getTime() + REVIEW_WINDOW_DAYS * 86_400_000 < f.now.getTime()) status = 'closed';

  const clocks: HistoryClock[] = [];
  const decided = status !== 'registered';
  if (!decided) clocks.push({ clock: 'accept', start: f.receivedAt, stoppedAt: null });
  else if (f.acceptedAt) clocks.push({ clock: 'accept', start: f.receivedAt, stoppedAt: f.acceptedAt });
  if (decided && status !== 'declined') {
    // The handle period counts from acceptance; from receipt when the row does not say.
    const start = f.acceptedAt ?? f.receivedAt;
    const done = status === 'replied' || status === 'closed' ? f.repliedAt : null;
    clocks.push({ clock: 'handle', start, stoppedAt: done });
    if (status === 'assigned') clocks.push({ clock: 'feedback', start, stoppedAt: null });
    if (status === 'replied') clocks.push({ clock: 'review_window', start: f.repliedAt!, stoppedAt: null });
  }
  const closedAt = status === 'closed' ? f.repliedAt : status === 'declined' ? (f.repliedAt ?? f.acceptedAt ?? f.receivedAt) : null;
  return {
    status,
    routeMode: ['handling', 'forwarded', 'assigned', 'replied', 'closed'].includes(status) ? routed ?? 'self' : null,
    repliedAt: status === 'replied' || status === 'closed' ? f.repliedAt : null,
    closedAt,
    clocks,
  };
}

export const isHistoryProblem = (h: History | HistoryProblem): h is HistoryProblem => 'kind' in h;
