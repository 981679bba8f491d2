// Small formatting rules shared by the console islands: how a deadline reads (in words first,
// colour second), person and label helpers. Dates use the portal's formatters (office time zone).
import { dueText } from './strings';
export { formatDate, formatDateTime, formatSize } from '../lib/api';

/** Days within which a deadline counts as "soon" (the reminder horizon of DESIGN §3). */
export const SOON_DAYS = 3;

export type DueView = { text: string; cls: '' | 'soon' | 'overdue' };

/** "已超期 2 天" / "今日到期" / "剩 5 天"; `daysLeft` is negative once overdue. */
export function dueView(daysLeft: number | null | undefined, overdue: boolean, unitLabel = ''): DueView {
  const d = daysLeft ?? 0;
  if (overdue) return { text: dueText.overdue(Math.abs(Math.min(d, 0))), cls: 'overdue' };
  if (d <= 0) return { text: dueText.today, cls: 'soon' };
  const text = unitLabel && unitLabel !== '日' ? `剩 ${d} ${unitLabel}` : dueText.left(d);
  return { text, cls: d <= SOON_DAYS ? 'soon' : '' };
}

/** The last day of a period from its instant of expiry: `dueAt` is the start of the day after
 *  the due date (office time), so the date shown is the day before that instant. */
export function dueDayOf(dueAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dueAt)) return dueAt;
  const t = Date.parse(dueAt);
  return Number.isNaN(t) ? dueAt : new Date(t - 1).toISOString();
}

/** Reads the `no` query parameter of the case and notice pages. */
export function caseNoFromUrl(): string {
  return new URLSearchParams(location.search).get('no')?.trim() ?? '';
}

export const caseHref = (no: string) => '/console/case?no=' + encodeURIComponent(no);
