-- 045 the staff queue filtered by status, in urgency order (issue 6 measurement: on a million
-- petitions `status=registered` walked the urgency index past thousands of other cases whose
-- deadlines come first, p95 52 ms). The status index now carries the queue's order, so one
-- status is a single index range read in the order the page needs; it replaces (status, id),
-- which served only the per-status counts that this index serves as well.
CREATE INDEX petitions_status_urgency_idx ON petitions (status, next_due_at, received_at DESC, id DESC);
DROP INDEX petitions_status_idx;
