-- The staff queue's title search walks the head of the queue in urgency order and checks each
-- case's number and title (api/services/case-list.ts). With both carried in the urgency index the
-- walk is an index-only scan: ~0.6 ms instead of ~3.5 ms for the ~1,300 cases a common word like
-- 工资 needs on a million petitions (issue 6). Same key, so every other use of the index stays.
DROP INDEX petitions_urgency_idx;
CREATE INDEX petitions_urgency_idx ON petitions (next_due_at, received_at DESC, id DESC) INCLUDE (case_no, title);
