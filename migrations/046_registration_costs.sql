-- 046 a registration's own database work, cut (issue 6 measurement: three row triggers were about
-- a quarter of a filing's PostgreSQL time).
--
-- 1. A petition counts in the statistics from its registration scan on (migrations/043), not
--    from its insert: the scan clears `scan_pending` for a batch in one statement, and that
--    update adds the petition's contribution. Every statistics reader settles outstanding scans
--    first (api/services/stats.ts), so no figure ever misses a filed petition. Rows inserted
--    already scanned (ledger imports) count at once, as before. The clock measures are
--    unchanged: they follow the clocks whatever the scan.
-- 2. The clock statistics trigger only fires for a stopped accept or handle clock (the WHEN
--    clause is checked without calling the function); a registration's running clock skips it.
-- 3. A clock's insert can only lower the earliest running deadline: one conditional update of
--    the petition instead of recomputing the minimum (a registration already sets it itself).

CREATE OR REPLACE FUNCTION stats_petitions_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c clocks;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT NEW.scan_pending THEN
      PERFORM stats_petition_delta(NEW, 1);
    END IF;
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT OLD.scan_pending THEN
      PERFORM stats_petition_delta(OLD, -1);
    END IF;
    RETURN NULL;
  END IF;
  IF OLD.scan_pending AND NOT NEW.scan_pending THEN
    PERFORM stats_petition_delta(NEW, 1);
  ELSIF NEW.scan_pending AND NOT OLD.scan_pending THEN
    PERFORM stats_petition_delta(OLD, -1);
  ELSIF NOT NEW.scan_pending AND
     (china_day(OLD.received_at), OLD.channel, OLD.purpose, OLD.category_code, OLD.scope, OLD.agency_id, OLD.route_mode,
      OLD.person_count, OLD.repeat_of_id IS NULL, OLD.replied_at IS NULL, OLD.rating)
     IS DISTINCT FROM
     (china_day(NEW.received_at), NEW.channel, NEW.purpose, NEW.category_code, NEW.scope, NEW.agency_id, NEW.route_mode,
      NEW.person_count, NEW.repeat_of_id IS NULL, NEW.replied_at IS NULL, NEW.rating) THEN
    PERFORM stats_petition_delta(OLD, -1);
    PERFORM stats_petition_delta(NEW, 1);
  END IF;
  -- The clock measures carry the case's dimensions too: move them when those change.
  IF (OLD.channel, OLD.purpose, OLD.category_code, OLD.scope, OLD.agency_id, OLD.route_mode, OLD.status = 'merged')
     IS DISTINCT FROM
     (NEW.channel, NEW.purpose, NEW.category_code, NEW.scope, NEW.agency_id, NEW.route_mode, NEW.status = 'merged') THEN
    FOR c IN SELECT * FROM clocks WHERE petition_id = NEW.id AND clock IN ('accept', 'handle') AND stopped_at IS NOT NULL LOOP
      PERFORM stats_clock_delta(OLD, c, -1);
      PERFORM stats_clock_delta(NEW, c, 1);
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;

DROP TRIGGER stats_petitions_insert ON petitions;
CREATE TRIGGER stats_petitions_insert AFTER INSERT ON petitions
  FOR EACH ROW WHEN (NOT NEW.scan_pending) EXECUTE FUNCTION stats_petitions_trg();
DROP TRIGGER stats_petitions_update ON petitions;
CREATE TRIGGER stats_petitions_update AFTER UPDATE OF received_at, channel, purpose, category_code, scope, agency_id,
  route_mode, person_count, repeat_of_id, replied_at, rating, status, scan_pending ON petitions
  FOR EACH ROW EXECUTE FUNCTION stats_petitions_trg();

-- Petitions still waiting for their scan were counted by the old insert trigger: take that back,
-- so the scan counts them once.
SELECT stats_petition_delta(p, -1) FROM petitions p WHERE p.scan_pending;

-- A rebuild counts what the triggers count.
CREATE OR REPLACE FUNCTION stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE petitions, clocks IN SHARE MODE;
  DELETE FROM stats_deltas;
  DELETE FROM stats_daily;
  INSERT INTO stats_deltas (day, channel, purpose, category_code, scope, agency, received, persons, collective,
                            collective_persons, out_of_scope, repeat, replied, rated, satisfied,
                            accept_stopped, accept_on_time, handle_stopped, handle_on_time)
  SELECT r.* FROM petitions p CROSS JOIN LATERAL stats_petition_row(p, 1) r WHERE NOT p.scan_pending;
  INSERT INTO stats_deltas (day, channel, purpose, category_code, scope, agency, received, persons, collective,
                            collective_persons, out_of_scope, repeat, replied, rated, satisfied,
                            accept_stopped, accept_on_time, handle_stopped, handle_on_time)
  SELECT r.* FROM clocks c JOIN petitions p ON p.id = c.petition_id CROSS JOIN LATERAL stats_clock_row(p, c, 1) r
   WHERE c.clock IN ('accept', 'handle') AND c.stopped_at IS NOT NULL;
  PERFORM stats_compact();
END;
$$;

DROP TRIGGER stats_clocks_change ON clocks;
CREATE TRIGGER stats_clocks_insert AFTER INSERT ON clocks
  FOR EACH ROW WHEN (NEW.clock IN ('accept', 'handle') AND NEW.stopped_at IS NOT NULL) EXECUTE FUNCTION stats_clocks_trg();
CREATE TRIGGER stats_clocks_update AFTER UPDATE OF clock, stopped_at, due_at ON clocks
  FOR EACH ROW WHEN ((OLD.clock IN ('accept', 'handle') AND OLD.stopped_at IS NOT NULL)
                  OR (NEW.clock IN ('accept', 'handle') AND NEW.stopped_at IS NOT NULL)) EXECUTE FUNCTION stats_clocks_trg();
CREATE TRIGGER stats_clocks_delete AFTER DELETE ON clocks
  FOR EACH ROW WHEN (OLD.clock IN ('accept', 'handle') AND OLD.stopped_at IS NOT NULL) EXECUTE FUNCTION stats_clocks_trg();

CREATE FUNCTION petitions_next_due_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE petitions SET next_due_at = NEW.due_at WHERE id = NEW.petition_id AND next_due_at > NEW.due_at;
  RETURN NULL;
END;
$$;
DROP TRIGGER clocks_next_due ON clocks;
CREATE TRIGGER clocks_next_due_insert AFTER INSERT ON clocks
  FOR EACH ROW WHEN (NEW.stopped_at IS NULL AND NEW.clock IN ('accept', 'ack', 'handle', 'feedback', 'review'))
  EXECUTE FUNCTION petitions_next_due_insert();
CREATE TRIGGER clocks_next_due AFTER UPDATE OF due_at, stopped_at ON clocks
  FOR EACH ROW EXECUTE FUNCTION petitions_next_due();
