// The leaders' view of agencies: for each agency, its open cases, how many are overdue, how many
// are under supervision and how many reports were returned to it. Office roles only.
import { sql } from 'kysely';
import type { Deps } from '../context.ts';
import { OPEN_STATUSES } from '../domain/lifecycle.ts';

export async function agencyOverview(deps: Deps) {
  const now = deps.now();
  const open = [...OPEN_STATUSES];
  const rows = await deps.db
    .selectFrom('agencies as a')
    .leftJoin('petitions as p', (j) => j.onRef('p.agency_id', '=', 'a.id').on('p.status', 'in', open))
    .select([
      'a.id',
      'a.name',
      sql<number>`count(p.id)::int`.as('open'),
      sql<number>`count(p.id) FILTER (WHERE p.next_due_at < ${now})::int`.as('overdue'),
      sql<number>`count(p.id) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.petition_id = p.id AND e.type = 'supervise'))::int`.as('supervised'),
      sql<number>`count(p.id) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.petition_id = p.id AND e.type = 'return'))::int`.as('returned'),
    ])
    .where('a.active', '=', true)
    .groupBy(['a.id', 'a.name'])
    .orderBy(sql`count(p.id) FILTER (WHERE p.next_due_at < ${now})`, 'desc')
    .orderBy('a.name')
    .execute();
  return { items: rows.map((r) => ({ agencyId: r.id, agencyName: r.name, open: r.open, overdue: r.overdue, supervised: r.supervised, returned: r.returned })) };
}
