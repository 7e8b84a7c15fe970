-- The planner: logistics hubs and lead times, item bundles, plan runs and their results.
-- Frozen once landed. The model is stated in docs/planner-model.md (shared reference planner-model.md).

-- A place where pledged goods are staged before they go into the country (a logistics hub).
-- is_default: the hub a pledge without hub_id is planned from; at most one hub is the default.
-- Without a default hub the planner uses the hub with the lowest code.
CREATE TABLE hub (
  id             uuid PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,19}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  country_code   char(2) NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  is_default     boolean NOT NULL DEFAULT false,
  owner_org_id   uuid REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'coalition',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE UNIQUE INDEX hub_one_default ON hub (is_default) WHERE is_default;

-- Whole weeks from a hub to a region. cost: per unit, in the model's cost units; NULL means
-- "the lead time is the cost" (the model's default). A (hub, region) pair without a row is planned
-- with the default lead time of 2 weeks (src/planning/model/snapshot.ts, DEFAULT_LEAD_TIME_WEEKS).
CREATE TABLE lead_time (
  hub_id         uuid NOT NULL REFERENCES hub (id) ON DELETE CASCADE,
  region_id      uuid NOT NULL REFERENCES region (id) ON DELETE CASCADE,
  weeks          integer NOT NULL CHECK (weeks BETWEEN 0 AND 104),
  cost           numeric(12, 3) CHECK (cost >= 0),
  note           text,
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  PRIMARY KEY (hub_id, region_id)
);
CREATE INDEX lead_time_region_idx ON lead_time (region_id);

-- Where the pledged goods are staged; NULL: the default hub (see hub.is_default).
ALTER TABLE pledge ADD COLUMN hub_id uuid REFERENCES hub (id);
CREATE INDEX pledge_hub_idx ON pledge (hub_id);

-- At catalogue level: ratio units of the member item go with one unit of the lead item
-- (a howitzer and its shells, a generator and its fuel).
CREATE TABLE item_bundle (
  id             uuid PRIMARY KEY,
  lead_item_id   uuid NOT NULL REFERENCES item (id),
  member_item_id uuid NOT NULL REFERENCES item (id),
  ratio          numeric(14, 4) NOT NULL CHECK (ratio > 0),
  note           text,
  owner_org_id   uuid REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'public',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK (lead_item_id <> member_item_id),
  UNIQUE (lead_item_id, member_item_id)
);
CREATE INDEX item_bundle_member_idx ON item_bundle (member_item_id);

-- How a bundle applies to needs: a member need (the shells) names its lead need (the howitzers);
-- the ratio is the catalogue's item_bundle(lead need's item, member need's item). A link without a
-- catalogue bundle is not planned as a bundle (the snapshot reports it).
ALTER TABLE need ADD COLUMN bundle_lead_need_id uuid REFERENCES need (id);
ALTER TABLE need ADD CONSTRAINT need_bundle_not_self CHECK (bundle_lead_need_id IS DISTINCT FROM id);
CREATE INDEX need_bundle_lead_idx ON need (bundle_lead_need_id) WHERE bundle_lead_need_id IS NOT NULL;

-- One run of the planner: what went in (parameters, what-if scenario, the input snapshot that
-- reproduces it), what came out (summary, per-allocation, per-need and per-lot results), how long
-- each step took, and whether it was accepted. data_fingerprint is a hash of the live inputs at
-- snapshot time; acceptance re-checks every allocation against the live data whatever it says.
CREATE TABLE plan_run (
  id               uuid PRIMARY KEY,
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  method           text NOT NULL CHECK (method IN ('auto', 'network', 'highs', 'greedy')),
  solved_by        text CHECK (solved_by IN ('network', 'highs', 'greedy')),
  start_week       text NOT NULL CHECK (start_week ~ '^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$'),
  parameters       jsonb NOT NULL CHECK (jsonb_typeof(parameters) = 'object'),
  scenario         jsonb CHECK (scenario IS NULL OR jsonb_typeof(scenario) = 'object'),
  snapshot         jsonb CHECK (snapshot IS NULL OR jsonb_typeof(snapshot) = 'object'),
  data_fingerprint text,
  objective        numeric(24, 3),
  unmet_weighted   numeric(24, 3),
  unmet_quantity   numeric(24, 3),
  late_weighted    numeric(24, 3),
  lot_count        integer CHECK (lot_count >= 0),
  need_count       integer CHECK (need_count >= 0),
  arc_count        integer CHECK (arc_count >= 0),
  allocation_count integer CHECK (allocation_count >= 0),
  timings          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(timings) = 'object'),
  progress         numeric(4, 3) NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  progress_note    text,
  error            text,
  started_at       timestamptz,
  finished_at      timestamptz,
  accepted_at      timestamptz,
  accepted_by      text,
  owner_org_id     uuid REFERENCES organisation (id),
  classification   classification NOT NULL DEFAULT 'coalition',
  synthetic        boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((accepted_at IS NULL) = (accepted_by IS NULL)),
  CHECK (accepted_at IS NULL OR status = 'succeeded')
);
CREATE INDEX plan_run_created_idx ON plan_run (created_at, id);

