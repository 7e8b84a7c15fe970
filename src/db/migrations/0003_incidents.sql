-- Incidents (strikes, failures) and the need rules that turn them into sized needs; first-frost
-- dates per region; derived needs remember their incident, rule and rule version. Frozen once landed.

-- A strike or failure. What it did is kept as validated JSON (checked in src/core/incidents):
-- impacts   [{ region_id, service, people_affected, restoration_expected_on }]
-- damage    [{ region_id, asset_kind, asset_class, count }]
-- Revisions are PATCHes: the audit trail keeps every version.
CREATE TABLE incident (
  id             uuid PRIMARY KEY,
  occurred_at    timestamptz NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('missile_strike', 'drone_strike', 'shelling', 'sabotage', 'failure', 'other')),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description    text,
  impacts        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(impacts) = 'array'),
  damage         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(damage) = 'array'),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved', 'retracted')),
  owner_org_id   uuid NOT NULL REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'coalition',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX incident_occurred_at_idx ON incident (occurred_at, id);

-- A rule is data: its version is the record's version, and every version stays in the audit trail.
--   service_outage: ceil(people without <service> for more than min_outage_days / people_per_unit)
--                   × quantity_per_unit [× days, capped at max_days, when per_day]
--   damaged_asset:  count of damaged <asset_kind> [of asset_class] × quantity_per_unit
CREATE TABLE need_rule (
  id                    uuid PRIMARY KEY,
  code                  text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,59}$'),
  description           text,
  trigger               text NOT NULL CHECK (trigger IN ('service_outage', 'damaged_asset')),
  service               text CHECK (service IN ('power', 'heat', 'water', 'communications')),
  min_outage_days       integer CHECK (min_outage_days >= 0),
  people_per_unit       integer CHECK (people_per_unit > 0),
  asset_kind            text,
  asset_class           text,
  item_id               uuid NOT NULL REFERENCES item (id),
  quantity_per_unit     numeric(18, 3) NOT NULL CHECK (quantity_per_unit > 0),
  per_day               boolean NOT NULL DEFAULT false,
  max_days              integer CHECK (max_days > 0),
  priority              priority NOT NULL,
  priority_before_frost priority,
  lead_days             integer NOT NULL CHECK (lead_days >= 0),
  active                boolean NOT NULL DEFAULT true,
  owner_org_id          uuid REFERENCES organisation (id),
  classification        classification NOT NULL DEFAULT 'coalition',
  synthetic             boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now(),
  created_by            text NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  updated_by            text NOT NULL,
  version               integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((trigger = 'service_outage') = (service IS NOT NULL AND people_per_unit IS NOT NULL AND min_outage_days IS NOT NULL)),
  CHECK ((trigger = 'damaged_asset') = (asset_kind IS NOT NULL)),
  CHECK (NOT per_day OR (trigger = 'service_outage' AND max_days IS NOT NULL))
);
CREATE INDEX need_rule_item_idx ON need_rule (item_id);

-- The day from which a region is expected to freeze; heat and power needs before it are urgent.
CREATE TABLE region_first_frost (
  region_id      uuid PRIMARY KEY REFERENCES region (id) ON DELETE CASCADE,
  first_frost_on date NOT NULL,
  note           text,
  synthetic      boolean NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL
);

-- A derived need names what produced it and how; people review it when a revision would take it
-- below what is already allocated, instead of it being lowered silently.
ALTER TABLE need
  ADD COLUMN incident_id   uuid REFERENCES incident (id),
  ADD COLUMN rule_id       uuid REFERENCES need_rule (id),
  ADD COLUMN rule_version  integer CHECK (rule_version > 0),
  ADD COLUMN derivation    text,
  ADD COLUMN needs_review  boolean NOT NULL DEFAULT false,
  ADD COLUMN review_reason text;
ALTER TABLE need ADD CONSTRAINT need_derived_complete CHECK (
  (incident_id IS NULL) = (rule_id IS NULL) AND (rule_id IS NULL) = (rule_version IS NULL)
);
CREATE UNIQUE INDEX need_derived_key ON need (incident_id, rule_id, region_id, item_id)
  WHERE incident_id IS NOT NULL;

ALTER TABLE source_link DROP CONSTRAINT source_link_entity_type_check;
ALTER TABLE source_link ADD CONSTRAINT source_link_entity_type_check CHECK (
  entity_type IN ('organisation', 'region', 'item', 'event', 'need', 'pledge', 'allocation', 'shipment', 'receipt', 'incident', 'need_rule')
);
