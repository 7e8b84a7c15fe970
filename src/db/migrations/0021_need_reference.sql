-- A need's reference: how people name a need (on the command line, in messages, in exports),
-- "N-000123", unique and never reused. New needs take the next number of need_reference_seq; the
-- needs already stored are numbered first, in the order they were created. Six digits at least,
-- more when the numbers run past 999,999 (never cut: lpad would truncate).
CREATE SEQUENCE need_reference_seq AS bigint START WITH 1;

CREATE FUNCTION aidgrid_need_reference(n bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT 'N-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END $$;

ALTER TABLE need ADD COLUMN reference text;

UPDATE need SET reference = aidgrid_need_reference(numbered.n)
  FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM need) AS numbered
 WHERE need.id = numbered.id;

SELECT setval('need_reference_seq', GREATEST((SELECT count(*) FROM need), 1), (SELECT count(*) FROM need) > 0);

ALTER TABLE need ALTER COLUMN reference SET DEFAULT aidgrid_need_reference(nextval('need_reference_seq'));
ALTER TABLE need ALTER COLUMN reference SET NOT NULL;
ALTER TABLE need ADD CONSTRAINT need_reference_form CHECK (reference ~ '^N-[0-9]{6,}$');
CREATE UNIQUE INDEX need_reference_key ON need (reference);

ALTER SEQUENCE need_reference_seq OWNED BY need.reference;
GRANT USAGE, SELECT ON SEQUENCE need_reference_seq TO aidgrid_app;
GRANT EXECUTE ON FUNCTION aidgrid_need_reference(bigint) TO aidgrid_app;
