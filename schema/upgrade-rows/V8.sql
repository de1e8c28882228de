-- Rows as they are at version 8, for the upgrade test (UpgradeReadBackTest): V9 takes MAS's names for constraints
-- and indexes, swaps the checks of personal_sessions and queue_leader for MAS's (validated in V19) and gives
-- upstream_oauth_providers.response_mode a default. These rows are the ones those changes meet: sessions of either
-- owner, live and revoked tokens, the queue's leader, providers with and without a response mode. The upgrade test
-- gives every table still empty a generated row, migrates to the newest version and reads every column back.
INSERT INTO users (user_id, username, created_at)
VALUES ('01890000-0000-7000-8000-000000000801', 'erin', '2026-02-01 00:00:00+00');

INSERT INTO oauth2_clients (oauth2_client_id, is_static, redirect_uris, contacts, grant_type_authorization_code,
                            grant_type_refresh_token, grant_type_client_credentials, grant_type_device_code,
                            client_name, created_at)
VALUES ('01890000-0000-7000-8000-000000000802', FALSE, '{https://app.example.org/cb}', '{}', TRUE, TRUE, TRUE, FALSE,
        'Example app', '2026-02-01 00:00:01+00');

-- One session owned by a user, one by a client, the latter revoked.
INSERT INTO personal_sessions (personal_session_id, owner_user_id, owner_oauth2_client_id, actor_user_id, human_name,
                               scope_list, created_at, revoked_at, last_active_at, last_active_ip)
VALUES ('01890000-0000-7000-8000-000000000803', '01890000-0000-7000-8000-000000000801', NULL,
        '01890000-0000-7000-8000-000000000801', 'CI token', '{urn:matrix:client:api:*}', '2026-02-01 00:01:00+00',
        NULL, '2026-02-02 00:00:00+00', '203.0.113.9'),
       ('01890000-0000-7000-8000-000000000804', NULL, '01890000-0000-7000-8000-000000000802',
        '01890000-0000-7000-8000-000000000801', 'Bot', '{}', '2026-02-01 00:02:00+00', '2026-02-03 00:00:00+00',
        NULL, NULL);

-- A revoked token and the live one that replaced it, in the first session.
INSERT INTO personal_access_tokens (personal_access_token_id, personal_session_id, access_token_sha256, created_at,
                                    expires_at, revoked_at)
VALUES ('01890000-0000-7000-8000-000000000805', '01890000-0000-7000-8000-000000000803',
        sha256('first'::bytea), '2026-02-01 00:01:00+00', NULL, '2026-02-01 12:00:00+00'),
       ('01890000-0000-7000-8000-000000000806', '01890000-0000-7000-8000-000000000803',
        sha256('second'::bytea), '2026-02-01 12:00:00+00', '2026-03-01 00:00:00+00', NULL);

INSERT INTO queue_workers (queue_worker_id, registered_at, last_seen_at)
VALUES ('01890000-0000-7000-8000-000000000807', '2026-02-01 00:00:00+00', '2026-02-01 00:00:30+00');

INSERT INTO queue_leader (active, elected_at, expires_at, queue_worker_id)
VALUES (TRUE, '2026-02-01 00:00:00+00', '2026-02-01 00:00:05+00', '01890000-0000-7000-8000-000000000807');

-- No response mode recorded (the default V9 adds applies to new rows only), and one chosen.
INSERT INTO upstream_oauth_providers (upstream_oauth_provider_id, issuer, scope, client_id,
                                      token_endpoint_auth_method, id_token_signed_response_alg, claims_imports,
                                      discovery_mode, pkce_mode, response_mode, fetch_userinfo, forward_login_hint,
                                      ui_order, on_backchannel_logout, registration_token_required, created_at)
VALUES ('01890000-0000-7000-8000-000000000808', 'https://id.example.org', 'openid', 'authstore', 'client_secret_basic',
        'RS256', '{}', 'oidc', 'auto', NULL, FALSE, FALSE, 0, 'do_nothing', FALSE, '2026-02-01 00:00:00+00'),
       ('01890000-0000-7000-8000-000000000809', 'https://other.example.org', 'openid email', 'authstore', 'none',
        'ES256', '{}', 'insecure', 's256', 'form_post', TRUE, TRUE, 1, 'logout_browser_only', TRUE,
        '2026-02-01 00:00:01+00');
