-- Imports of shipments and receipts, read line by line (issue 14, docs/import.md). Frozen once landed.
ALTER TABLE import_run DROP CONSTRAINT import_run_entity_check;
ALTER TABLE import_run ADD CONSTRAINT import_run_entity_check
  CHECK (entity IN ('pledge', 'need', 'organisation', 'item', 'event', 'shipment', 'receipt'));
