-- V9: follow MAS's names for constraints, indexes and the queue's trigger
--
-- A database that MAS's own migrations created holds the same tables and columns as authstore's, but V1 to V8 chose
-- other names for most constraints and indexes. From here on authstore uses MAS's, so that such a database is, object
-- for object, one of authstore's versions and `adopt` can take it over. V9 to V19 get there: this file renames
-- (metadata only), V10 to V18 build the indexes MAS has and authstore had not (each CONCURRENTLY, in a file of its
-- own), V19 validates the two checks added here and drops what those indexes replace. V19 is MAS's schema exactly;
-- what authstore needs beyond it comes back after it.
--
-- Once this file has been applied anywhere, never edit it: write a new migration.

-- Constraints (renaming a unique constraint renames its index too).
ALTER TABLE compat_sso_logins RENAME CONSTRAINT compat_sso_logins_login_token_unique TO compat_sessions_login_token_unique;
ALTER TABLE oauth2_access_tokens RENAME CONSTRAINT oauth2_access_tokens_access_token_unique TO oauth2_access_tokens_unique;
ALTER TABLE oauth2_authorization_grants RENAME CONSTRAINT oauth2_authorization_grants_oauth2_client_id_fkey TO tbl_oauth2_client_fkey;
ALTER TABLE oauth2_authorization_grants RENAME CONSTRAINT oauth2_authorization_grants_oauth2_session_id_fkey TO tbl_oauth2_session_fkey;
ALTER TABLE oauth2_clients RENAME CONSTRAINT oauth2_clients_metadata_digest_unique TO oauth2_clients_metadata_digest_key;
ALTER TABLE oauth2_device_code_grant RENAME CONSTRAINT oauth2_device_code_grant_device_code_unique TO oauth2_device_code_grant_device_code_key;
ALTER TABLE oauth2_device_code_grant RENAME CONSTRAINT oauth2_device_code_grant_user_code_unique TO oauth2_device_code_grant_user_code_key;
ALTER TABLE oauth2_refresh_tokens RENAME CONSTRAINT oauth2_refresh_tokens_oauth2_session_id_fkey TO oauth2_access_tokens_oauth2_session_id_fkey;
ALTER TABLE oauth2_refresh_tokens RENAME CONSTRAINT oauth2_refresh_tokens_refresh_token_unique TO oauth2_refresh_tokens_unique;
ALTER TABLE personal_access_tokens RENAME CONSTRAINT personal_access_tokens_access_token_sha256_length_check TO personal_access_tokens_access_token_sha256_check;
ALTER TABLE personal_access_tokens RENAME CONSTRAINT personal_access_tokens_access_token_sha256_unique TO personal_access_tokens_access_token_sha256_key;
ALTER TABLE queue_leader RENAME CONSTRAINT queue_leader_active_unique TO queue_leader_active_key;
ALTER TABLE upstream_oauth_authorization_sessions RENAME CONSTRAINT upstream_oauth_authorization_sessions_link_id_fkey TO upstream_oauth_authorization_sessions_link_fkey;
ALTER TABLE upstream_oauth_authorization_sessions RENAME CONSTRAINT upstream_oauth_authorization_sessions_provider_id_fkey TO upstream_oauth_authorization_sessions_provider_fkey;
ALTER TABLE upstream_oauth_links RENAME CONSTRAINT upstream_oauth_links_upstream_oauth_provider_id_fkey TO upstream_oauth_links_provider_fkey;
ALTER TABLE upstream_oauth_links RENAME CONSTRAINT upstream_oauth_links_user_id_fkey TO upstream_oauth_link_user_fkey;
ALTER TABLE upstream_oauth_links RENAME CONSTRAINT upstream_oauth_links_provider_subject_unique TO upstream_oauth_links_subject_unique;
ALTER TABLE user_email_authentication_codes RENAME CONSTRAINT user_email_authentication_codes_authentication_id_fkey TO user_email_authentication_cod_user_email_authentication_id_fkey;
ALTER TABLE user_email_authentication_codes RENAME CONSTRAINT user_email_authentication_codes_authentication_id_code_unique TO user_email_authentication_codes_auth_id_code_unique;
ALTER TABLE user_registration_tokens RENAME CONSTRAINT user_registration_tokens_token_unique TO user_registration_tokens_token_key;
ALTER TABLE user_registrations RENAME CONSTRAINT user_registrations_upstream_session_id_fkey TO user_registrations_upstream_oauth_authorization_session_id_fkey;
ALTER TABLE user_session_authentications RENAME CONSTRAINT user_session_authentications_upstream_session_id_fkey TO user_session_authentications_upstream_oauth_authorization__fkey;
ALTER TABLE user_terms RENAME CONSTRAINT user_terms_user_id_terms_url_unique TO user_terms_user_id_terms_url_key;

