-- The regulator gateway (MIIT's provider interface, issue 9): the links to
-- the administrations (one per configured endpoint and provider ID, each
-- with its own consecutive upload numbers), the outbox of uploads, the files
-- downloaded (applied once), what came back per application, and the
-- administration's IDs of the records Beian holds.

CREATE TABLE regulator_links (
    id INTEGER PRIMARY KEY,                  -- 0: the default link
    endpoint TEXT NOT NULL DEFAULT '',
    isp_id INTEGER NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0,     -- the highest number given to an upload
    accepted_seq INTEGER NOT NULL DEFAULT 0, -- the highest the administration accepted
    lease_owner TEXT,
    lease_until INTEGER,
    last_contact_at INTEGER,
    last_download_at INTEGER,
    last_error TEXT
);

-- Provinces with a link of their own (others use link 0).
CREATE TABLE regulator_link_provinces (
    province INTEGER PRIMARY KEY,
    link_id INTEGER NOT NULL REFERENCES regulator_links(id)
);

CREATE TABLE regulator_uploads (
    id INTEGER PRIMARY KEY,
    link_id INTEGER NOT NULL REFERENCES regulator_links(id),
    seq INTEGER NOT NULL,                    -- dataSequence
    application_id INTEGER NOT NULL REFERENCES applications(id),
    operation TEXT NOT NULL,                 -- XZBA XZWZ XZJR BGBA ZXBA
    payload TEXT NOT NULL,                   -- the XML, sealed (it holds personal data)
    file_name TEXT NOT NULL,                 -- the data file's name in the zip
    result_key TEXT NOT NULL,                -- how results name it: '<Czlx>:<Bs>'
    review_key TEXT NOT NULL,                -- how reviews name it: '<Czlx>:<Jlid>'
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'accepted', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_code INTEGER,
    last_message TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    accepted_at INTEGER,
    UNIQUE (link_id, seq)
);
CREATE INDEX regulator_uploads_application ON regulator_uploads(application_id, id);
CREATE INDEX regulator_uploads_state ON regulator_uploads(link_id, state, seq);
CREATE INDEX regulator_uploads_result ON regulator_uploads(link_id, result_key, id);
CREATE INDEX regulator_uploads_review ON regulator_uploads(link_id, review_key, id);
CREATE INDEX regulator_uploads_file ON regulator_uploads(link_id, file_name);

CREATE TABLE regulator_downloads (
    link_id INTEGER NOT NULL REFERENCES regulator_links(id),
    file_name TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    applied_at INTEGER,
    acked_at INTEGER,
    results INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (link_id, file_name)
);

-- What the administration said about an application, in order.
CREATE TABLE regulator_results (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    link_id INTEGER NOT NULL,
    file_name TEXT NOT NULL,                 -- the download it came in
    code INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX regulator_results_application ON regulator_results(application_id, id);

-- The administration's IDs of Beian's records (for changes and cancellations).
CREATE TABLE bureau_ids (
    kind TEXT NOT NULL CHECK (kind IN ('subject', 'site', 'access', 'domain')),
    our_id INTEGER NOT NULL,
    bureau_id INTEGER NOT NULL,
    PRIMARY KEY (kind, our_id)
);
CREATE INDEX bureau_ids_bureau ON bureau_ids(kind, bureau_id);

-- The deadline of the administration's SMS verification, while it runs.
ALTER TABLE applications ADD COLUMN sms_deadline INTEGER;
