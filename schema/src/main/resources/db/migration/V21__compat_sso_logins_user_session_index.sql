-- V21: compat sso logins user session index
--
-- authstore's own, beyond MAS's schema (V19): compatibility logins by browser session, so that cleaning up
-- finished browser sessions checks them through an index.
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY compat_sso_logins_user_session_id_idx ON compat_sso_logins (user_session_id);