-- Indexes.
ALTER INDEX compat_access_tokens_compat_session_id_idx RENAME TO compat_access_tokens_session_fk;
ALTER INDEX compat_refresh_tokens_compat_access_token_id_idx RENAME TO compat_refresh_tokens_access_token_fk;
ALTER INDEX compat_refresh_tokens_compat_session_id_idx RENAME TO compat_refresh_tokens_session_fk;
ALTER INDEX compat_sessions_user_id_idx RENAME TO compat_sessions_user_fk;
ALTER INDEX compat_sessions_user_session_id_idx RENAME TO compat_sessions_user_session_fk;
ALTER INDEX compat_sso_logins_compat_session_id_idx RENAME TO compat_sso_logins_session_fk;
ALTER INDEX oauth2_access_tokens_expires_at_idx RENAME TO oauth_access_tokens_expires_at_idx;
ALTER INDEX oauth2_access_tokens_oauth2_session_id_idx RENAME TO oauth2_access_tokens_session_fk;
ALTER INDEX oauth2_access_tokens_revoked_at_idx RENAME TO oauth_access_tokens_revoked_at_idx;
ALTER INDEX oauth2_authorization_grants_oauth2_client_id_idx RENAME TO oauth2_authorization_grants_client_fk;
ALTER INDEX oauth2_authorization_grants_oauth2_session_id_idx RENAME TO oauth2_authorization_grants_session_fk;
ALTER INDEX oauth2_device_code_grant_oauth2_client_id_idx RENAME TO oauth2_device_code_grants_client_fk;
ALTER INDEX oauth2_device_code_grant_oauth2_session_id_idx RENAME TO oauth2_device_code_grants_session_fk;
ALTER INDEX oauth2_device_code_grant_user_session_id_idx RENAME TO oauth2_device_code_grants_user_session_fk;
ALTER INDEX oauth2_refresh_tokens_next_oauth2_refresh_token_id_idx RENAME TO oauth2_refresh_tokens_next_refresh_token_fk;
ALTER INDEX oauth2_refresh_tokens_oauth2_access_token_id_idx RENAME TO oauth2_refresh_tokens_access_token_fk;
ALTER INDEX oauth2_refresh_tokens_oauth2_session_id_idx RENAME TO oauth2_refresh_tokens_session_fk;
ALTER INDEX oauth2_refresh_tokens_revoked_at_idx RENAME TO oauth_refresh_tokens_revoked_at_idx;
ALTER INDEX oauth2_sessions_oauth2_client_id_idx RENAME TO oauth2_sessions_client_fk;
ALTER INDEX oauth2_sessions_user_id_idx RENAME TO oauth2_sessions_user_fk;
ALTER INDEX oauth2_sessions_user_session_id_idx RENAME TO oauth2_sessions_user_session_fk;
ALTER INDEX queue_jobs_next_attempt_id_idx RENAME TO queue_jobs_next_attempt_fk;
ALTER INDEX queue_jobs_schedule_name_idx RENAME TO queue_jobs_schedule_name_fk;
ALTER INDEX queue_jobs_started_by_idx RENAME TO queue_jobs_started_by_fk;
ALTER INDEX queue_jobs_status_queue_name_queue_job_id_idx RENAME TO idx_queue_jobs_status_queue_job_id;
ALTER INDEX upstream_oauth_authorization_sessions_orphaned_idx RENAME TO upstream_oauth_authorization_sessions_orphaned;
ALTER INDEX upstream_oauth_authorization_sessions_link_id_idx RENAME TO upstream_oauth_authorization_sessions_link_fk;
ALTER INDEX upstream_oauth_links_orphaned_idx RENAME TO idx_upstream_oauth_links_orphaned;
ALTER INDEX upstream_oauth_links_user_id_idx RENAME TO upstream_oauth_links_user_fk;
ALTER INDEX user_email_authentications_user_registration_id_idx RENAME TO user_email_authentications_user_registration_fk;
ALTER INDEX user_email_authentications_user_session_id_idx RENAME TO user_email_authentications_user_session_fk;
ALTER INDEX user_emails_user_id_idx RENAME TO user_emails_user_fk;
ALTER INDEX user_passwords_user_id_idx RENAME TO user_passwords_user_fk;
ALTER INDEX user_recovery_tickets_user_email_id_idx RENAME TO user_recovery_tickets_user_email_fk;
ALTER INDEX user_recovery_tickets_user_recovery_session_id_idx RENAME TO user_recovery_tickets_session_fk;
ALTER INDEX user_registrations_email_authentication_id_idx RENAME TO user_registrations_email_authentication_fk;
ALTER INDEX user_registrations_upstream_session_id_idx RENAME TO user_registrations_upstream_oauth_session_id_idx;
ALTER INDEX user_registrations_user_registration_token_id_idx RENAME TO user_registrations_user_registration_token_id_fk;
ALTER INDEX user_session_authentications_upstream_session_id_idx RENAME TO user_session_authentications_upstream_oauth_session_fk;
ALTER INDEX user_session_authentications_user_password_id_idx RENAME TO user_session_authentications_user_password_fk;
ALTER INDEX user_session_authentications_user_session_id_idx RENAME TO user_session_authentications_user_session_fk;
ALTER INDEX user_sessions_user_id_idx RENAME TO user_sessions_user_fk;

