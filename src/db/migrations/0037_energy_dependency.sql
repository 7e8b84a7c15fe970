-- Dependency risk of grid repair (issue 15, point 6; docs/grid-repair.md "Dependency risk").
--
-- An input of the capacity model may be an energy carrier (crude oil for diesel, natural gas, coal):
-- a fuel item whose input graph holds one depends on where its donors' energy comes from.
ALTER TABLE material
  ADD COLUMN energy_carrier text CHECK (energy_carrier IN ('gas', 'oil', 'coal'));

-- Russian energy dependency of coalition members: the share of a country's imports of a carrier
-- that came from Russia in a year. Reference data (as FX rates and first-frost dates), public.
CREATE TABLE energy_dependency (
  country_code   text NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  carrier        text NOT NULL CHECK (carrier IN ('gas', 'oil', 'coal')),
  russian_share  numeric(4, 3) NOT NULL CHECK (russian_share >= 0 AND russian_share <= 1),
  year           integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  note           text,
  synthetic      boolean NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  PRIMARY KEY (country_code, carrier)
);
