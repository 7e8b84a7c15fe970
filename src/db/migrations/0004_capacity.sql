-- Production capacity, bills of materials with suppliers, and consumption with stock on hand: the
-- data behind the shortfall forecast and the supply-chain risk view. Frozen once landed.

-- A manufacturer's line for an item. capacity_schedule is validated JSON (src/core/capacity):
--   [{ from: 'YYYY-MM', per_month }] ascending; each step holds until the next one.
-- backlog: units ahead in the queue (earlier orders) that the line works off before new orders.
-- coalition_share: the part of output after the backlog that is available to the coalition.
CREATE TABLE production_line (
  id                  uuid PRIMARY KEY,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  manufacturer_org_id uuid REFERENCES organisation (id),
  manufacturer        text NOT NULL CHECK (length(manufacturer) BETWEEN 1 AND 200),
  plant               text CHECK (length(plant) BETWEEN 1 AND 200),
  country_code        char(2) NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  item_id             uuid NOT NULL REFERENCES item (id),
  capacity_schedule   jsonb NOT NULL CHECK (jsonb_typeof(capacity_schedule) = 'array'),
  lead_time_months    integer NOT NULL CHECK (lead_time_months BETWEEN 0 AND 120),
  backlog             numeric(18, 3) NOT NULL DEFAULT 0 CHECK (backlog >= 0),
  coalition_share     numeric(4, 3) NOT NULL CHECK (coalition_share BETWEEN 0 AND 1),
  owner_org_id        uuid REFERENCES organisation (id),
  classification      classification NOT NULL DEFAULT 'coalition',
  synthetic           boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          text NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          text NOT NULL,
  version             integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX production_line_item_idx ON production_line (item_id);

-- A material or component that items (and other materials) need. suppliers is validated JSON:
--   [{ name, plant, country_code, share }] with shares summing to at most 1.
CREATE TABLE material (
  id             uuid PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,59}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  unit           text NOT NULL CHECK (length(unit) BETWEEN 1 AND 40),
  suppliers      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(suppliers) = 'array'),
  owner_org_id   uuid REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'coalition',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0)
);

-- An edge of the input graph: one unit of the item (or of the parent material) needs
-- quantity_per_unit of the material. Cycles between materials are rejected by the service.
CREATE TABLE material_input (
  id                 uuid PRIMARY KEY,
  item_id            uuid REFERENCES item (id),
  parent_material_id uuid REFERENCES material (id),
  material_id        uuid NOT NULL REFERENCES material (id),
  quantity_per_unit  numeric(18, 3) NOT NULL CHECK (quantity_per_unit > 0),
  owner_org_id       uuid REFERENCES organisation (id),
  classification     classification NOT NULL DEFAULT 'coalition',
  synthetic          boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  created_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text NOT NULL,
  version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((item_id IS NULL) <> (parent_material_id IS NULL)),
  CHECK (parent_material_id IS DISTINCT FROM material_id)
);
CREATE UNIQUE INDEX material_input_item_key ON material_input (item_id, material_id) WHERE item_id IS NOT NULL;
CREATE UNIQUE INDEX material_input_parent_key ON material_input (parent_material_id, material_id)
  WHERE parent_material_id IS NOT NULL;
CREATE INDEX material_input_material_idx ON material_input (material_id);

-- How fast an item is used up at a front or in a region, with the stock on hand there.
-- rate_schedule is validated JSON: [{ from: 'YYYY-MM-DD', per_day }] ascending.
CREATE TABLE consumption_profile (
  id             uuid PRIMARY KEY,
  item_id        uuid NOT NULL REFERENCES item (id),
  region_id      uuid REFERENCES region (id),
  front          text CHECK (length(front) BETWEEN 1 AND 200),
  rate_schedule  jsonb NOT NULL CHECK (jsonb_typeof(rate_schedule) = 'array'),
  stock_on_hand  numeric(18, 3) NOT NULL DEFAULT 0 CHECK (stock_on_hand >= 0),
  stock_as_of    date NOT NULL,
  owner_org_id   uuid REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'coalition',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK (region_id IS NOT NULL OR front IS NOT NULL)
);
CREATE INDEX consumption_profile_item_idx ON consumption_profile (item_id);
