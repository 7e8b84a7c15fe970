-- Tamper-evident audit log: every entry carries the hash of the one before it.
-- Frozen once landed: change the schema with a new migration, never by editing this file.
--
-- hash = SHA-256 (hex) over the canonical JSON (RFC 8785 style) of
-- {seq, at, actor, org_id, action, entity_type, entity_id, before, after, prev_hash}, computed by the
-- application (src/core/audit/audit-chain.ts), which appends under an advisory lock and numbers
-- entries itself, so the sequence has no gaps: a gap means an entry was deleted.

ALTER TABLE audit_entry
  ADD COLUMN org_id    uuid,
  ADD COLUMN prev_hash text,
  ADD COLUMN hash      text;

-- The writer assigns seq = head + 1; a sequence default would leave gaps on rollback.
ALTER TABLE audit_entry ALTER COLUMN seq DROP DEFAULT;

-- Entries written before this migration are renumbered 1..n in their order (their gaps came from
-- rolled-back transactions; nothing references seq). They are sealed, hashed in that order, by the
-- migration runner right after the migrations (src/db/migrate.ts), in the same advisory lock.
UPDATE audit_entry SET seq = -seq;
UPDATE audit_entry AS entry
   SET seq = numbered.n
  FROM (SELECT seq, row_number() OVER (ORDER BY seq DESC) AS n FROM audit_entry) AS numbered
 WHERE entry.seq = numbered.seq;

-- NOT VALID: enforced for every row inserted or updated from now on, not for the rows above,
-- which are sealed next. Every new entry must arrive hashed and linked.
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_chained CHECK (
  seq > 0
  AND prev_hash IS NOT NULL AND prev_hash ~ '^[0-9a-f]{64}$'
  AND hash IS NOT NULL AND hash ~ '^[0-9a-f]{64}$'
) NOT VALID;

-- Finds entries still to be sealed at once (empty after the first run).
CREATE INDEX audit_entry_unsealed_idx ON audit_entry (seq) WHERE hash IS NULL;
