-- The administration simulator (beian regulator): its own database, SQLite
-- only. Times are seconds of the simulated clock (real time + sim_settings
-- clock_offset_s). Bureau IDs (Ztid, Wzid, Ymid, Jrid, Ipid) come from one
-- counter (sim_settings next_bureau_id), so no two records share one.

CREATE TABLE sim_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every SOAP call and its answer.
CREATE TABLE sim_calls (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    method TEXT NOT NULL,
    ip TEXT,
    msg_code INTEGER NOT NULL,
    detail TEXT
);

-- Uploads accepted with their sequence number (the transport's record: what
-- isp_querypreviousupload returns), and what became of their data file.
CREATE TABLE sim_uploads (
    id INTEGER PRIMARY KEY,
    sequence INTEGER NOT NULL UNIQUE,
    received_at INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    op TEXT NOT NULL,             -- XZBA XZWZ XZJR BGBA ZXBA, or '' when unreadable
    items INTEGER NOT NULL,
    encrypt_alg INTEGER NOT NULL,
    info TEXT NOT NULL,           -- beianInfo as received
    info_hash TEXT NOT NULL,      -- beianInfoHash as received
    xml TEXT,                     -- the data file (UTF-8), NULL when it did not decode
    outcome TEXT NOT NULL         -- "accepted", or the file-level refusal
);

-- One operation item of an upload (Baxx, Xzxx, Bgxx, Zx_xx), decided on its own.
CREATE TABLE sim_items (
    id INTEGER PRIMARY KEY,
    upload_id INTEGER NOT NULL REFERENCES sim_uploads (id),
    idx INTEGER NOT NULL,         -- position in the upload
    op INTEGER NOT NULL,          -- UploadOp
    czlx INTEGER NOT NULL,        -- Czlx of its results
    bs TEXT NOT NULL,             -- Bs of its results
    label TEXT NOT NULL,          -- for the console
    state TEXT NOT NULL,          -- refused sms review approved returned sms_failed
    created_at INTEGER NOT NULL,
    due_at INTEGER,               -- review: when it is decided
    decided_at INTEGER,
    result_code INTEGER,
    opinion TEXT,
    subject_id INTEGER            -- the registry subject, once known
);
CREATE INDEX sim_items_state ON sim_items (state, due_at);
CREATE INDEX sim_items_bs ON sim_items (bs);

-- What an item in flight holds (a domain, a subject's change...), so that a
-- second request for it conflicts until the first is decided.
CREATE TABLE sim_holds (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX sim_holds_item ON sim_holds (item_id);

-- SMS verification codes, one per principal's mobile of an item.
CREATE TABLE sim_sms (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL,
    mobile TEXT NOT NULL,
    code TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL           -- pending passed failed expired cancelled
);
CREATE INDEX sim_sms_mobile ON sim_sms (mobile, state);
CREATE INDEX sim_sms_due ON sim_sms (state, deadline);
CREATE INDEX sim_sms_item ON sim_sms (item_id);

-- The download queue: files in order, the head repeated until acknowledged.
CREATE TABLE sim_downloads (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    item_id INTEGER,
    summary TEXT NOT NULL,
    xml TEXT NOT NULL,
    deliveries INTEGER NOT NULL DEFAULT 0,
    acked_at INTEGER
);
CREATE INDEX sim_downloads_pending ON sim_downloads (acked_at, id);

-- The national registry. Each record keeps its full data as the download
-- file's element (Zt_xx, Wz_xx) beside the columns it is searched by.
CREATE TABLE reg_providers (
    id INTEGER PRIMARY KEY,       -- ispID
    name TEXT NOT NULL
);

CREATE TABLE reg_subjects (
    id INTEGER PRIMARY KEY,       -- Ztid
    number TEXT NOT NULL UNIQUE,  -- 浙ICP备12345678号
    name TEXT NOT NULL,
    nature INTEGER NOT NULL,
    province INTEGER NOT NULL,    -- 330000
    cert_number TEXT NOT NULL,
    pw_salt BLOB NOT NULL,
    pw_hash BLOB NOT NULL,        -- BLAKE2b(salt, ICPmm): ICPmm is MD5 hex of the password
    filed_via INTEGER NOT NULL,   -- the provider that filed it
    next_site INTEGER NOT NULL,   -- N of its next site number
    state TEXT NOT NULL,          -- filed cancelled
    filed_at INTEGER NOT NULL,
    xml TEXT NOT NULL             -- <Zt_xx> as in BASJ
);
CREATE INDEX reg_subjects_cert ON reg_subjects (cert_number);

CREATE TABLE reg_sites (
    id INTEGER PRIMARY KEY,       -- Wzid
    subject_id INTEGER NOT NULL REFERENCES reg_subjects (id),
    number TEXT NOT NULL UNIQUE,  -- 浙ICP备12345678号-2
    name TEXT NOT NULL,
    state TEXT NOT NULL,          -- filed cancelled
    xml TEXT NOT NULL             -- <Wz_xx> as in BASJ
);
CREATE INDEX reg_sites_subject ON reg_sites (subject_id);

-- Domains of filed sites (a cancelled site's domains are free again).
CREATE TABLE reg_domains (
    name TEXT PRIMARY KEY,
    site_id INTEGER NOT NULL
);
CREATE INDEX reg_domains_site ON reg_domains (site_id);

-- Accesses of filed sites: who hosts each.
CREATE TABLE reg_access (
    id INTEGER PRIMARY KEY,       -- Jrid
    site_id INTEGER NOT NULL,
    provider INTEGER NOT NULL
);
CREATE INDEX reg_access_site ON reg_access (site_id);

-- The serial of the next subject number per province and year.
CREATE TABLE reg_serials (
    province INTEGER NOT NULL,
    year INTEGER NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (province, year)
);

-- isp_verifybamm checks, for the cap per number (msg_code 22).
CREATE TABLE sim_bamm_checks (
    number TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX sim_bamm_checks_number ON sim_bamm_checks (number, at);

-- Messages the administration "sent" to principals: SMS verification codes
-- and the filing passwords of newly filed subjects (shown on the console).
CREATE TABLE sim_messages (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    mobile TEXT NOT NULL,
    item_id INTEGER,
    text TEXT NOT NULL
);
