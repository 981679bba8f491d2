-- 040 rate limits as an unlogged table (issue 6 measurement: every public request counts a hit,
-- and writing that counter to the WAL was about a fifth of a tracking lookup's cost).
-- The rows are counters, not records: after a crash PostgreSQL empties an unlogged table, which
-- only forgives the hits of the current windows (and the recent failed sign-ins counted here).
-- Unlogged tables are not copied to standbys; only the primary enforces limits, so none need them.
ALTER TABLE rate_limits SET UNLOGGED;
