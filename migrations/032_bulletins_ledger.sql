-- 032 the monthly bulletin (信访通报) and the ledger (信访台账) import/export audit.

-- One bulletin per month. `figures` is the generated snapshot (this month, the previous month and
-- the same month last year, hot topics, agencies); `sections` the editable text; `notable` the
-- cases staff chose. A published bulletin is frozen. `revision` guards concurrent edits.
CREATE TABLE bulletins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  month date NOT NULL UNIQUE CHECK (extract(day FROM month) = 1),
  title text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  figures jsonb NOT NULL,
  sections jsonb NOT NULL,
  notable jsonb NOT NULL DEFAULT '[]'::jsonb,
  revision integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid REFERENCES users (id),
  published_at timestamptz
);

-- A ledger file waits here between its upload and its import (the mapping step and the dry run
-- read it again); files older than a day are dropped on the next upload.
CREATE TABLE ledger_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  name text NOT NULL,
  size integer NOT NULL,
  sha256 bytea NOT NULL,
  data bytea NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_files_uploaded_idx ON ledger_files (uploaded_at);

-- Every import (all-or-nothing) and every export, with who, what and how many; an export that
-- carried identities also writes an `identity_export` event on each case.
CREATE TABLE ledger_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid NOT NULL REFERENCES users (id),
  file_name text NOT NULL,
  file_sha256 bytea NOT NULL UNIQUE,
  row_count integer NOT NULL,
  mapping jsonb NOT NULL
);
CREATE TABLE ledger_exports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid NOT NULL REFERENCES users (id),
  format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
  filters jsonb NOT NULL,
  row_count integer NOT NULL,
  with_identity boolean NOT NULL,
  petition_ids bigint[] NOT NULL
);

-- The bulletin lists cases returned (发还补办) in the month; a partial index keeps that off the
-- write path of every other event.
CREATE INDEX events_return_at_idx ON events (at) WHERE type = 'return';
