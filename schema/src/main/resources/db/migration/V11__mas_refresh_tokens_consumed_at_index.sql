-- V11: mas refresh tokens consumed at index
--
-- MAS's index of consumed refresh tokens, with the columns their cleanup reads; it replaces
-- oauth2_refresh_tokens_consumed_at_idx, dropped in V19 (see V9).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY oauth_refresh_token_consumed_at_idx
    ON oauth2_refresh_tokens (consumed_at, next_oauth2_refresh_token_id, oauth2_refresh_token_id)
    WHERE consumed_at IS NOT NULL;
