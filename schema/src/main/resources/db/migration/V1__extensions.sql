-- Extensions the schema depends on.
--
-- pg_trgm provides the gin_trgm_ops operator class used by the trigram
-- indexes that back substring search (ILIKE '%term%') on usernames, client
-- names and upstream account names. It is "trusted" from PostgreSQL 13 on, so
-- a database owner can create it without superuser rights.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
