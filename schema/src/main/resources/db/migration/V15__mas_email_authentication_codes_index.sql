-- V15: mas email authentication codes index
--
-- MAS's index of email authentication codes by authentication (see V9).
--
-- CREATE INDEX CONCURRENTLY alone in this file: Flyway runs it outside a transaction, so that writes go on
-- while the index is built. Once this file has been applied anywhere, never edit it: write a new migration.

CREATE INDEX CONCURRENTLY user_email_authentication_codes_authentication_fk
    ON user_email_authentication_codes (user_email_authentication_id);
