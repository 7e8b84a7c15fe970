import { type Insertable, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely';
import type pg from 'pg';
import type { Reader } from '../../core/auth/visibility.js';
import { copyRows } from '../copy-rows.js';
import type {
  AllocationTable,
  HubTable,
  ItemBundleTable,
  LeadTimeTable,
  PlanAllocationTable,
  PlanLotResultTable,
  PlanNeedResultTable,
  PlanRunTable,
  PledgeTable,
  PledgeTransitionTable,
} from '../schema.js';
import { countedStage } from './figure.repository.js';
import type { Executor } from './record.repository.js';

export type PlanRunRow = Selectable<PlanRunTable>;
export type PlanAllocationRow = Selectable<PlanAllocationTable>;
export type PlanNeedResultRow = Selectable<PlanNeedResultTable>;
export type PlanLotResultRow = Selectable<PlanLotResultTable>;

/** Pledge and need states a plan can no longer use. */
const CLOSED_PLEDGE = ['cancelled', 'expired'];
const CLOSED_NEED = ['met', 'cancelled'];
const CHUNK = 2000;

// ---- live inputs -----------------------------------------------------------------------------

export async function listHubs(db: Executor) {
  return db
    .selectFrom('hub')
    .select(['id', 'code', 'country_code', 'is_default', 'classification', 'embargo_until', 'owner_org_id'])
    .orderBy('code')
    .execute();
}

export async function listLeadTimes(db: Executor) {
  return db
    .selectFrom('lead_time')
    .select(['hub_id', 'region_id', 'weeks', 'cost'])
    .orderBy('hub_id')
    .orderBy('region_id')
    .execute();
}

export async function listItemBundles(db: Executor) {
  return db
    .selectFrom('item_bundle')
    .select(['lead_item_id', 'member_item_id', 'ratio', 'classification', 'embargo_until', 'owner_org_id'])
    .orderBy('lead_item_id')
    .orderBy('member_item_id')
    .execute();
}

export async function listItemRefs(db: Executor) {
  return db
    .selectFrom('item')
    .select(['id', 'code', 'unit', 'reference_price_amount', 'reference_price_currency'])
    .orderBy('id')
    .execute();
}

/** The input graph (materials and their suppliers, input edges) for outage scenarios. */
export async function listOutageGraph(db: Executor) {
  const [materials, edges] = await Promise.all([
    db
      .selectFrom('material')
      .select(['id', 'code', 'name', 'suppliers', 'classification', 'embargo_until', 'owner_org_id'])
      .orderBy('code')
      .execute(),
    db
      .selectFrom('material_input')
      .select([
        'id',
        'item_id',
        'parent_material_id',
        'material_id',
        'quantity_per_unit',
        'classification',
        'embargo_until',
        'owner_org_id',
      ])
      .orderBy('id')
      .execute(),
  ]);
  return { materials, edges };
}

export async function listRegionRefs(db: Executor) {
  return db.selectFrom('region').select(['id', 'code']).orderBy('id').execute();
}

/**
 * Pledges with committed quantity not yet allocated (by the accepted allocations the reader sees,
 * figure.repository.ts), not cancelled or expired.
 */
export async function listFreePledges(db: Executor, reader: Reader | null = null) {
  const allocated = countedStage(reader, 'allocated', 'pledge_id', sql.ref('free.id'));
  return db
    .selectFrom('pledge as free')
    .select([
      'id',
      'donor_org_id',
      'item_id',
      'status',
      'committed_quantity',
      sql<string>`${allocated}`.as('allocated_quantity'),
      'available_from',
      'hub_id',
      'recipient_org_id',
      'classification',
      'embargo_until',
      'owner_org_id',
    ])
    .where('status', 'not in', CLOSED_PLEDGE)
    .where(sql<boolean>`committed_quantity > ${allocated}`)
    .orderBy('id')
    .execute();
}

/** Needs neither met nor cancelled with quantity not yet covered by the accepted allocations the reader sees. */
export async function listOpenNeeds(db: Executor, reader: Reader | null = null) {
  const allocated = countedStage(reader, 'allocated', 'need_id', sql.ref('open.id'));
  return db
    .selectFrom('need as open')
    .select([
      'id',
      'recipient_org_id',
      'region_id',
      'item_id',
      'status',
      'quantity',
      sql<string>`${allocated}`.as('allocated_quantity'),
      'priority',
      'needed_by',
      'useful_until',
      'bundle_lead_need_id',
      'classification',
      'embargo_until',
      'owner_org_id',
    ])
    .where('status', 'not in', CLOSED_NEED)
    .where(sql<boolean>`quantity > ${allocated}`)
    .orderBy('id')
    .execute();
}

export async function listLinesForPlanning(db: Executor) {
  return db
    .selectFrom('production_line')
    .select([
      'id',
      'manufacturer_org_id',
      'item_id',
      'capacity_schedule',
      'lead_time_months',
      'backlog',
      'coalition_share',
      'plant',
      'classification',
      'embargo_until',
      'owner_org_id',
    ])
    .orderBy('id')
    .execute();
}

/** Locks the pledges an acceptance touches, in id order (the same order everywhere: no deadlock). */
export async function lockPledges(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('pledge')
    .select(['id', 'status', 'item_id', 'donor_org_id', 'committed_quantity', 'allocated_quantity'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

export async function lockNeeds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('need')
    .select(['id', 'status', 'item_id', 'region_id', 'needed_by', 'quantity', 'allocated_quantity'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

// ---- logistics (the demo and tests load these) ------------------------------------------------

export async function insertHubs(db: Executor, rows: readonly Insertable<HubTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  await db
    .insertInto('hub')
    .values([...rows])
    .execute();
  return rows.length;
}

export async function insertLeadTimes(
  db: Executor,
  rows: readonly Insertable<LeadTimeTable>[],
): Promise<number> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('lead_time')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
  return rows.length;
}

export async function insertItemBundles(
  db: Executor,
  rows: readonly Insertable<ItemBundleTable>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  await db
    .insertInto('item_bundle')
    .values([...rows])
    .execute();
  return rows.length;
}

/** Stages pledges at a hub (pledge id → hub id), as a bulk load step; not a versioned record change. */
export async function setPledgeHubs(db: Executor, hubByPledge: ReadonlyMap<string, string>): Promise<number> {
  const pairs = [...hubByPledge.entries()];
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK);
    await sql`UPDATE pledge SET hub_id = v.hub_id::uuid
      FROM (VALUES ${sql.join(chunk.map(([p, h]) => sql`(${p}::uuid, ${h})`))}) AS v(pledge_id, hub_id)
      WHERE pledge.id = v.pledge_id`.execute(db);
  }
  return pairs.length;
}

/** Links bundle member needs to their lead need (member id → lead id), as a bulk load step. */
export async function setBundleLeads(
  db: Executor,
  leadByMember: ReadonlyMap<string, string>,
): Promise<number> {
  const pairs = [...leadByMember.entries()];
  if (pairs.length === 0) return 0;
  await sql`UPDATE need SET bundle_lead_need_id = v.lead_id::uuid
    FROM (VALUES ${sql.join(pairs.map(([m, l]) => sql`(${m}::uuid, ${l})`))}) AS v(member_id, lead_id)
    WHERE need.id = v.member_id`.execute(db);
  return pairs.length;
}

// ---- plan runs ---------------------------------------------------------------------------------

export async function insertPlanRun(db: Executor, row: Insertable<PlanRunTable>): Promise<PlanRunRow> {
  return db.insertInto('plan_run').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findPlanRun(db: Executor, id: string): Promise<PlanRunRow | undefined> {
  return db.selectFrom('plan_run').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A run without its model snapshot and send-next list (the whole world the run read), which acceptance never reads. */
export type PlanRunHead = Omit<PlanRunRow, 'snapshot' | 'send_next'>;

const PLAN_RUN_HEAD = [
  'id',
  'status',
  'method',
  'solved_by',
  'start_week',
  'parameters',
  'scenario',
  'data_fingerprint',
  'objective',
  'unmet_weighted',
  'unmet_quantity',
  'late_weighted',
  'lot_count',
  'need_count',
  'arc_count',
  'allocation_count',
  'timings',
  'progress',
  'progress_note',
  'error',
  'started_at',
  'finished_at',
  'accepted_at',
  'accepted_by',
  'runner',
  'runner_key',
  'attempts',
  'readers_coalition',
  'readers_restricted',
  'classification',
  'embargo_until',
  'owner_org_id',
  'synthetic',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'version',
] as const satisfies readonly (keyof PlanRunHead)[];

export async function findPlanRunForUpdate(db: Executor, id: string): Promise<PlanRunHead | undefined> {
  return db.selectFrom('plan_run').select(PLAN_RUN_HEAD).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Marks a run accepted by `actor` at `at`. */
export async function markPlanRunAccepted(
  db: Executor,
  id: string,
  values: { readonly actor: string; readonly at: Date },
): Promise<PlanRunHead> {
  const { actor, at } = values;
  return db
    .updateTable('plan_run')
    .set({
      accepted_at: at,
      accepted_by: actor,
      updated_by: actor,
      updated_at: sql`now()`,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returning(PLAN_RUN_HEAD)
    .executeTakeFirstOrThrow();
}

/** Newest first by id (UUID v7 ids are time-ordered); `after` is the id of the last run of the previous page. */
export async function listPlanRuns(
  db: Executor,
  options: { readonly limit: number; readonly after?: string | undefined },
): Promise<PlanRunRow[]> {
  let query = db.selectFrom('plan_run').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.after) query = query.where('id', '<', options.after);
  return query.execute();
}

/** Updates a run; a status change only from the given statuses (so a cancelled run stays cancelled). */
export async function updatePlanRun(
  db: Executor,
  id: string,
  values: Updateable<PlanRunTable>,
  fromStatuses?: readonly string[],
): Promise<PlanRunRow | undefined> {
  let query = db
    .updateTable('plan_run')
    .set({ ...values, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id);
  if (fromStatuses) query = query.where('status', 'in', [...fromStatuses]);
  return query.returningAll().executeTakeFirst();
}

/**
 * updatePlanRun without reading the row back (a finished run's snapshot is megabytes of JSON):
 * whether the run was in one of `fromStatuses` and so was changed.
 */
export async function finishPlanRun(
  db: Executor,
  id: string,
  values: Updateable<PlanRunTable>,
  fromStatuses: readonly string[],
): Promise<boolean> {
  const row = await db
    .updateTable('plan_run')
    .set({ ...values, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('status', 'in', [...fromStatuses])
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** queued → running for the process `runner`, one more attempt; undefined when it is no longer queued. */
export async function claimPlanRun(
  db: Executor,
  id: string,
  runner: { readonly key: string; readonly label: string },
): Promise<PlanRunRow | undefined> {
  return db
    .updateTable('plan_run')
    .set({
      status: 'running',
      started_at: sql`now()`,
      runner: runner.label,
      runner_key: runner.key,
      attempts: sql`attempts + 1`,
      progress: 0.05,
      progress_note: 'reading live data',
      updated_by: 'planner',
      updated_at: sql`now()`,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/** Runs in `running` by process (runner key), for finding those of dead processes. */
export async function listRunningRuns(db: Executor) {
  return db
    .selectFrom('plan_run')
    .select(['id', 'runner', 'runner_key', 'attempts', 'progress_note'])
    .where('status', '=', 'running')
    .orderBy('id')
    .execute();
}

/**
 * Inserts rows with one statement per chunk: each column travels as one array parameter and
 * unnest() turns them back into rows, far cheaper to bind and parse than a multi-row VALUES.
 */
async function insertByColumns<R extends object>(
  db: Executor,
  table: string,
  columns: readonly (readonly [keyof R & string, string])[],
  rows: readonly R[],
  extra?: RawBuilder<unknown>,
  extraColumn?: string,
): Promise<void> {
  const chunk = 20_000;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const arrays = columns.map(
      ([name, type]) =>
        sql`${part.map((row) => {
          const value = (row as Record<string, unknown>)[name];
          return value === undefined ? null : value;
        })}::${sql.raw(type)}[]`,
    );
    const names = columns.map(([name]) => sql.ref(name));
    if (extra && extraColumn) {
      const aliases = columns.map((_, c) => sql.raw(`c${c}`));
      await sql`INSERT INTO ${sql.table(table)} (${sql.join([...names, sql.ref(extraColumn)])})
        SELECT ${sql.join(aliases)}, ${extra}
          FROM unnest(${sql.join(arrays)}) WITH ORDINALITY AS v (${sql.join(aliases)}, ord)
         ORDER BY ord`.execute(db);
    } else {
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(names)})
        SELECT * FROM unnest(${sql.join(arrays)})`.execute(db);
    }
  }
}

const PLAN_ALLOCATION_COLUMNS = [
  'run_id',
  'seq',
  'lot_id',
  'lot_kind',
  'pledge_id',
  'need_id',
  'need_key',
  'item_id',
  'quantity',
  'arrival_week',
  'lateness',
  'unit_cost',
] as const satisfies readonly (keyof PlanAllocationTable)[];

const PLAN_NEED_RESULT_COLUMNS = [
  'run_id',
  'need_key',
  'need_id',
  'item_id',
  'region_id',
  'recipient_org_id',
  'priority_weight',
  'due_week',
  'quantity',
  'allocated',
  'unmet',
  'late_quantity',
  'reason',
  'binding_dual',
  'explanation',
] as const satisfies readonly (keyof PlanNeedResultTable)[];

const PLAN_LOT_RESULT_COLUMNS = [
  'run_id',
  'lot_id',
  'lot_kind',
  'pledge_id',
  'production_line_id',
  'item_id',
  'hub_code',
  'available_week',
  'quantity',
  'used',
  'dual',
] as const satisfies readonly (keyof PlanLotResultTable)[];

function* valuesOf<R extends object>(rows: Iterable<R>, columns: readonly (keyof R)[]) {
  for (const row of rows) yield columns.map((column) => row[column]);
}

/**
 * Writes a run's results with COPY on `client`, in the transaction it is in (measured at L, 65,000
 * rows with 21 MB of explanations: 0.5 s, where one INSERT … FROM unnest(arrays) per table took
 * 2.3 s, most of it binding the arrays). The statement triggers of migration 0020 check the
 * references of all rows at once, as for an INSERT. Explanations are JSON text.
 */
export async function copyPlanResults(
  client: pg.ClientBase,
  results: {
    readonly allocations: Iterable<Insertable<PlanAllocationTable>>;
    readonly needs: Iterable<Insertable<PlanNeedResultTable>>;
    readonly lots: Iterable<Insertable<PlanLotResultTable>>;
  },
): Promise<void> {
  await copyRows(
    client,
    'plan_allocation',
    PLAN_ALLOCATION_COLUMNS,
    valuesOf(results.allocations, PLAN_ALLOCATION_COLUMNS),
  );
  await copyRows(
    client,
    'plan_need_result',
    PLAN_NEED_RESULT_COLUMNS,
    valuesOf(results.needs, PLAN_NEED_RESULT_COLUMNS),
  );
  await copyRows(
    client,
    'plan_lot_result',
    PLAN_LOT_RESULT_COLUMNS,
    valuesOf(results.lots, PLAN_LOT_RESULT_COLUMNS),
  );
}

/**
 * Refreshes the planner statistics of the result tables. A large run stored into tables that were
 * small when last analysed leaves PostgreSQL estimating one row per run, so the set-based accept that
 * follows would join tens of thousands of rows by nested loops (measured at L: 3 s of 5 in its
 * INSERT … SELECT); autovacuum gets there only later. Needs the tables' owner (the system).
 */
export async function analyzePlanResults(db: Executor): Promise<void> {
  await sql`ANALYZE plan_allocation, plan_need_result, plan_lot_result`.execute(db);
}

export interface ResultFilters {
  readonly item_id?: string | undefined;
  readonly need_id?: string | undefined;
  readonly region_id?: string | undefined;
  readonly reason?: string | undefined;
  readonly after?: string | undefined;
  readonly limit?: number | undefined;
}

/** Allocations of a run in seq order; `after` is the last seq of the previous page. */
export async function listPlanAllocations(
  db: Executor,
  runId: string,
  filters: ResultFilters & { readonly afterSeq?: number | undefined; readonly lot_kind?: string | undefined },
): Promise<PlanAllocationRow[]> {
  let query = db.selectFrom('plan_allocation').selectAll().where('run_id', '=', runId).orderBy('seq');
  if (filters.item_id) query = query.where('item_id', '=', filters.item_id);
  if (filters.need_id) query = query.where('need_key', '=', filters.need_id);
  if (filters.lot_kind) query = query.where('lot_kind', '=', filters.lot_kind);
  if (filters.afterSeq !== undefined) query = query.where('seq', '>', filters.afterSeq);
  if (filters.limit !== undefined) query = query.limit(filters.limit);
  return query.execute();
}

/** Where a page of need results starts: after this need in (priority first, due first, need_key) order. */
export interface NeedResultPosition {
  readonly priority_weight: number;
  readonly due_week: number;
  readonly need_key: string;
}

/**
 * Need results of a run, the most urgent first: by priority (highest weight first), then due week,
 * then need_key; `after` is the last need of the previous page.
 */
export async function listPlanNeedResults(
  db: Executor,
  runId: string,
  filters: Omit<ResultFilters, 'after'> & { readonly after?: NeedResultPosition | undefined },
) {
  let query = db
    .selectFrom('plan_need_result')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('priority_weight', 'desc')
    .orderBy('due_week')
    .orderBy('need_key');
  if (filters.item_id) query = query.where('item_id', '=', filters.item_id);
  if (filters.need_id) query = query.where('need_key', '=', filters.need_id);
  if (filters.region_id) query = query.where('region_id', '=', filters.region_id);
  if (filters.reason) query = query.where('reason', '=', filters.reason);
  if (filters.after) {
    const { priority_weight, due_week, need_key } = filters.after;
    query = query.where(
      sql<boolean>`(-priority_weight, due_week, need_key) > (${-priority_weight}::numeric, ${due_week}::integer, ${need_key}::text)`,
    );
  }
  if (filters.limit !== undefined) query = query.limit(filters.limit);
  return query.execute();
}

/** Lot results of a run in lot_id order; `after` is the last lot_id of the previous page. */
export async function listPlanLotResults(db: Executor, runId: string, filters: ResultFilters) {
  let query = db.selectFrom('plan_lot_result').selectAll().where('run_id', '=', runId).orderBy('lot_id');
  if (filters.item_id) query = query.where('item_id', '=', filters.item_id);
  if (filters.after) query = query.where('lot_id', '>', filters.after);
  if (filters.limit !== undefined) query = query.limit(filters.limit);
  return query.execute();
}

/** Per item of a run: the largest dual of its used-up lots, and its unmet quantity (weighted too). */
export async function listItemShadowPrices(db: Executor, runId: string) {
  return db
    .selectFrom('item as i')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('plan_need_result')
          .select((e) => [
            'item_id',
            e.fn.sum<string>('unmet').as('unmet'),
            sql<string>`sum(unmet * priority_weight)`.as('unmet_weighted'),
          ])
          .where('run_id', '=', runId)
          .groupBy('item_id')
          .as('n'),
      (join) => join.onRef('n.item_id', '=', 'i.id'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('plan_lot_result')
          .select((e) => ['item_id', e.fn.max<string>('dual').as('shadow_price')])
          .where('run_id', '=', runId)
          .where(sql<boolean>`used >= quantity`)
          .groupBy('item_id')
          .as('l'),
      (join) => join.onRef('l.item_id', '=', 'i.id'),
    )
    .select(['i.id', 'i.code', 'i.name', 'i.unit', 'n.unmet', 'n.unmet_weighted', 'l.shadow_price'])
    .orderBy(sql`coalesce(l.shadow_price, 0)`, 'desc')
    .orderBy(sql`n.unmet_weighted`, 'desc')
    .orderBy('i.code')
    .execute();
}

/** Per need of two runs: what each allocates, with the need's recipient and item (for the comparison). */
export async function compareNeedResults(db: Executor, runA: string, runB: string) {
  return db
    .selectFrom('plan_need_result as r')
    .select([
      'r.need_key',
      'r.need_id',
      'r.item_id',
      'r.recipient_org_id',
      sql<string>`coalesce(sum(r.allocated) FILTER (WHERE r.run_id = ${runA}), 0)`.as('allocated_a'),
      sql<string>`coalesce(sum(r.allocated) FILTER (WHERE r.run_id = ${runB}), 0)`.as('allocated_b'),
      sql<string>`max(r.quantity)`.as('quantity'),
    ])
    .where('r.run_id', 'in', [runA, runB])
    .groupBy(['r.need_key', 'r.need_id', 'r.item_id', 'r.recipient_org_id'])
    .orderBy('r.need_key')
    .execute();
}

export async function findItemCodes(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('item').select(['id', 'code']).where('id', 'in', ids).orderBy('id').execute();
}

export async function findOrganisationNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', ids).orderBy('id').execute();
}

export type HubRow = Selectable<HubTable>;

// ---- acceptance, set-based -----------------------------------------------------------------------

/** The rest of the caller's transaction runs as the session user (the tables' owner); undone at its end. */
export async function actAsOwnerUntilCommit(trx: Executor): Promise<void> {
  if (!trx.isTransaction) throw new Error('actAsOwnerUntilCommit needs a transaction');
  await sql`SELECT set_config('role', 'none', true)`.execute(trx);
}

/**
 * A run's pledge allocations to live needs summed per pledge and per need (what acceptance moves),
 * with how many allocations each has, and the range of their arrival weeks.
 */
export async function summarizeAcceptablePlanAllocations(db: Executor, runId: string) {
  const rows = await sql<{
    kind: 'pledge' | 'need' | 'weeks';
    id: string | null;
    quantity: string;
    allocations: number;
    first_week: number | null;
    last_week: number | null;
  }>`
    WITH planned AS (
      SELECT pledge_id, need_id, quantity, arrival_week FROM plan_allocation
       WHERE run_id = ${runId} AND lot_kind = 'pledge' AND need_id IS NOT NULL)
    SELECT 'pledge' AS kind, pledge_id AS id, sum(quantity)::text AS quantity, count(*)::int AS allocations,
           NULL::int AS first_week, NULL::int AS last_week
      FROM planned GROUP BY pledge_id
    UNION ALL
    SELECT 'need', need_id, sum(quantity)::text, count(*)::int, NULL, NULL FROM planned GROUP BY need_id
    UNION ALL
    SELECT 'weeks', NULL, coalesce(sum(quantity), 0)::text, count(*)::int, min(arrival_week), max(arrival_week)
      FROM planned`.execute(db);
  const perPledge = new Map<string, { quantity: string; allocations: number }>();
  const perNeed = new Map<string, { quantity: string; allocations: number }>();
  let weeks = { first: 0, last: -1, allocations: 0 };
  for (const row of rows.rows) {
    if (row.kind === 'pledge') perPledge.set(row.id as string, row);
    else if (row.kind === 'need') perNeed.set(row.id as string, row);
    else weeks = { first: row.first_week ?? 0, last: row.last_week ?? -1, allocations: row.allocations };
  }
  return { perPledge, perNeed, weeks };
}

/**
 * Turns a run's pledge allocations to live needs into accepted allocations in one statement, in
 * seq order, straight from plan_allocation: each classified as the higher of its pledge's and its
 * need's classification, embargoed until the later of their embargoes, owned by the pledge's donor.
 * `ids` are the new allocations' ids in seq order; `weekOf` names the arrival weeks; `decidedOn`
 * gives each pledge's decision day.
 */
export async function insertAllocationsFromRun(
  db: Executor,
  values: {
    readonly runId: string;
    readonly ids: readonly string[];
    readonly weeks: { readonly index: readonly number[]; readonly name: readonly string[] };
    readonly decidedOn: { readonly pledge: readonly string[]; readonly day: readonly string[] };
    readonly proposedOn: string;
    readonly decidedAt: Date;
    readonly actor: string;
  },
) {
  const { runId, ids, weeks, decidedOn, proposedOn, decidedAt, actor } = values;
  const result = await sql<Selectable<AllocationTable>>`
    WITH planned AS (
      SELECT pa.seq, pa.pledge_id, pa.need_id, pa.quantity, pa.arrival_week,
             row_number() OVER (ORDER BY pa.seq) AS n
        FROM plan_allocation pa
       WHERE pa.run_id = ${runId} AND pa.lot_kind = 'pledge' AND pa.need_id IS NOT NULL),
    ids AS (SELECT id, n FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS i (id, n)),
    weeks AS (SELECT * FROM unnest(${weeks.index}::int[], ${weeks.name}::text[]) AS w (arrival_week, week)),
    decided AS (SELECT * FROM unnest(${decidedOn.pledge}::uuid[], ${decidedOn.day}::date[]) AS d (pledge_id, day))
    INSERT INTO allocation (id, pledge_id, need_id, quantity, week, proposed_by, status, decided_at, decided_by,
                            classification, embargo_until, owner_org_id, created_by, updated_by,
                            proposed_on, decided_on)
    SELECT ids.id, planned.pledge_id, planned.need_id, planned.quantity, weeks.week, 'planner', 'accepted',
           ${decidedAt}::timestamptz, ${actor}, GREATEST(p.classification, n.classification),
           GREATEST(p.embargo_until, n.embargo_until), p.donor_org_id, ${actor}, ${actor},
           ${proposedOn}::date, decided.day
      FROM planned
      JOIN ids ON ids.n = planned.n
      JOIN weeks ON weeks.arrival_week = planned.arrival_week
      JOIN decided ON decided.pledge_id = planned.pledge_id
      JOIN pledge p ON p.id = planned.pledge_id
      JOIN need n ON n.id = planned.need_id
     ORDER BY planned.seq
    RETURNING *`.execute(db);
  return result.rows;
}

/** The quantity a run plans from forecast production and what-if supply (never accepted). */
export async function sumNonPledgeAllocations(db: Executor, runId: string): Promise<string> {
  const row = await db
    .selectFrom('plan_allocation')
    .select(sql<string>`coalesce(sum(quantity), 0)`.as('quantity'))
    .where('run_id', '=', runId)
    .where('lot_kind', '<>', 'pledge')
    .executeTakeFirstOrThrow();
  return row.quantity;
}

/** Locks the pledges a run allocates, in id order (the lock order of every allocation path). */
export async function lockRunPledges(db: Executor, runId: string) {
  return db
    .selectFrom('pledge')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('plan_allocation')
        .select('pledge_id')
        .where('run_id', '=', runId)
        .where('lot_kind', '=', 'pledge')
        .where('need_id', 'is not', null)
        .$narrowType<{ pledge_id: string }>(),
    )
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/** Locks the needs a run allocates to, in id order, after the pledges. */
export async function lockRunNeeds(db: Executor, runId: string) {
  return db
    .selectFrom('need')
    .selectAll()
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('plan_allocation')
        .select('need_id')
        .where('run_id', '=', runId)
        .where('lot_kind', '=', 'pledge')
        .$narrowType<{ need_id: string }>(),
    )
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/** Adds to pledges' allocated quantity and sets their status, in one statement; the rows after. */
export async function allocateFromPledges(
  db: Executor,
  changes: readonly { readonly id: string; readonly delta: string; readonly status: string }[],
  actor: string,
) {
  if (changes.length === 0) return [];
  const result = await sql<Selectable<PledgeTable>>`
    UPDATE pledge SET allocated_quantity = pledge.allocated_quantity + v.delta, status = v.status,
           version = pledge.version + 1, updated_at = now(), updated_by = ${actor}
      FROM unnest(${changes.map((c) => c.id)}::uuid[], ${changes.map((c) => c.delta)}::numeric[],
                  ${changes.map((c) => c.status)}::text[]) AS v (id, delta, status)
     WHERE pledge.id = v.id
    RETURNING pledge.*`.execute(db);
  return result.rows;
}

/** Adds to needs' allocated quantity (need_stage_bounds guards it), in one statement. */
export async function allocateToNeeds(
  db: Executor,
  changes: readonly { readonly id: string; readonly delta: string }[],
): Promise<void> {
  if (changes.length === 0) return;
  await sql`
    UPDATE need SET allocated_quantity = need.allocated_quantity + v.delta
      FROM unnest(${changes.map((c) => c.id)}::uuid[], ${changes.map((c) => c.delta)}::numeric[]) AS v (id, delta)
     WHERE need.id = v.id`.execute(db);
}

export async function insertPledgeTransitions(
  db: Executor,
  rows: readonly Omit<Insertable<PledgeTransitionTable>, 'at'>[],
): Promise<void> {
  // clock_timestamp() as the one-by-one path records it; rows in the given order.
  await insertByColumns(
    db,
    'pledge_transition',
    [
      ['id', 'uuid'],
      ['pledge_id', 'uuid'],
      ['action', 'text'],
      ['quantity', 'numeric'],
      ['from_status', 'text'],
      ['to_status', 'text'],
      ['source_id', 'uuid'],
      ['note', 'text'],
      ['actor', 'text'],
      ['effective_on', 'date'],
    ],
    rows,
    sql`clock_timestamp()`,
    'at',
  );
}

/** The day each pledge's latest step took effect (its recorded day when not given); pledges without a step are absent. */
export async function findLastStepDays(
  db: Executor,
  pledgeIds: readonly string[],
): Promise<Map<string, string>> {
  if (pledgeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('pledge_transition')
    .select([
      'pledge_id',
      sql<string>`max(COALESCE(effective_on, (at AT TIME ZONE 'UTC')::date))::text`.as('day'),
    ])
    .where('pledge_id', '=', sql<string>`ANY(${pledgeIds}::uuid[])`)
    .groupBy('pledge_id')
    .orderBy('pledge_id')
    .execute();
  return new Map(rows.map((row) => [row.pledge_id, row.day]));
}
