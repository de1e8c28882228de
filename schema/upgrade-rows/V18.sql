-- Rows as they are at version 18, for the upgrade test (UpgradeWithDataTest): V19 validates the checks of
-- personal_sessions and queue_leader that V9 added NOT VALID, and drops the indexes that V11, V17 and V18 replace
-- (consumed refresh tokens, personal sessions by owner). Validation must accept every row these hold.
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
