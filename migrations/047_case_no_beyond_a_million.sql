-- Case numbers are the year and the year's running number, written with at least six digits
-- (2026-000123). lpad() also cuts a longer text down to six characters, so the millionth case
-- of a year would have become 2026-100000 again, colliding with the hundred-thousandth (found
-- by the benchmark on a million petitions). From 1,000,000 on the number is written whole.
CREATE OR REPLACE FUNCTION next_case_no(y integer) RETURNS text LANGUAGE plpgsql AS $$
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
  RETURN y || '-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;
END;
$$;
