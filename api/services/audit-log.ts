// The admin's read of the audit log (admin_audit, migrations/049): filtered by action (one, or a
// whole subject such as `user.`), by actor, by target (an id or code, or the username or agency
// name it stands for) and by period (China dates), newest first, keyset-paged. Reading is the
// only thing the application does with these rows: there is no endpoint that changes or deletes
// one, and the table's trigger refuses both.
import { sql } from 'kysely';
import { AUDIT_ACTION_LABELS, type AuditQuery } from '../contract/security.ts';
import type { Deps } from '../context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { badRequest } from '../http/errors.ts';

type Cursor = [at: string, id: number];

const chinaMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

export async function listAudit(deps: Deps, f: AuditQuery) {
  let q = deps.db.selectFrom('admin_audit as a');
  if (f.action) q = f.action.endsWith('.') ? q.where('a.action', 'like', f.action.replace(/[\\%_]/g, '\\$&') + '%') : q.where('a.action', '=', f.action);
  if (f.actor) q = q.where('a.actor_name', '=', f.actor.toLowerCase());
  if (f.target) {
    const t = f.target;
    q = q.where((eb) =>
      eb.or([
        eb('a.target', '=', t),
        eb('a.target', 'in', eb.selectFrom('users').select(sql<string>`id::text`.as('id')).where('username', '=', t.toLowerCase())),
        eb('a.target', 'in', eb.selectFrom('agencies').select(sql<string>`id::text`.as('id')).where('name', '=', t)),
      ]),
    );
  }
  if (f.from) q = q.where('a.at', '>=', chinaMidnight(f.from));
  if (f.to) q = q.where('a.at', '<', new Date(chinaMidnight(f.to).getTime() + 86_400_000));
  if (f.from && f.to && f.from > f.to) throw badRequest('开始日期不能晚于结束日期', { from: '开始日期不能晚于结束日期' });
  if (f.cursor) {
    const [at, id] = decodeCursor<Cursor>(f.cursor, ['timestamp', 'id']);
    q = q.where(sql<boolean>`(a.at, a.id) < (${at}::timestamptz, ${id})`);
  }
  const rows = await q
    .leftJoin('users as u', (j) => j.on(sql`u.id::text`, '=', sql.ref('a.target')))
    .leftJoin('agencies as g', (j) => j.on(sql`g.id::text`, '=', sql.ref('a.target')))
    .select([
      'a.id', 'a.at', 'a.actor_id', 'a.actor_name', 'a.ip', 'a.action', 'a.target', 'a.before', 'a.after', 'a.reason',
      'u.username as target_user', 'g.name as target_agency', sql<string>`a.at::text`.as('at_key'),
    ])
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor_name,
      actorId: r.actor_id,
      ip: r.ip,
      action: r.action,
      actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
      target: r.target,
      targetName: r.target_user ?? r.target_agency ?? null,
      before: r.before,
      after: r.after,
      reason: r.reason,
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.at_key, last.id]) : null,
  };
}
