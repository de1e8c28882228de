-- Users, their e-mail addresses and passwords, browser sessions and how those
-- sessions were authenticated, accepted terms and imported third-party IDs.
--
-- Conventions for every migration in this directory:
--   * primary keys are ULIDs stored as UUID, named <table>_pkey;
--   * foreign keys are named <table>_<column>_fkey and every foreign-key
--     column is the leading column of some index (plain ones are named
--     <table>_<column>_idx), so that deleting a parent row never scans the
--     child table;
--   * names must fit PostgreSQL's 63-byte identifier limit; where
--     <table>_<column>_<suffix> would not, the column part of the name (never
--     the column itself) is shortened, e.g. upstream_oauth_authorization_session_id
--     becomes upstream_session_id;
--   * state lives in nullable timestamps (finished_at, revoked_at, ...),
--     not in status columns.

CREATE TABLE users (
    user_id           UUID        NOT NULL CONSTRAINT users_pkey PRIMARY KEY,
    username          TEXT        NOT NULL CONSTRAINT users_username_unique UNIQUE,
    created_at        TIMESTAMPTZ NOT NULL,
    locked_at         TIMESTAMPTZ,
    deactivated_at    TIMESTAMPTZ,
    can_request_admin BOOLEAN     NOT NULL DEFAULT FALSE,
    is_guest          BOOLEAN     NOT NULL DEFAULT FALSE
);

-- Case-insensitive lookup (findByUsername compares lower(username)); the
-- unique constraint above stays case-sensitive, as in MAS.
CREATE INDEX users_lower_username_idx ON users (lower(username));

-- Substring search in the user list (UserFilter.search).
CREATE INDEX users_username_trgm_idx ON users USING gin (username gin_trgm_ops);


CREATE TABLE user_emails (
    user_email_id UUID        NOT NULL CONSTRAINT user_emails_pkey PRIMARY KEY,
    user_id       UUID        NOT NULL
        CONSTRAINT user_emails_user_id_fkey REFERENCES users (user_id) ON DELETE CASCADE,
    email         TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX user_emails_user_id_idx ON user_emails (user_id);
CREATE INDEX user_emails_email_idx ON user_emails (email);
-- Addresses are looked up case-insensitively.
CREATE INDEX user_emails_lower_email_idx ON user_emails (lower(email));


CREATE TABLE user_passwords (
    user_password_id UUID        NOT NULL CONSTRAINT user_passwords_pkey PRIMARY KEY,
    user_id          UUID        NOT NULL
        CONSTRAINT user_passwords_user_id_fkey REFERENCES users (user_id),
    hashed_password  TEXT        NOT NULL,
    -- Version of the hashing scheme; no default on purpose, the caller must
    -- always say which scheme produced the hash.
    version          INTEGER     NOT NULL,
    -- The password this one was re-hashed from, when a login upgraded it.
    upgraded_from_id UUID
        CONSTRAINT user_passwords_upgraded_from_id_fkey
        REFERENCES user_passwords (user_password_id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX user_passwords_user_id_idx ON user_passwords (user_id);
CREATE INDEX user_passwords_upgraded_from_id_idx ON user_passwords (upgraded_from_id);


-- Browser sessions.
CREATE TABLE user_sessions (
    user_session_id UUID        NOT NULL CONSTRAINT user_sessions_pkey PRIMARY KEY,
    user_id         UUID        NOT NULL
        CONSTRAINT user_sessions_user_id_fkey REFERENCES users (user_id),
    created_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    user_agent      TEXT,
    last_active_at  TIMESTAMPTZ,
    last_active_ip  INET
);

-- Carrying last_active_at in the leaf lets "sessions of user X active since T"
-- filter without visiting the heap, without making it part of the key.
CREATE INDEX user_sessions_user_id_idx ON user_sessions (user_id) INCLUDE (last_active_at);
-- Only finished sessions are ever cleaned up; active ones stay out of the index.
CREATE INDEX user_sessions_finished_at_idx ON user_sessions (finished_at)
    WHERE finished_at IS NOT NULL;
CREATE INDEX user_sessions_last_active_at_idx ON user_sessions (last_active_at);
-- cleanupInactiveIps: sessions that still hold an IP address, by activity.
CREATE INDEX user_sessions_inactive_ips_idx ON user_sessions (last_active_at)
    WHERE last_active_ip IS NOT NULL AND last_active_at IS NOT NULL;


-- Each successful authentication of a browser session, with what it used.
-- The foreign key on upstream_oauth_authorization_session_id is added in
-- V7__upstream_oauth.sql, where the referenced table is created.
CREATE TABLE user_session_authentications (
    user_session_authentication_id          UUID        NOT NULL
        CONSTRAINT user_session_authentications_pkey PRIMARY KEY,
    user_session_id                         UUID        NOT NULL
        CONSTRAINT user_session_authentications_user_session_id_fkey
        REFERENCES user_sessions (user_session_id),
    created_at                              TIMESTAMPTZ NOT NULL,
    user_password_id                        UUID
        CONSTRAINT user_session_authentications_user_password_id_fkey
        REFERENCES user_passwords (user_password_id) ON DELETE SET NULL,
    upstream_oauth_authorization_session_id UUID
);

CREATE INDEX user_session_authentications_user_session_id_idx
    ON user_session_authentications (user_session_id);
CREATE INDEX user_session_authentications_user_password_id_idx
    ON user_session_authentications (user_password_id);
CREATE INDEX user_session_authentications_upstream_session_id_idx
    ON user_session_authentications (upstream_oauth_authorization_session_id);


-- Terms of service a user accepted; accepting the same URL twice is a no-op.
CREATE TABLE user_terms (
    user_terms_id UUID        NOT NULL CONSTRAINT user_terms_pkey PRIMARY KEY,
    user_id       UUID        NOT NULL
        CONSTRAINT user_terms_user_id_fkey REFERENCES users (user_id) ON DELETE CASCADE,
    terms_url     TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    -- Also serves as the index for the user_id foreign key.
    CONSTRAINT user_terms_user_id_terms_url_unique UNIQUE (user_id, terms_url)
);


-- Verified third-party IDs (e.g. phone numbers imported from Synapse) that
-- the service does not otherwise support. E-mail addresses live in user_emails.
CREATE TABLE user_unsupported_third_party_ids (
    user_id    UUID        NOT NULL
        CONSTRAINT user_unsupported_third_party_ids_user_id_fkey
        REFERENCES users (user_id) ON DELETE CASCADE,
    medium     TEXT        NOT NULL,
    address    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    -- user_id leads the key, so it also indexes the foreign key.
    CONSTRAINT user_unsupported_third_party_ids_pkey PRIMARY KEY (user_id, medium, address)
);
