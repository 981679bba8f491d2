-- 031 statistics rollup (DESIGN §4, §7: monthly statistics p95 < 300 ms on 1,000,000 petitions).
--
-- Triggers on petitions and clocks append, in the writer's own transaction, signed delta rows to
-- `stats_deltas` (append-only, no index: no lock is shared between two filings, so the filing
-- path does not queue on a counter row). A compaction (`stats_compact()`, run by the job and by
-- the stats reader under an advisory lock) moves them in one statement into `stats_daily`, one row
-- per (China day, dimension, key). A reader sums `stats_daily` plus the deltas not yet moved, in
-- one statement, so it always sees every committed change exactly once: a month is about
-- 30 days x ~90 keys rows, whatever the number of petitions.
--
-- Two date axes: the petition measures count on the day the petition was received; the clock
-- measures (accept/handle clock stopped, and whether on or before its due) count on the day the
-- clock stopped. Overdue is time-dependent and stays derived at query time (petitions.next_due_at).
-- `stats_rebuild()` recomputes everything from the base tables (after a bulk load that bypassed
-- triggers, or to verify).

-- China has used UTC+8 all year since 1991 (the same rule as api/domain/calendar.ts).
CREATE FUNCTION china_day(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ((ts AT TIME ZONE 'UTC') + interval '8 hours')::date $$;

-- The agency breakdown: the agency's id, 'self' when the office handles the case itself, ''
-- while it has not been routed.
CREATE FUNCTION stats_agency_key(agency_id uuid, route_mode text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT COALESCE(agency_id::text, CASE WHEN route_mode = 'self' THEN 'self' ELSE '' END) $$;

CREATE TABLE stats_deltas (
  -- Its sequence doubles as a cheap "data changed" version for the readers' short cache.
  id bigint GENERATED ALWAYS AS IDENTITY,
  day date NOT NULL,
  channel text NOT NULL,
  purpose text NOT NULL,
  category_code text NOT NULL,
  scope text NOT NULL,
  agency text NOT NULL,
  received integer NOT NULL DEFAULT 0,
  persons integer NOT NULL DEFAULT 0,
  collective integer NOT NULL DEFAULT 0,
  collective_persons integer NOT NULL DEFAULT 0,
  out_of_scope integer NOT NULL DEFAULT 0,
  repeat integer NOT NULL DEFAULT 0,
  replied integer NOT NULL DEFAULT 0,
  rated integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  accept_stopped integer NOT NULL DEFAULT 0,
  accept_on_time integer NOT NULL DEFAULT 0,
  handle_stopped integer NOT NULL DEFAULT 0,
  handle_on_time integer NOT NULL DEFAULT 0
);

CREATE TABLE stats_daily (
  day date NOT NULL,
  dim text NOT NULL CHECK (dim IN ('all', 'channel', 'purpose', 'category', 'scope', 'agency')),
  key text NOT NULL,
  received integer NOT NULL DEFAULT 0,
  persons integer NOT NULL DEFAULT 0,
  collective integer NOT NULL DEFAULT 0,
  collective_persons integer NOT NULL DEFAULT 0,
  out_of_scope integer NOT NULL DEFAULT 0,
  repeat integer NOT NULL DEFAULT 0,
  replied integer NOT NULL DEFAULT 0,
  rated integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  accept_stopped integer NOT NULL DEFAULT 0,
  accept_on_time integer NOT NULL DEFAULT 0,
  handle_stopped integer NOT NULL DEFAULT 0,
  handle_on_time integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, dim, key)
);

-- A petition's own contribution, on its received day. Collective means 5 or more persons
-- (LIMITS.collectiveMinPersons in api/contract/enums.ts); out of scope is any decided scope
-- other than 'own'. Written as row functions so the triggers and stats_rebuild() share them.
CREATE FUNCTION stats_petition_row(p petitions, sign integer)
RETURNS TABLE (day date, channel text, purpose text, category_code text, scope text, agency text,
               received integer, persons integer, collective integer, collective_persons integer,
               out_of_scope integer, repeat integer, replied integer, rated integer, satisfied integer,
               accept_stopped integer, accept_on_time integer, handle_stopped integer, handle_on_time integer)
LANGUAGE sql IMMUTABLE AS $$
  SELECT china_day(p.received_at), p.channel, p.purpose, p.category_code, COALESCE(p.scope, ''),
         stats_agency_key(p.agency_id, p.route_mode),
         sign, sign * p.person_count,
         sign * (p.person_count >= 5)::int,
         sign * CASE WHEN p.person_count >= 5 THEN p.person_count ELSE 0 END,
         sign * (p.scope IS NOT NULL AND p.scope <> 'own')::int,
         sign * (p.repeat_of_id IS NOT NULL)::int,
         sign * (p.replied_at IS NOT NULL)::int,
         sign * (p.rating IS NOT NULL)::int,
         sign * COALESCE(p.rating IN ('satisfied', 'basically_satisfied'), false)::int,
         0, 0, 0, 0
$$;

-- A stopped accept or handle clock's contribution, on the day it stopped. A merged case's handle
-- clock stops because the case joined another, not because it was handled: not counted.
CREATE FUNCTION stats_clock_row(p petitions, c clocks, sign integer)
RETURNS TABLE (day date, channel text, purpose text, category_code text, scope text, agency text,
               received integer, persons integer, collective integer, collective_persons integer,
               out_of_scope integer, repeat integer, replied integer, rated integer, satisfied integer,
               accept_stopped integer, accept_on_time integer, handle_stopped integer, handle_on_time integer)
LANGUAGE sql IMMUTABLE AS $$
  SELECT china_day(c.stopped_at), p.channel, p.purpose, p.category_code, COALESCE(p.scope, ''),
         stats_agency_key(p.agency_id, p.route_mode),
         0, 0, 0, 0, 0, 0, 0, 0, 0,
         sign * (c.clock = 'accept')::int,
         sign * (c.clock = 'accept' AND c.stopped_at <= c.due_at)::int,
         sign * (c.clock = 'handle')::int,
         sign * (c.clock = 'handle' AND c.stopped_at <= c.due_at)::int
   WHERE c.stopped_at IS NOT NULL AND (c.clock = 'accept' OR (c.clock = 'handle' AND p.status <> 'merged'))
$$;

CREATE FUNCTION stats_petition_delta(p petitions, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_deltas (day, channel, purpose, category_code, scope, agency, received, persons, collective,
                            collective_persons, out_of_scope, repeat, replied, rated, satisfied,
                            accept_stopped, accept_on_time, handle_stopped, handle_on_time)
  SELECT * FROM stats_petition_row(p, sign)
$$;

CREATE FUNCTION stats_clock_delta(p petitions, c clocks, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_deltas (day, channel, purpose, category_code, scope, agency, received, persons, collective,
                            collective_persons, out_of_scope, repeat, replied, rated, satisfied,
                            accept_stopped, accept_on_time, handle_stopped, handle_on_time)
  SELECT * FROM stats_clock_row(p, c, sign)
$$;

CREATE FUNCTION stats_petitions_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c clocks;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_petition_delta(NEW, 1);
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_petition_delta(OLD, -1);
    RETURN NULL;
  END IF;
  IF (china_day(OLD.received_at), OLD.channel, OLD.purpose, OLD.category_code, OLD.scope, OLD.agency_id, OLD.route_mode,
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
CREATE TRIGGER stats_petitions_insert AFTER INSERT ON petitions
  FOR EACH ROW EXECUTE FUNCTION stats_petitions_trg();
CREATE TRIGGER stats_petitions_update AFTER UPDATE OF received_at, channel, purpose, category_code, scope, agency_id,
  route_mode, person_count, repeat_of_id, replied_at, rating, status ON petitions
  FOR EACH ROW EXECUTE FUNCTION stats_petitions_trg();
CREATE TRIGGER stats_petitions_delete AFTER DELETE ON petitions
  FOR EACH ROW EXECUTE FUNCTION stats_petitions_trg();

CREATE FUNCTION stats_clocks_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p petitions;
  old_counts boolean := false;
  new_counts boolean := false;
  pid bigint;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_counts := OLD.clock IN ('accept', 'handle') AND OLD.stopped_at IS NOT NULL;
    pid := OLD.petition_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_counts := NEW.clock IN ('accept', 'handle') AND NEW.stopped_at IS NOT NULL;
    pid := NEW.petition_id;
  END IF;
  IF NOT (old_counts OR new_counts) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.clock, OLD.stopped_at, OLD.due_at) IS NOT DISTINCT FROM (NEW.clock, NEW.stopped_at, NEW.due_at) THEN
    RETURN NULL;
  END IF;
  SELECT * INTO p FROM petitions WHERE id = pid;
  IF old_counts THEN
    PERFORM stats_clock_delta(p, OLD, -1);
  END IF;
  IF new_counts THEN
    PERFORM stats_clock_delta(p, NEW, 1);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER stats_clocks_change AFTER INSERT OR DELETE OR UPDATE OF clock, stopped_at, due_at ON clocks
  FOR EACH ROW EXECUTE FUNCTION stats_clocks_trg();

-- Moves every committed delta into the daily rollup in one statement (run under an advisory lock
-- so that one compaction runs at a time). Returns the number of rollup rows touched.
CREATE FUNCTION stats_compact() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  WITH moved AS (
    DELETE FROM stats_deltas RETURNING *
  ), agg AS (
    SELECT day,
           CASE GROUPING(channel, purpose, category_code, scope, agency)
             WHEN 31 THEN 'all' WHEN 15 THEN 'channel' WHEN 23 THEN 'purpose'
             WHEN 27 THEN 'category' WHEN 29 THEN 'scope' ELSE 'agency' END AS dim,
           COALESCE(channel, purpose, category_code, scope, agency, '') AS key,
           sum(received)::int AS received, sum(persons)::int AS persons, sum(collective)::int AS collective,
           sum(collective_persons)::int AS collective_persons, sum(out_of_scope)::int AS out_of_scope,
           sum(repeat)::int AS repeat, sum(replied)::int AS replied, sum(rated)::int AS rated,
           sum(satisfied)::int AS satisfied, sum(accept_stopped)::int AS accept_stopped,
           sum(accept_on_time)::int AS accept_on_time, sum(handle_stopped)::int AS handle_stopped,
           sum(handle_on_time)::int AS handle_on_time
      FROM moved
     GROUP BY GROUPING SETS ((day), (day, channel), (day, purpose), (day, category_code), (day, scope), (day, agency))
  )
  INSERT INTO stats_daily AS s
  SELECT * FROM agg
  ON CONFLICT (day, dim, key) DO UPDATE SET
    received = s.received + EXCLUDED.received,
    persons = s.persons + EXCLUDED.persons,
    collective = s.collective + EXCLUDED.collective,
    collective_persons = s.collective_persons + EXCLUDED.collective_persons,
    out_of_scope = s.out_of_scope + EXCLUDED.out_of_scope,
    repeat = s.repeat + EXCLUDED.repeat,
    replied = s.replied + EXCLUDED.replied,
    rated = s.rated + EXCLUDED.rated,
    satisfied = s.satisfied + EXCLUDED.satisfied,
    accept_stopped = s.accept_stopped + EXCLUDED.accept_stopped,
    accept_on_time = s.accept_on_time + EXCLUDED.accept_on_time,
    handle_stopped = s.handle_stopped + EXCLUDED.handle_stopped,
    handle_on_time = s.handle_on_time + EXCLUDED.handle_on_time;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$;

-- Recomputes the rollup from petitions and clocks, set-based (the row functions inline into
-- one scan each), with writers held off meanwhile. For bulk loads that bypassed the triggers.
CREATE FUNCTION stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE petitions, clocks IN SHARE MODE;
  DELETE FROM stats_deltas;
  DELETE FROM stats_daily;
  INSERT INTO stats_deltas (day, channel, purpose, category_code, scope, agency, received, persons, collective,
                            collective_persons, out_of_scope, repeat, replied, rated, satisfied,
                            accept_stopped, accept_on_time, handle_stopped, handle_on_time)
  SELECT r.* FROM petitions p CROSS JOIN LATERAL stats_petition_row(p, 1) r;
  INSERT INTO stats_deltas (day, channel, purpose, category_code, scope, agency, received, persons, collective,
                            collective_persons, out_of_scope, repeat, replied, rated, satisfied,
                            accept_stopped, accept_on_time, handle_stopped, handle_on_time)
  SELECT r.* FROM clocks c JOIN petitions p ON p.id = c.petition_id CROSS JOIN LATERAL stats_clock_row(p, c, 1) r
   WHERE c.clock IN ('accept', 'handle') AND c.stopped_at IS NOT NULL;
  PERFORM stats_compact();
END;
$$;

-- Overdue stays live (it changes with the clock, not with a write): the cases received in a
-- period that are overdue now are read from this small index of open cases only (a running
-- staff clock gives a finite next_due_at, see 010), index-only.
CREATE INDEX petitions_open_received_idx ON petitions (received_at) INCLUDE (next_due_at, agency_id, route_mode)
  WHERE next_due_at <> 'infinity';
