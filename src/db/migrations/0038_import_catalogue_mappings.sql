-- Imports of the reference data a cell sets up first (organisations, items, events), and mappings
-- saved under a name for an organisation (issue 14, docs/import.md). Frozen once landed.
ALTER TABLE import_run DROP CONSTRAINT import_run_entity_check;
ALTER TABLE import_run ADD CONSTRAINT import_run_entity_check
  CHECK (entity IN ('pledge', 'need', 'organisation', 'item', 'event'));

-- A mapping (the JSON `--mapping FILE` reads) saved under a name, visible to its organisation's
-- members only. org_id NULL: the operator's own (the CLI acting as the operator, who has no organisation).
CREATE TABLE import_mapping (
  id         uuid PRIMARY KEY,
  org_id     uuid REFERENCES organisation (id),
  name       text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$'),
  mapping    jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
  created_by text NOT NULL,
  updated_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX import_mapping_name_key ON import_mapping (COALESCE(org_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
