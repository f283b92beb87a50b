-- The reviewers' queues at a million applications (docs/performance.md,
-- "The review queue at a million applications"). Only applications waiting
-- in a queue are indexed (queue <> ''): a few in a hundred, so the indexes
-- stay small and the other writes do not pay for them; the queue model's
-- statements say queue <> '' so that these partial indexes serve a bound
-- queue.
--
-- The queue in order, with what the filters test: a filter by nature,
-- commercial filing or claim reads index entries, not rows (before: a
-- filter that no application of a queue passed read every row of the
-- queue, 60 ms at a million).
DROP INDEX applications_queue;
CREATE INDEX applications_queue ON applications(queue, submitted_at, id, province, kind, nature,
                                                commercial, claimed_by) WHERE queue <> '';
-- A filter by province or by kind reads its own range in order (before:
-- the queue was read until 50 rows passed, 34,000 rows for a province with
-- few filings: 0.5 s at a million).
CREATE INDEX applications_queue_province ON applications(queue, province, submitted_at, id, kind)
    WHERE queue <> '';
CREATE INDEX applications_queue_kind ON applications(queue, kind, submitted_at, id)
    WHERE queue <> '';
-- What a reviewer holds, counted on every queue page.
CREATE INDEX applications_queue_claimed ON applications(claimed_by, queue) WHERE queue <> '';
-- A search by the start of a name finds the queue's applications of the
-- subjects so named and of the principals so named (before: the whole
-- queue was read and each row's subject looked up: 0.4-1 s at a million).
CREATE INDEX applications_queue_subject ON applications(queue, subject_id) WHERE queue <> '';
CREATE INDEX applications_queue_principal ON applications(queue, principal_name)
    WHERE queue <> '';
