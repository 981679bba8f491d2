-- 052 which years have the State Council's official schedule (issue 13). A year without one is
-- provisional: its statutory holidays are computed from 《全国年节及纪念日放假办法》 (2024) and
-- it has no make-up working days until the official schedule is imported.
CREATE TABLE calendar_years (
  year integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
  imported_at timestamptz NOT NULL DEFAULT now()
);
-- Years already imported in full (an official schedule has well over ten holidays; a year with a
-- day or two set by hand is not one).
INSERT INTO calendar_years (year)
SELECT extract(year FROM day)::int FROM calendar_days
 GROUP BY 1 HAVING count(*) FILTER (WHERE kind = 'holiday') >= 10;
