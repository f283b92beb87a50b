-- The admin mail page's recipient filter: an address or a whole domain
-- ("@example.com"), without regard to case. Addresses are stored as typed
-- (the local part keeps its case), so the filter reads indexes of their
-- lower-case form and of their lower-case domain; the statements
-- (model/mail_admin.c) spell the same expressions.
DROP INDEX mail_outbox_to;
CREATE INDEX mail_outbox_to_lower ON mail_outbox(lower(to_addr), id);
CREATE INDEX mail_outbox_to_domain ON mail_outbox(lower(substr(to_addr, instr(to_addr, '@'))), id);
