-- V13: mas upstream sessions provider index
--
-- MAS's index of upstream authorization sessions by provider (see V9).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY upstream_oauth_authorization_sessions_provider_fk
    ON upstream_oauth_authorization_sessions (upstream_oauth_provider_id);
