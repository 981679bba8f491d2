-- 051 clocks that can be counted again (issue 13). A clock now keeps the day its period counts
-- from and its length: a calendar import, an extension or the agency's acknowledgement recounts
-- the due date from them (an extension from the original last day, not from a day moved past a
-- holiday). period_days is NULL for a due date a person set (交办/发还 deadlines): never recounted.
ALTER TABLE clocks
  ADD COLUMN start_date date,
  ADD COLUMN period_days integer CHECK (period_days IS NULL OR period_days >= 0);

-- Running clocks from before this migration, best effort: the start day from started_at, and
-- the statutory length where the due date is that length from the start (moved at most ten days
-- past holidays). Others stay as they are.
UPDATE clocks SET start_date = china_day(started_at) WHERE stopped_at IS NULL;
UPDATE clocks c
   SET period_days = d.days + CASE WHEN c.clock = 'handle' THEN p.extended_days ELSE 0 END
  FROM (VALUES ('accept', 15), ('ack', 15), ('handle', 60), ('review_window', 30), ('review', 30)) AS d (clock, days),
       petitions p
 WHERE c.clock = d.clock AND p.id = c.petition_id AND c.unit = 'calendar' AND c.stopped_at IS NULL
   AND c.due_date BETWEEN c.start_date + d.days + CASE WHEN c.clock = 'handle' THEN p.extended_days ELSE 0 END
                      AND c.start_date + d.days + CASE WHEN c.clock = 'handle' THEN p.extended_days ELSE 0 END + 10;

-- The routing clock (转送/交办 within 15 days of receipt, 条例 art. 22) is a staff clock: it
-- orders the work queue like the others.
CREATE OR REPLACE FUNCTION petitions_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  due timestamptz;
BEGIN
  SELECT COALESCE(min(c.due_at), 'infinity') INTO due
    FROM clocks c
   WHERE c.petition_id = NEW.petition_id AND c.stopped_at IS NULL
     AND c.clock IN ('accept', 'route', 'ack', 'handle', 'feedback', 'review');
  UPDATE petitions SET next_due_at = due WHERE id = NEW.petition_id AND next_due_at IS DISTINCT FROM due;
  RETURN NULL;
END;
$$;
DROP TRIGGER clocks_next_due_insert ON clocks;
CREATE TRIGGER clocks_next_due_insert AFTER INSERT ON clocks
  FOR EACH ROW WHEN (NEW.stopped_at IS NULL AND NEW.clock IN ('accept', 'route', 'ack', 'handle', 'feedback', 'review'))
  EXECUTE FUNCTION petitions_next_due_insert();
