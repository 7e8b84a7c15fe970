-- Repairing the grid (issue 15, docs/grid-repair.md): grid assets and their status over time, repair
-- projects with milestones, scope and equipment (ordinary needs), money pledges to funds or projects
-- and fund allocations to projects. Frozen once landed.

-- A substation, transformer, line, plant or pumping station. Its exact location is sensitive: restricted
-- by default. capacity is in the unit of its kind (capacity_unit, checked): MVA for substations,
-- transformers and lines, MW for generation plants and pumping stations (electrical load), Gcal/h for
-- heating plants and boiler houses. region_release: the owner's statement that the asset may be counted,
-- by region, kind and status only, in public region aggregates (aidgrid_grid_region_counts below).
CREATE TABLE grid_asset (
  id               uuid PRIMARY KEY,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind             text NOT NULL CHECK (kind IN ('substation', 'transformer', 'line', 'generation_plant',
                                                  'heating_plant', 'boiler_house', 'water_pumping_station')),
  region_id        uuid NOT NULL REFERENCES region (id),
  operator_org_id  uuid NOT NULL REFERENCES organisation (id),
  voltage_kv       integer CHECK (voltage_kv > 0 AND voltage_kv <= 1150),
  capacity         numeric(18, 3) CHECK (capacity > 0),
  capacity_unit    text CHECK (capacity_unit IN ('MVA', 'MW', 'Gcal/h')),
  people_served    integer NOT NULL DEFAULT 0 CHECK (people_served >= 0),
  status           text NOT NULL DEFAULT 'in_service'
                   CHECK (status IN ('in_service', 'damaged', 'under_repair', 'restored', 'destroyed')),
  status_on        date,
  latitude         numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
  longitude        numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
  region_release   boolean NOT NULL DEFAULT false,
  owner_org_id     uuid NOT NULL REFERENCES organisation (id),
  classification   classification NOT NULL DEFAULT 'restricted',
  embargo_until    date,
  synthetic        boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((capacity IS NULL) = (capacity_unit IS NULL)),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX grid_asset_region_idx ON grid_asset (region_id, kind);
CREATE INDEX grid_asset_name_idx ON grid_asset (name, id);

-- The status of an asset over time: one row per change, with what caused it.
CREATE TABLE grid_asset_status (
  id                uuid PRIMARY KEY,
  asset_id          uuid NOT NULL REFERENCES grid_asset (id) ON DELETE CASCADE,
  status            text NOT NULL CHECK (status IN ('in_service', 'damaged', 'under_repair', 'restored', 'destroyed')),
  effective_on      date NOT NULL,
  incident_id       uuid REFERENCES incident (id),
  repair_project_id uuid,
  note              text,
  at                timestamptz NOT NULL DEFAULT now(),
  actor             text NOT NULL
);
CREATE INDEX grid_asset_status_asset_idx ON grid_asset_status (asset_id, effective_on, at);
CREATE INDEX grid_asset_status_incident_idx ON grid_asset_status (incident_id) WHERE incident_id IS NOT NULL;

-- A repair: its owner is the operator. Costs in EUR; capacity restored (in capacity_unit) and people
-- reconnected count at energising.
CREATE TABLE repair_project (
  id                 uuid PRIMARY KEY,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  region_id          uuid NOT NULL REFERENCES region (id),
  cost_eur           numeric(18, 2) NOT NULL DEFAULT 0 CHECK (cost_eur >= 0),
  capacity_restored  numeric(18, 3) CHECK (capacity_restored > 0),
  capacity_unit      text CHECK (capacity_unit IN ('MVA', 'MW', 'Gcal/h')),
  people_reconnected integer NOT NULL DEFAULT 0 CHECK (people_reconnected >= 0),
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
  owner_org_id       uuid NOT NULL REFERENCES organisation (id),
  classification     classification NOT NULL DEFAULT 'coalition',
  embargo_until      date,
  synthetic          boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  created_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text NOT NULL,
  version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((capacity_restored IS NULL) = (capacity_unit IS NULL))
);
CREATE INDEX repair_project_name_idx ON repair_project (name, id);
ALTER TABLE grid_asset_status ADD CONSTRAINT grid_asset_status_project_fk
  FOREIGN KEY (repair_project_id) REFERENCES repair_project (id) ON DELETE SET NULL;

-- The assets a project repairs.
CREATE TABLE repair_project_asset (
  repair_project_id uuid NOT NULL REFERENCES repair_project (id) ON DELETE CASCADE,
  asset_id          uuid NOT NULL REFERENCES grid_asset (id),
  PRIMARY KEY (repair_project_id, asset_id)
);
CREATE INDEX repair_project_asset_asset_idx ON repair_project_asset (asset_id);

-- Milestones, in order: assessed → funded → equipment_ordered → delivered → installed → energised.
CREATE TABLE repair_milestone (
  repair_project_id uuid NOT NULL REFERENCES repair_project (id) ON DELETE CASCADE,
  stage             text NOT NULL CHECK (stage IN ('assessed', 'funded', 'equipment_ordered', 'delivered', 'installed', 'energised')),
  planned_on        date,
  actual_on         date,
  PRIMARY KEY (repair_project_id, stage)
);

-- Equipment a project lacks: an ordinary need (item, quantity, needed_by, priority), linked here with the
-- lead time from order to delivery (production and transport) the critical path counts.
CREATE TABLE repair_equipment (
  repair_project_id uuid NOT NULL REFERENCES repair_project (id) ON DELETE CASCADE,
  need_id           uuid NOT NULL UNIQUE REFERENCES need (id),
  lead_days         integer NOT NULL CHECK (lead_days >= 0),
  PRIMARY KEY (repair_project_id, need_id)
);

-- A pledge of money (not of items: pledges of items stay in `pledge`) to a fund (an organisation) or to a
-- project, in its currency; announced → committed → disbursed (or cancelled), each stage an amount.
CREATE TABLE money_pledge (
  id                uuid PRIMARY KEY,
  donor_org_id      uuid NOT NULL REFERENCES organisation (id),
  fund_org_id       uuid REFERENCES organisation (id),
  repair_project_id uuid REFERENCES repair_project (id),
  amount            numeric(18, 2) NOT NULL CHECK (amount > 0),
  currency          char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  committed_amount  numeric(18, 2) NOT NULL DEFAULT 0 CHECK (committed_amount >= 0),
  disbursed_amount  numeric(18, 2) NOT NULL DEFAULT 0 CHECK (disbursed_amount >= 0),
  status            text NOT NULL DEFAULT 'announced' CHECK (status IN ('announced', 'committed', 'disbursed', 'cancelled')),
  announced_on      date NOT NULL,
  note              text,
  owner_org_id      uuid NOT NULL REFERENCES organisation (id),
  classification    classification NOT NULL DEFAULT 'coalition',
  embargo_until     date,
  synthetic         boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text NOT NULL,
  version           integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((fund_org_id IS NULL) <> (repair_project_id IS NULL)),
  CONSTRAINT money_pledge_stage_bounds CHECK (committed_amount <= amount AND disbursed_amount <= committed_amount)
);
CREATE INDEX money_pledge_project_idx ON money_pledge (repair_project_id) WHERE repair_project_id IS NOT NULL;
CREATE INDEX money_pledge_announced_idx ON money_pledge (announced_on, id);

CREATE TABLE money_pledge_transition (
  id              uuid PRIMARY KEY,
  money_pledge_id uuid NOT NULL REFERENCES money_pledge (id) ON DELETE CASCADE,
  action          text NOT NULL CHECK (action IN ('commit', 'disburse', 'cancel')),
  amount          numeric(18, 2) NOT NULL CHECK (amount >= 0),
  from_status     text NOT NULL,
  to_status       text NOT NULL,
  effective_on    date NOT NULL,
  note            text,
  at              timestamptz NOT NULL DEFAULT now(),
  actor           text NOT NULL
);
CREATE INDEX money_pledge_transition_pledge_idx ON money_pledge_transition (money_pledge_id, at);

-- A fund passes money to a project (the fund is the owner).
CREATE TABLE fund_allocation (
  id                uuid PRIMARY KEY,
  fund_org_id       uuid NOT NULL REFERENCES organisation (id),
  repair_project_id uuid NOT NULL REFERENCES repair_project (id),
  amount            numeric(18, 2) NOT NULL CHECK (amount > 0),
  currency          char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  allocated_on      date NOT NULL,
  note              text,
  owner_org_id      uuid NOT NULL REFERENCES organisation (id),
  classification    classification NOT NULL DEFAULT 'coalition',
  embargo_until     date,
  synthetic         boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text NOT NULL,
  version           integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX fund_allocation_project_idx ON fund_allocation (repair_project_id);
CREATE INDEX fund_allocation_allocated_idx ON fund_allocation (allocated_on, id);

GRANT SELECT, INSERT, UPDATE, DELETE ON grid_asset, grid_asset_status, repair_project, repair_project_asset,
  repair_milestone, repair_equipment, money_pledge, money_pledge_transition, fund_allocation TO aidgrid_app;

-- Row-level security as in migration 0008: records by owner, parties and clearance; their rows with them.
ALTER TABLE grid_asset ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON grid_asset FOR ALL TO aidgrid_app
  USING (aidgrid_visible(owner_org_id, classification, embargo_until, ARRAY[operator_org_id]))
  WITH CHECK (aidgrid_visible(owner_org_id, classification, embargo_until, ARRAY[operator_org_id]));
ALTER TABLE repair_project ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON repair_project FOR ALL TO aidgrid_app
  USING (aidgrid_visible(owner_org_id, classification, embargo_until, NULL::uuid[]))
  WITH CHECK (aidgrid_visible(owner_org_id, classification, embargo_until, NULL::uuid[]));
ALTER TABLE money_pledge ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON money_pledge FOR ALL TO aidgrid_app
  USING (aidgrid_visible(owner_org_id, classification, embargo_until, ARRAY[donor_org_id, fund_org_id]))
  WITH CHECK (aidgrid_visible(owner_org_id, classification, embargo_until, ARRAY[donor_org_id, fund_org_id]));
ALTER TABLE fund_allocation ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON fund_allocation FOR ALL TO aidgrid_app
  USING (aidgrid_visible(owner_org_id, classification, embargo_until, ARRAY[fund_org_id]))
  WITH CHECK (aidgrid_visible(owner_org_id, classification, embargo_until, ARRAY[fund_org_id]));

ALTER TABLE grid_asset_status ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON grid_asset_status FOR ALL TO aidgrid_app
  USING (EXISTS (SELECT 1 FROM grid_asset a WHERE a.id = grid_asset_status.asset_id))
  WITH CHECK (EXISTS (SELECT 1 FROM grid_asset a WHERE a.id = grid_asset_status.asset_id));
ALTER TABLE money_pledge_transition ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON money_pledge_transition FOR ALL TO aidgrid_app
  USING (EXISTS (SELECT 1 FROM money_pledge p WHERE p.id = money_pledge_transition.money_pledge_id))
  WITH CHECK (EXISTS (SELECT 1 FROM money_pledge p WHERE p.id = money_pledge_transition.money_pledge_id));
ALTER TABLE repair_milestone ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON repair_milestone FOR ALL TO aidgrid_app
  USING (EXISTS (SELECT 1 FROM repair_project p WHERE p.id = repair_milestone.repair_project_id))
  WITH CHECK (EXISTS (SELECT 1 FROM repair_project p WHERE p.id = repair_milestone.repair_project_id));
-- A project's scope row and equipment row need both ends visible: the project and the asset (or need).
ALTER TABLE repair_project_asset ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON repair_project_asset FOR ALL TO aidgrid_app
  USING (EXISTS (SELECT 1 FROM repair_project p WHERE p.id = repair_project_asset.repair_project_id)
         AND EXISTS (SELECT 1 FROM grid_asset a WHERE a.id = repair_project_asset.asset_id))
  WITH CHECK (EXISTS (SELECT 1 FROM repair_project p WHERE p.id = repair_project_asset.repair_project_id)
         AND EXISTS (SELECT 1 FROM grid_asset a WHERE a.id = repair_project_asset.asset_id));
ALTER TABLE repair_equipment ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON repair_equipment FOR ALL TO aidgrid_app
  USING (EXISTS (SELECT 1 FROM repair_project p WHERE p.id = repair_equipment.repair_project_id)
         AND EXISTS (SELECT 1 FROM need n WHERE n.id = repair_equipment.need_id))
  WITH CHECK (EXISTS (SELECT 1 FROM repair_project p WHERE p.id = repair_equipment.repair_project_id)
         AND EXISTS (SELECT 1 FROM need n WHERE n.id = repair_equipment.need_id));

-- Region aggregates of grid assets (docs/grid-repair.md, "Region aggregates"): counts by region, kind and
-- status of the assets the reader may see, together with those whose owner released them for region
-- counts (region_release). Nothing else of a released asset leaves: no id, name, place, capacity or
-- people served. SECURITY DEFINER so that released rows the reader may not see are counted; the
-- reader's own visibility is applied here with the same rule as the policy above.
CREATE FUNCTION aidgrid_grid_region_counts()
RETURNS TABLE (region_id uuid, kind text, status text, assets bigint, released bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.region_id, a.kind, a.status, count(*),
         count(*) FILTER (WHERE NOT aidgrid_visible_to(aidgrid_reader_org(), aidgrid_reader_clearance(),
                                                      a.owner_org_id, a.classification, a.embargo_until,
                                                      ARRAY[a.operator_org_id]))
    FROM grid_asset a
   WHERE a.region_release
      OR aidgrid_visible_to(aidgrid_reader_org(), aidgrid_reader_clearance(),
                            a.owner_org_id, a.classification, a.embargo_until, ARRAY[a.operator_org_id])
   GROUP BY a.region_id, a.kind, a.status
   ORDER BY a.region_id, a.kind, a.status
$$;
REVOKE ALL ON FUNCTION aidgrid_grid_region_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aidgrid_grid_region_counts() TO aidgrid_app;

