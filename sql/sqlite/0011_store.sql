-- The file store moves into the database (issue 12 item 1, issue 13 item 4).
-- A blob is the sealed bytes of one content, named by a keyed hash of its
-- plaintext (HMAC-SHA256 under a key derived from the master key, so a name
-- says nothing about the content). refs counts the current (not deleted)
-- application_files rows naming it; it is changed in the same transaction
-- as those rows, and a blob is erased in the transaction that takes its
-- count to 0, so an acknowledged upload never loses its bytes.
CREATE TABLE blobs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,                -- plaintext bytes
    refs INTEGER NOT NULL CHECK (refs >= 0),
    thumb BLOB,                           -- sealed JPEG thumbnail, made once at upload
    created_at INTEGER NOT NULL
);
-- The sealed bytes, in chunks of at most 1 MiB (in order of seq).
CREATE TABLE blob_chunks (
    blob_id INTEGER NOT NULL REFERENCES blobs(id),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (blob_id, seq)
);
-- Rows name their blob (before 0011: the SHA-256 of a file on disk, moved
-- into blobs by the import at start, model/blobs.h).
ALTER TABLE application_files RENAME COLUMN sha256 TO blob;
-- The uploader's files, for the per-account quota.
CREATE INDEX application_files_uploader ON application_files(uploaded_by) WHERE deleted_at IS NULL;
-- The retention job (model/files.h, file_retention_erase) finds ended
-- applications by the time they ended.
CREATE INDEX applications_ended ON applications(updated_at) WHERE state IN ('withdrawn', 'closed');

-- Recovery requests (issue 12 item 8): the request only records what was
-- asked (the e-mail sealed); the lookup, the reset link and the mail are
-- made by the mail sender, so a match and a miss cost the client the same.
CREATE TABLE recover_requests (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    email_sealed TEXT NOT NULL,
    origin TEXT NOT NULL,
    ip TEXT,
    request_id TEXT,
    created_at INTEGER NOT NULL,
    lease_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX recover_requests_due ON recover_requests(lease_until, id);
