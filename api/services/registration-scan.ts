// The registration scan: repeat detection (repeat-detection.ts) and the title search index
// (title-search.ts) for petitions registered with `scan_pending` (migrations/043), after their
// filing committed; clearing the mark also counts the petition in the statistics (migrations/046).
// The filing request stays small; the scan follows within seconds from the background job, and
// at once whenever staff need it (the case page, its repeats, actions,
// statistics, lists behind the figures, exports, search), so no staff view ever shows a petition
// whose repeats are still unknown.
//
// Order matters: a petition is compared with the earlier ones' MinHash bands, which the scan
// itself stores. So there is one scanner at a time across all processes (a transaction-level
// advisory lock), it takes petitions in id order, and the job leaves alone the ones registered
// in the last second (an earlier id may still be committing).
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { log } from '../log.ts';
import type { StaffSession } from '../context.ts';
import { scopedCase, type PetitionRow } from './case-scope.ts';
import { detectRepeats } from './repeat-detection.ts';
import { indexTitles } from './title-search.ts';

const SCAN_LOCK = 7_243_043;
const BATCH = 200;
const SETTLE_MS = 1_000;

type Who = Pick<StaffSession, 'role' | 'agencyId'>;
type Scope = { wait: boolean; upToId?: number; before?: Date };

async function scanBatch(db: Database, scope: Scope): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    if (scope.wait) await sql`SELECT pg_advisory_xact_lock(${SCAN_LOCK})`.execute(trx);
    else {
      const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${SCAN_LOCK}) AS ok`.execute(trx);
      if (!rows[0].ok) return undefined; // another process is scanning
    }
    let q = trx.selectFrom('petitions').select('id').where('scan_pending', '=', true);
    if (scope.upToId !== undefined) q = q.where('id', '<=', scope.upToId);
    if (scope.before) q = q.where('registered_at', '<', scope.before);
    const ids = (await q.orderBy('id').limit(BATCH).execute()).map((r) => r.id);
    for (const id of ids) await detectRepeats(db, trx, id);
    await indexTitles(trx, ids);
    if (ids.length) await trx.updateTable('petitions').set({ scan_pending: false }).where('id', 'in', ids).execute();
    return ids.length;
  });
}

async function drain(db: Database, scope: Scope): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await scanBatch(db, scope);
    if (n === undefined) return total;
    total += n;
    if (n < BATCH) return total;
  }
}

/** The background job's run: every outstanding petition older than a second. */
export function scanRegistrations(db: Database, now: Date): Promise<number> {
  return drain(db, { wait: false, before: new Date(now.getTime() - SETTLE_MS) });
}

/**
 * Before a staff read: scans every outstanding petition (up to `upToId`, when only one case and
 * the ones before it matter), waiting for a scan in progress. One indexed probe when none is
 * outstanding, which is nearly always.
 */
export async function settleRegistrations(db: Database, upToId?: number): Promise<number> {
  let q = db.selectFrom('petitions').select('id').where('scan_pending', '=', true);
  if (upToId !== undefined) q = q.where('id', '<=', upToId);
  if (!(await q.limit(1).executeTakeFirst())) return 0;
  try {
    return await drain(db, { wait: true, upToId });
  } catch (e) {
    // A scan that fails (it should not) must not take the staff pages down with it: the page is
    // shown without the outstanding detections, and the job keeps trying and logging.
    log.error({ err: (e as Error).message }, 'registration scan failed before a staff read');
    return 0;
  }
}

/**
 * A staff member's case by its number (scopedCase), with its registration scan written first if
 * it is still outstanding: the case page shows the detection, the log reads in order (registered,
 * repeat found, then what staff did), and nobody acts on a case before its repeats are known.
 */
export async function settledCase(db: Database, who: Who, caseNo: string): Promise<PetitionRow> {
  const p = await scopedCase(db, who, caseNo);
  if (!p.scan_pending) return p;
  await settleRegistrations(db, p.id);
  return scopedCase(db, who, caseNo);
}
