// The write of a registration as ONE SQL statement (data-modifying CTEs), so a filing is atomic
// without BEGIN/COMMIT round trips: the case with its case number, its sealed petitioners, the
// `register` event (and `repeat_detected` when links were found), the acceptance clock, the
// MinHash bands, the repeat links, the idempotency key and the attachments it claims. Either all
// of it commits or none of it does; triggers (due dates, statistics) fire at the statement's end
// as for any other write. Issue 6 measured fourteen round trips for this before.
import type pg from 'pg';

export const REGISTER_SQL = `
WITH p AS (
  INSERT INTO petitions (case_no, query_code_hash, channel, purpose, category_code, title, content, desired_outcome, place,
                         anonymous, joint, person_count, received_at, registered_at, next_due_at, repeat_of_id)
  VALUES (next_case_no($1::int), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
  RETURNING id, case_no, registered_at
), people AS (
  INSERT INTO petitioners (petition_id, role, ord, name_enc, id_number_enc, phone_enc, address_enc, phone_hash, id_number_hash, name_address_hash)
  SELECT p.id, x.role, x.ord, decode(x.name_enc, 'hex'), decode(x.id_number_enc, 'hex'), decode(x.phone_enc, 'hex'), decode(x.address_enc, 'hex'),
         decode(x.phone_hash, 'hex'), decode(x.id_number_hash, 'hex'), decode(x.name_address_hash, 'hex')
    FROM p, json_to_recordset($17::json) AS x(role text, ord int, name_enc text, id_number_enc text, phone_enc text, address_enc text,
                                              phone_hash text, id_number_hash text, name_address_hash text)
), ev AS (
  INSERT INTO events (petition_id, at, type, visibility, actor_kind, actor_id, public_text, data)
  SELECT p.id, $14, e.type, e.visibility, e.actor_kind, e.actor_id, e.public_text, e.data
    FROM p, (VALUES (1, 'register', 'public', $18::text, $19::uuid, $20::text, $21::jsonb),
                    (2, 'repeat_detected', 'internal', 'system', NULL::uuid, NULL::text, $22::jsonb)) AS e(ord, type, visibility, actor_kind, actor_id, public_text, data)
   WHERE e.data IS NOT NULL
   ORDER BY e.ord
), ck AS (
  INSERT INTO clocks (petition_id, clock, started_at, due_date, due_at, unit)
  SELECT p.id, 'accept', $13, $23::date, $15, $24 FROM p
), bands AS (
  INSERT INTO text_bands (band_hash, petition_id) SELECT unnest($25::bigint[]), p.id FROM p ON CONFLICT DO NOTHING
), links AS (
  INSERT INTO repeats (petition_id, earlier_id, kind, basis, score)
  SELECT p.id, x.earlier_id, x.kind, x.basis, x.score FROM p, json_to_recordset($26::json) AS x(earlier_id bigint, kind text, basis text, score real)
  ON CONFLICT DO NOTHING
), idem AS (
  INSERT INTO idempotency_keys (scope, key, request_hash, petition_id)
  SELECT 'file_petition', $27::text, $28, p.id FROM p WHERE $27::text IS NOT NULL
), files AS (
  UPDATE attachments a SET petition_id = p.id, bound_at = $14 FROM p WHERE a.id = ANY($29::uuid[]) AND a.petition_id IS NULL RETURNING a.id
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
  repeatOfId: number | null;
  /** Sealed petitioners, bytea fields as hex. */
  people: Array<Record<string, string | number | null>>;
  actorKind: string;
  actorId: string | null;
  registerText: string;
  registerData: unknown;
  repeatData: unknown | null;
  bands: string[];
  links: Array<{ earlier_id: number; kind: string; basis: string; score: number }>;
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
      v.anonymous, v.joint, v.personCount, v.receivedAt, v.registeredAt, v.acceptDueAt, v.repeatOfId,
      JSON.stringify(v.people), v.actorKind, v.actorId, v.registerText, JSON.stringify(v.registerData),
      v.repeatData === null ? null : JSON.stringify(v.repeatData), v.acceptDueDate, v.acceptUnit, v.bands,
      JSON.stringify(v.links), v.idempotencyKey, v.requestHash, v.attachmentIds,
    ],
  });
  return rows[0];
}