-- MAS's partial unique index over live tokens carries the name of authstore's plain index on the same column. The
-- plain one comes back under another name after V19 (deleting a session checks its tokens through it).
DROP INDEX personal_access_tokens_personal_session_id_idx;
ALTER INDEX personal_access_tokens_active_session_unique RENAME TO personal_access_tokens_personal_session_id_idx;

-- MAS indexes only the owners that are set; the full indexes make way for V17 and V18 and are dropped in V19.
ALTER INDEX personal_sessions_owner_user_id_idx RENAME TO personal_sessions_owner_user_id_full_idx;
ALTER INDEX personal_sessions_owner_oauth2_client_id_idx RENAME TO personal_sessions_owner_oauth2_client_id_full_idx;

-- Indexes MAS does without, and authstore's queries too: queue_leader holds one row and queue_schedules a few;
-- nothing deletes user passwords; listing personal sessions filters by owner first (V17, V18). The index on
-- compat_sso_logins.user_session_id comes back after V19 (cleaning up finished browser sessions checks it).
DROP INDEX queue_leader_queue_worker_id_idx;
DROP INDEX queue_schedules_last_scheduled_job_id_idx;
DROP INDEX user_passwords_upgraded_from_id_idx;
DROP INDEX personal_sessions_scope_list_idx;
DROP INDEX personal_sessions_last_active_at_idx;
DROP INDEX compat_sso_logins_user_session_id_idx;

-- The same rules in MAS's words: added NOT VALID here (no scan under the lock), validated in V19.
ALTER TABLE personal_sessions
    ADD CONSTRAINT personal_sessions_exactly_one_owner
        CHECK ((owner_user_id IS NULL) <> (owner_oauth2_client_id IS NULL)) NOT VALID;
ALTER TABLE personal_sessions DROP CONSTRAINT personal_sessions_exactly_one_owner_check;
ALTER TABLE queue_leader ADD CONSTRAINT queue_leader_active CHECK (active IS TRUE) NOT VALID;
ALTER TABLE queue_leader DROP CONSTRAINT queue_leader_active_check;

-- MAS gives the response mode a default; authstore always writes it, so nothing changes for its rows.
ALTER TABLE upstream_oauth_providers ALTER COLUMN response_mode SET DEFAULT 'query';

-- The queue's notification: MAS's names for the same function and trigger.
ALTER FUNCTION queue_jobs_notify_available() RENAME TO queue_job_notify;
ALTER TRIGGER queue_jobs_notify_available_trigger ON queue_jobs RENAME TO queue_job_notify_trigger;

-- MAS keeps an upstream authorization session's browser session up to date from the database as well, when an
-- authentication through it is recorded. authstore's repository sets it in the same statement sequence; the
-- trigger does nothing more, and makes a database written by either one the same.
CREATE FUNCTION upstream_oauth_authorization_sessions_insert_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE upstream_oauth_authorization_sessions AS authorization_session
       SET user_session_id = NEW.user_session_id
     WHERE authorization_session.upstream_oauth_authorization_session_id = NEW.upstream_oauth_authorization_session_id
       AND authorization_session.user_session_id IS NULL;
    RETURN NULL;  -- AFTER trigger: ignored
END;
$$;

CREATE TRIGGER upstream_oauth_authorization_sessions_insert_trigger
    AFTER INSERT ON user_session_authentications
    FOR EACH ROW
    EXECUTE FUNCTION upstream_oauth_authorization_sessions_insert_trigger();
