-- 043 repeat detection after the filing's commit (issue 6 measurement: finding repeats inside the
-- filing request, its candidate read, MinHash bands and links, halved the filing throughput).
-- A registration now marks its petition `scan_pending`; the scanner
-- (api/services/registration-scan.ts) finds and records the repeats in registration order, within
-- seconds (the background job), or at once when a clerk opens the case, its repeats, the
-- statistics or an export (nothing is ever read while its scan is outstanding). Existing rows
-- were scanned at registration: the default is false.
ALTER TABLE petitions ADD COLUMN scan_pending boolean NOT NULL DEFAULT false;
CREATE INDEX petitions_scan_pending_idx ON petitions (id) WHERE scan_pending;
