import { type Kysely, sql } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import { findNeedStages } from '../../db/repositories/figure.repository.js';
import {
  type Executor,
  findRecord,
  insertRecord,
  type RecordRow,
  updateRecordAtVersion,
} from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import type { AssetStatus } from '../assets/asset.schema.js';
import { changeAssetStatus } from '../assets/asset.service.js';
import { currentReader, type Reader, readerOf, visibilityCondition } from '../auth/visibility.js';
import { DomainError, NotFound, ProblemList, StaleVersion, UnknownReference } from '../errors.js';
import { needKind } from '../needs/need.service.js';
import { classificationFloor, isBelowFloor } from '../shared/classification.js';
import { newId } from '../shared/ids.js';
import {
  type Actor,
  createRecordService,
  type RecordKind,
  ReferenceCheck,
} from '../shared/record.service.js';
import { checkDate, checkText, metaOf, quantityFromColumn } from '../shared/values.js';
import {
  type CandidatePledge,
  type EquipmentLine,
  MILESTONE_STAGES,
  type Milestone,
  type MilestoneStage,
  moves,
  type ProjectPlan,
  schedule,
} from './critical-path.js';
import { findProjectMoney, fundingOf } from './funding.js';
import { equipmentPriority } from './priority.js';
import { progress } from './progress.js';
import { type RankInput, rank } from './ranking.js';
import type {
  CriticalPath,
  EquipmentCreate,
  MilestoneEntry,
  MilestonesPut,
  ProgressQuery,
  ProgressReport,
  Ranking,
  RepairProject,
  RepairProjectCreate,
  RepairProjectFilters,
  RepairProjectPatch,
  ScopePut,
} from './repair.schema.js';

/** Installing after delivery and energising after installing, when the plan does not say (days). */
export const DEFAULT_INSTALL_DAYS = 14;
export const DEFAULT_ENERGISE_DAYS = 7;

const EUR = /^\d{1,16}(\.\d{1,2})?$/;

function checkProject(
  problems: ProblemList,
  p: { name: string; cost_eur: string; capacity_restored: number | null; capacity_unit: string | null },
) {
  checkText(problems, 'name', p.name, 200);
  if (!EUR.test(p.cost_eur))
    problems.add('cost_eur', 'must be a decimal amount in EUR with at most 2 decimals');
  if ((p.capacity_restored === null) !== (p.capacity_unit === null)) {
    problems.add('capacity_unit', 'give capacity_restored and capacity_unit together, or neither');
  }
}

function toProject(row: RecordRow<'repair_project'>): RepairProject {
  const cost = Number(row.cost_eur).toFixed(2);
  return {
    id: row.id,
    name: row.name,
    region_id: row.region_id,
    cost_eur: cost,
    capacity_restored: row.capacity_restored === null ? null : quantityFromColumn(row.capacity_restored),
    capacity_unit: row.capacity_unit as RepairProject['capacity_unit'],
    people_reconnected: row.people_reconnected,
    status: row.status as RepairProject['status'],
    asset_ids: [],
    milestones: [],
    equipment: [],
    funding: fundingOf(row.cost_eur, []),
    ...metaOf(row),
  };
}

