// The dashboard's two tables beyond DESIGN §4: volume by month and channel, and the agency table
// (volume, on-time rate, overdue now, satisfaction). Same definitions and sources as stats.ts.
import { sql } from 'kysely';
import { CHANNELS } from '../contract/enums.ts';
import type { Deps, StaffSession } from '../context.ts';
import { addDays } from '../domain/calendar.ts';
import { percent, sharesOf } from '../domain/shares.ts';
import { agencyKey, agencyScope, measuresFor } from './stats.ts';
import { settleRegistrations } from './registration-scan.ts';
import { monthlyByChannel, overdueByAgency, periodBounds, type Period } from './stats-source.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;
export const AGENCY_PSEUDO_NAMES: Record<string, string> = { self: '本机关自办', unrouted: '尚未交转办' };

function monthsBetween(p: Period): string[] {
  const out: string[] = [];
  let m = p.from.slice(0, 7);
  const last = p.to.slice(0, 7);
  while (m <= last && out.length < 240) {
    out.push(m);
    m = addDays(`${m}-28`, 7).slice(0, 7);
  }
  return out;
}

export async function statsSeries(deps: Deps, who: Who, p: Period) {
  const scope = agencyScope(who);
  await settleRegistrations(deps.db); // a petition counts from its registration scan on (migrations/046)
  let rows: Array<{ month: string; channel: string; n: number }>;
  if (scope === undefined) rows = await monthlyByChannel(deps.db, p);
  else {
    const { start, end } = periodBounds(p);
    rows = (
      await sql<{ month: string; channel: string; n: number }>`
        SELECT to_char(china_day(received_at), 'YYYY-MM') AS month, channel, count(*)::int AS n
          FROM petitions WHERE received_at >= ${start} AND received_at < ${end} AND agency_id IS NOT DISTINCT FROM ${scope}::uuid
         GROUP BY 1, 2`.execute(deps.db)
    ).rows;
  }
  return {
    period: p,
    months: monthsBetween(p).map((month) => {
      const byChannel = Object.fromEntries(CHANNELS.map((ch) => [ch, rows.find((r) => r.month === month && r.channel === ch)?.n ?? 0]));
      return { month, total: Object.values(byChannel).reduce((s, n) => s + n, 0), byChannel };
    }),
  };
}

export async function agencyTable(deps: Deps, who: Who, p: Period) {
  const scope = agencyScope(who);
  await settleRegistrations(deps.db); // a petition counts from its registration scan on (migrations/046)
  const [rows, overdue, agencies] = await Promise.all([
    measuresFor(deps, who, p),
    overdueByAgency(deps.db, p, deps.now(), scope),
    deps.db.selectFrom('agencies').select(['id', 'name', 'kind']).execute(),
  ]);
  const total = rows.find((r) => r.dim === 'all')?.received ?? 0;
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const byKey = new Map(rows.filter((r) => r.dim === 'agency').map((r) => [agencyKey(r.key), r]));
  const overdueOf = new Map([...overdue].map(([k, n]) => [agencyKey(k), n]));
  const keys = [...new Set([...byKey.keys(), ...overdueOf.keys()])].filter(
    (k) => (byKey.get(k)?.received ?? 0) !== 0 || (byKey.get(k)?.handle_stopped ?? 0) !== 0 || (overdueOf.get(k) ?? 0) !== 0,
  );
  const shares = sharesOf(keys.map((k) => [k, byKey.get(k)?.received ?? 0] as const), total);
  const items = keys.map((k) => {
    const m = byKey.get(k);
    return {
      key: k,
      name: names.get(k) ?? AGENCY_PSEUDO_NAMES[k] ?? k,
      count: m?.received ?? 0,
      share: shares.get(k) ?? 0,
      handleStopped: m?.handle_stopped ?? 0,
      onTimeRate: percent(m?.handle_on_time ?? 0, m?.handle_stopped ?? 0),
      overdue: overdueOf.get(k) ?? 0,
      rated: m?.rated ?? 0,
      satisfactionRate: percent(m?.satisfied ?? 0, m?.rated ?? 0),
    };
  });
  items.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh'));
  return { period: p, total, items };
}
