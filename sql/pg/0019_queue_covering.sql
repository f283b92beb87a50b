-- The waiting applications' indexes of 0018, each now carrying every
-- column the queue page shows of an application (its subject, number,
-- state, round, domain, principal, returner), so that the default page,
-- all waiting, reads its 50 rows from one range of an index without
-- looking each row up in the table: at a million applications those
-- lookups, through a table B-tree four levels deep, were a fifth of the
-- page's statement. The indexes stay partial (a few in a hundred of the
-- applications wait), so the columns cost little room.
DROP INDEX applications_waiting;
DROP INDEX applications_waiting_province;
DROP INDEX applications_waiting_kind;
DROP INDEX applications_waiting_claimed;
CREATE INDEX applications_waiting ON applications(submitted_at, id, province, kind, nature,
                                                  commercial, claimed_by, queue, subject_id,
                                                  returned_by, number, state, review_round,
                                                  domain, principal_name)
    WHERE queue IN ('new', 'resubmitted', 'returned');
CREATE INDEX applications_waiting_province ON applications(province, submitted_at, id, kind,
                                                           nature, commercial, claimed_by, queue,
                                                           subject_id, returned_by, number, state,
                                                           review_round, domain, principal_name)
    WHERE queue IN ('new', 'resubmitted', 'returned');
CREATE INDEX applications_waiting_kind ON applications(kind, submitted_at, id, province, nature,
                                                       commercial, claimed_by, queue, subject_id,
                                                       returned_by, number, state, review_round,
                                                       domain, principal_name)
    WHERE queue IN ('new', 'resubmitted', 'returned');
CREATE INDEX applications_waiting_claimed ON applications(claimed_by, submitted_at, id, province,
                                                          kind, nature, commercial, queue,
                                                          subject_id, returned_by, number, state,
                                                          review_round, domain, principal_name)
    WHERE queue IN ('new', 'resubmitted', 'returned');
