-- In-app notifications (issue 19): each user's inbox of the outbox events (migration 0026) that
-- concern their organisation, and the events each user chose to be told. Frozen once landed.
--
-- A notification is created by the webhook worker's fan-out for every active user (who existed before
-- the event) of every organisation the event's record names (owner and parties). Whether the user may
-- see the record is decided when the inbox is read, with the visibility rule of that moment; the
-- choice of events too.
-- Closed to the application role like the account tables: the API reads them with the owner's rights.

CREATE TABLE notification (
  user_id    uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  event_id   uuid NOT NULL REFERENCES outbox_event (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz,
  PRIMARY KEY (user_id, event_id)
);
CREATE INDEX notification_inbox_idx ON notification (user_id, created_at DESC, event_id);
CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL;

-- The events a user is told; no row: every event.
CREATE TABLE notification_preference (
  user_id    uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  events     text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The organisations an event's record names: its owner and its parties (as in migration 0008).
CREATE FUNCTION aidgrid_event_orgs(entity text, entity_id uuid) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT ARRAY(SELECT DISTINCT o FROM unnest(CASE entity
    WHEN 'need' THEN (SELECT ARRAY[n.owner_org_id, n.recipient_org_id] FROM need n WHERE n.id = entity_id)
    WHEN 'pledge' THEN (SELECT ARRAY[p.owner_org_id, p.donor_org_id, p.recipient_org_id] FROM pledge p WHERE p.id = entity_id)
    WHEN 'allocation' THEN (SELECT array_append(aidgrid_allocation_parties(a.pledge_id, a.need_id), a.owner_org_id)
                            FROM allocation a WHERE a.id = entity_id)
    WHEN 'shipment' THEN (SELECT array_append(aidgrid_shipment_parties(s.id), s.owner_org_id) FROM shipment s WHERE s.id = entity_id)
    WHEN 'receipt' THEN (SELECT array_append(aidgrid_receipt_parties(r.shipment_id, r.received_by_org_id), r.owner_org_id)
                         FROM receipt r WHERE r.id = entity_id)
    ELSE NULL
  END) AS o WHERE o IS NOT NULL)
$$;

REVOKE ALL ON notification, notification_preference FROM aidgrid_app;
REVOKE ALL ON FUNCTION aidgrid_event_orgs(text, uuid) FROM PUBLIC;
