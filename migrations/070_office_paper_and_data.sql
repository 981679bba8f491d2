-- 070 the office's real paper and data (issue 15): how a petition came in beyond its channel
-- (a deputy's referral, a leader's 批转, an upper congress's 交办 with its document number) and
-- the report back to that referrer; 越级访 / 重复访 flags and the reception day a visit was taken
-- on; ledger rows imported as history (with their own number, 办理结果 and 备注), so re-imports
-- match instead of duplicating and figures can leave history out; remembered value mappings and
-- the admins' aliases of agencies and categories; documents issued with a 文号; only confirmed
-- repeat links count as repeats.

-- Registration facts beyond the filing contract, one row per petition that has any.
CREATE TABLE registration_details (
  petition_id bigint PRIMARY KEY REFERENCES petitions (id),
  -- How it reached the office: the channels, or a referral (代表转来 / 领导批转 / 上级人大交办).
  source text NOT NULL CHECK (source IN ('letter', 'visit', 'online', 'phone', 'deputy', 'leader', 'upper_congress')),
  -- Who referred it: the deputy, the leader, the upper congress (its office) — told the result.
  referrer text,
  -- The referral's own document number (上级人大交办函 文号, a leader's 批件 number).
  referrer_doc_no text,
  -- Where the 报结 letter goes (a deputy's work unit or address), optional.
  referrer_address text,
  skip_level boolean NOT NULL DEFAULT false,
  repeat_visit boolean NOT NULL DEFAULT false,
  -- A visit taken on a published 领导接待日: the day (kept as a date too, the schedule may change)
  -- and the leader who received it.
  reception_day_id uuid REFERENCES reception_days (id) ON DELETE SET NULL,
  reception_date date,
  receiving_leader text,
  -- The referrer was told the result (报结): when, by whom, with which letter.
  reported_at timestamptz,
  reported_by uuid REFERENCES users (id),
  report_doc_no text,
  CHECK ((source IN ('deputy', 'leader', 'upper_congress')) OR (referrer IS NULL AND referrer_doc_no IS NULL))
);
-- The "referrals awaiting report-back" list reads only open referrals.
CREATE INDEX registration_details_referrals_idx ON registration_details (petition_id)
  WHERE source IN ('deputy', 'leader', 'upper_congress') AND reported_at IS NULL;

-- A ledger import is no longer all or nothing, and the same file may be imported again (its rows
-- are matched by their own numbers): the file hash is kept, not unique.
ALTER TABLE ledger_imports DROP CONSTRAINT ledger_imports_file_sha256_key;
ALTER TABLE ledger_imports
  ADD COLUMN ledger_name text NOT NULL DEFAULT '',
  ADD COLUMN source_key text NOT NULL DEFAULT '',
  ADD COLUMN header_row integer,
  ADD COLUMN value_map jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN matched_count integer NOT NULL DEFAULT 0,
  ADD COLUMN refused_count integer NOT NULL DEFAULT 0,
  -- The refused rows as the office wrote them plus 错误说明, ready to fix and import again.
  ADD COLUMN refused_file bytea;
CREATE INDEX ledger_imports_file_idx ON ledger_imports (file_sha256);

-- Each imported case: which import and row, the ledger's own number for it (序号 / 原编号, or
-- a fingerprint of the row when it has none), and what the ledger said that has no column of
-- its own (办理结果, 备注). A petition with a row here is history; figures may leave it out.
CREATE TABLE petition_imports (
  petition_id bigint PRIMARY KEY REFERENCES petitions (id),
  import_id uuid NOT NULL REFERENCES ledger_imports (id),
  row integer NOT NULL,
  -- The ledger's name, normalised: 序号 1 of the visits ledger is not 序号 1 of the letters one.
  source_key text NOT NULL,
  reference text NOT NULL,
  result_text text,
  remarks text,
  UNIQUE (source_key, reference)
);

-- A clerk's answer to "which of ours is this ledger value?", remembered for the next import.
CREATE TABLE ledger_value_maps (
  field text NOT NULL,
  raw text NOT NULL,
  target text NOT NULL,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (field, raw)
);

-- Other names of an agency or a category (市人社局, 环保 …) that admins maintain; ledgers, the
-- import's suggestions and search read them. An alias names exactly one thing.
CREATE TABLE agency_aliases (
  alias text PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agency_aliases_agency_idx ON agency_aliases (agency_id);
CREATE TABLE category_aliases (
  alias text PRIMARY KEY,
  category_code text NOT NULL REFERENCES categories (code) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX category_aliases_code_idx ON category_aliases (category_code);

-- An export with full identities says why (the reason is in the audit log too).
ALTER TABLE ledger_exports ADD COLUMN reason text;

-- Documents the office issues (notices, 转送函 / 交办函, 督办函, 催办单, 报结函, 逾期未结通报):
-- each gets a 文号 the first time it is issued, and keeps it when printed again. `subject` says
-- what it is about (an event, a case, a selection), so the same letter is never numbered twice.
CREATE TABLE issued_documents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  subject text NOT NULL,
  year integer NOT NULL,
  seq integer NOT NULL,
  doc_no text NOT NULL,
  petition_ids bigint[] NOT NULL DEFAULT '{}',
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  issued_at timestamptz NOT NULL,
  issued_by uuid REFERENCES users (id),
  UNIQUE (kind, subject),
  UNIQUE (year, seq)
);
CREATE TABLE document_counters (
  year integer PRIMARY KEY,
  last integer NOT NULL
);

-- The bulletin as an office issues it: its number in the year (期号), to whom it goes (主送) and
-- who gets a copy (抄送), and the category level its tables show.
ALTER TABLE bulletins
  ADD COLUMN issue_no integer,
  ADD COLUMN send_to text NOT NULL DEFAULT '',
  ADD COLUMN copy_to text NOT NULL DEFAULT '',
  ADD COLUMN category_level integer NOT NULL DEFAULT 1 CHECK (category_level BETWEEN 1 AND 3);

-- Only a confirmed link makes a repeat (a system hint is a hint): repeat_of_id, which the
-- statistics count, now names the best confirmed earlier case, or nothing. The trigger on
-- petitions moves the figures of every row changed here.
UPDATE petitions p SET repeat_of_id = best.earlier_id
  FROM (SELECT DISTINCT ON (petition_id) petition_id, earlier_id FROM repeats WHERE status = 'confirmed'
         ORDER BY petition_id, score DESC, earlier_id) best
 WHERE best.petition_id = p.id AND p.repeat_of_id IS DISTINCT FROM best.earlier_id;
UPDATE petitions p SET repeat_of_id = NULL
 WHERE p.repeat_of_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM repeats r WHERE r.petition_id = p.id AND r.status = 'confirmed');
-- 一次性化解率 asks whether a case was petitioned again: later repeats by their earlier case.
CREATE INDEX petitions_repeat_of_idx ON petitions (repeat_of_id) WHERE repeat_of_id IS NOT NULL;
