-- The admin console: the seeded standard return reasons get a stable code
-- (seeded once by code, so an admin's edits are never overwritten; reasons
-- admins add have none), and the audit log is searched by actor login and by
-- object in id order (newest first, paged by id).
ALTER TABLE return_reason_templates ADD COLUMN code TEXT;
CREATE UNIQUE INDEX return_reason_templates_code ON return_reason_templates(code);
CREATE INDEX audit_actor_login ON audit_log(actor_login, id);
CREATE INDEX audit_object_id ON audit_log(object_type, object_id, id);
DROP INDEX audit_object;
