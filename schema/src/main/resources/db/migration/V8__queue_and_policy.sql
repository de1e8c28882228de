-- The background job queue (workers, leader lease, jobs, recurring
-- schedules) and the dynamic policy data.
--
-- queue_jobs and queue_schedules reference each other (a job may come from a
-- schedule, a schedule remembers its last job), so queue_jobs is created
-- first and its schedule_name foreign key is added after queue_schedules.

-- The only enum in the schema. Values are in lifecycle order; 'scheduled'
-- jobs become 'available' when their scheduled_at passes.
CREATE TYPE queue_job_status AS ENUM (
    'available',  -- waiting for a worker
    'running',    -- reserved by a worker (started_by)
    'completed',
    'lost',       -- the worker running it disappeared
    'failed',     -- see failed_reason; a retry is a new job (next_attempt_id)
    'scheduled'   -- not before scheduled_at
);


CREATE TABLE queue_workers (
    queue_worker_id UUID        NOT NULL CONSTRAINT queue_workers_pkey PRIMARY KEY,
    registered_at   TIMESTAMPTZ NOT NULL,
    -- Heartbeat; workers not seen for a while are shut down by the leader.
    last_seen_at    TIMESTAMPTZ NOT NULL,
    shutdown_at     TIMESTAMPTZ
);


-- Single-row table holding the leader lease; the leader runs maintenance
-- (scheduling, reaping dead workers). UNIQUE (active) plus CHECK (active)
-- admits at most one row, and acquiring the lease is an
-- INSERT ... ON CONFLICT (active) DO UPDATE ... WHERE expires_at < now.
-- UNLOGGED as in MAS: the lease is worthless after a crash anyway, and the
-- table is written on every heartbeat. Like MAS it has no separate primary
-- key; the unique constraint is the row's identity.
CREATE UNLOGGED TABLE queue_leader (
    active          BOOLEAN     NOT NULL DEFAULT TRUE
        CONSTRAINT queue_leader_active_unique UNIQUE,
    elected_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    queue_worker_id UUID        NOT NULL
        CONSTRAINT queue_leader_queue_worker_id_fkey
        REFERENCES queue_workers (queue_worker_id),
    CONSTRAINT queue_leader_active_check CHECK (active)
);

CREATE INDEX queue_leader_queue_worker_id_idx ON queue_leader (queue_worker_id);


CREATE TABLE queue_jobs (
    queue_job_id    UUID             NOT NULL CONSTRAINT queue_jobs_pkey PRIMARY KEY,
    status          queue_job_status NOT NULL DEFAULT 'available',
    queue_name      TEXT             NOT NULL,
    payload         JSONB            NOT NULL DEFAULT '{}',
    -- e.g. the trace context of the code that scheduled the job
    metadata        JSONB            NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ      NOT NULL,
    started_at      TIMESTAMPTZ,
    started_by      UUID
        CONSTRAINT queue_jobs_started_by_fkey REFERENCES queue_workers (queue_worker_id),
    completed_at    TIMESTAMPTZ,
    failed_at       TIMESTAMPTZ,
    failed_reason   TEXT,
    -- 0 for the first run, incremented on each retry.
    attempt         INTEGER          NOT NULL DEFAULT 0,
    next_attempt_id UUID
        CONSTRAINT queue_jobs_next_attempt_id_fkey
        REFERENCES queue_jobs (queue_job_id) ON DELETE SET NULL,
    scheduled_at    TIMESTAMPTZ,
    -- Foreign key added below, after queue_schedules.
    schedule_name   TEXT
);

-- reserve(): WHERE status = 'available' AND queue_name = ANY(...)
-- ORDER BY queue_job_id (a ULID, so oldest first) ... FOR UPDATE SKIP LOCKED.
CREATE INDEX queue_jobs_status_queue_name_queue_job_id_idx
    ON queue_jobs (status, queue_name, queue_job_id);
-- scheduleAvailableJobs(): due scheduled jobs only.
CREATE INDEX queue_jobs_scheduled_at_idx ON queue_jobs (scheduled_at)
    WHERE status = 'scheduled';
CREATE INDEX queue_jobs_started_by_idx ON queue_jobs (started_by);
CREATE INDEX queue_jobs_next_attempt_id_idx ON queue_jobs (next_attempt_id);
CREATE INDEX queue_jobs_schedule_name_idx ON queue_jobs (schedule_name);


-- State of recurring (cron-like) jobs.
CREATE TABLE queue_schedules (
    schedule_name         TEXT        NOT NULL CONSTRAINT queue_schedules_pkey PRIMARY KEY,
    -- NULL: never scheduled yet.
    last_scheduled_at     TIMESTAMPTZ,
    -- NULL: never scheduled, or the job was cleaned up since.
    last_scheduled_job_id UUID
        CONSTRAINT queue_schedules_last_scheduled_job_id_fkey
        REFERENCES queue_jobs (queue_job_id) ON DELETE SET NULL
);

CREATE INDEX queue_schedules_last_scheduled_job_id_idx ON queue_schedules (last_scheduled_job_id);

ALTER TABLE queue_jobs
    ADD CONSTRAINT queue_jobs_schedule_name_fkey
    FOREIGN KEY (schedule_name) REFERENCES queue_schedules (schedule_name);


-- Wake idle workers (which LISTEN on queue_available) when a job becomes
-- available: inserted as 'available', or moved to 'available' from another
-- status (e.g. a due scheduled job). The payload only names the queue so that
-- PostgreSQL can fold identical notifications raised in one transaction into
-- one.
CREATE FUNCTION queue_jobs_notify_available()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.status = 'available'
       AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
        PERFORM pg_notify('queue_available', json_build_object('queue', NEW.queue_name)::text);
    END IF;
    RETURN NULL;  -- AFTER trigger: the return value is ignored
END;
$$;

CREATE TRIGGER queue_jobs_notify_available_trigger
    AFTER INSERT OR UPDATE OF status ON queue_jobs
    FOR EACH ROW
    EXECUTE FUNCTION queue_jobs_notify_available();


-- Dynamic policy data. Every update inserts a new row, keeping a history of
-- what data each policy evaluation saw; the latest row (highest ULID) wins.
CREATE TABLE policy_data (
    policy_data_id UUID        NOT NULL CONSTRAINT policy_data_pkey PRIMARY KEY,
    created_at     TIMESTAMPTZ NOT NULL,
    data           JSONB       NOT NULL
);
