-- Issue 13: lists read by key at 100,000 accounts. The staff's list of
-- accounts filters by status, role, both or neither, newest first, and
-- pages by key (id < the last one shown): each combination reads its
-- own index from the key down.
CREATE INDEX accounts_status_role_id ON accounts(status, role, id);
CREATE INDEX accounts_role_id ON accounts(role, id);
CREATE INDEX accounts_status_id ON accounts(status, id);
