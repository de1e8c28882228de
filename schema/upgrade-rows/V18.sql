-- Rows as they are at version 18, for the upgrade test (UpgradeReadBackTest): V19 validates the checks of
-- personal_sessions and queue_leader that V9 added NOT VALID, and drops the indexes that V11, V17 and V18 replace
-- (consumed refresh tokens, personal sessions by owner). Validation must accept every row these hold. With the rows
-- of V6.sql and V8.sql, there is one here in every table a repository looks up by id, in a state the domain accepts:
-- the upgrade test reads them back through the repositories (UpgradeReadBackTest).
INSERT INTO users (user_id, username, created_at)
VALUES ('01890000-0000-7000-8000-000000001801', 'frank', '2026-04-01 00:00:00+00');

INSERT INTO oauth2_clients (oauth2_client_id, is_static, redirect_uris, contacts, grant_type_authorization_code,
                            grant_type_refresh_token, grant_type_client_credentials, grant_type_device_code,
                            created_at)
VALUES ('01890000-0000-7000-8000-000000001802', TRUE, '{}', '{ops@example.org}', FALSE, FALSE, TRUE, FALSE,
        '2026-04-01 00:00:01+00');

INSERT INTO personal_sessions (personal_session_id, owner_user_id, owner_oauth2_client_id, actor_user_id, human_name,
                               scope_list, created_at)
VALUES ('01890000-0000-7000-8000-000000001803', '01890000-0000-7000-8000-000000001801', NULL,
        '01890000-0000-7000-8000-000000001801', 'Laptop', '{openid}', '2026-04-01 00:01:00+00'),
       ('01890000-0000-7000-8000-000000001804', NULL, '01890000-0000-7000-8000-000000001802',
        '01890000-0000-7000-8000-000000001801', 'Service', '{urn:synapse:admin:*}', '2026-04-01 00:02:00+00');

INSERT INTO queue_workers (queue_worker_id, registered_at, last_seen_at, shutdown_at)
VALUES ('01890000-0000-7000-8000-000000001805', '2026-04-01 00:00:00+00', '2026-04-01 00:10:00+00', NULL);

INSERT INTO queue_leader (active, elected_at, expires_at, queue_worker_id)
VALUES (TRUE, '2026-04-01 00:00:00+00', '2026-04-01 00:00:05+00', '01890000-0000-7000-8000-000000001805');

-- A refresh token consumed and replaced by the next one, which is still live.
INSERT INTO oauth2_sessions (oauth2_session_id, oauth2_client_id, user_id, scope_list, created_at)
VALUES ('01890000-0000-7000-8000-000000001806', '01890000-0000-7000-8000-000000001802',
        '01890000-0000-7000-8000-000000001801', '{openid}', '2026-04-01 00:03:00+00');

INSERT INTO oauth2_refresh_tokens (oauth2_refresh_token_id, oauth2_session_id, refresh_token, created_at,
                                   consumed_at, next_oauth2_refresh_token_id)
VALUES ('01890000-0000-7000-8000-000000001808', '01890000-0000-7000-8000-000000001806', 'mar_second',
        '2026-04-01 01:00:00+00', NULL, NULL),
       ('01890000-0000-7000-8000-000000001807', '01890000-0000-7000-8000-000000001806', 'mar_first',
        '2026-04-01 00:03:00+00', '2026-04-01 01:00:00+00', '01890000-0000-7000-8000-000000001808');

INSERT INTO user_emails (user_email_id, user_id, email, created_at)
VALUES ('01890000-0000-7000-8000-000000001809', '01890000-0000-7000-8000-000000001801', 'frank@example.org',
        '2026-04-01 00:00:02+00');

INSERT INTO user_registration_tokens (user_registration_token_id, token, usage_limit, times_used, created_at)
VALUES ('01890000-0000-7000-8000-000000001810', 'invite-frank', 3, 1, '2026-04-01 00:00:03+00');

INSERT INTO oauth2_access_tokens (oauth2_access_token_id, oauth2_session_id, access_token, created_at, expires_at)
VALUES ('01890000-0000-7000-8000-000000001811', '01890000-0000-7000-8000-000000001806', 'mat_live',
        '2026-04-01 01:00:00+00', '2026-04-01 01:05:00+00');

