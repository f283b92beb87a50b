-- The provider's review (接入商审核): queues, claims, materials received,
-- on-site verification, verification calls; the standard return reasons,
-- the history of province rules, the provider's settings; audit search.

-- Facts the queues filter and search on, kept beside the sealed values.
ALTER TABLE applications ADD COLUMN review_round INTEGER NOT NULL DEFAULT 0; -- submissions so far
ALTER TABLE applications ADD COLUMN claimed_by INTEGER REFERENCES accounts(id);
ALTER TABLE applications ADD COLUMN claimed_at INTEGER;
ALTER TABLE applications ADD COLUMN returned_by INTEGER REFERENCES accounts(id); -- last return's reviewer
ALTER TABLE applications ADD COLUMN province INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN nature TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN commercial INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN principal_name TEXT NOT NULL DEFAULT '';
-- The reviewers' queue it waits in ('new', 'resubmitted', 'returned',
-- 'to_send'; '' when it waits for nobody at the provider), kept with its state.
ALTER TABLE applications ADD COLUMN queue TEXT NOT NULL DEFAULT '';
CREATE INDEX applications_queue ON applications(queue, submitted_at, id);
CREATE INDEX applications_claimed ON applications(claimed_by, state);
CREATE INDEX applications_principal ON applications(principal_name);
CREATE INDEX subjects_name ON subjects(name);
CREATE INDEX sites_number ON sites(site_number);
CREATE INDEX return_reasons_transition ON return_reasons(transition_id);
-- The kind of an administration's return ('no_form', 'commercial',
-- 'other'; '' for the provider's own), for the guidance of seed §4.
ALTER TABLE return_reasons ADD COLUMN code TEXT NOT NULL DEFAULT '';

-- Paper materials received, per checklist item (what the reviewer ticked).
CREATE TABLE materials_received (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    item_code TEXT NOT NULL,
    copies INTEGER NOT NULL,
    received_by INTEGER NOT NULL REFERENCES accounts(id),
    received_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, item_code)
);

-- On-site verification (现场核验): done (date, reviewer, photo), covered by an
-- earlier one of the same subject (seed §1.2-I), or not needed (the rule).
-- Only 'done' makes a subject verified on site.
CREATE TABLE onsite_verifications (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subjects(id),
    application_id INTEGER NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL CHECK (kind IN ('done', 'covered', 'not_needed')),
    verified_on TEXT NOT NULL DEFAULT '',        -- YYYY-MM-DD, for 'done'
    photo_file_id INTEGER REFERENCES application_files(id),
    covered_by INTEGER REFERENCES onsite_verifications(id),
    rule TEXT NOT NULL DEFAULT '',               -- for 'not_needed'
    note TEXT NOT NULL DEFAULT '',
    reviewer_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX onsite_subject ON onsite_verifications(subject_id, id);
CREATE INDEX onsite_application ON onsite_verifications(application_id, id);

-- Verification calls (核实电话) to the principals before passing.
CREATE TABLE verification_calls (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    person TEXT NOT NULL CHECK (person IN ('subject_principal', 'site_principal', 'legal_rep')),
    called_at INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('confirmed', 'no_answer', 'wrong_person', 'refused', 'other')),
    note TEXT NOT NULL DEFAULT '',
    reviewer_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX verification_calls_application ON verification_calls(application_id, id);

-- The standard return reasons reviewers choose from (admins edit them).
CREATE TABLE return_reason_templates (
    id INTEGER PRIMARY KEY,
    field TEXT NOT NULL DEFAULT '',              -- the field it usually names; '' any
    text_zh TEXT NOT NULL,
    text_en TEXT NOT NULL DEFAULT '',
    suggestion_zh TEXT NOT NULL DEFAULT '',
    suggestion_en TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    updated_by INTEGER REFERENCES accounts(id),
    updated_at INTEGER NOT NULL
);

-- Every earlier version of a province's rules.
CREATE TABLE province_rules_history (
    id INTEGER PRIMARY KEY,
    code INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_by INTEGER REFERENCES accounts(id),
    updated_at INTEGER NOT NULL
);
CREATE INDEX province_rules_history_code ON province_rules_history(code, id);

-- The provider's own details and review settings, edited by admins.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_by INTEGER REFERENCES accounts(id),
    updated_at INTEGER NOT NULL
);

-- Audit search by action (by actor, object and date have their indexes).
CREATE INDEX audit_action ON audit_log(action, id);
