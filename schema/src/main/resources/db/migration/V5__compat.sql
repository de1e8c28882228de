-- Compatibility layer for the legacy Matrix client-server login API
-- (m.login.password, m.login.sso, m.login.token): device sessions, their
-- access and refresh tokens, and SSO login redirects.

CREATE TABLE compat_sessions (
    compat_session_id UUID        NOT NULL CONSTRAINT compat_sessions_pkey PRIMARY KEY,
    user_id           UUID        NOT NULL
        CONSTRAINT compat_sessions_user_id_fkey REFERENCES users (user_id),
    -- Not unique: a device ID can be reused once its previous session ended,
    -- and sessions may have no device at all.
    device_id         TEXT,
    -- NO ACTION on purpose, as for oauth2_sessions.user_session_id.
    user_session_id   UUID
        CONSTRAINT compat_sessions_user_session_id_fkey
        REFERENCES user_sessions (user_session_id),
    is_synapse_admin  BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    user_agent        TEXT,
    human_name        TEXT,
    last_active_at    TIMESTAMPTZ,
    last_active_ip    INET
);

-- last_active_at rides along for activity filters on a user's sessions.
CREATE INDEX compat_sessions_user_id_idx ON compat_sessions (user_id) INCLUDE (last_active_at);
CREATE INDEX compat_sessions_user_session_id_idx ON compat_sessions (user_session_id);
CREATE INDEX compat_sessions_last_active_at_idx ON compat_sessions (last_active_at);
-- cleanupFinished and cleanupInactiveIps.
CREATE INDEX compat_sessions_finished_at_idx ON compat_sessions (finished_at)
    WHERE finished_at IS NOT NULL;
CREATE INDEX compat_sessions_inactive_ips_idx ON compat_sessions (last_active_at)
    WHERE last_active_ip IS NOT NULL AND last_active_at IS NOT NULL;


CREATE TABLE compat_access_tokens (
    compat_access_token_id UUID        NOT NULL CONSTRAINT compat_access_tokens_pkey PRIMARY KEY,
    compat_session_id      UUID        NOT NULL
        CONSTRAINT compat_access_tokens_compat_session_id_fkey
        REFERENCES compat_sessions (compat_session_id),
    access_token           TEXT        NOT NULL
        CONSTRAINT compat_access_tokens_access_token_unique UNIQUE,
    created_at             TIMESTAMPTZ NOT NULL,
    expires_at             TIMESTAMPTZ
);

CREATE INDEX compat_access_tokens_compat_session_id_idx ON compat_access_tokens (compat_session_id);


CREATE TABLE compat_refresh_tokens (
    compat_refresh_token_id UUID        NOT NULL CONSTRAINT compat_refresh_tokens_pkey PRIMARY KEY,
    compat_session_id       UUID        NOT NULL
        CONSTRAINT compat_refresh_tokens_compat_session_id_fkey
        REFERENCES compat_sessions (compat_session_id),
    compat_access_token_id  UUID        NOT NULL
        CONSTRAINT compat_refresh_tokens_compat_access_token_id_fkey
        REFERENCES compat_access_tokens (compat_access_token_id),
    refresh_token           TEXT        NOT NULL
        CONSTRAINT compat_refresh_tokens_refresh_token_unique UNIQUE,
    created_at              TIMESTAMPTZ NOT NULL,
    consumed_at             TIMESTAMPTZ
);

CREATE INDEX compat_refresh_tokens_compat_session_id_idx ON compat_refresh_tokens (compat_session_id);
CREATE INDEX compat_refresh_tokens_compat_access_token_id_idx ON compat_refresh_tokens (compat_access_token_id);


-- An SSO login: fulfilled by a browser session (user_session_id), then
-- exchanged for a compat session (compat_session_id) by the client.
CREATE TABLE compat_sso_logins (
    compat_sso_login_id UUID        NOT NULL CONSTRAINT compat_sso_logins_pkey PRIMARY KEY,
    redirect_uri        TEXT        NOT NULL,
    login_token         TEXT        NOT NULL
        CONSTRAINT compat_sso_logins_login_token_unique UNIQUE,
    compat_session_id   UUID
        CONSTRAINT compat_sso_logins_compat_session_id_fkey
        REFERENCES compat_sessions (compat_session_id) ON DELETE SET NULL,
    user_session_id     UUID
        CONSTRAINT compat_sso_logins_user_session_id_fkey
        REFERENCES user_sessions (user_session_id) ON DELETE CASCADE,
    created_at          TIMESTAMPTZ NOT NULL,
    fulfilled_at        TIMESTAMPTZ,
    exchanged_at        TIMESTAMPTZ
);

CREATE INDEX compat_sso_logins_compat_session_id_idx ON compat_sso_logins (compat_session_id);
CREATE INDEX compat_sso_logins_user_session_id_idx ON compat_sso_logins (user_session_id);
