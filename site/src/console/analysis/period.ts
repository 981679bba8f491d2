// The period every analysis page reads from its address (?from=YYYY-MM-DD&to=YYYY-MM-DD, China
// local dates, default this month so far), the quick periods, and the link from any figure to
// the ledger list of its cases (/console/ledger with the same filter names as the API).
import { officeDate, qs } from '../client';

export type Period = { from: string; to: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

export function readPeriod(search = location.search): Period {
  const u = new URLSearchParams(search);
  const today = officeDate();
  const to = DATE.test(u.get('to') ?? '') ? u.get('to')! : today;
  const from = DATE.test(u.get('from') ?? '') ? u.get('from')! : monthStart(to);
  return { from, to };
}

export function quickPeriods(): Array<{ key: 'thisMonth' | 'lastMonth' | 'thisYear'; period: Period }> {
  const today = officeDate();
  const last = shiftMonth(today.slice(0, 7), -1);
  return [
    { key: 'thisMonth', period: { from: monthStart(today), to: today } },
    { key: 'lastMonth', period: { from: `${last}-01`, to: monthEnd(last) } },
    { key: 'thisYear', period: { from: `${today.slice(0, 4)}-01-01`, to: today } },
  ];
}

export type LedgerFilter = Partial<Record<'from' | 'to' | 'categoryCode' | 'channel' | 'purpose' | 'scope' | 'agencyId' | 'status' | 'clock' | 'late' | 'rating' | 'q', string>> &
  Partial<Record<'collective' | 'repeat' | 'outOfScope' | 'overdue' | 'replied' | 'rated', boolean>>;

export function ledgerHref(f: LedgerFilter): string {
  return '/console/ledger' + qs(f);
}