-- A grant waiting for the user, and a device code waiting too.
INSERT INTO oauth2_authorization_grants (oauth2_authorization_grant_id, oauth2_client_id, authorization_code,
                                         redirect_uri, scope, state, response_mode, response_type_code,
                                         response_type_id_token, created_at)
VALUES ('01890000-0000-7000-8000-000000001812', '01890000-0000-7000-8000-000000001802', 'code-1',
        'https://app.example.org/cb', 'openid', 'xyz', 'query', TRUE, FALSE, '2026-04-01 00:04:00+00');

INSERT INTO oauth2_device_code_grant (oauth2_device_code_grant_id, oauth2_client_id, scope, user_code, device_code,
                                      created_at, expires_at, ip_address, user_agent)
VALUES ('01890000-0000-7000-8000-000000001813', '01890000-0000-7000-8000-000000001802', 'openid', 'ABCDEFGH',
        'device-code-1', '2026-04-01 00:05:00+00', '2026-04-01 00:25:00+00', '198.51.100.4', 'tv/1');

-- A compatibility session with its tokens, and a login waiting to be fulfilled.
INSERT INTO compat_sessions (compat_session_id, user_id, device_id, is_synapse_admin, created_at)
VALUES ('01890000-0000-7000-8000-000000001814', '01890000-0000-7000-8000-000000001801', 'FRANKDEVICE', FALSE,
        '2026-04-01 00:06:00+00');

INSERT INTO compat_access_tokens (compat_access_token_id, compat_session_id, access_token, created_at, expires_at)
VALUES ('01890000-0000-7000-8000-000000001815', '01890000-0000-7000-8000-000000001814', 'mct_live',
        '2026-04-01 00:06:00+00', NULL);

INSERT INTO compat_refresh_tokens (compat_refresh_token_id, compat_session_id, compat_access_token_id, refresh_token,
                                   created_at)
VALUES ('01890000-0000-7000-8000-000000001816', '01890000-0000-7000-8000-000000001814',
        '01890000-0000-7000-8000-000000001815', 'mcr_live', '2026-04-01 00:06:00+00');

INSERT INTO compat_sso_logins (compat_sso_login_id, redirect_uri, login_token, created_at)
VALUES ('01890000-0000-7000-8000-000000001817', 'https://client.example.org/sso', 'login-token-1',
        '2026-04-01 00:07:00+00');

-- An upstream provider, a link of frank's to it, and an authorization session just started.
INSERT INTO upstream_oauth_providers (upstream_oauth_provider_id, issuer, scope, client_id,
                                      token_endpoint_auth_method, id_token_signed_response_alg, claims_imports,
                                      discovery_mode, pkce_mode, response_mode, fetch_userinfo, forward_login_hint,
                                      ui_order, on_backchannel_logout, registration_token_required, created_at)
VALUES ('01890000-0000-7000-8000-000000001818', 'https://id.example.org', 'openid', 'authstore', 'client_secret_basic',
        'RS256', '{}', 'oidc', 'auto', 'query', FALSE, FALSE, 0, 'do_nothing', FALSE, '2026-04-01 00:00:00+00');

INSERT INTO upstream_oauth_links (upstream_oauth_link_id, upstream_oauth_provider_id, user_id, subject,
                                  human_account_name, created_at)
VALUES ('01890000-0000-7000-8000-000000001819', '01890000-0000-7000-8000-000000001818',
        '01890000-0000-7000-8000-000000001801', 'subject-frank', 'frank@id', '2026-04-01 00:08:00+00');

INSERT INTO upstream_oauth_authorization_sessions (upstream_oauth_authorization_session_id,
                                                   upstream_oauth_provider_id, state, nonce, created_at)
VALUES ('01890000-0000-7000-8000-000000001820', '01890000-0000-7000-8000-000000001818', 'state-1', 'nonce-1',
        '2026-04-01 00:09:00+00');

INSERT INTO queue_jobs (queue_job_id, status, queue_name, payload, metadata, created_at, attempt)
VALUES ('01890000-0000-7000-8000-000000001821', 'available', 'verify-email', '{"user_email_id": "x"}', '{}',
        '2026-04-01 00:10:00+00', 0);
