-- V12: mas refresh tokens consumed id index
--
-- MAS's index of the consumed refresh tokens' ids (its name says not consumed; its condition is the
-- one MAS has, see V9).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY oauth_refresh_token_not_consumed_idx
    ON oauth2_refresh_tokens (oauth2_refresh_token_id) WHERE consumed_at IS NOT NULL;
