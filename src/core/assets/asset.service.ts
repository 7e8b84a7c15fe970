import { type Kysely, sql } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  type Executor,
  findRecord,
  insertRecord,
  updateRecordAtVersion,
} from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader, readerOf, visibilityCondition } from '../auth/visibility.js';
import { Conflict, DomainError, NotFound, ProblemList, UnknownReference } from '../errors.js';
import type { Damage } from '../incidents/incident.schema.js';
import { newId } from '../shared/ids.js';
import {
  type Actor,
  createRecordService,
  type RecordKind,
  ReferenceCheck,
} from '../shared/record.service.js';
import { checkDate, checkText, metaOf, quantityFromColumn } from '../shared/values.js';
import {
  type Asset,
  type AssetCreate,
  type AssetFilters,
  type AssetKind,
  type AssetPatch,
  type AssetStatus,
  type AssetStatusChange,
  type AssetStatusEntry,
  CAPACITY_UNIT_OF,
  type CapacityUnit,
  DAMAGE_KIND_ALIASES,
  type DamagedAssets,
  type RegionAssetCounts,
} from './asset.schema.js';

/**
 * The status an asset may go to from each status: damage and destruction can happen at any time;
 * a repair starts on a damaged or destroyed asset and ends restored (or is set back by new damage).
 */
export const ASSET_TRANSITIONS: Readonly<Record<AssetStatus, readonly AssetStatus[]>> = {
  in_service: ['damaged', 'destroyed'],
  damaged: ['under_repair', 'restored', 'destroyed'],
  under_repair: ['restored', 'damaged', 'destroyed'],
  restored: ['damaged', 'destroyed'],
  destroyed: ['under_repair'],
};

function numberOrNull(value: string | null): number | null {
  return value === null ? null : quantityFromColumn(value);
}

function checkAssetFigures(
  problems: ProblemList,
  asset: { name: string; capacity: number | null; latitude: number | null; longitude: number | null },
): void {
  checkText(problems, 'name', asset.name, 200);
  if (asset.capacity !== null && Number(asset.capacity.toFixed(3)) !== asset.capacity) {
    problems.add('capacity', 'must have at most 3 decimals');
  }
  if ((asset.latitude === null) !== (asset.longitude === null)) {
    problems.add('latitude', 'give latitude and longitude together, or neither');
  }
}

/** The kind of asset a damage entry names, in the asset kinds' words. */
export function assetKindOfDamage(damageKind: string): AssetKind | null {
  if (damageKind in CAPACITY_UNIT_OF) return damageKind as AssetKind;
  return DAMAGE_KIND_ALIASES[damageKind] ?? null;
}

function toAsset(row: Awaited<ReturnType<typeof findRecord<'grid_asset'>>> & object): Asset {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AssetKind,
    region_id: row.region_id,
    operator_org_id: row.operator_org_id,
    voltage_kv: row.voltage_kv,
    capacity: numberOrNull(row.capacity),
    capacity_unit: row.capacity_unit as CapacityUnit | null,
    people_served: row.people_served,
    status: row.status as AssetStatus,
    status_on: row.status_on,
    latitude: numberOrNull(row.latitude),
    longitude: numberOrNull(row.longitude),
    region_release: row.region_release,
    ...metaOf(row),
  };
}

