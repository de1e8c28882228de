-- The OAuth 2.0 / OpenID Connect authorization server: registered clients,
-- sessions, authorization-code and device-code grants, access and refresh
-- tokens.

CREATE TABLE oauth2_clients (
    oauth2_client_id                UUID        NOT NULL CONSTRAINT oauth2_clients_pkey PRIMARY KEY,
    -- Static clients come from the configuration file, not from dynamic
    -- registration.
    is_static                       BOOLEAN     NOT NULL DEFAULT FALSE,
    -- SHA-256 of the registration metadata, to deduplicate identical dynamic
    -- registrations. NULL for static clients and older registrations.
    metadata_digest                 TEXT
        CONSTRAINT oauth2_clients_metadata_digest_unique UNIQUE,
    encrypted_client_secret         TEXT,
    redirect_uris                   TEXT[]      NOT NULL DEFAULT '{}',
    contacts                        TEXT[]      NOT NULL DEFAULT '{}',
    grant_type_authorization_code   BOOLEAN     NOT NULL,
    grant_type_refresh_token        BOOLEAN     NOT NULL,
    grant_type_client_credentials   BOOLEAN     NOT NULL DEFAULT FALSE,
    grant_type_device_code          BOOLEAN     NOT NULL DEFAULT FALSE,
    client_name                     TEXT,
    logo_uri                        TEXT,
    client_uri                      TEXT,
    policy_uri                      TEXT,
    tos_uri                         TEXT,
    jwks_uri                        TEXT,
    jwks                            JSONB,
    id_token_signed_response_alg    TEXT,
    userinfo_signed_response_alg    TEXT,
    token_endpoint_auth_method      TEXT,
    token_endpoint_auth_signing_alg TEXT,
    application_type                TEXT,
    initiate_login_uri              TEXT,
    -- Nullable: clients registered before this was tracked have no value.
    created_at                      TIMESTAMPTZ
);

-- Substring search in the admin client list.
CREATE INDEX oauth2_clients_client_name_trgm_idx ON oauth2_clients USING gin (client_name gin_trgm_ops);
CREATE INDEX oauth2_clients_client_uri_trgm_idx  ON oauth2_clients USING gin (client_uri gin_trgm_ops);


CREATE TABLE oauth2_sessions (
    oauth2_session_id UUID        NOT NULL CONSTRAINT oauth2_sessions_pkey PRIMARY KEY,
    oauth2_client_id  UUID        NOT NULL
        CONSTRAINT oauth2_sessions_oauth2_client_id_fkey
        REFERENCES oauth2_clients (oauth2_client_id),
    -- NULL for client-credentials sessions, which act for no user.
    user_id           UUID
        CONSTRAINT oauth2_sessions_user_id_fkey
        REFERENCES users (user_id) ON DELETE CASCADE,
    -- NO ACTION on purpose: a browser session that still has OAuth 2.0
    -- sessions attached must not silently disappear.
    user_session_id   UUID
        CONSTRAINT oauth2_sessions_user_session_id_fkey
        REFERENCES user_sessions (user_session_id),
    scope_list        TEXT[]      NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    user_agent        TEXT,
    human_name        TEXT,
    last_active_at    TIMESTAMPTZ,
    last_active_ip    INET
);

CREATE INDEX oauth2_sessions_oauth2_client_id_idx ON oauth2_sessions (oauth2_client_id);
-- last_active_at rides along for activity filters on a user's sessions.
CREATE INDEX oauth2_sessions_user_id_idx ON oauth2_sessions (user_id) INCLUDE (last_active_at);
CREATE INDEX oauth2_sessions_user_session_id_idx ON oauth2_sessions (user_session_id);
-- Scope containment filters (scope_list @> ARRAY['...']), e.g. finding the
-- session holding a given device scope.
CREATE INDEX oauth2_sessions_scope_list_idx ON oauth2_sessions USING gin (scope_list);
CREATE INDEX oauth2_sessions_last_active_at_idx ON oauth2_sessions (last_active_at);
-- Active sessions only: "does user X have an active session with client Y",
-- and the active sessions of a client. Finished sessions are the bulk of the
-- table and stay out of these.
CREATE INDEX oauth2_sessions_active_user_client_idx ON oauth2_sessions (user_id, oauth2_client_id)
    WHERE finished_at IS NULL;
