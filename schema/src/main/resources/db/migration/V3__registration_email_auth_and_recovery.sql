-- Self-service registration (with optional registration tokens), e-mail
-- verification codes, and account recovery by e-mail.
--
-- user_registrations and user_email_authentications reference each other
-- (a registration points at its e-mail check, an e-mail check may belong to a
-- registration), so user_registrations is created first and its
-- email_authentication_id foreign key is added once the other table exists.
-- Its upstream_oauth_authorization_session_id foreign key is added in
-- V7__upstream_oauth.sql.

CREATE TABLE user_registration_tokens (
    user_registration_token_id UUID        NOT NULL
        CONSTRAINT user_registration_tokens_pkey PRIMARY KEY,
    token                      TEXT        NOT NULL
        CONSTRAINT user_registration_tokens_token_unique UNIQUE,
    -- NULL means unlimited.
    usage_limit                INTEGER,
    times_used                 INTEGER     NOT NULL DEFAULT 0,
    created_at                 TIMESTAMPTZ NOT NULL,
    last_used_at               TIMESTAMPTZ,
    expires_at                 TIMESTAMPTZ,
    revoked_at                 TIMESTAMPTZ
);

-- The admin list filters on each of these (used, revoked, expired, valid).
CREATE INDEX user_registration_tokens_usage_limit_idx  ON user_registration_tokens (usage_limit);
CREATE INDEX user_registration_tokens_times_used_idx   ON user_registration_tokens (times_used);
CREATE INDEX user_registration_tokens_created_at_idx   ON user_registration_tokens (created_at);
CREATE INDEX user_registration_tokens_last_used_at_idx ON user_registration_tokens (last_used_at);
CREATE INDEX user_registration_tokens_expires_at_idx   ON user_registration_tokens (expires_at);
CREATE INDEX user_registration_tokens_revoked_at_idx   ON user_registration_tokens (revoked_at);


-- A registration in progress; completed_at is set when the user is created.
CREATE TABLE user_registrations (
    user_registration_id                    UUID        NOT NULL
        CONSTRAINT user_registrations_pkey PRIMARY KEY,
    username                                TEXT        NOT NULL,
    display_name                            TEXT,
    terms_url                               TEXT,
    -- Foreign key added below, after user_email_authentications.
    email_authentication_id                 UUID,
    hashed_password                         TEXT,
    hashed_password_version                 INTEGER,
    ip_address                              INET,
    user_agent                              TEXT,
    -- What to do once registered (e.g. continue an authorization grant).
    post_auth_action                        JSONB,
    user_registration_token_id              UUID
        CONSTRAINT user_registrations_user_registration_token_id_fkey
        REFERENCES user_registration_tokens (user_registration_token_id) ON DELETE SET NULL,
    -- Foreign key added in V7__upstream_oauth.sql.
    upstream_oauth_authorization_session_id UUID,
    created_at                              TIMESTAMPTZ NOT NULL,
    completed_at                            TIMESTAMPTZ
);

CREATE INDEX user_registrations_email_authentication_id_idx
    ON user_registrations (email_authentication_id);
CREATE INDEX user_registrations_user_registration_token_id_idx
    ON user_registrations (user_registration_token_id);
CREATE INDEX user_registrations_upstream_session_id_idx
    ON user_registrations (upstream_oauth_authorization_session_id);


-- Proving control of an e-mail address, either for a logged-in browser
-- session (adding an address) or for a registration.
CREATE TABLE user_email_authentications (
    user_email_authentication_id UUID        NOT NULL
        CONSTRAINT user_email_authentications_pkey PRIMARY KEY,
    user_session_id              UUID
        CONSTRAINT user_email_authentications_user_session_id_fkey
        REFERENCES user_sessions (user_session_id) ON DELETE SET NULL,
    user_registration_id         UUID
        CONSTRAINT user_email_authentications_user_registration_id_fkey
        REFERENCES user_registrations (user_registration_id) ON DELETE CASCADE,
    email                        TEXT        NOT NULL,
    created_at                   TIMESTAMPTZ NOT NULL,
    completed_at                 TIMESTAMPTZ
);

CREATE INDEX user_email_authentications_user_session_id_idx
    ON user_email_authentications (user_session_id);
CREATE INDEX user_email_authentications_user_registration_id_idx
    ON user_email_authentications (user_registration_id);

-- Now that user_email_authentications exists, close the cycle.
ALTER TABLE user_registrations
    ADD CONSTRAINT user_registrations_email_authentication_id_fkey
    FOREIGN KEY (email_authentication_id)
    REFERENCES user_email_authentications (user_email_authentication_id) ON DELETE SET NULL;


-- One authentication may send several codes (the user asked to resend).
CREATE TABLE user_email_authentication_codes (
    user_email_authentication_code_id UUID        NOT NULL
        CONSTRAINT user_email_authentication_codes_pkey PRIMARY KEY,
    user_email_authentication_id      UUID        NOT NULL
        CONSTRAINT user_email_authentication_codes_authentication_id_fkey
        REFERENCES user_email_authentications (user_email_authentication_id) ON DELETE CASCADE,
    code                              TEXT        NOT NULL,
    created_at                        TIMESTAMPTZ NOT NULL,
    expires_at                        TIMESTAMPTZ NOT NULL,
    -- Also the index for the foreign key (authentication id leads).
    CONSTRAINT user_email_authentication_codes_authentication_id_code_unique
        UNIQUE (user_email_authentication_id, code)
);


-- Account recovery: a session is started for an e-mail address (whether or
-- not it belongs to anyone), and one ticket is issued per matching user_email.
CREATE TABLE user_recovery_sessions (
    user_recovery_session_id UUID        NOT NULL
        CONSTRAINT user_recovery_sessions_pkey PRIMARY KEY,
    email                    TEXT        NOT NULL,
    user_agent               TEXT        NOT NULL,
    ip_address               INET,
    locale                   TEXT        NOT NULL,
    created_at               TIMESTAMPTZ NOT NULL,
    consumed_at              TIMESTAMPTZ
);

CREATE TABLE user_recovery_tickets (
    user_recovery_ticket_id  UUID        NOT NULL
        CONSTRAINT user_recovery_tickets_pkey PRIMARY KEY,
    user_recovery_session_id UUID        NOT NULL
        CONSTRAINT user_recovery_tickets_user_recovery_session_id_fkey
        REFERENCES user_recovery_sessions (user_recovery_session_id) ON DELETE CASCADE,
    user_email_id            UUID        NOT NULL
        CONSTRAINT user_recovery_tickets_user_email_id_fkey
        REFERENCES user_emails (user_email_id) ON DELETE CASCADE,
    ticket                   TEXT        NOT NULL,
    created_at               TIMESTAMPTZ NOT NULL,
    expires_at               TIMESTAMPTZ NOT NULL
);

CREATE INDEX user_recovery_tickets_user_recovery_session_id_idx
    ON user_recovery_tickets (user_recovery_session_id);
CREATE INDEX user_recovery_tickets_user_email_id_idx
    ON user_recovery_tickets (user_email_id);
-- Not unique (as in MAS), but every ticket redemption looks it up.
CREATE INDEX user_recovery_tickets_ticket_idx ON user_recovery_tickets (ticket);
