-- V19: MAS's schema, complete
--
-- The last step of V9 to V18: the two checks added NOT VALID in V9 are validated (a scan that lets writes go on),
-- and the indexes that V11, V17 and V18 replace are dropped. At this version authstore's schema is the one MAS's
-- migrations produce, object for object, up to the MAS migration `adopt` names (Adoption.MAS_VERSION).
--
-- Once this file has been applied anywhere, never edit it: write a new migration.

ALTER TABLE personal_sessions VALIDATE CONSTRAINT personal_sessions_exactly_one_owner;
ALTER TABLE queue_leader VALIDATE CONSTRAINT queue_leader_active;

DROP INDEX oauth2_refresh_tokens_consumed_at_idx;
DROP INDEX personal_sessions_owner_user_id_full_idx;
DROP INDEX personal_sessions_owner_oauth2_client_id_full_idx;
