-- Rows as they are at version 6, for the upgrade test (UpgradeReadBackTest): V7 adds foreign keys to
-- user_session_authentications and user_registrations. The upgrade test inserts these, gives every table still
-- empty a generated row, migrates to the newest version and reads every column back.
INSERT INTO users (user_id, username, created_at)
VALUES ('01890000-0000-7000-8000-000000000001', 'alice', '2026-01-02 03:04:05+00');

INSERT INTO user_sessions (user_session_id, user_id, created_at, user_agent, last_active_ip)
VALUES ('01890000-0000-7000-8000-000000000002', '01890000-0000-7000-8000-000000000001',
        '2026-01-02 03:04:06+00', 'Mozilla/5.0', '192.0.2.7');

-- Logged in with a password (none recorded here) before upstream OAuth existed: no upstream session.
INSERT INTO user_session_authentications (user_session_authentication_id, user_session_id, created_at)
VALUES ('01890000-0000-7000-8000-000000000003', '01890000-0000-7000-8000-000000000002',
        '2026-01-02 03:04:07+00');

-- A registration in progress and a completed one.
INSERT INTO user_registrations (user_registration_id, username, display_name, hashed_password,
                                hashed_password_version, ip_address, user_agent, post_auth_action, created_at,
                                completed_at)
VALUES ('01890000-0000-7000-8000-000000000004', 'bob', 'Bob', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 1,
        '198.51.100.1', 'curl/8', '{"kind": "continue_authorization_grant", "data": "x"}',
        '2026-01-03 00:00:00+00', NULL),
       ('01890000-0000-7000-8000-000000000005', 'carol', NULL, NULL, NULL, NULL, NULL, NULL,
        '2026-01-03 00:00:01+00', '2026-01-03 00:05:00+00');
