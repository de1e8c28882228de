-- V10: mas compat sessions active user index
--
-- MAS's index of each user's unfinished compatibility sessions (see V9).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY compat_sessions_active_user_idx ON compat_sessions (user_id) WHERE finished_at IS NULL;
