import type { Kysely } from 'kysely';
import { withConnection } from '../../db/connection.js';
import { insertAuditEntries, type NewAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  actAsOwnerUntilCommit,
  allocateFromPledges,
  allocateToNeeds,
  findLastStepDays,
  findPlanRunForUpdate,
  insertAllocationsFromRun,
  insertPledgeTransitions,
  lockRunNeeds,
  lockRunPledges,
  markPlanRunAccepted,
  summarizeAcceptablePlanAllocations,
  sumNonPledgeAllocations,
} from '../../db/repositories/planning.repository.js';
import { violatedCheck } from '../../db/repositories/pledge-lifecycle.repository.js';
import type { Database, PledgeRow } from '../../db/schema.js';
import { weekAt } from '../../planning/model/snapshot.js';
import { allocationKind } from '../allocations/allocation.service.js';
import type { Actor } from '../auth/actor.js';
import { currentReader } from '../auth/visibility.js';
import { Conflict, DomainError, NotFound } from '../errors.js';
import { pledgeKind } from '../pledges/pledge.service.js';
import { type PledgeStatus, planPledgeTransition } from '../pledges/pledge-lifecycle.js';
import { stateOf } from '../pledges/pledge-transition.service.js';
import { actorNames } from '../shared/actor-names.js';
import { newId } from '../shared/ids.js';
import { createResolver } from '../shared/resolve.js';
import type { AcceptResult } from './plan.schema.js';
import { canReadRun } from './plan-classification.js';
import { qty, runOf } from './plan-run.view.js';

type Db = Kysely<Database>;

/** Thousandths as an exact bigint: quantities are numeric(18,3). */
function milli(value: string | number): bigint {
  const [whole = '0', fraction = ''] = String(value).split('.');
  const negative = whole.startsWith('-');
  const units = BigInt(whole.replace('-', '') || '0') * 1000n + BigInt(fraction.padEnd(3, '0').slice(0, 3));
  return negative ? -units : units;
}

function decimal(thousandths: bigint): string {
  const sign = thousandths < 0n ? '-' : '';
  const abs = thousandths < 0n ? -thousandths : thousandths;
  return `${sign}${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}`;
}

export type PlanAccept = ReturnType<typeof createPlanAcceptService>;