/** Grid assets: restricted by default (their places are sensitive), status history in grid_asset_status. */
export function assetKind(
  today: () => string,
): RecordKind<'grid_asset', Asset, AssetCreate, AssetPatch, AssetFilters> {
  return {
    entity: 'grid_asset',
    table: 'grid_asset',
    sorts: { created: 'id', name: 'name' },
    defaultSort: 'name',
    toEntity: toAsset,
    prepareCreate(input, refs) {
      const problems = new ProblemList();
      const facts = {
        name: input.name,
        capacity: input.capacity ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
      };
      checkAssetFigures(problems, facts);
      checkDate(problems, 'status_on', input.status_on);
      problems.throwIfAny();
      refs.expect('region_id', 'region', input.region_id);
      refs.expect('operator_org_id', 'organisation', input.operator_org_id);
      refs.expect('owner_org_id', 'organisation', input.owner_org_id);
      return {
        ...facts,
        kind: input.kind,
        region_id: input.region_id,
        operator_org_id: input.operator_org_id,
        voltage_kv: input.voltage_kv ?? null,
        capacity_unit: facts.capacity === null ? null : CAPACITY_UNIT_OF[input.kind],
        people_served: input.people_served ?? 0,
        status: input.status ?? 'in_service',
        status_on: input.status_on ?? today(),
        region_release: input.region_release ?? false,
        owner_org_id: input.owner_org_id ?? input.operator_org_id,
        classification: input.classification ?? 'restricted',
        embargo_until: input.embargo_until ?? null,
      };
    },
    preparePatch(current, patch) {
      const problems = new ProblemList();
      const next = { ...current, ...patch };
      checkAssetFigures(problems, next);
      problems.throwIfAny();
      const values: Record<string, unknown> = { ...patch };
      if (patch.capacity !== undefined) {
        values.capacity_unit = patch.capacity === null ? null : CAPACITY_UNIT_OF[current.kind];
      }
      return values;
    },
    /** The first entry of the status history is written with the asset. */
    async afterWrite(trx, id) {
      const row = await findRecord(trx, 'grid_asset', id);
      if (!row) return;
      const existing = await trx
        .selectFrom('grid_asset_status')
        .select('id')
        .where('asset_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (existing) return;
      await trx
        .insertInto('grid_asset_status')
        .values({
          id: newId(),
          asset_id: id,
          status: row.status,
          effective_on: row.status_on ?? today(),
          actor: row.updated_by,
          note: 'recorded',
        })
        .execute();
    },
    narrow(query, filters) {
      let q = query;
      if (filters.region_id) q = q.where('grid_asset.region_id', '=', filters.region_id);
      if (filters.kind) q = q.where('grid_asset.kind', '=', filters.kind);
      if (filters.status) q = q.where('grid_asset.status', '=', filters.status);
      if (filters.operator_org_id) q = q.where('grid_asset.operator_org_id', '=', filters.operator_org_id);
      return q;
    },
  };
}

/** Changes an asset's status (checked against ASSET_TRANSITIONS), audited, kept in its history. */
export async function changeAssetStatus(
  trx: Executor,
  id: string,
  change: AssetStatusChange,
  actor: Actor,
  today: string,
): Promise<Asset> {
  const reader = readerOf(actor);
  const current = await findRecord(trx, 'grid_asset', id, true, visibilityCondition('grid_asset', reader));
  if (!current) throw NotFound('grid_asset', id);
  const from = current.status as AssetStatus;
  const to = change.status;
  const problems = new ProblemList();
  const day = change.effective_on ?? today;
  checkDate(problems, 'effective_on', day);
  if (day > today) problems.add('effective_on', `must not be after the data's today (${today})`);
  if (current.status_on !== null && day < current.status_on) {
    problems.add('effective_on', `must not be before the current status's day (${current.status_on})`);
  }
  checkText(problems, 'note', change.note ?? null, 2000);
  problems.throwIfAny();
  if (from !== to && !ASSET_TRANSITIONS[from].includes(to)) {
    throw Conflict(
      'invalid_transition',
      `grid_asset ${id} is ${from}; it can go to ${ASSET_TRANSITIONS[from].join(', ')}, not ${to}`,
    );
  }
  const refProblems = new ProblemList();
  if (change.incident_id) {
    const found = await findRecord(
      trx,
      'incident',
      change.incident_id,
      false,
      visibilityCondition('incident', reader),
    );
    if (!found) refProblems.add('incident_id', `no incident with id ${change.incident_id}`);
  }
  if (change.repair_project_id) {
    const found = await findRecord(
      trx,
      'repair_project',
      change.repair_project_id,
      false,
      visibilityCondition('repair_project', reader),
    );
    if (!found) refProblems.add('repair_project_id', `no repair_project with id ${change.repair_project_id}`);
  }
  refProblems.throwIfAny(UnknownReference);
  const updated = await updateRecordAtVersion(trx, 'grid_asset', id, current.version, {
    status: to,
    status_on: day,
    updated_by: actor.id,
  });
  if (!updated) throw new DomainError('stale_version', 412, `grid_asset ${id} changed meanwhile; try again`);
  await trx
    .insertInto('grid_asset_status')
    .values({
      id: newId(),
      asset_id: id,
      status: to,
      effective_on: day,
      incident_id: change.incident_id ?? null,
      repair_project_id: change.repair_project_id ?? null,
      note: change.note ?? null,
      actor: actor.id,
    })
    .execute();
  const before = toAsset(current);
  const after = toAsset(updated);
  await insertAuditEntry(trx, {
    actor: actor.id,
    action: 'update',
    entity_type: 'grid_asset',
    entity_id: id,
    before,
    after,
  });
  return after;
}

/**
 * Links the damage an incident recorded to assets: each known asset becomes damaged (or destroyed)
 * by the incident; an asset not known yet is created (restricted, owned by its operator) and
 * damaged at once. Each asset must match a damage entry of the incident (same region and kind, the
 * kind in the incident's words or an alias of it), and no entry may be given more assets than its count.
 */
export async function recordDamagedAssets(
  db: Kysely<Database>,
  incidentId: string,
  body: DamagedAssets,
  actor: Actor,
  today: string,
): Promise<Asset[]> {
  const reader = readerOf(actor);
  return db.transaction().execute(async (trx) => {
    const incident = await findRecord(
      trx,
      'incident',
      incidentId,
      false,
      visibilityCondition('incident', reader),
    );
    if (!incident) throw NotFound('incident', incidentId);
    const day = incident.occurred_at.toISOString().slice(0, 10);
    const entries = (incident.damage as Damage[]).map((d) => ({
      region_id: d.region_id,
      kind: assetKindOfDamage(d.asset_kind),
      left: d.count,
    }));
    // Assets already linked to this incident use up their entries' counts.
    const linked = await trx
      .selectFrom('grid_asset_status')
      .innerJoin('grid_asset', 'grid_asset.id', 'grid_asset_status.asset_id')
      .select(['grid_asset.id', 'grid_asset.region_id', 'grid_asset.kind'])
      .distinct()
      .where('grid_asset_status.incident_id', '=', incidentId)
      .orderBy('grid_asset.id')
      .execute();
    const take = (region: string, kind: string) => {
      const entry = entries.find((e) => e.region_id === region && e.kind === kind && e.left > 0);
      if (entry) entry.left -= 1;
      return entry !== undefined;
    };
    for (const row of linked) take(row.region_id, row.kind);
    const problems = new ProblemList();
    const results: Asset[] = [];
    for (const [i, wanted] of body.assets.entries()) {
      const at = `assets[${i}]`;
      let assetId = wanted.asset_id;
      let region: string | undefined = wanted.region_id;
      let kind: string | undefined = wanted.kind;
      if (assetId) {
        const known = await findRecord(
          trx,
          'grid_asset',
          assetId,
          false,
          visibilityCondition('grid_asset', reader),
        );
        if (!known) {
          problems.add(`${at}.asset_id`, `no grid_asset with id ${assetId}`);
          continue;
        }
        if (linked.some((row) => row.id === assetId)) {
          problems.add(`${at}.asset_id`, 'is already recorded as damaged by this incident');
          continue;
        }
        region = known.region_id;
        kind = known.kind;
      } else if (!wanted.name || !wanted.kind || !wanted.region_id || !wanted.operator_org_id) {
        problems.add(at, 'give asset_id, or name, kind, region_id and operator_org_id of an unknown asset');
        continue;
      }
      if (!take(region as string, kind as string)) {
        problems.add(at, `the incident records no (more) damage to a ${kind} in region ${region}`);
        continue;
      }
      if (problems.items.length > 0) continue;
      if (!assetId) {
        assetId = await createDamagedAsset(trx, wanted, actor, day);
      }
      results.push(
        await changeAssetStatus(
          trx,
          assetId,
          {
            status: wanted.status ?? 'damaged',
            effective_on: day,
            incident_id: incidentId,
            note: incident.title,
          },
          actor,
          today < day ? day : today,
        ),
      );
    }
    problems.throwIfAny();
    return results;
  });
}

/** Creates an unknown damaged asset through the asset kind's own rules, inside the caller's transaction. */
async function createDamagedAsset(
  trx: Executor,
  wanted: DamagedAssets['assets'][number],
  actor: Actor,
  day: string,
): Promise<string> {
  const kind = assetKind(() => day);
  const refs = new ReferenceCheck();
  const values = kind.prepareCreate(
    {
      name: wanted.name as string,
      kind: wanted.kind as AssetKind,
      region_id: wanted.region_id as string,
      operator_org_id: wanted.operator_org_id as string,
      voltage_kv: wanted.voltage_kv ?? null,
      people_served: wanted.people_served ?? 0,
      status: 'in_service',
      status_on: day,
    },
    refs,
  );
  const reader = readerOf(actor);
  const problems = new ProblemList();
  for (const ref of refs.wanted) {
    const found = await findRecord(trx, ref.table, ref.id, false, visibilityCondition(ref.table, reader));
    if (!found) problems.add(ref.field, `no ${ref.table} with id ${ref.id}`);
  }
  problems.throwIfAny(UnknownReference);
  const inserted = await insertRecord(trx, 'grid_asset', {
    id: newId(),
    ...values,
    created_by: actor.id,
    updated_by: actor.id,
  });
  await kind.afterWrite?.(trx, inserted.id);
  await insertAuditEntry(trx, {
    actor: actor.id,
    action: 'create',
    entity_type: 'grid_asset',
    entity_id: inserted.id,
    before: null,
    after: toAsset(inserted),
  });
  return inserted.id;
}

/** The status history of an asset the reader may see, oldest first. */
export async function listAssetStatuses(db: Executor, id: string): Promise<AssetStatusEntry[]> {
  const reader = currentReader();
  const found = await findRecord(db, 'grid_asset', id, false, visibilityCondition('grid_asset', reader));
  if (!found) throw NotFound('grid_asset', id);
  const rows = await db
    .selectFrom('grid_asset_status')
    .selectAll()
    .where('asset_id', '=', id)
    .orderBy('effective_on')
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    status: row.status as AssetStatus,
    effective_on: row.effective_on,
    incident_id: row.incident_id,
    repair_project_id: row.repair_project_id,
    note: row.note,
    at: row.at.toISOString(),
    actor: row.actor,
  }));
}

