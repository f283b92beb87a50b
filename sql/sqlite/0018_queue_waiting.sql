-- The queue "all waiting" (new, resubmitted and returned together), the
-- reviewers' default page, read as one range in its order (submitted_at,
-- id) instead of three ranges of 0008's indexes merged and sorted at each
-- page: the whole waiting set, one province, one kind, one reviewer's (or
-- nobody's) claims. Each carries the columns the other filters test, and
-- queue, so a page reads index entries until 50 pass. The queue model's
-- statements say exactly "queue IN ('new', 'resubmitted', 'returned')",
-- the predicate below, so that these partial indexes serve them.
CREATE INDEX applications_waiting ON applications(submitted_at, id, province, kind, nature,
                                                  commercial, claimed_by, queue)
    WHERE queue IN ('new', 'resubmitted', 'returned');
CREATE INDEX applications_waiting_province ON applications(province, submitted_at, id, kind,
                                                           nature, commercial, claimed_by, queue)
    WHERE queue IN ('new', 'resubmitted', 'returned');
CREATE INDEX applications_waiting_kind ON applications(kind, submitted_at, id, province, nature,
                                                       commercial, claimed_by, queue)
    WHERE queue IN ('new', 'resubmitted', 'returned');
CREATE INDEX applications_waiting_claimed ON applications(claimed_by, submitted_at, id, province,
                                                          kind, nature, commercial, queue)
    WHERE queue IN ('new', 'resubmitted', 'returned');
