// When an agency's 60 handling days start on a forwarded or assigned case (条例 art. 34, issue 13):
// by default from the agency's receipt — its acknowledgement, or the routing day while it has not
// acknowledged — or, where the office's procedure setting says so, from the office's acceptance
// (the handle clock then keeps the date acceptance gave it).
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PetitionRow } from './case-scope.ts';
import { recountClock, type ClockRules } from './clocks.ts';

/** Recounts the running handle clock from `receivedOn` (a China date) when the office counts
 *  handling from the agency's receipt; the one extension, if given, stays added. */
export async function countHandlingFromReceipt(trx: Transaction<DB>, rules: ClockRules, petition: Pick<PetitionRow, 'id' | 'extended_days'>, receivedOn: string) {
  if (rules.procedure.handleStart !== 'agency_receipt') return undefined;
  return recountClock(trx, rules, petition.id, 'handle', { from: receivedOn, days: rules.periods.handle.days + petition.extended_days });
}
