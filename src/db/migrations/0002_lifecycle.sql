-- From pledge to receipt: stage quantities, transitions, allocations, shipments, receipts,
-- FX rates and valuations, duplicate flags. Frozen once landed.

-- Each stage of a pledge has its own quantity; the chain of bounds is enforced here, so no code
-- path and no concurrent transaction can make a later stage exceed an earlier one.
ALTER TABLE pledge
  ADD COLUMN committed_quantity  numeric(18, 3) NOT NULL DEFAULT 0,
  ADD COLUMN allocated_quantity  numeric(18, 3) NOT NULL DEFAULT 0,
  ADD COLUMN shipped_quantity    numeric(18, 3) NOT NULL DEFAULT 0,
  ADD COLUMN delivered_quantity  numeric(18, 3) NOT NULL DEFAULT 0,
  ADD COLUMN in_service_quantity numeric(18, 3) NOT NULL DEFAULT 0,
  -- Valuations side by side: the donor's own figure converted to EUR, and quantity × reference price.
  ADD COLUMN value_eur           numeric(20, 2),
  ADD COLUMN value_fx_rate       numeric(20, 10),
  ADD COLUMN value_fx_rate_on    date,
  ADD COLUMN price_list_eur      numeric(20, 2);

-- Pledges recorded before stage quantities existed: the stages they reached carry the whole quantity.
UPDATE pledge SET committed_quantity = quantity
  WHERE status IN ('committed', 'allocated', 'shipped', 'delivered', 'in_service');
UPDATE pledge SET allocated_quantity = quantity WHERE status IN ('allocated', 'shipped', 'delivered', 'in_service');
UPDATE pledge SET shipped_quantity = quantity WHERE status IN ('shipped', 'delivered', 'in_service');
UPDATE pledge SET delivered_quantity = quantity WHERE status IN ('delivered', 'in_service');
UPDATE pledge SET in_service_quantity = quantity WHERE status = 'in_service';

ALTER TABLE pledge ADD CONSTRAINT pledge_stage_bounds CHECK (
  0 <= in_service_quantity
  AND in_service_quantity <= delivered_quantity
  AND delivered_quantity <= shipped_quantity
  AND shipped_quantity <= allocated_quantity
  AND allocated_quantity <= committed_quantity
  AND committed_quantity <= quantity
);

ALTER TABLE need
  ADD COLUMN allocated_quantity numeric(18, 3) NOT NULL DEFAULT 0,
  ADD COLUMN met_quantity       numeric(18, 3) NOT NULL DEFAULT 0;
ALTER TABLE need ADD CONSTRAINT need_stage_bounds CHECK (
  0 <= met_quantity AND met_quantity <= allocated_quantity AND allocated_quantity <= quantity
);

-- Every lifecycle step of a pledge: who, when, how much, on what evidence.
CREATE TABLE pledge_transition (
  id          uuid PRIMARY KEY,
  pledge_id   uuid NOT NULL REFERENCES pledge (id) ON DELETE CASCADE,
  -- 'lose': what a lost shipment had not delivered goes back from shipped to allocated, to ship again.
  action      text NOT NULL CHECK (action IN ('commit', 'allocate', 'release', 'ship', 'deliver', 'lose', 'put_in_service', 'cancel', 'expire')),
  quantity    numeric(18, 3) NOT NULL CHECK (quantity >= 0),
  from_status text NOT NULL,
  to_status   text NOT NULL,
  source_id   uuid REFERENCES source (id),
  note        text,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL
);
CREATE INDEX pledge_transition_pledge_idx ON pledge_transition (pledge_id, at, id);

-- A pledge matched to a need: proposed by hand or by the planner, then accepted or rejected.
-- Accepted allocations count in pledge.allocated_quantity and need.allocated_quantity.
CREATE TABLE allocation (
  id                 uuid PRIMARY KEY,
  pledge_id          uuid NOT NULL REFERENCES pledge (id),
  need_id            uuid NOT NULL REFERENCES need (id),
  quantity           numeric(18, 3) NOT NULL CHECK (quantity > 0),
  week               text NOT NULL CHECK (week ~ '^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$'),
  status             text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
  proposed_by        text NOT NULL DEFAULT 'hand' CHECK (proposed_by IN ('hand', 'planner')),
  shipped_quantity   numeric(18, 3) NOT NULL DEFAULT 0,
  delivered_quantity numeric(18, 3) NOT NULL DEFAULT 0,
  decided_at         timestamptz,
  decided_by         text,
  owner_org_id       uuid NOT NULL REFERENCES organisation (id),
  classification     classification NOT NULL DEFAULT 'coalition',
  synthetic          boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  created_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text NOT NULL,
  version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK (0 <= delivered_quantity AND delivered_quantity <= shipped_quantity AND shipped_quantity <= quantity),
  CHECK (status = 'accepted' OR shipped_quantity = 0)
);
CREATE INDEX allocation_pledge_idx ON allocation (pledge_id);
CREATE INDEX allocation_need_idx ON allocation (need_id);

