-- Audit entries (issue 18): before and after are written once, hashed by the application over
-- their canonical JSON text, and only ever read back whole (history, `aidgrid audit verify`), never
-- searched by key. Stored as json — checked and kept as written — rather than jsonb, which parses
-- every document into a tree on the way in. Measured on PostgreSQL 15 with 35,000 entries like an
-- L plan accept's (34 MB): COPY into jsonb 0.6–0.7 s, into json 0.26–0.35 s. Verification parses
-- what it reads either way, so entries written before this migration verify as they did.
ALTER TABLE audit_entry
  ALTER COLUMN before TYPE json USING before::json,
  ALTER COLUMN after TYPE json USING after::json;