/** The repair projects a reader may see, with the milestones, assets, equipment and money they may see. */
async function withProjectFigures(db: Executor, projects: RepairProject[], reader: Reader | null) {
  if (projects.length === 0) return projects;
  const ids = projects.map((p) => p.id);
  const milestones = await db
    .selectFrom('repair_milestone')
    .selectAll()
    .where('repair_project_id', 'in', ids)
    .orderBy('repair_project_id')
    .execute();
  const assets = await db
    .selectFrom('repair_project_asset')
    .innerJoin('grid_asset', 'grid_asset.id', 'repair_project_asset.asset_id')
    .select(['repair_project_asset.repair_project_id', 'repair_project_asset.asset_id'])
    .where('repair_project_asset.repair_project_id', 'in', ids)
    .where(visibilityCondition('grid_asset', reader))
    .orderBy('repair_project_asset.asset_id')
    .execute();
  const equipment = await db
    .selectFrom('repair_equipment')
    .innerJoin('need', 'need.id', 'repair_equipment.need_id')
    .select([
      'repair_equipment.repair_project_id',
      'repair_equipment.lead_days',
      'need.id',
      'need.item_id',
      'need.quantity',
      'need.needed_by',
      'need.priority',
    ])
    .where('repair_equipment.repair_project_id', 'in', ids)
    .where(visibilityCondition('need', reader))
    .orderBy('need.needed_by')
    .orderBy('need.id')
    .execute();
  const stages = new Map(
    (
      await findNeedStages(
        db,
        equipment.map((e) => e.id),
        reader,
      )
    ).map((s) => [s.id, s]),
  );
  const money = await findProjectMoney(db, ids, reader);
  const order = (stage: string) => MILESTONE_STAGES.indexOf(stage as MilestoneStage);
  return projects.map((project) => ({
    ...project,
    milestones: milestones
      .filter((m) => m.repair_project_id === project.id)
      .sort((a, b) => order(a.stage) - order(b.stage))
      .map((m) => ({ stage: m.stage as MilestoneStage, planned_on: m.planned_on, actual_on: m.actual_on })),
    asset_ids: assets.filter((a) => a.repair_project_id === project.id).map((a) => a.asset_id),
    equipment: equipment
      .filter((e) => e.repair_project_id === project.id)
      .map((e) => ({
        need_id: e.id,
        item_id: e.item_id,
        quantity: quantityFromColumn(e.quantity),
        met: quantityFromColumn(stages.get(e.id)?.met ?? '0'),
        needed_by: e.needed_by,
        priority: e.priority,
        lead_days: e.lead_days,
      })),
    funding: fundingOf(
      project.cost_eur,
      money.filter((m) => m.project_id === project.id),
    ),
  }));
}

export function repairProjectKind(): RecordKind<
  'repair_project',
  RepairProject,
  RepairProjectCreate,
  RepairProjectPatch,
  RepairProjectFilters
> {
  return {
    entity: 'repair_project',
    table: 'repair_project',
    sorts: { created: 'id', name: 'name' },
    defaultSort: 'name',
    toEntity: toProject,
    prepareCreate(input, refs) {
      const facts = {
        name: input.name,
        cost_eur: input.cost_eur ?? '0',
        capacity_restored: input.capacity_restored ?? null,
        capacity_unit: input.capacity_unit ?? null,
      };
      const problems = new ProblemList();
      checkProject(problems, facts);
      problems.throwIfAny();
      refs.expect('region_id', 'region', input.region_id);
      refs.expect('owner_org_id', 'organisation', input.owner_org_id);
      return {
        ...facts,
        region_id: input.region_id,
        people_reconnected: input.people_reconnected ?? 0,
        status: input.status ?? 'active',
        owner_org_id: input.owner_org_id,
        classification: input.classification ?? 'coalition',
        embargo_until: input.embargo_until ?? null,
      };
    },
    preparePatch(current, patch) {
      const problems = new ProblemList();
      checkProject(problems, { ...current, ...patch });
      problems.throwIfAny();
      return { ...patch };
    },
    withFigures: withProjectFigures,
    narrow(query, filters) {
      let q = query;
      if (filters.region_id) q = q.where('repair_project.region_id', '=', filters.region_id);
      if (filters.status) q = q.where('repair_project.status', '=', filters.status);
      if (filters.owner_org_id) q = q.where('repair_project.owner_org_id', '=', filters.owner_org_id);
      return q;
    },
  };
}

async function loadProject(trx: Executor, id: string, reader: Reader | null, forUpdate = false) {
  const row = await findRecord(
    trx,
    'repair_project',
    id,
    forUpdate,
    visibilityCondition('repair_project', reader),
  );
  if (!row) throw NotFound('repair_project', id);
  return row;
}

