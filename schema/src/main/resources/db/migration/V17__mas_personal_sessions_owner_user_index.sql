-- V17: mas personal sessions owner user index
--
-- MAS's index of personal sessions owned by a user, only over those that have one (see V9).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY personal_sessions_owner_user_id_idx
    ON personal_sessions (owner_user_id) WHERE owner_user_id IS NOT NULL;
