-- Scheduled jobs (timers): one row per job. Any server node may run a job
-- that is due; it takes a lease on the row first, so with several nodes each
-- run happens once, and a node that dies mid-run leaves a lease that ends.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    next_run_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_run_at BIGINT,
    last_error TEXT,
    runs BIGINT NOT NULL DEFAULT 0
);

-- The claim of a message being sent names its sender (a time alone would
-- match two claims of the same second).
ALTER TABLE mail_outbox ADD COLUMN lease TEXT;

-- What the purge jobs look for.
CREATE INDEX sessions_seen ON sessions(last_seen);
CREATE INDEX sessions_created ON sessions(created_at);
CREATE INDEX password_resets_expiry ON password_resets(expires_at);
CREATE INDEX password_resets_account ON password_resets(account_id, used_at);
