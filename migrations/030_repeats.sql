-- 030 repeats: 重信重访 and 一信多投. A petition found to repeat an earlier one gets one row per
-- earlier case in `repeats` (how it matched, the text score, and the clerk's decision);
-- petitions.repeat_of_id names the earlier case it counts as a repeat of while any link is not
-- dismissed (that column is what the statistics count). `text_bands` holds the MinHash band keys
-- of each petition's text so near-identical letters from anyone are found by index, not by scan.

ALTER TABLE petitions ADD COLUMN repeat_of_id bigint REFERENCES petitions (id);

CREATE TABLE repeats (
  petition_id bigint NOT NULL REFERENCES petitions (id),
  earlier_id bigint NOT NULL REFERENCES petitions (id),
  -- same_person: the same petitioner on the same matter; copy: near-identical text, any sender.
  kind text NOT NULL CHECK (kind IN ('same_person', 'copy')),
  basis text NOT NULL CHECK (basis IN ('phone', 'id_number', 'name_address', 'text', 'manual')),
  score real NOT NULL CHECK (score >= 0 AND score <= 1),
  status text NOT NULL DEFAULT 'auto' CHECK (status IN ('auto', 'confirmed', 'dismissed')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (petition_id, earlier_id),
  CHECK (petition_id <> earlier_id)
);
CREATE INDEX repeats_earlier_idx ON repeats (earlier_id);

-- Ten rows per filing, so no foreign key and no second index: petitions are never deleted, and
-- whoever anonymises a closed case recomputes its bands from the text (they are deterministic)
-- and deletes them by primary key before blanking the text.
CREATE TABLE text_bands (
  band_hash bigint NOT NULL,
  petition_id bigint NOT NULL,
  PRIMARY KEY (band_hash, petition_id)
);
