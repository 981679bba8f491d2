-- 042 the statistics delta functions as PL/pgSQL (issue 6 measurement). Called from the triggers
-- of migrations/031 as SQL functions, they were planned afresh on every call: 0.7 ms of the 2 ms
-- a registration spent in PostgreSQL. PL/pgSQL keeps a statement's plan for the session. The
-- bodies are taken as they are defined (same statements, same results), so this stays right
-- whatever 031 says; a function already in PL/pgSQL is left alone.
DO $$
DECLARE
  f record;
BEGIN
  FOR f IN
    SELECT p.oid, p.prosrc FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
     WHERE l.lanname = 'sql' AND p.pronamespace = 'public'::regnamespace
       AND p.proname IN ('stats_petition_delta', 'stats_clock_delta')
  LOOP
    EXECUTE format('CREATE OR REPLACE FUNCTION %s(%s) RETURNS void LANGUAGE plpgsql AS %L',
                   f.oid::regproc, pg_get_function_arguments(f.oid),
                   'BEGIN ' || regexp_replace(f.prosrc, ';?\s*$', '') || '; END;');
  END LOOP;
END;
$$;
