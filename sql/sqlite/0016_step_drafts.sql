-- What a customer typed into a step that was refused (the page's form):
-- kept, sealed, so that leaving the error page loses nothing, while the
-- application's own values stay as they were (a refused save changes
-- nothing). The step's form shows the draft with its errors until the step
-- is saved or the draft is discarded; submission drops the application's
-- drafts.
CREATE TABLE step_drafts (
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    values_sealed TEXT NOT NULL,   -- the step's fields as typed, sealed (model/sealed.h)
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, step)
);
