-- 041 next_due_at without needless row versions (issue 6 measurement). The clocks trigger of
-- migrations/010_staff.sql rewrote the petition row on every clock change even when the
-- earliest running staff deadline stayed the same; a registration that sets next_due_at itself
-- paid for a second full row write (and every index entry, the column being indexed). Same rule,
-- now skipping the update when the value does not change.
CREATE OR REPLACE FUNCTION petitions_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  due timestamptz;
BEGIN
  SELECT COALESCE(min(c.due_at), 'infinity') INTO due
    FROM clocks c
   WHERE c.petition_id = NEW.petition_id AND c.stopped_at IS NULL
     AND c.clock IN ('accept', 'ack', 'handle', 'feedback', 'review');
  UPDATE petitions SET next_due_at = due WHERE id = NEW.petition_id AND next_due_at IS DISTINCT FROM due;
  RETURN NULL;
END;
$$;
