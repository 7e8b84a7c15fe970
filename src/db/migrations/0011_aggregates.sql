-- Figures per reader (docs/figures.md). Frozen once landed.

-- The record that caused a step of a pledge's history (an allocation, a shipment or a receipt), so
-- that the history shows a reader only the steps whose cause they may see, as the stage figures do.
ALTER TABLE pledge_transition
  ADD COLUMN cause_type text CHECK (cause_type IN ('allocation', 'shipment', 'receipt')),
  ADD COLUMN cause_id uuid,
  ADD CONSTRAINT pledge_transition_cause_check CHECK ((cause_type IS NULL) = (cause_id IS NULL));

-- Steps written before: the generated notes name their cause.
UPDATE pledge_transition
   SET cause_type = 'allocation',
       cause_id = substring(note FROM '^allocation ([0-9a-f-]{36}) to need ')::uuid
 WHERE action IN ('allocate', 'release') AND note ~ '^allocation [0-9a-f-]{36} to need ';
UPDATE pledge_transition
   SET cause_type = 'shipment',
       cause_id = substring(note FROM '\(([0-9a-f-]{36})\) (dispatched from |lost: )')::uuid
 WHERE action IN ('ship', 'lose') AND note ~ '^shipment .*\([0-9a-f-]{36}\) (dispatched from |lost: )';
UPDATE pledge_transition
   SET cause_type = 'receipt',
       cause_id = substring(note FROM '^receipt ([0-9a-f-]{36}) of shipment ')::uuid
 WHERE action = 'deliver' AND note ~ '^receipt [0-9a-f-]{36} of shipment ';

-- Figures per record follow allocation → shipment line → receipt line; the last step had no index.
CREATE INDEX receipt_line_shipment_line_idx ON receipt_line (shipment_line_id);
