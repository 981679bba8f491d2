// The admin audit log (等保 security audit): every administrative change — users, roles, agencies,
// categories, clock settings, calendar, retention, repeat settings, office identity — is one row
// written in the same transaction as the change, so a failed audit rolls the change back. The
// table is append-only (migrations/049: a trigger refuses UPDATE and DELETE).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Who made an administrative change, and from where (the request's client address). */
export type AdminActor = { userId: string | null; username: string; ip: string };

export type AdminChange = {
  /** `subject.verb`, e.g. `user.create`, `agency.update`, `settings.office`. */
  action: string;
  /** The changed object's key: an id, a code, a date or a setting key. */
  target?: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
};

/** The system's own changes (first start, migrations of data): no user, no address. */
export const SYSTEM_ACTOR: AdminActor = { userId: null, username: 'system', ip: '' };

export async function recordAdminChange(trx: Transaction<DB> | Kysely<DB>, actor: AdminActor, change: AdminChange, at: Date = new Date()): Promise<void> {
  await trx
    .insertInto('admin_audit')
    .values({
      at,
      actor_id: actor.userId,
      actor_name: actor.username,
      ip: actor.ip,
      action: change.action,
      target: change.target ?? '',
      before: change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === undefined ? null : JSON.stringify(change.after),
      reason: change.reason ?? null,
    })
    .execute();
}
