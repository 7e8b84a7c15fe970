import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  findDerivedLevels,
  findDerivedRecords,
  raiseDerivedRecord,
} from '../../db/repositories/classification.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import type { Actor } from '../auth/actor.js';
import { classificationFloor, isBelowFloor } from './classification.js';

/** Tables whose rows other records are derived from (see classification.ts). */
export const SOURCE_TABLES: ReadonlySet<string> = new Set([
  'pledge',
  'need',
  'incident',
  'need_rule',
  'allocation',
  'shipment',
]);

/**
 * After a source was raised (a pledge made restricted, an embargo moved later): raises every record
 * derived from it that is now below the floor of its sources, then what was derived from those, in
 * the caller's transaction, each change audited. It reaches the derived records whatever their
 * writer may see of them (migration 0010), since a record left below its sources would show them to
 * readers who may not see them.
 */
export async function raiseDerivedRecords(
  trx: Executor,
  source: { table: string; id: string },
  actor: Actor,
): Promise<void> {
  const queue = [source];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const derived of await findDerivedRecords(trx, next.table, next.id)) {
      const levels = await findDerivedLevels(trx, derived.entity_type, derived.entity_id);
      const self = levels.find((level) => level.role === 'self');
      if (!self) continue;
      const floor = classificationFloor(...levels.filter((level) => level.role === 'source'));
      if (!isBelowFloor(self, floor)) continue;
      const raised = classificationFloor(self, floor);
      const version = await raiseDerivedRecord(trx, derived.entity_type, derived.entity_id, raised, actor.id);
      if (version === null) continue;
      await insertAuditEntry(trx, {
        actor: actor.id,
        action: 'update',
        entity_type: derived.entity_type,
        entity_id: derived.entity_id,
        before: {
          classification: self.classification,
          embargo_until: self.embargo_until,
          version: version - 1,
        },
        after: { ...raised, version, reason: `raised with its source ${next.table} ${next.id}` },
      });
      queue.push({ table: derived.entity_type, id: derived.entity_id });
    }
  }
}
