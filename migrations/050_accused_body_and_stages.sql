-- 050 the stages the regulation names that the case row did not record (issue 13):
--   accused_agency_id     the body an accusation (检举控告) accuses, recorded at registration or
--                         acceptance; the case is never routed to it (条例 art. 30, 46);
--   objection_at          an agency's objection (退回) waiting for the office's decision: it takes
--                         effect only when the office agrees (条例 art. 23);
--   review_agency_id      the body a review request was forwarded to (the handling agency's
--                         superior, chosen by the clerk; 条例 arts. 35, 36);
--   review_extended_days  the one extension of the current review decision (Beijing art. 50).
ALTER TABLE petitions
  ADD COLUMN accused_agency_id uuid REFERENCES agencies (id),
  ADD COLUMN objection_at timestamptz,
  ADD COLUMN review_agency_id uuid REFERENCES agencies (id),
  ADD COLUMN review_extended_days integer NOT NULL DEFAULT 0;
