-- 010 staff: accounts, sessions in PostgreSQL, and the indexes the staff queue and the clock job
-- read. Login throttling reuses rate_limits (counted failures per account and per address).

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
  display_name text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('clerk', 'leader', 'agency', 'editor', 'admin')),
  agency_id uuid REFERENCES agencies (id),
  must_change_password boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- An agency officer belongs to exactly one agency; nobody else belongs to one.
  CHECK ((role = 'agency') = (agency_id IS NOT NULL))
);

-- The cookie carries a random 256-bit id; only its SHA-256 is stored, so a read of this table
-- does not hand out live sessions.
CREATE TABLE sessions (
  id_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

ALTER TABLE petitions ADD CONSTRAINT petitions_owner_leader_fk FOREIGN KEY (owner_leader_id) REFERENCES users (id);
CREATE INDEX petitions_owner_idx ON petitions (owner_leader_id) WHERE owner_leader_id IS NOT NULL;
CREATE INDEX events_actor_idx ON events (actor_id, type) WHERE actor_id IS NOT NULL;
-- The clock job scans running clocks by due date; reminders by the handle clock.
CREATE INDEX clocks_running_idx ON clocks (clock, due_date) WHERE stopped_at IS NULL;

-- The work queue is sorted by urgency: the earliest due date among the case's running staff
-- clocks (the citizen's review window and the agency's right to object are not staff duties),
-- then the newest. Kept by a trigger on clocks, in the same transaction as every clock change
-- from any code path; 'infinity' when nothing runs. Overdue itself stays derived (due < now()).
ALTER TABLE petitions ADD COLUMN next_due_at timestamptz NOT NULL DEFAULT 'infinity';
CREATE FUNCTION petitions_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE petitions
     SET next_due_at = COALESCE((
       SELECT min(c.due_at) FROM clocks c
        WHERE c.petition_id = NEW.petition_id AND c.stopped_at IS NULL
          AND c.clock IN ('accept', 'ack', 'handle', 'feedback', 'review')), 'infinity')
   WHERE id = NEW.petition_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER clocks_next_due AFTER INSERT OR UPDATE OF due_at, stopped_at ON clocks
  FOR EACH ROW EXECUTE FUNCTION petitions_next_due();
CREATE INDEX petitions_urgency_idx ON petitions (next_due_at, received_at DESC, id DESC);
CREATE INDEX petitions_agency_urgency_idx ON petitions (agency_id, next_due_at, received_at DESC, id DESC) WHERE agency_id IS NOT NULL;
