-- Accounts, sessions, login throttling and the audit log.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    mobile_enc TEXT NOT NULL,          -- sealed (crypto_seal_text)
    mobile_mask TEXT NOT NULL,         -- 138****5678
    account_type TEXT NOT NULL CHECK (account_type IN ('individual', 'organisation', 'staff')),
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'reviewer', 'admin')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'disabled')),
    status_reason TEXT,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES accounts(id),
    decided_at INTEGER,
    password_changed_at INTEGER NOT NULL
);
CREATE INDEX accounts_status ON accounts(status, created_at);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the cookie value
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    ip TEXT NOT NULL,
    user_agent TEXT
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,              -- 'acct:<login>' or 'ip:<address>'
    failures INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER,
    actor_login TEXT,
    action TEXT NOT NULL,
    object_type TEXT,
    object_id INTEGER,
    ip TEXT,
    request_id TEXT,
    detail TEXT
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_object ON audit_log(object_type, object_id);
CREATE INDEX audit_actor ON audit_log(actor_id, at);
