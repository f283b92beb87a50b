-- Notifications (issue 10): the inbox (站内信) of every account, the
-- language its messages are written in, and what the timers remember (the
-- SMS deadline announced and reminded, the 40-day warning of an untouched
-- return). The SMS deadline itself is applications.sms_deadline (0009).

ALTER TABLE accounts ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en'));
-- The reviewers to tell of a waiting application.
CREATE INDEX accounts_role ON accounts(role, status, id);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    application_id INTEGER REFERENCES applications(id),
    kind TEXT NOT NULL,                -- rules/notice_text.h: notice_kind_id
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,                -- the page of the next step, a path
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notices_account ON notices(account_id, id);
CREATE INDEX notices_unread ON notices(account_id, id) WHERE read_at IS NULL;

ALTER TABLE applications ADD COLUMN sms_announced_for INTEGER; -- the deadline announced
ALTER TABLE applications ADD COLUMN sms_reminded_for INTEGER;  -- the deadline reminded of
ALTER TABLE applications ADD COLUMN expiry_warned_at INTEGER;  -- the 40-day warning
CREATE INDEX applications_sms_deadline ON applications(sms_deadline) WHERE sms_deadline IS NOT NULL;
CREATE INDEX applications_returned_idle ON applications(updated_at)
    WHERE state IN ('provider_returned', 'regulator_returned');
