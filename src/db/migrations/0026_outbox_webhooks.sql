-- Telling (issue 19): a transactional outbox of domain events and webhook subscriptions with their
-- deliveries. Frozen once landed.
--
-- Every event row is written by a trigger on its source table, so it commits or rolls back with the
-- change itself, whichever code path made it (the one-by-one services, the set-based plan accept,
-- bulk imports, the CLI). The triggers are statement-level with transition tables: one INSERT … SELECT
-- per statement, however many rows it touched. They run with the owner's rights (SECURITY DEFINER):
-- the outbox and the webhook tables are closed to the application role, like the account tables.
-- A NOTIFY on channel aidgrid_outbox (sent at commit, once per transaction) wakes the webhook
-- workers; they also poll, so a notification lost while no worker listened costs only a delay.

CREATE TABLE outbox_event (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- 'shipment.dispatched', 'need.created', … (docs/webhooks.md lists them)
  type         text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  -- the table of the record the event is about, and its id
  entity       text NOT NULL,
  entity_id    uuid NOT NULL,
  -- what the change was (changed fields, the status reached); never more than the record shows
  detail       jsonb NOT NULL DEFAULT '{}',
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  -- set once the event's deliveries (and notifications) have been created
  fanned_out_at timestamptz
);
CREATE INDEX outbox_event_pending_idx ON outbox_event (seq) WHERE fanned_out_at IS NULL;
CREATE INDEX outbox_event_entity_idx ON outbox_event (entity_id);
-- The periodic check tells each critical need's being past due and unmet once.
CREATE UNIQUE INDEX outbox_event_past_due_once ON outbox_event (entity_id) WHERE type = 'need.past_due_unmet';

