-- Scans and photos attached to applications (the bytes are in the encrypted
-- content-addressed store, named by their SHA-256), and the versioned texts
-- of the printed security agreement and authorisation letter.
CREATE TABLE application_files (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    slot TEXT NOT NULL,                  -- a checklist item code, or 'onsite_photo'
    side TEXT NOT NULL DEFAULT '',       -- 'front' / 'back' for ID copies
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,                  -- safe display name
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    uploaded_by INTEGER NOT NULL REFERENCES accounts(id),
    uploaded_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX application_files_app ON application_files(application_id, slot);
CREATE INDEX application_files_sha ON application_files(sha256);

CREATE TABLE form_texts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('agreement', 'authorisation')),
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_by INTEGER REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    UNIQUE (kind, version)
);