CREATE INDEX oauth2_sessions_active_client_idx ON oauth2_sessions (oauth2_client_id)
    WHERE finished_at IS NULL;
-- cleanupFinished and cleanupInactiveIps.
CREATE INDEX oauth2_sessions_finished_at_idx ON oauth2_sessions (finished_at)
    WHERE finished_at IS NOT NULL;
CREATE INDEX oauth2_sessions_inactive_ips_idx ON oauth2_sessions (last_active_at)
    WHERE last_active_ip IS NOT NULL AND last_active_at IS NOT NULL;


CREATE TABLE oauth2_authorization_grants (
    oauth2_authorization_grant_id UUID        NOT NULL
        CONSTRAINT oauth2_authorization_grants_pkey PRIMARY KEY,
    oauth2_client_id              UUID        NOT NULL
        CONSTRAINT oauth2_authorization_grants_oauth2_client_id_fkey
        REFERENCES oauth2_clients (oauth2_client_id),
    -- Set when the grant is fulfilled.
    oauth2_session_id             UUID
        CONSTRAINT oauth2_authorization_grants_oauth2_session_id_fkey
        REFERENCES oauth2_sessions (oauth2_session_id),
    user_session_id               UUID
        CONSTRAINT oauth2_authorization_grants_user_session_id_fkey
        REFERENCES user_sessions (user_session_id) ON DELETE SET NULL,
    authorization_code            TEXT
        CONSTRAINT oauth2_authorization_grants_authorization_code_unique UNIQUE,
    redirect_uri                  TEXT        NOT NULL,
    scope                         TEXT        NOT NULL,
    state                         TEXT,
    nonce                         TEXT,
    response_mode                 TEXT        NOT NULL,
    code_challenge                TEXT,
    code_challenge_method         TEXT,
    response_type_code            BOOLEAN     NOT NULL,
    response_type_id_token        BOOLEAN     NOT NULL,
    login_hint                    TEXT,
    locale                        TEXT,
    raw_parameters                JSONB,
    created_at                    TIMESTAMPTZ NOT NULL,
    fulfilled_at                  TIMESTAMPTZ,
    cancelled_at                  TIMESTAMPTZ,
    exchanged_at                  TIMESTAMPTZ
);

CREATE INDEX oauth2_authorization_grants_oauth2_client_id_idx
    ON oauth2_authorization_grants (oauth2_client_id);
CREATE INDEX oauth2_authorization_grants_oauth2_session_id_idx
    ON oauth2_authorization_grants (oauth2_session_id);
CREATE INDEX oauth2_authorization_grants_user_session_id_idx
    ON oauth2_authorization_grants (user_session_id);


-- Device authorization grant (RFC 8628). States, one way only:
-- pending -> fulfilled (fulfilled_at, user_session_id) -> exchanged
-- (exchanged_at, oauth2_session_id), or pending -> rejected (rejected_at).
CREATE TABLE oauth2_device_code_grant (
    oauth2_device_code_grant_id UUID        NOT NULL
        CONSTRAINT oauth2_device_code_grant_pkey PRIMARY KEY,
    oauth2_client_id            UUID        NOT NULL
        CONSTRAINT oauth2_device_code_grant_oauth2_client_id_fkey
        REFERENCES oauth2_clients (oauth2_client_id) ON DELETE CASCADE,
    scope                       TEXT        NOT NULL,
    -- Shown to the user.
    user_code                   TEXT        NOT NULL
        CONSTRAINT oauth2_device_code_grant_user_code_unique UNIQUE,
    -- Polled by the device.
    device_code                 TEXT        NOT NULL
        CONSTRAINT oauth2_device_code_grant_device_code_unique UNIQUE,
    created_at                  TIMESTAMPTZ NOT NULL,
    expires_at                  TIMESTAMPTZ NOT NULL,
    fulfilled_at                TIMESTAMPTZ,
    rejected_at                 TIMESTAMPTZ,
    exchanged_at                TIMESTAMPTZ,
    oauth2_session_id           UUID
        CONSTRAINT oauth2_device_code_grant_oauth2_session_id_fkey
        REFERENCES oauth2_sessions (oauth2_session_id) ON DELETE CASCADE,
    user_session_id             UUID
        CONSTRAINT oauth2_device_code_grant_user_session_id_fkey
        REFERENCES user_sessions (user_session_id),
    ip_address                  INET,
    user_agent                  TEXT,
    locale                      TEXT
);