-- What the run sends where. lot_id: the pledge id for pledge lots, a label for forecast
-- ('forecast:<line>:<month>') and what-if ('scenario:<n>') lots, which are never accepted.
CREATE TABLE plan_allocation (
  run_id        uuid NOT NULL REFERENCES plan_run (id) ON DELETE CASCADE,
  seq           integer NOT NULL CHECK (seq >= 0),
  lot_id        text NOT NULL,
  lot_kind      text NOT NULL CHECK (lot_kind IN ('pledge', 'forecast', 'scenario')),
  pledge_id     uuid REFERENCES pledge (id) ON DELETE CASCADE,
  need_id       uuid REFERENCES need (id) ON DELETE CASCADE,
  need_key      text NOT NULL,
  item_id       uuid NOT NULL REFERENCES item (id),
  quantity      numeric(18, 3) NOT NULL CHECK (quantity > 0),
  arrival_week  integer NOT NULL,
  lateness      integer NOT NULL CHECK (lateness >= 0),
  unit_cost     numeric(18, 3) NOT NULL,
  PRIMARY KEY (run_id, seq),
  CHECK ((lot_kind = 'pledge') = (pledge_id IS NOT NULL))
);
CREATE INDEX plan_allocation_need_idx ON plan_allocation (run_id, need_key);
CREATE INDEX plan_allocation_lot_idx ON plan_allocation (run_id, lot_id);

-- Per need of the run. need_key: the need id, or 'scenario:<n>' for a what-if need (need_id NULL).
-- explanation: validated JSON (src/planning/explain.ts).
CREATE TABLE plan_need_result (
  run_id        uuid NOT NULL REFERENCES plan_run (id) ON DELETE CASCADE,
  need_key      text NOT NULL,
  need_id       uuid REFERENCES need (id) ON DELETE CASCADE,
  item_id       uuid NOT NULL REFERENCES item (id),
  region_id     uuid NOT NULL REFERENCES region (id),
  recipient_org_id uuid REFERENCES organisation (id),
  priority_weight numeric(8, 3) NOT NULL,
  due_week      integer NOT NULL,
  quantity      numeric(18, 3) NOT NULL CHECK (quantity >= 0),
  allocated     numeric(18, 3) NOT NULL CHECK (allocated >= 0),
  unmet         numeric(18, 3) NOT NULL CHECK (unmet >= 0),
  late_quantity numeric(18, 3) NOT NULL CHECK (late_quantity >= 0),
  reason        text CHECK (reason IN ('no_supply_in_time', 'lead_time_too_long', 'taken_by_higher_priority')),
  binding_dual  numeric(24, 6),
  explanation   jsonb NOT NULL CHECK (jsonb_typeof(explanation) = 'object'),
  PRIMARY KEY (run_id, need_key)
);
CREATE INDEX plan_need_result_item_idx ON plan_need_result (run_id, item_id, need_key);

-- Per lot of the run: how much it had, how much the plan uses, its supply dual.
CREATE TABLE plan_lot_result (
  run_id             uuid NOT NULL REFERENCES plan_run (id) ON DELETE CASCADE,
  lot_id             text NOT NULL,
  lot_kind           text NOT NULL CHECK (lot_kind IN ('pledge', 'forecast', 'scenario')),
  pledge_id          uuid REFERENCES pledge (id) ON DELETE CASCADE,
  production_line_id uuid REFERENCES production_line (id) ON DELETE CASCADE,
  item_id            uuid NOT NULL REFERENCES item (id),
  hub_code           text NOT NULL,
  available_week     integer NOT NULL,
  quantity           numeric(18, 3) NOT NULL CHECK (quantity >= 0),
  used               numeric(18, 3) NOT NULL CHECK (used >= 0),
  dual               numeric(24, 6) NOT NULL,
  PRIMARY KEY (run_id, lot_id)
);
CREATE INDEX plan_lot_result_item_idx ON plan_lot_result (run_id, item_id, lot_id);
