-- The admin console: the seeded standard return reasons get a stable code
-- (seeded once by code, so an admin's edits are never overwritten; reasons
-- admins add have none), and the audit log is searched by actor login in id
-- order (by object: audit_object, whose entries end with the rowid here).
ALTER TABLE return_reason_templates ADD COLUMN code TEXT;
CREATE UNIQUE INDEX return_reason_templates_code ON return_reason_templates(code);
CREATE INDEX audit_actor_login ON audit_log(actor_login, id);
