// The figures of a monthly bulletin (信访通报), gathered once when a draft is generated and kept
// with it (so a published bulletin never changes under its readers): the month's statistics
// against the previous month and the same month last year (definitions in stats.ts), visits in
// batches and persons, hot topics (largest and fastest-rising categories, places), and by agency
// the cases that missed a deadline falling in the month and the cases returned (发还补办).
import { sql } from 'kysely';
import type { BulletinFigures, Ranked } from '../contract/analysis.ts';
import type { Deps, StaffSession } from '../context.ts';
import { addDays } from '../domain/calendar.ts';
import { percent } from '../domain/shares.ts';
import { categoryIndex } from './category-index.ts';
import { settleRegistrations } from './registration-scan.ts';
import { AGENCY_PSEUDO_NAMES } from './stats-detail.ts';
import { periodBounds, type Period } from './stats-source.ts';

export type { BulletinFigures } from '../contract/analysis.ts';
import { measuresFor, settledStatistics } from './stats.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;
export function monthPeriod(month: string): Period {
  const from = `${month}-01`;
  const next = addDays(`${month}-28`, 7).slice(0, 7);
  return { from, to: addDays(`${next}-01`, -1) };
}
const shiftMonth = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};

/** The first administrative unit of a free-text place: 东城区和平里街道 → 东城区. */
export function placeKey(place: string): string {
  const s = place.replace(/\s/g, '');
  const m = /^(.{1,10}?(?:自治州|自治县|新区|开发区|区|县|市|旗|镇|乡|街道))/.exec(s);
  return m ? m[1] : [...s].slice(0, 6).join('');
}

async function places(deps: Deps, p: Period) {
  const { start, end } = periodBounds(p);
  const rows = await deps.db.selectFrom('petitions').select('place').where('received_at', '>=', start).where('received_at', '<', end).where('place', 'is not', null).execute();
  const counts = new Map<string, number>();
  for (const r of rows) if (r.place?.trim()) counts.set(placeKey(r.place), (counts.get(placeKey(r.place)) ?? 0) + 1);
  return [...counts].map(([place, count]) => ({ place, count })).sort((a, b) => b.count - a.count || a.place.localeCompare(b.place, 'zh')).slice(0, 5);
}

/** Per agency: cases that missed a deadline due in the month; cases returned in the month. */
async function agencyProblems(deps: Deps, p: Period) {
  const { start, end } = periodBounds(p);
  const { rows } = await sql<{ agency: string; overdue: number; returned: number }>`
    WITH late AS (
      SELECT DISTINCT c.petition_id FROM clocks c
       WHERE c.clock IN ('accept', 'ack', 'handle', 'feedback', 'review') AND c.due_at >= ${start} AND c.due_at < ${end}
         AND (c.stopped_at IS NULL OR c.stopped_at > c.due_at)
    ), returned AS (
      SELECT DISTINCT petition_id FROM events WHERE type = 'return' AND at >= ${start} AND at < ${end}
    )
    SELECT stats_agency_key(p.agency_id, p.route_mode) AS agency,
           count(*) FILTER (WHERE p.id IN (SELECT petition_id FROM late))::int AS overdue,
           count(*) FILTER (WHERE p.id IN (SELECT petition_id FROM returned))::int AS returned
      FROM petitions p
     WHERE p.id IN (SELECT petition_id FROM late UNION SELECT petition_id FROM returned)
     GROUP BY 1`.execute(deps.db);
  return rows;
}

export async function gatherFigures(deps: Deps, who: Who, month: string): Promise<BulletinFigures> {
  const periods = { current: monthPeriod(month), previous: monthPeriod(shiftMonth(month, -1)), lastYear: monthPeriod(shiftMonth(month, -12)) };
  await settleRegistrations(deps.db); // once for the three periods (a petition counts from its scan on)
  const [current, previous, lastYear, rows, index, placeList, problems, agencies] = await Promise.all([
    settledStatistics(deps, who, periods.current),
    settledStatistics(deps, who, periods.previous),
    settledStatistics(deps, who, periods.lastYear),
    measuresFor(deps, who, periods.current),
    categoryIndex(deps.db),
    places(deps, periods.current),
    agencyProblems(deps, periods.current),
    deps.db.selectFrom('agencies').select(['id', 'name']).execute(),
  ]);
  const visitRow = rows.find((r) => r.dim === 'channel' && r.key === 'visit');
  const rank = (c: { code: string; name: string }): Ranked => ({
    code: c.code,
    name: c.name,
    count: current.byCategory[c.code]?.count ?? 0,
    share: current.byCategory[c.code]?.share ?? 0,
    previous: previous.byCategory[c.code]?.count ?? 0,
  });
  // Ties keep the tree's order (Array.prototype.sort is stable).
  const byCount = (a: Ranked, b: Ranked) => b.count - a.count;
  const tops = index.ordered.filter((c) => c.depth === 0).map(rank).filter((r) => r.count > 0).sort(byCount);
  const leaves = index.ordered.filter((c) => !index.ordered.some((d) => d.parent === c.code)).map(rank).filter((r) => r.count > 0);
  const rising = leaves
    .map((r) => ({ ...r, increase: r.count - r.previous }))
    .filter((r) => r.increase > 0 && r.count >= 3)
    .sort((a, b) => b.increase - a.increase || (percent(b.increase, b.previous || 1) ?? 0) - (percent(a.increase, a.previous || 1) ?? 0))
    .slice(0, 3);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const received = new Map(rows.filter((r) => r.dim === 'agency').map((r) => [r.key, r]));
  const agencyRows = problems
    .map((p) => {
      const m = received.get(p.agency);
      const key = p.agency === '' ? 'unrouted' : p.agency;
      return {
        key,
        name: names.get(p.agency) ?? AGENCY_PSEUDO_NAMES[key] ?? key,
        received: m?.received ?? 0,
        overdue: p.overdue,
        returned: p.returned,
        onTimeRate: m ? percent(m.handle_on_time, m.handle_stopped) : null,
        satisfactionRate: m ? percent(m.satisfied, m.rated) : null,
      };
    })
    .sort((a, b) => b.overdue + b.returned - (a.overdue + a.returned) || a.name.localeCompare(b.name, 'zh'));
  return {
    month,
    periods,
    current,
    previous,
    lastYear,
    visits: { batches: visitRow?.received ?? 0, persons: visitRow?.persons ?? 0 },
    hot: { topCategories: tops.slice(0, 5), topIssues: [...leaves].sort(byCount).slice(0, 5), rising, places: placeList },
    agencies: agencyRows,
    categoryNames: Object.fromEntries(index.ordered.map((c) => [c.code, c.name])),
    generatedAt: deps.now().toISOString(),
  };
}