/** Checks a milestone plan: each stage once, planned and actual days in stage order, nothing actual after today. */
export function checkMilestones(milestones: readonly MilestoneEntry[], today: string): void {
  const problems = new ProblemList();
  const seen = new Set<string>();
  milestones.forEach((m, i) => {
    if (seen.has(m.stage)) problems.add(`milestones[${i}].stage`, `${m.stage} is listed twice`);
    seen.add(m.stage);
    checkDate(problems, `milestones[${i}].planned_on`, m.planned_on);
    checkDate(problems, `milestones[${i}].actual_on`, m.actual_on);
    if (m.actual_on && m.actual_on > today) {
      problems.add(`milestones[${i}].actual_on`, `must not be after the data's today (${today})`);
    }
  });
  const ordered = [...milestones].sort(
    (a, b) => MILESTONE_STAGES.indexOf(a.stage) - MILESTONE_STAGES.indexOf(b.stage),
  );
  for (const key of ['planned_on', 'actual_on'] as const) {
    let last: { stage: string; day: string } | null = null;
    for (const m of ordered) {
      const day = m[key];
      if (!day) continue;
      if (last && day < last.day) {
        problems.add(
          `milestones.${m.stage}.${key}`,
          `must not be before ${last.stage} (${last.day}): milestones follow their order`,
        );
      }
      last = { stage: m.stage, day };
    }
  }
  const actual = new Set(ordered.filter((m) => m.actual_on).map((m) => m.stage));
  for (const stage of actual) {
    const before = MILESTONE_STAGES.slice(0, MILESTONE_STAGES.indexOf(stage));
    const missing = before.filter((s) => s !== 'funded' && s !== 'equipment_ordered' && !actual.has(s));
    if (stage === 'energised' && missing.length > 0) {
      problems.add('milestones.energised.actual_on', `needs the actual days of ${missing.join(', ')} first`);
    }
  }
  problems.throwIfAny();
}

/** The status the scope's assets take from the milestones: restored at energising, under repair once work began. */
function assetStatusFor(milestones: readonly MilestoneEntry[]): { status: AssetStatus; day: string } | null {
  const energised = milestones.find((m) => m.stage === 'energised')?.actual_on;
  if (energised) return { status: 'restored', day: energised };
  const started = milestones
    .filter((m) => m.stage !== 'assessed' && m.actual_on)
    .map((m) => m.actual_on as string)
    .sort()[0];
  return started ? { status: 'under_repair', day: started } : null;
}

async function moveScopeAssets(
  trx: Executor,
  projectId: string,
  milestones: readonly MilestoneEntry[],
  actor: Actor,
  today: string,
) {
  const target = assetStatusFor(milestones);
  if (!target) return;
  const reader = readerOf(actor);
  const assets = await trx
    .selectFrom('repair_project_asset')
    .innerJoin('grid_asset', 'grid_asset.id', 'repair_project_asset.asset_id')
    .select(['grid_asset.id', 'grid_asset.status', 'grid_asset.status_on'])
    .where('repair_project_asset.repair_project_id', '=', projectId)
    .where(visibilityCondition('grid_asset', reader))
    .orderBy('grid_asset.id')
    .execute();
  for (const asset of assets) {
    if (asset.status === target.status || asset.status === 'in_service') continue;
    if (asset.status === 'restored' && target.status === 'under_repair') continue;
    const day = asset.status_on && asset.status_on > target.day ? asset.status_on : target.day;
    const path: AssetStatus[] =
      target.status === 'restored' && asset.status === 'destroyed'
        ? ['under_repair', 'restored']
        : [target.status];
    for (const status of path) {
      await changeAssetStatus(
        trx,
        asset.id,
        { status, effective_on: day, repair_project_id: projectId },
        actor,
        today,
      );
    }
  }
}

