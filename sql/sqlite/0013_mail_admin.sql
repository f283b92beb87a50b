-- The admin mail page (issue 10 item 6): every message of the outbox,
-- newest first, by state and by recipient, read by key; and what a resend
-- needs.
--   state      queued (never tried, or waiting for its first try), failed
--              (the last try failed: last_error is the server's reply, it is
--              tried again at next_attempt_at), sent
--   secret     1: the body holds a one-time link (a password reset); it is
--              never shown to an admin and is erased once delivered
--   resend_of  the message this one is a resent copy of
ALTER TABLE mail_outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'failed', 'sent'));
ALTER TABLE mail_outbox ADD COLUMN secret INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN resend_of INTEGER; -- no REFERENCES: an insert would scan for children
UPDATE mail_outbox SET state = CASE WHEN sent_at IS NOT NULL THEN 'sent'
    WHEN last_error IS NOT NULL THEN 'failed' ELSE 'queued' END;
CREATE INDEX mail_outbox_state ON mail_outbox(state, id);
CREATE INDEX mail_outbox_to ON mail_outbox(to_addr, id);
