-- The figures cache of server processes (src/api/figures-cache.ts, docs/figures.md "Speed"): every
-- statement that writes a table the figures are computed from notifies the channel aidgrid_figures,
-- so each listening process drops its cached answers once the writing transaction commits (PostgreSQL
-- delivers notifications at commit, one per channel and payload per transaction). Statement-level:
-- one notification per writing statement, not per row, so bulk loads cost nothing per row.
-- Frozen once landed.

CREATE FUNCTION aidgrid_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('aidgrid_figures', '');
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'organisation', 'region', 'item', 'event', 'need', 'pledge', 'pledge_transition', 'allocation',
    'shipment', 'shipment_line', 'receipt', 'receipt_line', 'fx_rate', 'data_set', 'incident',
    'need_rule', 'region_first_frost'
  ] LOOP
    IF to_regclass(format('public.%I', t)) IS NOT NULL THEN
      EXECUTE format(
        'CREATE TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON %I '
        'FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_figures_changed()', t);
      EXECUTE format(
        'CREATE TRIGGER figures_truncated AFTER TRUNCATE ON %I '
        'FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_figures_changed()', t);
    END IF;
  END LOOP;
END
$$;
