// The only way staff code reads a petitioner's identity (DESIGN §5). It takes the actor: an agency
// officer never receives any identity of an accusation (条例 art. 30, 46), masked or not; everyone
// else gets it masked unless the call is an audited reveal (the reveal_identity verb writes the
// event in the same transaction before it asks for the plain form).
import type { Transaction } from 'kysely';
import type { StaffSession } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Keys } from '../security/keys.ts';
import { AppError } from '../http/errors.ts';
import { maskPerson, openPerson } from './identity.ts';

type Who = Pick<StaffSession, 'role'>;
type Case = { id: number; purpose: string };

/** Whether this actor may ever see who filed this case. */
export function identityWithheld(who: Who, petition: Pick<Case, 'purpose'>): boolean {
  return who.role === 'agency' && petition.purpose === 'accusation';
}

export function assertMayReveal(who: Who, petition: Pick<Case, 'purpose'>) {
  if (identityWithheld(who, petition)) {
    throw new AppError(403, 'identity_protected', '检举控告类信访事项的信访人信息不得向承办单位提供');
  }
}

export type PetitionerView = { role: string; name: string; phone?: string; idNumber?: string; address?: string };

export async function petitionersFor(
  db: Database | Transaction<DB>,
  keys: Keys,
  who: Who,
  petition: Case,
  mode: 'masked' | 'revealed',
): Promise<PetitionerView[]> {
  if (identityWithheld(who, petition)) return [];
  const rows = await db
    .selectFrom('petitioners')
    .select(['role', 'name_enc', 'id_number_enc', 'phone_enc', 'address_enc'])
    .where('petition_id', '=', petition.id)
    .orderBy('ord')
    .execute();
  return rows.map((r) => {
    const plain = openPerson(keys, r);
    const shown = mode === 'revealed' ? plain : maskPerson(plain);
    const out: PetitionerView = { role: r.role, name: shown.name };
    if (shown.phone) out.phone = shown.phone;
    if (shown.idNumber) out.idNumber = shown.idNumber;
    if (shown.address) out.address = shown.address;
    return out;
  });
}
