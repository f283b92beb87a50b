-- The reviewers' queues at a million applications (docs/performance.md,
-- "The review queue at a million applications"). Only applications waiting
-- in a queue are indexed (queue <> ''): a few in a hundred, so the indexes
-- stay small and the other writes do not pay for them; the queue model's
-- statements say queue <> '' so that these partial indexes serve a bound
-- queue.
--
-- Each index reads a queue in its order (submitted_at, id) from a range:
-- the whole queue, one province, one kind, one reviewer's (or nobody's)
-- claims; and each carries the columns the other filters test, so a page
-- reads index entries until 50 pass, never rows (before: the queue read
-- row by row until 50 rows passed: 0.5 s for a province with few filings,
-- and the whole queue when none passed, at a million applications).
DROP INDEX applications_queue;
CREATE INDEX applications_queue ON applications(queue, submitted_at, id, province, kind, nature,
                                                commercial, claimed_by) WHERE queue <> '';
CREATE INDEX applications_queue_province ON applications(queue, province, submitted_at, id, kind,
                                                         nature, commercial, claimed_by)
    WHERE queue <> '';
CREATE INDEX applications_queue_kind ON applications(queue, kind, submitted_at, id, province,
                                                     nature, commercial, claimed_by)
    WHERE queue <> '';
CREATE INDEX applications_queue_claimed ON applications(claimed_by, queue, submitted_at, id,
                                                        province, kind, nature, commercial)
    WHERE queue <> '';
-- A search by the start of a name finds the queue's applications of the
-- subjects so named and of the principals so named (before: the whole
-- queue was read and each row's subject looked up: 0.4-1 s at a million).
CREATE INDEX applications_queue_subject ON applications(queue, subject_id) WHERE queue <> '';
CREATE INDEX applications_queue_principal ON applications(queue, principal_name)
    WHERE queue <> '';
