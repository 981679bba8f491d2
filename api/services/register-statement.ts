// The write of registrations as ONE SQL statement (data-modifying CTEs), so a filing is atomic
// without BEGIN/COMMIT round trips: the case with its case number, its sealed petitioners, the
// `register` event, the acceptance clock, the idempotency key and the attachments it claims.
// The statement takes one filing or several (api/services/register-batch.ts writes filings that
// arrive together in one): every column as an array with one element per filing, the petitioners
// and the claimed files named by the filing's ordinal. Each case is matched back to its filing by
// its query-code hash (unique).
// Repeat detection follows the commit (the petition is marked `scan_pending`, see
// api/services/registration-scan.ts); the scan also counts it in the statistics (migrations/046).
// Either all of it commits or none of it does. Issue 6 measured fourteen round trips for this before.
import type pg from 'pg';

export const REGISTER_SQL = `
WITH x AS (
  SELECT * FROM unnest($1::int[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                       $10::bool[], $11::bool[], $12::int[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[],
                       $16::text[], $17::uuid[], $18::text[], $19::jsonb[], $20::date[], $21::text[], $22::text[], $23::bytea[],
                       $27::int[], $28::uuid[], $29::bool[])
    WITH ORDINALITY AS x(year, query_code_hash, channel, purpose, category_code, title, content, desired_outcome, place,
                         anonymous, joint, person_count, received_at, registered_at, due_at,
                         actor_kind, actor_id, public_text, data, due_date, unit, idem_key, request_hash, period_days, accused_agency_id, notify, i)
), p AS (
  INSERT INTO petitions (case_no, query_code_hash, channel, purpose, category_code, title, content, desired_outcome, place,
                         anonymous, joint, person_count, received_at, registered_at, next_due_at, scan_pending, accused_agency_id, notify)
  SELECT next_case_no(x.year), x.query_code_hash, x.channel, x.purpose, x.category_code, x.title, x.content, x.desired_outcome, x.place,
         x.anonymous, x.joint, x.person_count, x.received_at, x.registered_at, x.due_at, true, x.accused_agency_id, x.notify
    FROM x ORDER BY x.i
  RETURNING id, case_no, query_code_hash
), px AS (
  SELECT p.id AS petition_id, p.case_no, x.* FROM p JOIN x ON x.query_code_hash = p.query_code_hash
), people AS (
  INSERT INTO petitioners (petition_id, role, ord, name_enc, id_number_enc, phone_enc, address_enc, phone_hash, id_number_hash, name_address_hash, email_enc)
  SELECT px.petition_id, y.role, y.ord, decode(y.name_enc, 'hex'), decode(y.id_number_enc, 'hex'), decode(y.phone_enc, 'hex'), decode(y.address_enc, 'hex'),
         decode(y.phone_hash, 'hex'), decode(y.id_number_hash, 'hex'), decode(y.name_address_hash, 'hex'), decode(y.email_enc, 'hex')
    FROM json_to_recordset($24::json) AS y(i int, role text, ord int, name_enc text, id_number_enc text, phone_enc text, address_enc text,
                                           phone_hash text, id_number_hash text, name_address_hash text, email_enc text)
    JOIN px ON px.i = y.i
), ev AS (
  INSERT INTO events (petition_id, at, type, visibility, actor_kind, actor_id, public_text, data)
  SELECT px.petition_id, px.registered_at, 'register', 'public', px.actor_kind, px.actor_id, px.public_text, px.data FROM px
), ck AS (
  INSERT INTO clocks (petition_id, clock, started_at, due_date, due_at, unit, start_date, period_days)
  SELECT px.petition_id, 'accept', px.received_at, px.due_date, px.due_at, px.unit, china_day(px.received_at), px.period_days FROM px
), idem AS (
  INSERT INTO idempotency_keys (scope, key, request_hash, petition_id)
  SELECT 'file_petition', px.idem_key, px.request_hash, px.petition_id FROM px WHERE px.idem_key IS NOT NULL
), files AS (
  UPDATE attachments a SET petition_id = px.petition_id, bound_at = px.registered_at
    FROM px, unnest($25::int[], $26::uuid[]) AS f(i, id)
   WHERE f.i = px.i AND a.id = f.id AND a.petition_id IS NULL
  RETURNING a.petition_id
)
SELECT px.i::int AS i, px.petition_id AS id, px.case_no, px.registered_at,
       (SELECT count(*)::int FROM files WHERE files.petition_id = px.petition_id) AS bound
  FROM px ORDER BY px.i`;

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
  /** The acceptance period's length in its unit (the clock is recounted from it). */
  acceptDays: number;
  /** For an accusation: the body it accuses (never routed to). */
  accusedAgencyId: string | null;
  /** Sealed petitioners, bytea fields as hex. */
  people: Array<Record<string, string | number | null>>;
  actorKind: string;
  actorId: string | null;
  registerText: string;
  registerData: unknown;
  idempotencyKey: string | null;
  requestHash: Buffer;
  attachmentIds: string[];
  /** The petitioner wants progress messages (issue 14). */
  notify: boolean;
};

export type Registered = { id: number; case_no: string; registered_at: Date; bound: number };

/**
 * Runs the registration of `batch` on `client` (a pool, or a client inside an explicit
 * transaction); the results in the batch's order.
 */
export async function runRegisterMany(client: pg.Pool | pg.PoolClient, batch: RegisterValues[]): Promise<Registered[]> {
  const col = <T>(f: (v: RegisterValues) => T) => batch.map(f);
  const people = batch.flatMap((v, k) => v.people.map((p) => ({ i: k + 1, ...p })));
  const files = batch.flatMap((v, k) => v.attachmentIds.map((id) => [k + 1, id] as const));
  const { rows } = await client.query<Registered & { i: number }>({
    name: 'xf_register_petitions',
    text: REGISTER_SQL,
    values: [
      col((v) => v.year), col((v) => v.queryCodeHash), col((v) => v.channel), col((v) => v.purpose), col((v) => v.categoryCode),
      col((v) => v.title), col((v) => v.content), col((v) => v.desiredOutcome), col((v) => v.place),
      col((v) => v.anonymous), col((v) => v.joint), col((v) => v.personCount), col((v) => v.receivedAt), col((v) => v.registeredAt),
      col((v) => v.acceptDueAt), col((v) => v.actorKind), col((v) => v.actorId), col((v) => v.registerText),
      col((v) => JSON.stringify(v.registerData)), col((v) => v.acceptDueDate), col((v) => v.acceptUnit), col((v) => v.idempotencyKey),
      col((v) => v.requestHash), JSON.stringify(people), files.map((f) => f[0]), files.map((f) => f[1]),
      col((v) => v.acceptDays), col((v) => v.accusedAgencyId), col((v) => v.notify),
    ],
  });
  // Committed: one row per filing, in the batch's order (the statement orders by the ordinal).
  return rows.map(({ i: _i, ...r }) => r);
}

/** Runs the registration of one filing on `client` (a pool, or a client inside an explicit transaction). */
export async function runRegister(client: pg.Pool | pg.PoolClient, v: RegisterValues): Promise<Registered> {
  return (await runRegisterMany(client, [v]))[0];
}