/** Acceptance of a run's pledge allocations into accepted allocations, set-based in one transaction. */
export function createPlanAcceptService(deps: {
  readonly db: Db;
  /** Now on the data's clock: the day the allocations are proposed and (at the earliest) accepted. */
  readonly clock?: () => Date;
}) {
  const { db } = deps;
  const clock = deps.clock ?? (() => new Date());
  return {
    /**
     * Turns the run's pledge allocations into accepted allocations, in one transaction. The checks
     * are those of one allocation at a time, on the totals per pledge and per need: the pledge open
     * (its lifecycle step `allocate` allowed, free committed quantity enough), the need open with
     * enough quantity not yet allocated, both visible to the accepting reader. If any no longer
     * fits, nothing is accepted and 409 plan_stale names what changed. Each allocation is classified
     * at least as high as its pledge and its need (the higher of the two, as classificationFloor),
     * embargoed as long as either. Set-based: totals are summed in the database, pledges and needs
     * move in one UPDATE each with one history step per pledge, the allocations are inserted from
     * plan_allocation in one INSERT … SELECT, and the audit log gets one entry per allocation and per
     * pledge, hash-chained, by one COPY on the transaction's connection (insertAuditEntries).
     * Forecast and what-if lots are never accepted; a what-if run cannot be accepted at all.
     */
    async accept(id: string, actor: Actor): Promise<AcceptResult> {
      // One connection: COPY writes the audit entries in the transaction Kysely runs on it.
      const outcome = await withConnection(db, (client, single) =>
        single.transaction().execute(async (trx) => {
          const row = await findPlanRunForUpdate(trx, id);
          if (!row || !canReadRun(currentReader(), row)) throw NotFound('plan run', id);
          if (row.status !== 'succeeded') {
            throw Conflict(
              'plan_not_finished',
              `plan run ${id} is ${row.status}; only a succeeded run can be accepted`,
            );
          }
          if (row.accepted_at !== null) {
            throw Conflict(
              'plan_already_accepted',
              `plan run ${id} was accepted at ${row.accepted_at.toISOString()} by ${(await actorNames(db, [row.accepted_by as string])).get(row.accepted_by as string) ?? row.accepted_by}`,
            );
          }
          if (row.scenario !== null) {
            throw Conflict(
              'plan_is_what_if',
              `plan run ${id} plans a what-if scenario; it cannot be accepted`,
            );
          }
          // Totals per pledge and per need summed in the database: the allocations themselves never
          // leave it (they are inserted from plan_allocation below).
          const planned = await summarizeAcceptablePlanAllocations(trx, id);
          const forecast = await sumNonPledgeAllocations(trx, id);
          const perPledge = new Map<string, bigint>();
          const perNeed = new Map<string, bigint>();
          const needsPerPledge = new Map<string, number>();
          for (const [pledgeId, sum] of planned.perPledge) {
            needsPerPledge.set(pledgeId, sum.allocations);
            perPledge.set(pledgeId, milli(sum.quantity));
          }
          for (const [needId, sum] of planned.perNeed) perNeed.set(needId, milli(sum.quantity));
          // Pledges then needs, each in id order: the lock order of every allocation path.
          const pledges = await lockRunPledges(trx, id);
          const needs = await lockRunNeeds(trx, id);
          const pledgeById = new Map(pledges.map((p) => [p.id, p]));
          const needById = new Map(needs.map((n) => [n.id, n]));
          const problems: { field: string; message: string }[] = [];
          // Pledges and needs by what people call them: donor and item; item, region and date.
          const names = createResolver({ db });
          const pledgeName = async (pledgeId: string) => {
            const p = pledgeById.get(pledgeId);
            return p
              ? `the pledge of ${await names.nameOf('organisation', p.donor_org_id)} of ${await names.nameOf('item', p.item_id)}`
              : `pledge ${pledgeId}`;
          };
          const needName = async (needId: string) => {
            const n = needById.get(needId);
            return n
              ? `the need ${n.reference} for ${await names.nameOf('item', n.item_id)} in ${await names.nameOf('region', n.region_id)} by ${n.needed_by}`
              : `need ${needId}`;
          };
          const pledgeChanges: { id: string; delta: string; status: string; from: PledgeStatus }[] = [];
          for (const [pledgeId, wanted] of perPledge) {
            const p = pledgeById.get(pledgeId);
            if (!p || ['cancelled', 'expired'].includes(p.status)) {
              problems.push({
                field: `pledge/${pledgeId}`,
                message: `${await pledgeName(pledgeId)} is ${p?.status ?? 'gone'}`,
              });
              continue;
            }
            const free = milli(p.committed_quantity) - milli(p.allocated_quantity);
            if (free < wanted) {
              problems.push({
                field: `pledge/${pledgeId}`,
                message: `${await pledgeName(pledgeId)} has ${Number(decimal(free))} free now, the plan allocates ${Number(decimal(wanted))}`,
              });
              continue;
            }
            try {
              const step = planPledgeTransition(stateOf(p), 'allocate', Number(decimal(wanted)));
              pledgeChanges.push({
                id: pledgeId,
                delta: step.quantity,
                status: step.to_status,
                from: step.from_status,
              });
            } catch (error) {
              problems.push({
                field: `pledge/${pledgeId}`,
                message: `${await pledgeName(pledgeId)}: ${error instanceof Error ? error.message : String(error)}`,
              });
            }
          }
          for (const [needId, wanted] of perNeed) {
            const n = needById.get(needId);
            const open = n ? milli(n.quantity) - milli(n.allocated_quantity) : 0n;
            if (!n || ['cancelled', 'met'].includes(n.status)) {
              problems.push({
                field: `need/${needId}`,
                message: `${await needName(needId)} is ${n?.status ?? 'gone'}`,
              });
            } else if (open < wanted) {
              problems.push({
                field: `need/${needId}`,
                message: `${await needName(needId)} has ${Number(decimal(open))} open now, the plan allocates ${Number(decimal(wanted))}`,
              });
            }
          }
          if (problems.length > 0) {
            const shown = problems
              .slice(0, 3)
              .map((p) => p.message)
              .join('; ');
            throw new DomainError(
              'plan_stale',
              409,
              `the live data changed since plan run ${id} read it, so ${problems.length} of its allocations no longer fit (${shown}${problems.length > 3 ? '; …' : ''}); run the plan again`,
              problems,
            );
          }
          pledgeChanges.sort((a, b) => (a.id < b.id ? -1 : 1));
          // Everything is checked and locked under the reader's visibility; the writes that follow touch
          // exactly those rows, so they run as the table owner for the rest of this transaction (row-level
          // security would re-evaluate each allocation's parties per row for nothing).
          await actAsOwnerUntilCommit(trx);
          let updatedPledges: PledgeRow[];
          try {
            updatedPledges = await allocateFromPledges(trx, pledgeChanges, actor.id);
            await allocateToNeeds(
              trx,
              [...perNeed.entries()]
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([needId, q]) => ({ id: needId, delta: decimal(q) })),
            );
          } catch (error) {
            if (violatedCheck(error) !== undefined) {
              throw Conflict(
                'plan_stale',
                `plan run ${id} no longer fits the live data (${violatedCheck(error)}); run the plan again`,
              );
            }
            throw error;
          }
          // Proposed on the data's day; accepted on it too, or on a pledge's later last step (a pledge
          // announced after that day), so that no step is dated before the one it follows.
          const today = clock().toISOString().slice(0, 10);
          const lastStep = await findLastStepDays(
            trx,
            pledgeChanges.map((c) => c.id),
          );
          const decidedOn = (pledgeId: string) => {
            const last = lastStep.get(pledgeId);
            return last !== undefined && last > today ? last : today;
          };
          await insertPledgeTransitions(
            trx,
            pledgeChanges.map((c) => ({
              id: newId(),
              pledge_id: c.id,
              action: 'allocate',
              quantity: c.delta,
              from_status: c.from,
              to_status: c.status,
              source_id: null,
              note: `plan run ${id}: ${needsPerPledge.get(c.id) ?? 0} allocations`,
              actor: actor.id,
              effective_on: decidedOn(c.id),
            })),
          );
          const decidedAt = new Date();
          const weeks = { index: [] as number[], name: [] as string[] };
          for (let w = planned.weeks.first; w <= planned.weeks.last; w++) {
            weeks.index.push(w);
            weeks.name.push(weekAt(row.start_week, w));
          }
          const allocations = await insertAllocationsFromRun(trx, {
            runId: id,
            ids: Array.from({ length: planned.weeks.allocations }, () => newId()),
            weeks,
            decidedOn: {
              pledge: pledgeChanges.map((c) => c.id),
              day: pledgeChanges.map((c) => decidedOn(c.id)),
            },
            proposedOn: today,
            decidedAt,
            actor: actor.id,
          });
          if (allocations.length !== planned.weeks.allocations) {
            throw new Error(
              `plan run ${id}: ${allocations.length} of ${planned.weeks.allocations} allocations were written`,
            );
          }
          const entries: NewAuditEntry[] = allocations.map((allocation) => ({
            actor: actor.id,
            action: 'create',
            entity_type: 'allocation',
            entity_id: allocation.id,
            before: null,
            after: allocationKind.toEntity(allocation as Parameters<typeof allocationKind.toEntity>[0]),
          }));
          for (const after of updatedPledges) {
            const before = pledgeById.get(after.id) as PledgeRow;
            entries.push({
              actor: actor.id,
              action: 'update',
              entity_type: 'pledge',
              entity_id: after.id,
              before: pledgeKind.toEntity(before),
              after: pledgeKind.toEntity(after),
            });
          }
          await insertAuditEntries(trx, client, entries);
          const done = await markPlanRunAccepted(trx, id, { actor: actor.id, at: new Date() });
          let total = 0n;
          for (const q of perNeed.values()) total += q;
          return {
            row: done,
            created: allocations.length,
            quantity: Number(decimal(total)),
            forecast: qty(Number(forecast)),
          };
        }),
      );
      return {
        run: runOf(outcome.row, await actorNames(db, [actor.id])),
        allocations_created: outcome.created,
        quantity: outcome.quantity,
        skipped_forecast_quantity: outcome.forecast,
      };
    },
  };
}