/** Production lead per item from the capacity data the reader may see: the shortest line's lead time plus its backlog. */
async function productionLeadDays(
  db: Executor,
  itemIds: readonly string[],
  reader: Reader | null,
  today: string,
) {
  const leads = new Map<string, number>();
  if (itemIds.length === 0) return leads;
  const lines = await db
    .selectFrom('production_line')
    .select(['item_id', 'lead_time_months', 'backlog', 'capacity_schedule'])
    .where('item_id', 'in', [...itemIds])
    .where(visibilityCondition('production_line', reader))
    .orderBy('id')
    .execute();
  const month = today.slice(0, 7);
  for (const line of lines) {
    const steps = (line.capacity_schedule as { from: string; per_month: number }[]).filter(
      (s) => s.from <= month,
    );
    const perMonth = steps.at(-1)?.per_month ?? 0;
    const backlog = Number(line.backlog);
    const backlogDays = backlog > 0 ? (perMonth > 0 ? Math.ceil((backlog / perMonth) * 30) : null) : 0;
    if (backlogDays === null) continue;
    const days = line.lead_time_months * 30 + backlogDays;
    leads.set(line.item_id, Math.min(leads.get(line.item_id) ?? Number.POSITIVE_INFINITY, days));
  }
  return leads;
}

/** What the critical path needs of one project, from the rows the reader may see. */
async function planOf(
  db: Executor,
  project: RepairProject,
  reader: Reader | null,
  today: string,
): Promise<ProjectPlan> {
  const needIds = project.equipment.map((e) => e.need_id);
  const leads = await productionLeadDays(
    db,
    [...new Set(project.equipment.map((e) => e.item_id))],
    reader,
    today,
  );
  const coming =
    needIds.length === 0
      ? []
      : await db
          .selectFrom('allocation')
          .innerJoin('pledge', 'pledge.id', 'allocation.pledge_id')
          .select([
            'allocation.need_id',
            'pledge.id as pledge_id',
            'pledge.available_from',
            'pledge.announced_on',
          ])
          .where('allocation.need_id', 'in', needIds)
          .where('allocation.status', '=', 'accepted')
          // What an allocation has delivered is already in the need's met; only the rest is coming.
          .where(sql<boolean>`allocation.delivered_quantity < allocation.quantity`)
          .where(visibilityCondition('allocation', reader))
          .where(visibilityCondition('pledge', reader))
          .orderBy('pledge.id')
          .execute();
  const candidates =
    needIds.length === 0
      ? []
      : await db
          .selectFrom('pledge')
          .select([
            'pledge.id',
            'pledge.item_id',
            'pledge.available_from',
            'pledge.announced_on',
            'pledge.quantity',
            'pledge.allocated_quantity',
          ])
          .where(
            'pledge.item_id',
            'in',
            project.equipment.map((e) => e.item_id),
          )
          .where('pledge.status', 'in', ['announced', 'committed', 'allocated'])
          .where(sql<boolean>`pledge.quantity > pledge.allocated_quantity`)
          .where(visibilityCondition('pledge', reader))
          .orderBy('pledge.id')
          .execute();
  const byStage = Object.fromEntries(project.milestones.map((m) => [m.stage, m])) as Partial<
    Record<MilestoneStage, Milestone>
  >;
  const span = (from: MilestoneStage, to: MilestoneStage, fallback: number) => {
    const a = byStage[from]?.planned_on;
    const b = byStage[to]?.planned_on;
    return a && b && b >= a ? Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000) : fallback;
  };
  const pledgeDay = (p: { available_from: string | null; announced_on: string }) =>
    p.available_from ?? p.announced_on;
  const equipment: EquipmentLine[] = project.equipment.map((e) => {
    const missing = e.quantity - e.met;
    const comingHere: CandidatePledge[] = coming
      .filter((c) => c.need_id === e.need_id)
      .map((c) => ({ pledge_id: c.pledge_id, available_on: pledgeDay(c) }));
    return {
      need_id: e.need_id,
      label: `${e.quantity} × item ${e.item_id}`,
      delivered_on: missing <= 0 ? today : null,
      lead_days: e.lead_days,
      production_lead_days: leads.get(e.item_id) ?? null,
      coming: comingHere,
      candidates: candidates
        .filter(
          (c) =>
            c.item_id === e.item_id &&
            Number(c.quantity) - Number(c.allocated_quantity) >= missing &&
            !comingHere.some((h) => h.pledge_id === c.id),
        )
        .map((c) => ({ pledge_id: c.id, available_on: pledgeDay(c) })),
    };
  });
  return {
    today,
    milestones: byStage,
    missing_eur: Number(project.funding.gap_eur),
    install_days: span('delivered', 'installed', DEFAULT_INSTALL_DAYS),
    energise_days: span('installed', 'energised', DEFAULT_ENERGISE_DAYS),
    equipment,
  };
}