CREATE INDEX oauth2_device_code_grant_oauth2_client_id_idx
    ON oauth2_device_code_grant (oauth2_client_id);
CREATE INDEX oauth2_device_code_grant_oauth2_session_id_idx
    ON oauth2_device_code_grant (oauth2_session_id);
CREATE INDEX oauth2_device_code_grant_user_session_id_idx
    ON oauth2_device_code_grant (user_session_id);


CREATE TABLE oauth2_access_tokens (
    oauth2_access_token_id UUID        NOT NULL CONSTRAINT oauth2_access_tokens_pkey PRIMARY KEY,
    oauth2_session_id      UUID        NOT NULL
        CONSTRAINT oauth2_access_tokens_oauth2_session_id_fkey
        REFERENCES oauth2_sessions (oauth2_session_id),
    access_token           TEXT        NOT NULL
        CONSTRAINT oauth2_access_tokens_access_token_unique UNIQUE,
    created_at             TIMESTAMPTZ NOT NULL,
    -- NULL: the token does not expire on its own.
    expires_at             TIMESTAMPTZ,
    revoked_at             TIMESTAMPTZ,
    first_used_at          TIMESTAMPTZ
);

CREATE INDEX oauth2_access_tokens_oauth2_session_id_idx ON oauth2_access_tokens (oauth2_session_id);
-- cleanupRevoked / cleanupExpired walk these timestamps; the partial
-- predicates keep the (large) population of live tokens out of the indexes.
CREATE INDEX oauth2_access_tokens_revoked_at_idx ON oauth2_access_tokens (revoked_at)
    WHERE revoked_at IS NOT NULL;
CREATE INDEX oauth2_access_tokens_expires_at_idx ON oauth2_access_tokens (expires_at)
    WHERE expires_at IS NOT NULL;


CREATE TABLE oauth2_refresh_tokens (
    oauth2_refresh_token_id      UUID        NOT NULL CONSTRAINT oauth2_refresh_tokens_pkey PRIMARY KEY,
    oauth2_session_id            UUID        NOT NULL
        CONSTRAINT oauth2_refresh_tokens_oauth2_session_id_fkey
        REFERENCES oauth2_sessions (oauth2_session_id),
    -- The access token issued together with this refresh token.
    oauth2_access_token_id       UUID
        CONSTRAINT oauth2_refresh_tokens_oauth2_access_token_id_fkey
        REFERENCES oauth2_access_tokens (oauth2_access_token_id) ON DELETE SET NULL,
    refresh_token                TEXT        NOT NULL
        CONSTRAINT oauth2_refresh_tokens_refresh_token_unique UNIQUE,
    created_at                   TIMESTAMPTZ NOT NULL,
    consumed_at                  TIMESTAMPTZ,
    revoked_at                   TIMESTAMPTZ,
    -- The token that replaced this one when it was consumed; lets a replayed
    -- refresh token be recognised.
    next_oauth2_refresh_token_id UUID
        CONSTRAINT oauth2_refresh_tokens_next_oauth2_refresh_token_id_fkey
        REFERENCES oauth2_refresh_tokens (oauth2_refresh_token_id) ON DELETE SET NULL
);

CREATE INDEX oauth2_refresh_tokens_oauth2_session_id_idx ON oauth2_refresh_tokens (oauth2_session_id);
CREATE INDEX oauth2_refresh_tokens_oauth2_access_token_id_idx ON oauth2_refresh_tokens (oauth2_access_token_id);
CREATE INDEX oauth2_refresh_tokens_next_oauth2_refresh_token_id_idx
    ON oauth2_refresh_tokens (next_oauth2_refresh_token_id);
-- cleanupRevoked / cleanupConsumed, as for access tokens.
CREATE INDEX oauth2_refresh_tokens_revoked_at_idx ON oauth2_refresh_tokens (revoked_at)
    WHERE revoked_at IS NOT NULL;
CREATE INDEX oauth2_refresh_tokens_consumed_at_idx ON oauth2_refresh_tokens (consumed_at)
    WHERE consumed_at IS NOT NULL;
