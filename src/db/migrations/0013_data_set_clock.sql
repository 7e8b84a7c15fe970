-- The day a data set is "as of" (src/core/shared/clock.ts): what "now" means for its defaults.
-- NULL: today. The demo sets its story's day. One row.
CREATE TABLE data_set (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  as_of      date,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO data_set (id, as_of) VALUES (true, NULL);
-- A database holding only the synthetic demo (loaded before this migration) is as of the demo's day.
UPDATE data_set SET as_of = DATE '2022-11-24'
WHERE EXISTS (SELECT 1 FROM need WHERE synthetic) AND NOT EXISTS (SELECT 1 FROM need WHERE NOT synthetic);

-- The day a lifecycle step took effect, as recorded (back-dating within rules: not before the pledge's
-- previous step, not after the data's today); `at` stays the time it was written. NULL: the day of `at`.
ALTER TABLE pledge_transition ADD COLUMN effective_on date;
