-- V20: personal access tokens session index
--
-- authstore's own, beyond MAS's schema (V19): every token of a personal session, revoked or not, so that
-- deleting a session checks its tokens through an index (MAS's partial one covers live tokens only).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY personal_access_tokens_personal_session_fk ON personal_access_tokens (personal_session_id);