-- One event; for writers of tables that have no trigger here (an import's end, a release).
CREATE FUNCTION aidgrid_outbox_emit(event_type text, entity text, entity_id uuid, detail jsonb DEFAULT '{}')
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO outbox_event (type, entity, entity_id, detail) VALUES (event_type, entity, entity_id, COALESCE(detail, '{}'));
  PERFORM pg_notify('aidgrid_outbox', '');
END
$$;

CREATE FUNCTION aidgrid_outbox_need() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outbox_event (type, entity, entity_id, detail)
      SELECT 'need.created', 'need', n.id, jsonb_build_object('status', n.status) FROM new_rows n;
  ELSE
    -- What the need's owner changed; the stage quantities that pledges and shipments move are not news.
    INSERT INTO outbox_event (type, entity, entity_id, detail)
      SELECT 'need.changed', 'need', n.id, jsonb_build_object('status', n.status, 'fields', c.fields)
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (
        SELECT jsonb_agg(f ORDER BY f) AS fields FROM (VALUES
          ('quantity', o.quantity IS DISTINCT FROM n.quantity),
          ('priority', o.priority IS DISTINCT FROM n.priority),
          ('needed_by', o.needed_by IS DISTINCT FROM n.needed_by),
          ('status', o.status IS DISTINCT FROM n.status),
          ('region_id', o.region_id IS DISTINCT FROM n.region_id),
          ('item_id', o.item_id IS DISTINCT FROM n.item_id),
          ('justification', o.justification IS DISTINCT FROM n.justification),
          ('classification', o.classification IS DISTINCT FROM n.classification),
          ('embargo_until', o.embargo_until IS DISTINCT FROM n.embargo_until)
        ) AS v (f, changed) WHERE changed
      ) c
      WHERE c.fields IS NOT NULL;
  END IF;
  IF FOUND THEN PERFORM pg_notify('aidgrid_outbox', ''); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_need_insert AFTER INSERT ON need
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_need();
CREATE TRIGGER outbox_need_update AFTER UPDATE ON need
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_need();

-- Status changes: the event of each status a row reaches (pledge, shipment, allocation), on insert
-- as on update. TG_ARGV[0]: the entity; then pairs of status and event type.
CREATE FUNCTION aidgrid_outbox_status() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  events jsonb := '{}';
  i integer := 1;
BEGIN
  WHILE i < TG_NARGS LOOP
    events := events || jsonb_build_object(TG_ARGV[i], TG_ARGV[i + 1]);
    i := i + 2;
  END LOOP;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outbox_event (type, entity, entity_id, detail)
      SELECT events ->> n.status, TG_ARGV[0], n.id, jsonb_build_object('status', n.status)
      FROM new_rows n WHERE events ? n.status;
  ELSE
    INSERT INTO outbox_event (type, entity, entity_id, detail)
      SELECT events ->> n.status, TG_ARGV[0], n.id, jsonb_build_object('status', n.status, 'previous_status', o.status)
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status AND events ? n.status;
  END IF;
  IF FOUND THEN PERFORM pg_notify('aidgrid_outbox', ''); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_pledge_insert AFTER INSERT ON pledge REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_status('pledge', 'committed', 'pledge.committed', 'allocated', 'pledge.allocated');
CREATE TRIGGER outbox_pledge_update AFTER UPDATE ON pledge REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_status('pledge', 'committed', 'pledge.committed', 'allocated', 'pledge.allocated');
CREATE TRIGGER outbox_shipment_insert AFTER INSERT ON shipment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_status('shipment', 'in_transit', 'shipment.dispatched', 'arrived', 'shipment.arrived', 'lost', 'shipment.lost');
CREATE TRIGGER outbox_shipment_update AFTER UPDATE ON shipment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_status('shipment', 'in_transit', 'shipment.dispatched', 'arrived', 'shipment.arrived', 'lost', 'shipment.lost');
-- An allocation accepted by hand or by a plan (proposed_by 'planner': the set-based plan accept).
CREATE TRIGGER outbox_allocation_insert AFTER INSERT ON allocation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_status('allocation', 'accepted', 'allocation.accepted');
CREATE TRIGGER outbox_allocation_update AFTER UPDATE ON allocation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_status('allocation', 'accepted', 'allocation.accepted');

CREATE FUNCTION aidgrid_outbox_receipt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO outbox_event (type, entity, entity_id, detail)
    SELECT 'receipt.recorded', 'receipt', n.id, jsonb_build_object('shipment_id', n.shipment_id) FROM new_rows n;
  IF FOUND THEN PERFORM pg_notify('aidgrid_outbox', ''); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_receipt_insert AFTER INSERT ON receipt REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_receipt();

CREATE FUNCTION aidgrid_outbox_plan() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO outbox_event (type, entity, entity_id, detail)
    SELECT 'plan.accepted', 'plan_run', n.id, '{}'::jsonb
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE o.accepted_at IS NULL AND n.accepted_at IS NOT NULL;
  IF FOUND THEN PERFORM pg_notify('aidgrid_outbox', ''); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_plan_update AFTER UPDATE ON plan_run REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_outbox_plan();

-- Webhook subscriptions of an organisation. The secret is kept as given (whsec_…): signing needs it.
-- Deliveries read as the organisation with the clearance of the person who subscribed.
CREATE TABLE webhook_subscription (
  id          uuid PRIMARY KEY,
  org_id      uuid NOT NULL REFERENCES organisation (id),
  url         text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  events      text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 50),
  secret      text NOT NULL,
  role        text NOT NULL,
  clearance   classification NOT NULL,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscription_org_idx ON webhook_subscription (org_id);

-- One event for one subscription. Its id is the webhook-id every attempt sends (receivers dedupe on it).
CREATE TABLE webhook_delivery (
  id              text PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
  event_id        uuid NOT NULL REFERENCES outbox_event (id),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'withheld')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- retries stop this long after window_start (24 h by default; a manual redelivery starts it anew): then dead
  window_start    timestamptz NOT NULL DEFAULT now(),
  -- the runner (advisory lock key) and graphile-worker id sending it now; cleared after each attempt
  claimed_by      text,
  claimed_worker  text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_delivery_subscription_idx ON webhook_delivery (subscription_id, created_at DESC);
CREATE INDEX webhook_delivery_claimed_idx ON webhook_delivery (claimed_by) WHERE claimed_by IS NOT NULL;

-- Every attempt and the receiver's answer.
CREATE TABLE webhook_attempt (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id  text NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
  attempt      integer NOT NULL,
  started_at   timestamptz NOT NULL,
  duration_ms  integer NOT NULL CHECK (duration_ms >= 0),
  status_code  integer,
  -- why there was no 2xx answer, in words (timeout, refused address, connection error)
  error        text,
  -- the first 64 kB at most of the answer's body, as text
  response_body text
);
CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, id);

REVOKE ALL ON outbox_event, webhook_subscription, webhook_delivery, webhook_attempt FROM aidgrid_app;
REVOKE ALL ON FUNCTION aidgrid_outbox_emit(text, text, uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aidgrid_outbox_emit(text, text, uuid, jsonb) TO aidgrid_app;
