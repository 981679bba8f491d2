-- 044 title search for the staff queue (issue 6 measurement: `q` was an ILIKE over every title,
-- a sequential scan of the whole table, about 1.5 s on a million petitions).
-- Chinese has no spaces to split words on and a search term is often two characters (工资, 拆迁),
-- shorter than pg_trgm's trigrams; so each title is indexed by its character bigrams (lower-cased),
-- and a term of two or more characters is looked up by its own bigrams (every title containing
-- the term holds all of them), then checked exactly with ILIKE. The bigrams live beside the
-- petitions, written by the registration scan (api/services/registration-scan.ts) after the
-- filing commits, so the filing itself pays nothing for them; the anonymisation job drops them
-- with the title.
CREATE FUNCTION title_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(DISTINCT substr(lower(t), i, 2)), '{}'::text[]) FROM generate_series(1, char_length(t) - 1) AS i
$$;

CREATE TABLE title_grams (
  petition_id bigint PRIMARY KEY REFERENCES petitions (id) ON DELETE CASCADE,
  grams text[] NOT NULL
);
INSERT INTO title_grams (petition_id, grams) SELECT id, title_bigrams(title) FROM petitions WHERE NOT scan_pending AND anonymised_at IS NULL;
CREATE INDEX title_grams_grams_idx ON title_grams USING gin (grams);
ANALYZE title_grams;
