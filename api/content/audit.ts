// The two lines every content verb starts and ends with: the permission check (from the one
// role → permission table) and the audit row, written in the verb's own transaction so a failed
// audit rolls the change back.
import type { Transaction } from 'kysely';
import type { Role } from '../contract/enums.ts';
import type { DB } from '../db/schema.ts';
import { can, type Permission } from '../domain/permissions.ts';
import { forbidden } from '../http/errors.ts';

/** A signed-in editor, or the installer loading starter content (userId null). */
export type Editor = { userId: string | null; role: Role };

export function assertCan(editor: Editor, perm: Permission) {
  if (!can(editor.role, perm)) throw forbidden();
}

export async function recordContentEvent(
  trx: Transaction<DB>,
  e: { at: Date; actorId: string | null; subject: 'article' | 'reception_day' | 'guide' | 'starter'; subjectId?: string; action: string; data?: unknown },
) {
  await trx
    .insertInto('content_events')
    .values({ at: e.at, actor_id: e.actorId, subject: e.subject, subject_id: e.subjectId ?? '', action: e.action, data: JSON.stringify(e.data ?? {}) })
    .execute();
}
