import type { Kysely } from 'kysely';
import {
  compareNeedResults,
  findItemCodes,
  findOrganisationNames,
} from '../../db/repositories/planning.repository.js';
import type { Database } from '../../db/schema.js';
import type { PlanComparison } from './plan.schema.js';
import { requireResultRun } from './plan-results.service.js';
import { EPS, qty, runOf } from './plan-run.view.js';
import type { PlanRuns } from './plan-runs.service.js';

type Db = Kysely<Database>;

export type PlanCompare = ReturnType<typeof createPlanCompareService>;

/** Two runs side by side: what changes per need, per recipient and per item. */
export function createPlanCompareService(deps: {
  readonly db: Db;
  readonly runs: Pick<PlanRuns, 'requireRun'>;
}) {
  const { db, runs } = deps;
  const resultRun = (id: string) => requireResultRun(runs, id);
  return {
    /** Per need, what run B allocates against run A; gains and losses per recipient and per item. */
    async compare(idA: string, idB: string): Promise<PlanComparison> {
      const [a, b] = [await resultRun(idA), await resultRun(idB)];
      const rows = await compareNeedResults(db, idA, idB);
      const changed = rows
        .map((row) => {
          const allocatedA = Number(row.allocated_a);
          const allocatedB = Number(row.allocated_b);
          return {
            need_key: row.need_key,
            need_id: row.need_id,
            item_id: row.item_id,
            recipient_org_id: row.recipient_org_id,
            quantity: Number(row.quantity),
            allocated_a: allocatedA,
            allocated_b: allocatedB,
            change: qty(allocatedB - allocatedA),
          };
        })
        .filter((row) => row.change !== 0);
      const group = (key: (r: (typeof changed)[number]) => string | null) => {
        const groups = new Map<
          string,
          { allocated_a: number; allocated_b: number; gained: number; lost: number }
        >();
        for (const row of rows) {
          const k = key({ ...row, quantity: 0, allocated_a: 0, allocated_b: 0, change: 0 }) ?? '(none)';
          const g = groups.get(k) ?? { allocated_a: 0, allocated_b: 0, gained: 0, lost: 0 };
          const change = Number(row.allocated_b) - Number(row.allocated_a);
          g.allocated_a += Number(row.allocated_a);
          g.allocated_b += Number(row.allocated_b);
          if (change > 0) g.gained += change;
          else g.lost -= change;
          groups.set(k, g);
        }
        return groups;
      };
      const recipients = group((r) => r.recipient_org_id);
      const items = group((r) => r.item_id);
      const names = new Map(
        (
          await findOrganisationNames(
            db,
            [...recipients.keys()].filter((k) => k !== '(none)'),
          )
        ).map((o) => [o.id, o.name]),
      );
      const codes = new Map((await findItemCodes(db, [...items.keys()])).map((i) => [i.id, i.code]));
      const listOf = (groups: typeof recipients, label: (k: string) => string) =>
        [...groups.entries()]
          .filter(([, g]) => g.gained > EPS || g.lost > EPS)
          .map(([key, g]) => ({
            key,
            label: label(key),
            allocated_a: qty(g.allocated_a),
            allocated_b: qty(g.allocated_b),
            gained: qty(g.gained),
            lost: qty(g.lost),
          }))
          .sort((x, y) => y.gained + y.lost - (x.gained + x.lost) || (x.key < y.key ? -1 : 1));
      const runA = runOf(a);
      const runB = runOf(b);
      return {
        a: runA,
        b: runB,
        objective_change:
          runA.summary && runB.summary ? qty(runB.summary.objective - runA.summary.objective) : null,
        needs: changed
          .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || (x.need_key < y.need_key ? -1 : 1))
          .slice(0, 500),
        by_recipient: listOf(recipients, (k) => names.get(k) ?? k),
        by_item: listOf(items, (k) => codes.get(k) ?? k),
      };
    },
  };
}