-- A consignment from a hub to a region.
CREATE TABLE shipment (
  id                    uuid PRIMARY KEY,
  reference             text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
  origin_hub            text NOT NULL CHECK (length(origin_hub) BETWEEN 1 AND 200),
  destination_region_id uuid NOT NULL REFERENCES region (id),
  dispatched_on         date,
  eta                   date,
  status                text NOT NULL DEFAULT 'preparing' CHECK (status IN ('preparing', 'in_transit', 'arrived', 'received', 'lost')),
  owner_org_id          uuid NOT NULL REFERENCES organisation (id),
  classification        classification NOT NULL DEFAULT 'coalition',
  synthetic             boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now(),
  created_by            text NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  updated_by            text NOT NULL,
  version               integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK (eta IS NULL OR dispatched_on IS NULL OR eta >= dispatched_on)
);
CREATE INDEX shipment_region_idx ON shipment (destination_region_id);

-- What a shipment carries, each line against an accepted allocation.
CREATE TABLE shipment_line (
  id                uuid PRIMARY KEY,
  shipment_id       uuid NOT NULL REFERENCES shipment (id) ON DELETE CASCADE,
  allocation_id     uuid NOT NULL REFERENCES allocation (id),
  pledge_id         uuid NOT NULL REFERENCES pledge (id),
  need_id           uuid NOT NULL REFERENCES need (id),
  item_id           uuid NOT NULL REFERENCES item (id),
  quantity          numeric(18, 3) NOT NULL CHECK (quantity > 0),
  received_quantity numeric(18, 3) NOT NULL DEFAULT 0,
  CHECK (0 <= received_quantity AND received_quantity <= quantity)
);
CREATE INDEX shipment_line_shipment_idx ON shipment_line (shipment_id, id);
CREATE INDEX shipment_line_allocation_idx ON shipment_line (allocation_id);

CREATE TABLE receipt (
  id                  uuid PRIMARY KEY,
  shipment_id         uuid NOT NULL REFERENCES shipment (id),
  received_on         date NOT NULL,
  received_by_org_id  uuid NOT NULL REFERENCES organisation (id),
  note                text,
  owner_org_id        uuid NOT NULL REFERENCES organisation (id),
  classification      classification NOT NULL DEFAULT 'coalition',
  synthetic           boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  created_by          text NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          text NOT NULL,
  version             integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX receipt_shipment_idx ON receipt (shipment_id, received_on);

CREATE TABLE receipt_line (
  id                 uuid PRIMARY KEY,
  receipt_id         uuid NOT NULL REFERENCES receipt (id) ON DELETE CASCADE,
  shipment_line_id   uuid NOT NULL REFERENCES shipment_line (id),
  quantity           numeric(18, 3) NOT NULL CHECK (quantity >= 0),
  discrepancy_reason text CHECK (discrepancy_reason IN ('damaged', 'short', 'wrong_item', 'excess', 'expired', 'other')),
  note               text
);
CREATE INDEX receipt_line_receipt_idx ON receipt_line (receipt_id, id);

-- Rates to EUR by date: how many EUR one unit of the currency is worth on that day.
CREATE TABLE fx_rate (
  currency    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$' AND currency <> 'EUR'),
  rate_on     date NOT NULL,
  eur_per_unit numeric(20, 10) NOT NULL CHECK (eur_per_unit > 0),
  source      text NOT NULL,
  synthetic   boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  PRIMARY KEY (currency, rate_on)
);

-- Possible duplicates, flagged for a person to review; records are never merged silently.
CREATE TABLE duplicate_flag (
  id          uuid PRIMARY KEY,
  entity_type text NOT NULL CHECK (entity_type IN ('pledge')),
  entity_id   uuid NOT NULL,
  other_id    uuid NOT NULL,
  reason      text NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'confirmed')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  reviewed_at timestamptz,
  reviewed_by text,
  CHECK (entity_id <> other_id),
  UNIQUE (entity_type, entity_id, other_id)
);
CREATE INDEX duplicate_flag_other_idx ON duplicate_flag (entity_type, other_id);

ALTER TABLE source_link DROP CONSTRAINT source_link_entity_type_check;
ALTER TABLE source_link ADD CONSTRAINT source_link_entity_type_check CHECK (
  entity_type IN ('organisation', 'region', 'item', 'event', 'need', 'pledge', 'allocation', 'shipment', 'receipt')
);
