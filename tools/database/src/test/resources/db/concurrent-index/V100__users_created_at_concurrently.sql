-- A migration in the form the README prescribes for CREATE INDEX CONCURRENTLY: alone in its file, so that Flyway
-- detects it and runs the file outside a transaction (PostgreSQL refuses CONCURRENTLY inside one).
CREATE INDEX CONCURRENTLY users_created_at_concurrently_idx ON users (created_at);
