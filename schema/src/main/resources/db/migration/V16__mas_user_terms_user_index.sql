-- V16: mas user terms user index
--
-- MAS's index of accepted terms by user (see V9).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY user_terms_user_fk ON user_terms (user_id);
