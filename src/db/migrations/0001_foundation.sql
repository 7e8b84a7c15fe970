-- aidgrid foundation: catalogue, organisations, events, needs, pledges, sources, audit, idempotency.
-- Frozen once landed: change the schema with a new migration, never by editing this file.

CREATE TYPE classification AS ENUM ('public', 'coalition', 'restricted');
CREATE TYPE priority AS ENUM ('critical', 'high', 'medium', 'low');

-- Columns every record carries. Catalogue tables (organisation, region, item) may have no owner.
-- created_by / updated_by hold the actor (an account id once accounts exist, otherwise 'cli', 'demo', ...).

CREATE TABLE organisation (
  id             uuid PRIMARY KEY,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  short_name     text CHECK (length(short_name) BETWEEN 1 AND 40),
  kind           text NOT NULL CHECK (kind IN ('state', 'international_organisation', 'ngo', 'manufacturer', 'recipient_agency', 'ministry', 'other')),
  country_code   char(2) CHECK (country_code ~ '^[A-Z]{2}$'),
  parent_id      uuid REFERENCES organisation (id),
  owner_org_id   uuid REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'public',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE UNIQUE INDEX organisation_name_key ON organisation (lower(name));

CREATE TABLE region (
  id             uuid PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  country_code   char(2) NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  population     bigint CHECK (population >= 0),
  parent_id      uuid REFERENCES region (id),
  owner_org_id   uuid REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'public',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0)
);

CREATE TABLE item (
  id                       uuid PRIMARY KEY,
  code                     text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,39}$'),
  name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category                 text NOT NULL CHECK (category ~ '^[a-z0-9-]+(/[a-z0-9-]+)*$'),
  unit                     text NOT NULL CHECK (length(unit) BETWEEN 1 AND 40),
  reference_price_amount   numeric(20, 2) CHECK (reference_price_amount >= 0),
  reference_price_currency char(3) CHECK (reference_price_currency ~ '^[A-Z]{3}$'),
  description              text,
  owner_org_id             uuid REFERENCES organisation (id),
  classification           classification NOT NULL DEFAULT 'public',
  synthetic                boolean NOT NULL DEFAULT false,
  created_at               timestamptz NOT NULL DEFAULT now(),
  created_by               text NOT NULL,
  updated_at               timestamptz NOT NULL DEFAULT now(),
  updated_by               text NOT NULL,
  version                  integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((reference_price_amount IS NULL) = (reference_price_currency IS NULL))
);
CREATE INDEX item_category_idx ON item (category text_pattern_ops);

CREATE TABLE event (
  id               uuid PRIMARY KEY,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind             text NOT NULL CHECK (kind IN ('ministerial', 'conference', 'summit', 'bilateral', 'other')),
  location         text,
  starts_on        date NOT NULL,
  ends_on          date NOT NULL,
  organiser_org_id uuid REFERENCES organisation (id),
  owner_org_id     uuid NOT NULL REFERENCES organisation (id),
  classification   classification NOT NULL DEFAULT 'public',
  synthetic        boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX event_starts_on_idx ON event (starts_on, id);

CREATE TABLE need (
  id               uuid PRIMARY KEY,
  recipient_org_id uuid NOT NULL REFERENCES organisation (id),
  region_id        uuid NOT NULL REFERENCES region (id),
  item_id          uuid NOT NULL REFERENCES item (id),
  quantity         numeric(18, 3) NOT NULL CHECK (quantity > 0),
  priority         priority NOT NULL,
  needed_by        date NOT NULL,
  justification    text,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'partially_met', 'met', 'cancelled')),
  owner_org_id     uuid NOT NULL REFERENCES organisation (id),
  classification   classification NOT NULL DEFAULT 'coalition',
  synthetic        boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  version          integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX need_item_idx ON need (item_id);
CREATE INDEX need_region_idx ON need (region_id);
CREATE INDEX need_recipient_idx ON need (recipient_org_id);
CREATE INDEX need_needed_by_idx ON need (needed_by, id);

CREATE TABLE pledge (
  id               uuid PRIMARY KEY,
  donor_org_id     uuid NOT NULL REFERENCES organisation (id),
  item_id          uuid NOT NULL REFERENCES item (id),
  quantity         numeric(18, 3) NOT NULL CHECK (quantity > 0),
  need_id          uuid REFERENCES need (id),
  recipient_org_id uuid REFERENCES organisation (id),
  event_id         uuid REFERENCES event (id),
  announced_on     date NOT NULL,
  available_from   date,
  value_amount     numeric(20, 2) CHECK (value_amount >= 0),
  value_currency   char(3) CHECK (value_currency ~ '^[A-Z]{3}$'),
  conditions       text,
  status           text NOT NULL DEFAULT 'announced' CHECK (status IN ('announced', 'committed', 'allocated', 'shipped', 'delivered', 'in_service', 'cancelled', 'expired')),
  owner_org_id     uuid NOT NULL REFERENCES organisation (id),
  classification   classification NOT NULL DEFAULT 'coalition',
  synthetic        boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text NOT NULL,
  version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
  CHECK ((value_amount IS NULL) = (value_currency IS NULL)),
  CHECK (available_from IS NULL OR available_from >= announced_on)
);
CREATE INDEX pledge_item_idx ON pledge (item_id);
CREATE INDEX pledge_donor_idx ON pledge (donor_org_id);
CREATE INDEX pledge_need_idx ON pledge (need_id);
CREATE INDEX pledge_event_idx ON pledge (event_id);
CREATE INDEX pledge_announced_on_idx ON pledge (announced_on, id);

CREATE TABLE source (
  id             uuid PRIMARY KEY,
  url            text CHECK (url ~ '^https?://'),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  publisher      text NOT NULL CHECK (length(publisher) BETWEEN 1 AND 200),
  published_on   date,
  kind           text NOT NULL CHECK (kind IN ('primary', 'secondary')),
  notes          text,
  owner_org_id   uuid NOT NULL REFERENCES organisation (id),
  classification classification NOT NULL DEFAULT 'public',
  synthetic      boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0)
);

-- A source supports any number of records; entity_id is not a foreign key because it spans tables.
CREATE TABLE source_link (
  source_id   uuid NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  entity_type text NOT NULL CHECK (entity_type IN ('organisation', 'region', 'item', 'event', 'need', 'pledge')),
  entity_id   uuid NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  PRIMARY KEY (source_id, entity_type, entity_id)
);
CREATE INDEX source_link_entity_idx ON source_link (entity_type, entity_id);

-- Append-only record of every change, written in the same transaction as the change.
CREATE TABLE audit_entry (
  seq         bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'link', 'unlink', 'load')),
  entity_type text NOT NULL,
  entity_id   uuid,
  before      jsonb,
  after       jsonb
);
CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id, seq);

-- Responses to creates sent with an Idempotency-Key, stored in the transaction of the create.
CREATE TABLE idempotency_key (
  key         text NOT NULL,
  scope       text NOT NULL,
  body_hash   text NOT NULL,
  status_code integer NOT NULL,
  response    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
