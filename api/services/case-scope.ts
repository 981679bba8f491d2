// The one place every staff query on cases starts from (CONVENTIONS 4): an agency officer's
// queries only ever reach the petitions routed to their own agency; office roles reach all.
// Handlers and verbs never add this filter themselves; they begin from `scopedPetitions`.
import type { Transaction } from 'kysely';
import type { StaffSession } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';

type Who = Pick<StaffSession, 'role' | 'agencyId'>;

/** True for the roles whose scope is every case (scopedPetitions adds no condition for them). */
export const seesEveryCase = (who: Who) => who.role !== 'agency' && who.role !== 'editor';

/** `petitions as p`, narrowed to what this staff member may see. */
export function scopedPetitions(db: Database | Transaction<DB>, who: Who) {
  const q = db.selectFrom('petitions as p');
  if (who.role === 'agency') return q.where('p.agency_id', '=', who.agencyId ?? '00000000-0000-0000-0000-000000000000');
  if (who.role === 'editor') return q.where((eb) => eb.val(false));
  return q;
}

/** 404 for a case outside the scope, the same answer as for one that does not exist. */
export const caseNotFound = () => notFound('没有找到该信访件');

/** The case's row by its number within the scope, optionally locked for a write. */
export async function scopedCase(db: Database | Transaction<DB>, who: Who, caseNo: string, lock = false) {
  let q = scopedPetitions(db, who).selectAll('p').where('p.case_no', '=', caseNo);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw caseNotFound();
  return row;
}
export type PetitionRow = Awaited<ReturnType<typeof scopedCase>>;