export type RepairService = ReturnType<typeof createRepairService>;

export function createRepairService(deps: { db: Kysely<Database>; today: () => string }) {
  const { db, today } = deps;
  const kind = repairProjectKind();
  const records = createRecordService(kind, { db });

  async function presentOne(trx: Executor, row: RecordRow<'repair_project'>, reader: Reader | null) {
    const [shown] = await withProjectFigures(trx, [toProject(row)], reader);
    return shown as RepairProject;
  }

  /** Bumps the project's version and audits the change of its child rows. */
  async function touch(
    trx: Executor,
    id: string,
    expectedVersion: number,
    actor: Actor,
    before: RepairProject,
    values: Record<string, unknown> = {},
  ) {
    const reader = readerOf(actor);
    const updated = await updateRecordAtVersion(trx, 'repair_project', id, expectedVersion, {
      ...values,
      updated_by: actor.id,
    });
    if (!updated) throw StaleVersion('repair_project', id, (await loadProject(trx, id, reader)).version);
    const after = await presentOne(trx, updated, reader);
    await insertAuditEntry(trx, {
      actor: actor.id,
      action: 'update',
      entity_type: 'repair_project',
      entity_id: id,
      before,
      after,
    });
    return after;
  }

  async function criticalPathOf(
    trx: Executor,
    project: RepairProject,
    reader: Reader | null,
  ): Promise<CriticalPath> {
    const day = today();
    const plan = await planOf(trx, project, reader, day);
    const s = schedule(plan);
    return {
      project_id: project.id,
      as_of: day,
      funded_on: s.funded_on,
      delivered_on: s.delivered_on,
      installed_on: s.installed_on,
      energised_on: s.energised_on,
      critical: s.critical,
      lines: [...s.lines],
      moves: moves(plan),
    };
  }

  return {
    ...records,

    /** Replaces the milestones; actual days move the scope's assets (under repair, restored at energising). */
    async putMilestones(id: string, expectedVersion: number, body: MilestonesPut, actor: Actor) {
      const day = today();
      checkMilestones(body.milestones, day);
      const reader = readerOf(actor);
      return db.transaction().execute(async (trx) => {
        const current = await loadProject(trx, id, reader, true);
        if (current.version !== expectedVersion) throw StaleVersion('repair_project', id, current.version);
        const before = await presentOne(trx, current, reader);
        await trx.deleteFrom('repair_milestone').where('repair_project_id', '=', id).execute();
        if (body.milestones.length > 0) {
          await trx
            .insertInto('repair_milestone')
            .values(
              body.milestones.map((m) => ({
                repair_project_id: id,
                stage: m.stage,
                planned_on: m.planned_on,
                actual_on: m.actual_on,
              })),
            )
            .execute();
        }
        await moveScopeAssets(trx, id, body.milestones, actor, day);
        const energised = body.milestones.some((m) => m.stage === 'energised' && m.actual_on);
        const status = energised ? 'completed' : current.status === 'completed' ? 'active' : current.status;
        return touch(trx, id, expectedVersion, actor, before, { status });
      });
    },

    /** Replaces the assets the project repairs (assets the writer may see). */
    async putScope(id: string, expectedVersion: number, body: ScopePut, actor: Actor) {
      const reader = readerOf(actor);
      return db.transaction().execute(async (trx) => {
        const current = await loadProject(trx, id, reader, true);
        if (current.version !== expectedVersion) throw StaleVersion('repair_project', id, current.version);
        const before = await presentOne(trx, current, reader);
        const problems = new ProblemList();
        for (const [i, assetId] of body.asset_ids.entries()) {
          const asset = await findRecord(
            trx,
            'grid_asset',
            assetId,
            false,
            visibilityCondition('grid_asset', reader),
          );
          if (!asset) problems.add(`asset_ids[${i}]`, `no grid_asset with id ${assetId}`);
        }
        problems.throwIfAny(UnknownReference);
        await trx
          .deleteFrom('repair_project_asset')
          .where('repair_project_id', '=', id)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('grid_asset')
                .select('grid_asset.id')
                .whereRef('grid_asset.id', '=', 'repair_project_asset.asset_id')
                .where(visibilityCondition('grid_asset', reader)),
            ),
          )
          .execute();
        if (body.asset_ids.length > 0) {
          await trx
            .insertInto('repair_project_asset')
            .values(body.asset_ids.map((asset_id) => ({ repair_project_id: id, asset_id })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        return touch(trx, id, expectedVersion, actor, before);
      });
    },

    /**
     * Equipment the project lacks, as an ordinary need: needed by the planned delivered milestone, its
     * priority from the people the project reconnects and the days to the region's first frost, at least
     * as classified as the project.
     */
    async addEquipment(id: string, body: EquipmentCreate, actor: Actor) {
      const reader = readerOf(actor);
      const day = today();
      return db.transaction().execute(async (trx) => {
        const project = await loadProject(trx, id, reader, true);
        const delivered = await trx
          .selectFrom('repair_milestone')
          .select('planned_on')
          .where('repair_project_id', '=', id)
          .where('stage', '=', 'delivered')
          .executeTakeFirst();
        if (!delivered?.planned_on) {
          throw new DomainError(
            'milestone_plan_missing',
            422,
            'the project has no planned day for its delivered milestone; plan its milestones first (needed_by comes from it)',
          );
        }
        const frost = await trx
          .selectFrom('region_first_frost')
          .select('first_frost_on')
          .where('region_id', '=', project.region_id)
          .executeTakeFirst();
        const floor = classificationFloor(project);
        const classification = body.classification ?? floor.classification;
        if (isBelowFloor({ classification, embargo_until: floor.embargo_until }, floor)) {
          throw new DomainError(
            'classification_below_sources',
            422,
            `the need must be at least ${floor.classification}, as its repair project is`,
          );
        }
        const refs = new ReferenceCheck();
        const values = needKind.prepareCreate(
          {
            recipient_org_id: body.recipient_org_id ?? (project.owner_org_id as string),
            region_id: project.region_id,
            item_id: body.item_id,
            quantity: body.quantity,
            priority: equipmentPriority(project.people_reconnected, day, frost?.first_frost_on ?? null),
            needed_by: delivered.planned_on,
            justification: `Equipment for repair project ${project.name}`,
            owner_org_id: project.owner_org_id as string,
            classification,
            embargo_until: floor.embargo_until,
          },
          refs,
        );
        const problems = new ProblemList();
        for (const ref of refs.wanted) {
          const found = await findRecord(
            trx,
            ref.table,
            ref.id,
            false,
            visibilityCondition(ref.table, reader),
          );
          if (!found)
            problems.add(
              ref.field === 'region_id' ? 'region_id' : ref.field,
              `no ${ref.table} with id ${ref.id}`,
            );
        }
        problems.throwIfAny(UnknownReference);
        const need = await insertRecord(trx, 'need', {
          id: newId(),
          ...values,
          created_by: actor.id,
          updated_by: actor.id,
        });
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'create',
          entity_type: 'need',
          entity_id: need.id,
          before: null,
          after: needKind.toEntity(need),
        });
        await trx
          .insertInto('repair_equipment')
          .values({ repair_project_id: id, need_id: need.id, lead_days: body.lead_days })
          .execute();
        return presentOne(trx, (await loadProject(trx, id, reader)) as RecordRow<'repair_project'>, reader);
      });
    },

    /** Capacity restored and people reconnected per week, by region and funder (progress.ts), per reader. */
    async progress(query: ProgressQuery = {}): Promise<ProgressReport> {
      const reader = currentReader();
      let q = db
        .selectFrom('repair_project')
        .innerJoin('repair_milestone', 'repair_milestone.repair_project_id', 'repair_project.id')
        .select([
          'repair_project.id',
          'repair_project.region_id',
          'repair_project.people_reconnected',
          'repair_project.capacity_restored',
          'repair_project.capacity_unit',
          'repair_milestone.actual_on',
        ])
        .where('repair_milestone.stage', '=', 'energised')
        .where('repair_milestone.actual_on', 'is not', null)
        .where(visibilityCondition('repair_project', reader))
        .orderBy('repair_project.id');
      if (query.from) q = q.where('repair_milestone.actual_on', '>=', query.from);
      if (query.to) q = q.where('repair_milestone.actual_on', '<=', query.to);
      if (query.region_id) q = q.where('repair_project.region_id', '=', query.region_id);
      const rows = await q.execute();
      const money = await findProjectMoney(
        db,
        rows.map((r) => r.id),
        reader,
      );
      const funders = (id: string) =>
        money
          .filter((m) => m.project_id === id && (m.source === 'allocation' || Number(m.committed_amount) > 0))
          .map((m) => m.donor_org_id);
      return {
        from: query.from ?? null,
        to: query.to ?? null,
        ...progress(
          rows.map((r) => ({
            id: r.id,
            region_id: r.region_id,
            energised_on: r.actual_on as string,
            people_reconnected: r.people_reconnected,
            capacity_restored: r.capacity_restored === null ? null : Number(r.capacity_restored),
            capacity_unit: r.capacity_unit,
            funders: funders(r.id),
          })),
        ),
      } as ProgressReport;
    },

    async criticalPath(id: string): Promise<CriticalPath> {
      const reader = currentReader();
      const project = await records.get(id);
      return criticalPathOf(db, project, reader);
    },

    /** Every active project the reader may see, ranked (ranking.ts), with its best single move. */
    async ranking(filters: { region_id?: string | undefined } = {}): Promise<Ranking> {
      const reader = currentReader();
      const day = today();
      let query = db
        .selectFrom('repair_project')
        .selectAll()
        .where('status', '=', 'active')
        .where(visibilityCondition('repair_project', reader))
        .orderBy('name')
        .orderBy('id');
      if (filters.region_id) query = query.where('region_id', '=', filters.region_id);
      const rows = await query.execute();
      const projects = await withProjectFigures(
        db,
        rows.map((r) => toProject(r as RecordRow<'repair_project'>)),
        reader,
      );
      const frost = new Map(
        (await db.selectFrom('region_first_frost').select(['region_id', 'first_frost_on']).execute()).map(
          (r) => [r.region_id, r.first_frost_on],
        ),
      );
      const details = new Map<string, { plan: ProjectPlan; project: RepairProject }>();
      const inputs: RankInput[] = [];
      for (const project of projects) {
        const plan = await planOf(db, project, reader, day);
        details.set(project.id, { plan, project });
        inputs.push({
          id: project.id,
          name: project.name,
          people_reconnected: project.people_reconnected,
          missing_eur: Number(project.funding.gap_eur),
          energised_on: schedule(plan).energised_on,
          energised_if_funded_on: schedule({ ...plan, missing_eur: 0 }).energised_on,
          first_frost_on: frost.get(project.region_id) ?? null,
          done: Boolean(plan.milestones.energised?.actual_on),
        });
      }
      const ranked = rank(day, inputs);
      return {
        as_of: day,
        items: ranked.map((r) => {
          const { plan, project } = details.get(r.id) as { plan: ProjectPlan; project: RepairProject };
          const input = inputs.find((i) => i.id === r.id) as RankInput;
          return {
            ...r,
            region_id: project.region_id,
            people_reconnected: project.people_reconnected,
            gap_eur: project.funding.gap_eur,
            energised_on: input.energised_on,
            energised_if_funded_on: input.energised_if_funded_on,
            first_frost_on: input.first_frost_on,
            critical: schedule(plan).critical,
            best_move: moves(plan)[0] ?? null,
          };
        }),
      };
    },
  };
}
