-- 001 foundation: reference data, petitions, identity (encrypted, apart from the case body),
-- the append-only event log, clocks, attachments, idempotency and rate limits.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  code text PRIMARY KEY,
  parent_code text REFERENCES categories (code),
  name text NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL DEFAULT ''
);

CREATE TABLE agencies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('government', 'supervision', 'court', 'procuratorate', 'lower_congress', 'committee')),
  contact text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Case numbers are per year (2026-000123); one sequence per year keeps filings from queuing
-- on a counter row. Gaps after a rolled-back filing are acceptable for a public reference.
CREATE FUNCTION next_case_no(y integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  seq text := 'case_no_seq_' || y;
  n bigint;
BEGIN
  BEGIN
    n := nextval(seq);
  EXCEPTION WHEN undefined_table THEN
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
      NULL; -- another transaction created it first
    END;
    n := nextval(seq);
  END;
  RETURN y || '-' || lpad(n::text, 6, '0');
END;
$$;

CREATE TABLE petitions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_no text NOT NULL UNIQUE,
  query_code_hash bytea NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('letter', 'visit', 'online', 'phone')),
  purpose text NOT NULL CHECK (purpose IN ('suggestion', 'accusation', 'appeal', 'demand', 'inquiry')),
  category_code text NOT NULL REFERENCES categories (code),
  title text NOT NULL,
  content text NOT NULL,
  desired_outcome text,
  place text,
  anonymous boolean NOT NULL DEFAULT false,
  joint boolean NOT NULL DEFAULT false,
  person_count integer NOT NULL DEFAULT 1 CHECK (person_count >= 1),
  status text NOT NULL DEFAULT 'registered',
  scope text,
  route_mode text,
  agency_id uuid REFERENCES agencies (id),
  merged_into_id bigint REFERENCES petitions (id),
  review_level integer NOT NULL DEFAULT 0,
  extended_days integer NOT NULL DEFAULT 0,
  received_at timestamptz NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  owner_leader_id uuid,
  replied_at timestamptz,
  closed_at timestamptz,
  rating text CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  rated_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX petitions_status_idx ON petitions (status, id);
CREATE INDEX petitions_received_idx ON petitions (received_at);
CREATE INDEX petitions_category_idx ON petitions (category_code, id);
CREATE INDEX petitions_agency_idx ON petitions (agency_id, id) WHERE agency_id IS NOT NULL;

-- Identity lives apart from the case body. Every personal field is AES-256-GCM ciphertext;
-- matching uses keyed hashes (HMAC) of the normalised phone and ID number.
CREATE TABLE petitioners (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  petition_id bigint NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('signer', 'cosigner', 'representative')),
  ord integer NOT NULL DEFAULT 0,
  name_enc bytea NOT NULL,
  id_number_enc bytea,
  phone_enc bytea,
  address_enc bytea,
  phone_hash bytea,
  id_number_hash bytea,
  name_address_hash bytea
);
CREATE INDEX petitioners_petition_idx ON petitioners (petition_id);
CREATE INDEX petitioners_phone_hash_idx ON petitioners (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX petitioners_id_number_hash_idx ON petitioners (id_number_hash) WHERE id_number_hash IS NOT NULL;
CREATE INDEX petitioners_name_address_hash_idx ON petitioners (name_address_hash) WHERE name_address_hash IS NOT NULL;

-- The append-only log: every change to a case is one row, written in the case's transaction.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  petition_id bigint NOT NULL REFERENCES petitions (id),
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
  actor_kind text NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system')),
  actor_id uuid,
  public_text text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX events_petition_idx ON events (petition_id, id);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the retention job may rewrite events (to anonymise closed cases); it says so explicitly.
  IF current_setting('xinfang.allow_event_rewrite', true) = 'on' THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  RAISE EXCEPTION 'events are append-only';
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Statutory clocks. Overdue is derived (due_at < now() AND stopped_at IS NULL), never stored;
-- reminded_at / overdue_noted_at only record that the job wrote its event once.
CREATE TABLE clocks (
  petition_id bigint NOT NULL REFERENCES petitions (id),
  clock text NOT NULL,
  started_at timestamptz NOT NULL,
  due_date date NOT NULL,
  due_at timestamptz NOT NULL,
  unit text NOT NULL CHECK (unit IN ('calendar', 'working')),
  stopped_at timestamptz,
  reminded_at timestamptz,
  overdue_noted_at timestamptz,
  PRIMARY KEY (petition_id, clock)
);
CREATE INDEX clocks_open_due_idx ON clocks (due_at) WHERE stopped_at IS NULL;

-- Files live in PostgreSQL so every API process sees them. An upload is unbound until a
-- petition or an event claims it; unclaimed uploads are purged after a day.
CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  petition_id bigint REFERENCES petitions (id),
  event_id bigint REFERENCES events (id),
  name text NOT NULL,
  type text NOT NULL,
  size integer NOT NULL,
  sha256 bytea NOT NULL,
  data bytea NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  bound_at timestamptz
);
CREATE INDEX attachments_petition_idx ON attachments (petition_id) WHERE petition_id IS NOT NULL;
CREATE INDEX attachments_unbound_idx ON attachments (uploaded_at) WHERE petition_id IS NULL;

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash bytea NOT NULL,
  petition_id bigint NOT NULL REFERENCES petitions (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE TABLE rate_limits (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, window_start)
);
