import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/** How long finished deliveries, their attempt logs and told events are kept (AIDGRID_OUTBOX_RETENTION_DAYS). */
export const DEFAULT_OUTBOX_RETENTION_DAYS = 30;
/** Rows deleted per statement, so that pruning a large backlog never holds long locks. */
const PRUNE_BATCH = 5000;

export interface PruneResult {
  /** Finished deliveries removed (their attempts go with them). */
  readonly deliveries: number;
  /** Outbox events removed (the inbox notifications of them go with them). */
  readonly events: number;
}

/**
 * Removes what the outbox (migration 0026) no longer needs once `retentionDays` have passed:
 * deliveries that are finished — delivered, dead or withheld — with their attempt logs, and events
 * fanned out that long ago with no delivery left (pending deliveries keep their event). The inbox
 * therefore shows the last `retentionDays` of events. `need.past_due_unmet` events are kept: they
 * are what tells the past-due check a need was already reported (its unique index), and there is at
 * most one per need.
 */
export async function pruneOutbox(
  db: Kysely<Database>,
  retentionDays: number,
  now: Date = new Date(),
): Promise<PruneResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError(
      `outbox retention must be a whole number of days of at least 1, got ${retentionDays}`,
    );
  }
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  let deliveries = 0;
  for (;;) {
    // A dead delivery ends at its last attempt; a withheld one when it was withheld (no attempt: its window start).
    const removed = await sql`
      DELETE FROM webhook_delivery WHERE id IN (
        SELECT d.id FROM webhook_delivery d
        WHERE d.status IN ('delivered', 'dead', 'withheld')
          AND COALESCE(d.delivered_at,
                       (SELECT max(a.started_at) FROM webhook_attempt a WHERE a.delivery_id = d.id),
                       d.window_start) < ${cutoff}
        LIMIT ${PRUNE_BATCH})`.execute(db);
    const count = Number(removed.numAffectedRows ?? 0);
    deliveries += count;
    if (count < PRUNE_BATCH) break;
  }
  let events = 0;
  for (;;) {
    const removed = await sql`
      DELETE FROM outbox_event WHERE id IN (
        SELECT e.id FROM outbox_event e
        WHERE e.fanned_out_at < ${cutoff} AND e.type <> 'need.past_due_unmet'
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id)
        LIMIT ${PRUNE_BATCH})`.execute(db);
    const count = Number(removed.numAffectedRows ?? 0);
    events += count;
    if (count < PRUNE_BATCH) break;
  }
  return { deliveries, events };
}
