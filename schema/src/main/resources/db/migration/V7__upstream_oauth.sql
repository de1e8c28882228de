-- Upstream OAuth 2.0 / OpenID Connect providers (the service acting as a
-- client of external identity providers), links between provider subjects
-- and local users, and in-flight authorization sessions.
--
-- Also adds the foreign keys from earlier tables that point here
-- (user_session_authentications and user_registrations).

CREATE TABLE upstream_oauth_providers (
    upstream_oauth_provider_id      UUID        NOT NULL
        CONSTRAINT upstream_oauth_providers_pkey PRIMARY KEY,
    -- NULL when discovery is disabled and every endpoint is overridden.
    issuer                          TEXT,
    human_name                      TEXT,
    brand_name                      TEXT,
    scope                           TEXT        NOT NULL,
    client_id                       TEXT        NOT NULL,
    encrypted_client_secret         TEXT,
    token_endpoint_auth_method      TEXT        NOT NULL,
    token_endpoint_signing_alg      TEXT,
    id_token_signed_response_alg    TEXT        NOT NULL DEFAULT 'RS256',
    -- NULL: the userinfo response is plain JSON, not a signed JWT.
    userinfo_signed_response_alg    TEXT,
    -- How claims from the provider map onto the local account.
    claims_imports                  JSONB       NOT NULL DEFAULT '{}',
    discovery_mode                  TEXT        NOT NULL DEFAULT 'oidc',
    pkce_mode                       TEXT        NOT NULL DEFAULT 'auto',
    response_mode                   TEXT,
    jwks_uri_override               TEXT,
    authorization_endpoint_override TEXT,
    token_endpoint_override         TEXT,
    userinfo_endpoint_override      TEXT,
    -- Extra query parameters sent on the authorization request.
    additional_parameters           JSONB,
    fetch_userinfo                  BOOLEAN     NOT NULL DEFAULT FALSE,
    forward_login_hint              BOOLEAN     NOT NULL DEFAULT FALSE,
    -- Display order on the login page.
    ui_order                        INTEGER     NOT NULL DEFAULT 0,
    on_backchannel_logout           TEXT        NOT NULL DEFAULT 'do_nothing',
    registration_token_required     BOOLEAN     NOT NULL DEFAULT FALSE,
    disabled_at                     TIMESTAMPTZ,
    created_at                      TIMESTAMPTZ NOT NULL
);


CREATE TABLE upstream_oauth_links (
    upstream_oauth_link_id     UUID        NOT NULL CONSTRAINT upstream_oauth_links_pkey PRIMARY KEY,
    upstream_oauth_provider_id UUID        NOT NULL
        CONSTRAINT upstream_oauth_links_upstream_oauth_provider_id_fkey
        REFERENCES upstream_oauth_providers (upstream_oauth_provider_id),
    -- NULL until the first login either links an existing account or
    -- creates a new one.
    user_id                    UUID
        CONSTRAINT upstream_oauth_links_user_id_fkey REFERENCES users (user_id),
    subject                    TEXT        NOT NULL,
    human_account_name         TEXT,
    created_at                 TIMESTAMPTZ NOT NULL,
    -- One link per subject and provider; the provider leads, so this also
    -- indexes the provider foreign key.
    CONSTRAINT upstream_oauth_links_provider_subject_unique UNIQUE (upstream_oauth_provider_id, subject)
);

CREATE INDEX upstream_oauth_links_user_id_idx ON upstream_oauth_links (user_id);
-- cleanupOrphaned: links that never got a user.
CREATE INDEX upstream_oauth_links_orphaned_idx ON upstream_oauth_links (upstream_oauth_link_id)
    WHERE user_id IS NULL;
-- Substring search on the account name shown in the admin API.
CREATE INDEX upstream_oauth_links_human_account_name_trgm_idx
    ON upstream_oauth_links USING gin (human_account_name gin_trgm_ops);


CREATE TABLE upstream_oauth_authorization_sessions (
    upstream_oauth_authorization_session_id UUID        NOT NULL
        CONSTRAINT upstream_oauth_authorization_sessions_pkey PRIMARY KEY,
    upstream_oauth_provider_id              UUID        NOT NULL
        CONSTRAINT upstream_oauth_authorization_sessions_provider_id_fkey
        REFERENCES upstream_oauth_providers (upstream_oauth_provider_id),
    -- The link the session resolved to, once completed.
    upstream_oauth_link_id                  UUID
        CONSTRAINT upstream_oauth_authorization_sessions_link_id_fkey
        REFERENCES upstream_oauth_links (upstream_oauth_link_id),
    user_session_id                         UUID
        CONSTRAINT upstream_oauth_authorization_sessions_user_session_id_fkey
        REFERENCES user_sessions (user_session_id) ON DELETE SET NULL,
    state                                   TEXT        NOT NULL
        CONSTRAINT upstream_oauth_authorization_sessions_state_unique UNIQUE,
    code_challenge_verifier                 TEXT,
    nonce                                   TEXT,
    id_token                                TEXT,
    -- Decoded payload of id_token, so sessions can be found by sub/sid
    -- (e.g. on back-channel logout).
    id_token_claims                         JSONB,
    userinfo                                JSONB,
    extra_callback_parameters               JSONB,
    created_at                              TIMESTAMPTZ NOT NULL,
    completed_at                            TIMESTAMPTZ,
    consumed_at                             TIMESTAMPTZ,
    unlinked_at                             TIMESTAMPTZ
);

-- Back-channel logout finds sessions by provider plus sub and/or sid; one
-- index per lookup order. The provider column leads both, so they also
-- index the provider foreign key.
CREATE INDEX upstream_oauth_authorization_sessions_sub_sid_idx
    ON upstream_oauth_authorization_sessions (
        upstream_oauth_provider_id,
        (id_token_claims ->> 'sub'),
        (id_token_claims ->> 'sid')
    );
CREATE INDEX upstream_oauth_authorization_sessions_sid_sub_idx
    ON upstream_oauth_authorization_sessions (
        upstream_oauth_provider_id,
        (id_token_claims ->> 'sid'),
        (id_token_claims ->> 'sub')
    );
CREATE INDEX upstream_oauth_authorization_sessions_link_id_idx
    ON upstream_oauth_authorization_sessions (upstream_oauth_link_id);
CREATE INDEX upstream_oauth_authorization_sessions_user_session_id_idx
    ON upstream_oauth_authorization_sessions (user_session_id);
-- cleanupOrphaned: sessions no longer attached to a browser session.
CREATE INDEX upstream_oauth_authorization_sessions_orphaned_idx
    ON upstream_oauth_authorization_sessions (upstream_oauth_authorization_session_id)
    WHERE user_session_id IS NULL;


-- Forward references from V2 and V3, now that the target exists. Their
-- indexes were created together with the columns.
ALTER TABLE user_session_authentications
    ADD CONSTRAINT user_session_authentications_upstream_session_id_fkey
    FOREIGN KEY (upstream_oauth_authorization_session_id)
    REFERENCES upstream_oauth_authorization_sessions (upstream_oauth_authorization_session_id)
    ON DELETE SET NULL;

ALTER TABLE user_registrations
    ADD CONSTRAINT user_registrations_upstream_session_id_fkey
    FOREIGN KEY (upstream_oauth_authorization_session_id)
    REFERENCES upstream_oauth_authorization_sessions (upstream_oauth_authorization_session_id)
    ON DELETE SET NULL;
