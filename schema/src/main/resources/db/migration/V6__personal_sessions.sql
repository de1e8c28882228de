-- Personal access tokens. A personal session is a long-lived, named family of
-- tokens with a fixed scope; its tokens can be regenerated while the session
-- keeps its identity.

CREATE TABLE personal_sessions (
    personal_session_id    UUID        NOT NULL CONSTRAINT personal_sessions_pkey PRIMARY KEY,
    -- Who owns the session: a user, or an OAuth 2.0 client (e.g. an admin
    -- tool acting through client credentials). Exactly one of the two.
    owner_user_id          UUID
        CONSTRAINT personal_sessions_owner_user_id_fkey REFERENCES users (user_id),
    owner_oauth2_client_id UUID
        CONSTRAINT personal_sessions_owner_oauth2_client_id_fkey
        REFERENCES oauth2_clients (oauth2_client_id),
    -- The user the tokens act as.
    actor_user_id          UUID        NOT NULL
        CONSTRAINT personal_sessions_actor_user_id_fkey REFERENCES users (user_id),
    human_name             TEXT        NOT NULL,
    scope_list             TEXT[]      NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    -- Once set, none of the session's tokens is valid.
    revoked_at             TIMESTAMPTZ,
    last_active_at         TIMESTAMPTZ,
    last_active_ip         INET,
    CONSTRAINT personal_sessions_exactly_one_owner_check
        CHECK (num_nonnulls(owner_user_id, owner_oauth2_client_id) = 1)
);

CREATE INDEX personal_sessions_owner_user_id_idx ON personal_sessions (owner_user_id);
CREATE INDEX personal_sessions_owner_oauth2_client_id_idx ON personal_sessions (owner_oauth2_client_id);
CREATE INDEX personal_sessions_actor_user_id_idx ON personal_sessions (actor_user_id);
-- Scope containment filters, as for oauth2_sessions.
CREATE INDEX personal_sessions_scope_list_idx ON personal_sessions USING gin (scope_list);
CREATE INDEX personal_sessions_last_active_at_idx ON personal_sessions (last_active_at);


CREATE TABLE personal_access_tokens (
    personal_access_token_id UUID        NOT NULL CONSTRAINT personal_access_tokens_pkey PRIMARY KEY,
    personal_session_id      UUID        NOT NULL
        CONSTRAINT personal_access_tokens_personal_session_id_fkey
        REFERENCES personal_sessions (personal_session_id),
    -- Only the SHA-256 of the token is stored, so that a read-only leak of
    -- the database (e.g. a backup) does not hand out working tokens.
    access_token_sha256      BYTEA       NOT NULL
        CONSTRAINT personal_access_tokens_access_token_sha256_unique UNIQUE
        CONSTRAINT personal_access_tokens_access_token_sha256_length_check
        CHECK (octet_length(access_token_sha256) = 32),
    created_at               TIMESTAMPTZ NOT NULL,
    -- NULL: never expires on its own.
    expires_at               TIMESTAMPTZ,
    revoked_at               TIMESTAMPTZ
);

-- Plain index for the foreign key: the partial unique index below only
-- covers unrevoked tokens, so it cannot serve deletes of a session.
CREATE INDEX personal_access_tokens_personal_session_id_idx ON personal_access_tokens (personal_session_id);
-- At most one live (unrevoked) token per session.
CREATE UNIQUE INDEX personal_access_tokens_active_session_unique
    ON personal_access_tokens (personal_session_id)
    WHERE revoked_at IS NULL;
