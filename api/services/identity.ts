// Seals a petitioner's identity for storage and computes the keyed matching hashes (DESIGN §5).
// Nothing outside this module and the audited reveal reads the plaintext.
import { normalisePhone } from '../contract/schemas.ts';
import type { Keys } from '../security/keys.ts';

export type PersonInput = { name: string; idNumber?: string; phone?: string; address?: string };

const squeeze = (s: string) => s.normalize('NFKC').replace(/[\s\p{P}]/gu, '').toLowerCase();

/** The normalised values repeat matching hashes (phone, ID number, name + address). */
export function matchInputs(p: PersonInput) {
  return {
    phone: p.phone ? normalisePhone(p.phone) : undefined,
    id_number: p.idNumber ? p.idNumber.trim().toUpperCase() : undefined,
    name_address: p.address ? squeeze(p.name) + '|' + squeeze(p.address) : undefined,
  };
}

export function sealPerson(keys: Keys, p: PersonInput) {
  const m = matchInputs(p);
  return {
    name_enc: keys.seal(p.name),
    id_number_enc: m.id_number ? keys.seal(m.id_number) : null,
    phone_enc: p.phone ? keys.seal(p.phone.trim()) : null,
    address_enc: p.address ? keys.seal(p.address) : null,
    phone_hash: m.phone ? keys.matchHash('phone', m.phone) : null,
    id_number_hash: m.id_number ? keys.matchHash('id_number', m.id_number) : null,
    name_address_hash: m.name_address ? keys.matchHash('name_address', m.name_address) : null,
  };
}

export type SealedPerson = {
  name_enc: Buffer;
  id_number_enc: Buffer | null;
  phone_enc: Buffer | null;
  address_enc: Buffer | null;
};

export function openPerson(keys: Keys, row: SealedPerson) {
  return {
    name: keys.open(row.name_enc),
    idNumber: row.id_number_enc ? keys.open(row.id_number_enc) : undefined,
    phone: row.phone_enc ? keys.open(row.phone_enc) : undefined,
    address: row.address_enc ? keys.open(row.address_enc) : undefined,
  };
}

/** The masked form staff see by default: 张**, 138****5678, 1101**********123X. */
export function maskPerson(p: ReturnType<typeof openPerson>) {
  const keepEnds = (s: string, head: number, tail: number) =>
    s.length <= head + tail ? s[0] + '*'.repeat(Math.max(0, s.length - 1)) : s.slice(0, head) + '*'.repeat(s.length - head - tail) + s.slice(s.length - tail);
  return {
    name: p.name ? p.name[0] + '*'.repeat(Math.max(1, [...p.name].length - 1)) : '',
    idNumber: p.idNumber ? keepEnds(p.idNumber, 4, 4) : undefined,
    phone: p.phone ? keepEnds(p.phone, 3, 4) : undefined,
    address: p.address ? [...p.address].slice(0, 6).join('') + '****' : undefined,
  };
}
