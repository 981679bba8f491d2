-- 060 telling the citizen (issue 14): whether the petitioner wants text messages / mail about
-- their case, an optional sealed e-mail address, and the outbox. A message row is written in the
-- same transaction as the event it tells of (one per event and channel); a sender job delivers it
-- with retries and backoff and records delivery or failure. A message carries the case number,
-- the event and a link to /track: never the query code, never the content (DESIGN §5), and never
-- the recipient (read from the sealed identity at sending time, so anonymisation removes it).

ALTER TABLE petitions ADD COLUMN notify boolean NOT NULL DEFAULT false;
ALTER TABLE petitioners ADD COLUMN email_enc bytea;

CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  petition_id bigint NOT NULL REFERENCES petitions (id),
  event_id bigint NOT NULL REFERENCES events (id),
  event_type text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  text text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When the sender may next try; while one process is sending, a lease in the future.
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (event_id, channel)
);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_petition_idx ON notifications (petition_id, id);