/**
 * Counts per region, kind and status, for the reader (docs/grid-repair.md, "Region aggregates"): the
 * assets the reader may see, and those their owner released for region counts; never an asset's
 * identity, place, capacity or people served.
 */
export async function regionAssetCounts(db: Executor): Promise<RegionAssetCounts> {
  type Row = { region_id: string; kind: string; status: string; assets: string; released: string };
  // The system (the operator's tools) sees every asset; a request's reader goes through the function.
  const result =
    currentReader() === null
      ? await sql<Row>`SELECT region_id, kind, status, count(*) AS assets, 0 AS released FROM grid_asset
          GROUP BY region_id, kind, status ORDER BY region_id, kind, status`.execute(db)
      : await sql<Row>`SELECT region_id, kind, status, assets, released FROM aidgrid_grid_region_counts()`.execute(
          db,
        );
  return {
    items: result.rows.map((row) => ({
      region_id: row.region_id,
      kind: row.kind as AssetKind,
      status: row.status as AssetStatus,
      assets: Number(row.assets),
      released: Number(row.released),
    })),
  };
}

export type AssetService = ReturnType<typeof createAssetService>;

export function createAssetService(deps: { db: Kysely<Database>; today: () => string }) {
  const { db, today } = deps;
  const records = createRecordService(assetKind(today), { db });
  return {
    ...records,
    changeStatus: (id: string, change: AssetStatusChange, actor: Actor) =>
      db.transaction().execute((trx) => changeAssetStatus(trx, id, change, actor, today())),
    statuses: (id: string) => listAssetStatuses(db, id),
    recordDamage: (incidentId: string, body: DamagedAssets, actor: Actor) =>
      recordDamagedAssets(db, incidentId, body, actor, today()),
    regionCounts: () => regionAssetCounts(db),
  };
}
