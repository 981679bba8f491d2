-- 002 retention: closed cases are anonymised after a configurable retention period (DESIGN §5).
-- The mark records when; the partial index finds the cases still waiting for it.
ALTER TABLE petitions ADD COLUMN anonymised_at timestamptz;
CREATE INDEX petitions_retention_idx ON petitions (closed_at) WHERE anonymised_at IS NULL AND closed_at IS NOT NULL;
