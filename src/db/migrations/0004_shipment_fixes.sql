-- A lost shipment gives what it had not delivered back from the pledge's shipped stage to its
-- allocated stage, so that it can be shipped again; the pledge's history records that step as 'lose'.
-- Frozen once landed.

ALTER TABLE pledge_transition DROP CONSTRAINT pledge_transition_action_check;
ALTER TABLE pledge_transition ADD CONSTRAINT pledge_transition_action_check CHECK (
  action IN ('commit', 'allocate', 'release', 'ship', 'deliver', 'lose', 'put_in_service', 'cancel', 'expire')
);
