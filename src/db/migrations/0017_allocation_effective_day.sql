-- The days an allocation's steps took effect on the data's clock (src/core/shared/clock.ts), apart from
-- the times they were recorded (created_at, decided_at): proposed_on when it was proposed, decided_on
-- when it was last accepted, rejected or released (back-dating within rules: not before the previous
-- step, not after the data's today). NULL: the day of created_at / decided_at.
ALTER TABLE allocation ADD COLUMN proposed_on date;
ALTER TABLE allocation ADD COLUMN decided_on date;
