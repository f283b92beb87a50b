-- Subjects, sites, applications, their transitions and return reasons, and
-- the province rules. Personal data (ID numbers, phones) lives only inside
-- the sealed JSON documents (record, values_sealed); searchable facts are
-- plain columns or blind indexes.
CREATE TABLE subjects (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),  -- one subject per account
    origin TEXT NOT NULL CHECK (origin IN ('first_filing', 'claimed')),
    subject_number TEXT UNIQUE,               -- 京ICP备12345678号, once known
    province INTEGER NOT NULL DEFAULT 0,      -- GB/T 2260 two-digit code
    nature TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    cert_index TEXT NOT NULL DEFAULT '',      -- blind index of the certificate number
    record TEXT NOT NULL DEFAULT '',          -- sealed JSON: the subject as filed
    claim_secret TEXT NOT NULL DEFAULT '',    -- sealed filing password, until downloaded
    downloaded INTEGER NOT NULL DEFAULT 0,    -- record fetched from the administration
    verified_on_site INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX subjects_cert ON subjects(cert_index);

CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    site_number TEXT UNIQUE,                  -- 京ICP备12345678号-2, once approved
    name TEXT NOT NULL DEFAULT '',
    domain TEXT NOT NULL DEFAULT '',          -- A-label; set from the values as they are saved
    record TEXT NOT NULL DEFAULT '',          -- sealed JSON: the site, its principal, access as filed
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX sites_subject ON sites(subject_id);
CREATE INDEX sites_domain ON sites(domain);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    number TEXT UNIQUE,                       -- A2026-000123
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    site_id INTEGER REFERENCES sites(id),
    batch_id INTEGER,                         -- submitted together: the first one's id
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    domain TEXT NOT NULL DEFAULT '',          -- the domain a new site brings (conflict checks)
    values_sealed TEXT NOT NULL DEFAULT '',   -- sealed JSON of the values, as typed or normalised
    steps_done TEXT NOT NULL DEFAULT '',      -- steps that passed validation, comma-separated
    customer_note TEXT NOT NULL DEFAULT '',   -- the note to the reviewer at (re)submission
    created_by INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    submitted_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX applications_subject ON applications(subject_id, id);
CREATE INDEX applications_state ON applications(state, submitted_at);
CREATE INDEX applications_domain ON applications(domain);
CREATE INDEX applications_site ON applications(site_id);

CREATE TABLE transitions (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    at INTEGER NOT NULL,
    actor_id INTEGER,
    actor_role TEXT NOT NULL,
    event TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transitions_app ON transitions(application_id, id);

CREATE TABLE return_reasons (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    transition_id INTEGER NOT NULL REFERENCES transitions(id),
    field TEXT NOT NULL,                      -- a key of the field catalog, or '' for the whole
    reason TEXT NOT NULL,
    suggestion TEXT NOT NULL DEFAULT ''
);
CREATE INDEX return_reasons_app ON return_reasons(application_id, transition_id);

CREATE TABLE province_rules (
    code INTEGER PRIMARY KEY,                 -- 11..65
    data TEXT NOT NULL,                       -- JSON of the rules (seeded, edited by admins)
    updated_by INTEGER REFERENCES accounts(id),
    updated_at INTEGER NOT NULL
);
