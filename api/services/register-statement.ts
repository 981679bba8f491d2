// The write of a registration as ONE SQL statement (data-modifying CTEs), so a filing is atomic
// without BEGIN/COMMIT round trips: the case with its case number, its sealed petitioners, the
// `register` event, the acceptance clock, the idempotency key and the attachments it claims.
// Repeat detection follows the commit (the petition is marked `scan_pending`, see
// api/services/registration-scan.ts); the scan also counts it in the statistics (migrations/046).
// Either all of it commits or none of it does. Issue 6 measured fourteen round trips for this before.
import type pg from 'pg';

export const REGISTER_SQL = `
WITH p AS (
  INSERT INTO petitions (case_no, query_code_hash, channel, purpose, category_code, title, content, desired_outcome, place,
                         anonymous, joint, person_count, received_at, registered_at, next_due_at, scan_pending)
  VALUES (next_case_no($1::int), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, true)
  RETURNING id, case_no, registered_at
), people AS (
  INSERT INTO petitioners (petition_id, role, ord, name_enc, id_number_enc, phone_enc, address_enc, phone_hash, id_number_hash, name_address_hash)
  SELECT p.id, x.role, x.ord, decode(x.name_enc, 'hex'), decode(x.id_number_enc, 'hex'), decode(x.phone_enc, 'hex'), decode(x.address_enc, 'hex'),
         decode(x.phone_hash, 'hex'), decode(x.id_number_hash, 'hex'), decode(x.name_address_hash, 'hex')
    FROM p, json_to_recordset($16::json) AS x(role text, ord int, name_enc text, id_number_enc text, phone_enc text, address_enc text,
                                              phone_hash text, id_number_hash text, name_address_hash text)
), ev AS (
  INSERT INTO events (petition_id, at, type, visibility, actor_kind, actor_id, public_text, data)
  SELECT p.id, $14, 'register', 'public', $17, $18::uuid, $19, $20::jsonb FROM p
), ck AS (
  INSERT INTO clocks (petition_id, clock, started_at, due_date, due_at, unit)
  SELECT p.id, 'accept', $13, $21::date, $15, $22 FROM p
), idem AS (
  INSERT INTO idempotency_keys (scope, key, request_hash, petition_id)
  SELECT 'file_petition', $23::text, $24, p.id FROM p WHERE $23::text IS NOT NULL
), files AS (
  UPDATE attachments a SET petition_id = p.id, bound_at = $14 FROM p WHERE a.id = ANY($25::uuid[]) AND a.petition_id IS NULL RETURNING a.id
)
SELECT p.id, p.case_no, p.registered_at, (SELECT count(*)::int FROM files) AS bound FROM p`;

export type RegisterValues = {
  year: number;
  queryCodeHash: Buffer;
  channel: string;
  purpose: string;
  categoryCode: string;
  title: string;
  content: string;
  desiredOutcome: string | null;
  place: string | null;
  anonymous: boolean;
  joint: boolean;
  personCount: number;
  receivedAt: Date;
  registeredAt: Date;
  acceptDueAt: Date;
  acceptDueDate: string;
  acceptUnit: string;
  /** Sealed petitioners, bytea fields as hex. */
  people: Array<Record<string, string | number | null>>;
  actorKind: string;
  actorId: string | null;
  registerText: string;
  registerData: unknown;
  idempotencyKey: string | null;
  requestHash: Buffer;
  attachmentIds: string[];
};

export type Registered = { id: number; case_no: string; registered_at: Date; bound: number };

/** Runs the registration on `client` (a pool, or a client inside an explicit transaction). */
export async function runRegister(client: pg.Pool | pg.PoolClient, v: RegisterValues): Promise<Registered> {
  const { rows } = await client.query<Registered>({
    name: 'xf_register_petition',
    text: REGISTER_SQL,
    values: [
      v.year, v.queryCodeHash, v.channel, v.purpose, v.categoryCode, v.title, v.content, v.desiredOutcome, v.place,
      v.anonymous, v.joint, v.personCount, v.receivedAt, v.registeredAt, v.acceptDueAt,
      JSON.stringify(v.people), v.actorKind, v.actorId, v.registerText, JSON.stringify(v.registerData),
      v.acceptDueDate, v.acceptUnit, v.idempotencyKey, v.requestHash, v.attachmentIds,
    ],
  });
  return rows[0];
}
