import { type Insertable, sql } from 'kysely';
import { Conflict } from '../../core/errors.js';
import type {
  AllocationTable,
  ConsumptionProfileTable,
  EnergyDependencyTable,
  EventTable,
  IncidentTable,
  ItemTable,
  MaterialInputTable,
  MaterialTable,
  NeedRuleTable,
  NeedTable,
  OrganisationTable,
  PledgeTable,
  PledgeTransitionTable,
  ProductionLineTable,
  ReceiptLineTable,
  ReceiptTable,
  RegionFirstFrostTable,
  RegionTable,
  ShipmentLineTable,
  ShipmentTable,
  SourceLinkTable,
  SourceTable,
} from '../schema.js';
import { insertAuditEntry } from './audit.repository.js';
import type { Executor } from './record.repository.js';

/** Every column a bulk load sets, required, so that a forgotten column is a compile error. */
type Full<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
type LoadRow<T> = Full<
  Omit<Insertable<T>, 'created_at' | 'updated_at' | 'version' | 'embargo_until' | 'useful_until'>
>;

export type OrganisationLoadRow = LoadRow<OrganisationTable>;
export type RegionLoadRow = LoadRow<RegionTable> & { population: number | null };
export type ItemLoadRow = LoadRow<ItemTable>;
export type EventLoadRow = LoadRow<EventTable>;
/** Valuations are derived by the money code (revaluePledges) after a load; hub_id is set by the logistics step. */
type DerivedPledgeColumns = 'value_eur' | 'value_fx_rate' | 'value_fx_rate_on' | 'price_list_eur' | 'hub_id';
type StageColumns<T extends string> = { [K in T]: number };
/** A need with its stage quantities: allocated (accepted allocations) and met (received). */
/** Columns only derivation sets; hand-entered needs leave them out. */
type DerivedNeedColumns =
  | 'incident_id'
  | 'rule_id'
  | 'rule_version'
  | 'derivation'
  | 'needs_review'
  | 'review_reason'
  | 'bundle_lead_need_id';
/** Set by imports only (migration 0022); the demo loads none. */
type ImportColumns = 'external_id' | 'import_id';
export type NeedLoadRow = Omit<
  LoadRow<NeedTable>,
  'quantity' | 'allocated_quantity' | 'met_quantity' | DerivedNeedColumns | ImportColumns
> & {
  quantity: number;
} & StageColumns<'allocated_quantity' | 'met_quantity'> &
  Partial<Pick<LoadRow<NeedTable>, DerivedNeedColumns>>;
/** A pledge with every stage quantity; its status is the furthest stage reached, or cancelled / expired. */
export type PledgeLoadRow = Omit<
  LoadRow<PledgeTable>,
  | DerivedPledgeColumns
  | ImportColumns
  | 'quantity'
  | 'committed_quantity'
  | 'allocated_quantity'
  | 'shipped_quantity'
  | 'delivered_quantity'
  | 'in_service_quantity'
> &
  Partial<Pick<LoadRow<PledgeTable>, DerivedPledgeColumns>> & { quantity: number } & StageColumns<
    | 'committed_quantity'
    | 'allocated_quantity'
    | 'shipped_quantity'
    | 'delivered_quantity'
    | 'in_service_quantity'
  >;
export type AllocationLoadRow = Omit<
  LoadRow<AllocationTable>,
  'quantity' | 'shipped_quantity' | 'delivered_quantity' | 'decided_at'
> & {
  quantity: number;
  decided_at: string | null;
} & StageColumns<'shipped_quantity' | 'delivered_quantity'>;
export type ShipmentLoadRow = LoadRow<ShipmentTable>;
export type ShipmentLineLoadRow = Omit<LoadRow<ShipmentLineTable>, 'quantity' | 'received_quantity'> &
  StageColumns<'quantity' | 'received_quantity'>;
export type ReceiptLoadRow = LoadRow<ReceiptTable>;
export type ReceiptLineLoadRow = Omit<LoadRow<ReceiptLineTable>, 'quantity'> & { quantity: number };
export type PledgeTransitionLoadRow = Omit<LoadRow<PledgeTransitionTable>, 'quantity' | 'at'> & {
  quantity: number;
  at: string;
};
export type SourceLoadRow = LoadRow<SourceTable>;
export type SourceLinkLoadRow = LoadRow<SourceLinkTable>;

/** Allocations, shipments, receipts and pledge history, in dependency order (after their pledges and needs). */
export async function insertLifecycle(trx: Executor, lifecycle: LifecycleLoadRows): Promise<void> {
  for (const chunk of chunks(lifecycle.allocations))
    await trx.insertInto('allocation').values(chunk).execute();
  for (const chunk of chunks(lifecycle.shipments)) await trx.insertInto('shipment').values(chunk).execute();
  for (const chunk of chunks(lifecycle.shipment_lines))
    await trx.insertInto('shipment_line').values(chunk).execute();
  for (const chunk of chunks(lifecycle.receipts)) await trx.insertInto('receipt').values(chunk).execute();
  for (const chunk of chunks(lifecycle.receipt_lines))
    await trx.insertInto('receipt_line').values(chunk).execute();
  for (const chunk of chunks(lifecycle.pledge_transitions))
    await trx.insertInto('pledge_transition').values(chunk).execute();
}

/** Rows of a data set to load in one go, keyed by table. */
export interface LoadRows {
  readonly organisations: readonly OrganisationLoadRow[];
  readonly regions: readonly RegionLoadRow[];
  readonly items: readonly ItemLoadRow[];
  readonly events: readonly EventLoadRow[];
  readonly needs: readonly NeedLoadRow[];
  readonly pledges: readonly PledgeLoadRow[];
  readonly sources: readonly SourceLoadRow[];
  readonly source_links: readonly SourceLinkLoadRow[];
}

/** What happened to the pledges after they were made: allocations, shipments, receipts, history. */
export interface LifecycleLoadRows {
  readonly allocations: readonly AllocationLoadRow[];
  readonly shipments: readonly ShipmentLoadRow[];
  readonly shipment_lines: readonly ShipmentLineLoadRow[];
  readonly receipts: readonly ReceiptLoadRow[];
  readonly receipt_lines: readonly ReceiptLineLoadRow[];
  readonly pledge_transitions: readonly PledgeTransitionLoadRow[];
}

/** Rows inserted per table name (a type alias, so it also reads as a Record<string, number>). */
export type LoadCounts = {
  readonly organisation: number;
  readonly region: number;
  readonly item: number;
  readonly event: number;
  readonly need: number;
  readonly pledge: number;
  readonly source: number;
  readonly source_link: number;
  readonly allocation: number;
  readonly shipment: number;
  readonly shipment_line: number;
  readonly receipt: number;
  readonly receipt_line: number;
  readonly pledge_transition: number;
};

/**
 * Rows per INSERT. The widest table (pledge) has 28 columns, so a chunk binds fewer than 15,000
 * parameters, well below PostgreSQL's limit of 65,535 per statement.
 */
const CHUNK_SIZE = 500;
/** Arbitrary constant: serialises concurrent demo loads (two aidgrid processes starting at once). */
const DEMO_LOAD_LOCK_KEY = 7_346_512_002;
const PG_UNIQUE_VIOLATION = '23505';

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) yield rows.slice(start, start + CHUNK_SIZE);
}

/** Orders organisations so that each parent comes before its children (the foreign key needs it). */
function parentsFirst(rows: readonly OrganisationLoadRow[]): OrganisationLoadRow[] {
  const ids = new Set(rows.map((row) => row.id));
  const placed = new Set<string>();
  const ordered: OrganisationLoadRow[] = [];
  let pending = [...rows];
  while (pending.length > 0) {
    const ready = pending.filter(
      (row) => !row.parent_id || !ids.has(row.parent_id) || placed.has(row.parent_id),
    );
    if (ready.length === 0) throw new Error('organisation parents form a cycle');
    for (const row of ready) {
      ordered.push(row);
      placed.add(row.id);
    }
    pending = pending.filter((row) => !placed.has(row.id));
  }
  return ordered;
}

/** Holds the demo-load lock until the transaction ends. */
/**
 * Refreshes the planner statistics of every table after a bulk load: without them PostgreSQL plans
 * the visibility-filtered figure queries for empty tables, and a report over the fresh demo takes
 * tens of seconds instead of well under one.
 */
export async function analyzeAfterBulkLoad(db: Executor): Promise<void> {
  await sql`ANALYZE`.execute(db);
}

export async function lockDemoLoad(trx: Executor): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${DEMO_LOAD_LOCK_KEY})`.execute(trx);
}

const NO_LIFECYCLE: LifecycleLoadRows = {
  allocations: [],
  shipments: [],
  shipment_lines: [],
  receipts: [],
  receipt_lines: [],
  pledge_transitions: [],
};

/**
 * Inserts a whole data set in dependency order, in chunks, plus one audit entry for the load; the
 * lifecycle rows (allocations, shipments, receipts, pledge history) only when given. Call it inside
 * a transaction: a failure part-way leaves the inserted chunks behind otherwise.
 */
export async function insertScenario(
  trx: Executor,
  rows: LoadRows,
  lifecycle: LifecycleLoadRows = NO_LIFECYCLE,
): Promise<LoadCounts> {
  try {
    for (const chunk of chunks(parentsFirst(rows.organisations))) {
      await trx.insertInto('organisation').values(chunk).execute();
    }
    for (const chunk of chunks(rows.regions)) await trx.insertInto('region').values(chunk).execute();
    for (const chunk of chunks(rows.items)) await trx.insertInto('item').values(chunk).execute();
    for (const chunk of chunks(rows.events)) await trx.insertInto('event').values(chunk).execute();
    for (const chunk of chunks(rows.needs)) await trx.insertInto('need').values(chunk).execute();
    for (const chunk of chunks(rows.pledges)) await trx.insertInto('pledge').values(chunk).execute();
    for (const chunk of chunks(rows.sources)) await trx.insertInto('source').values(chunk).execute();
    for (const chunk of chunks(rows.source_links))
      await trx.insertInto('source_link').values(chunk).execute();
    await insertLifecycle(trx, lifecycle);
  } catch (error) {
    const pgError = error as { code?: string; detail?: string; table?: string };
    if (pgError.code === PG_UNIQUE_VIOLATION) {
      throw Conflict(
        'demo_conflict',
        `the demo data clashes with a ${pgError.table ?? 'record'} already in the database${pgError.detail ? ` (${pgError.detail})` : ''}`,
      );
    }
    throw error;
  }
  const counts: LoadCounts = {
    organisation: rows.organisations.length,
    region: rows.regions.length,
    item: rows.items.length,
    event: rows.events.length,
    need: rows.needs.length,
    pledge: rows.pledges.length,
    source: rows.sources.length,
    source_link: rows.source_links.length,
    allocation: lifecycle.allocations.length,
    shipment: lifecycle.shipments.length,
    shipment_line: lifecycle.shipment_lines.length,
    receipt: lifecycle.receipts.length,
    receipt_line: lifecycle.receipt_lines.length,
    pledge_transition: lifecycle.pledge_transitions.length,
  };
  await insertAuditEntry(trx, {
    actor: 'demo',
    action: 'load',
    entity_type: 'demo',
    entity_id: null,
    before: null,
    after: counts,
  });
  return counts;
}

export interface RecordCounts {
  readonly organisations: number;
  readonly needs: number;
  readonly pledges: number;
}

/** How many organisations, needs and pledges the database holds. */
export async function countRecords(db: Executor): Promise<RecordCounts> {
  const result = await sql<{ organisations: string; needs: string; pledges: string }>`
    SELECT (SELECT count(*) FROM organisation) AS organisations,
           (SELECT count(*) FROM need) AS needs,
           (SELECT count(*) FROM pledge) AS pledges`.execute(db);
  const row = result.rows[0];
  return {
    organisations: Number(row?.organisations ?? 0),
    needs: Number(row?.needs ?? 0),
    pledges: Number(row?.pledges ?? 0),
  };
}

/** Rows of the strike waves: extra items, rules, frost dates, incidents, derived needs, links. */
export interface StrikeLoadRows {
  readonly items: readonly ItemLoadRow[];
  readonly need_rules: readonly Full<
    Omit<Insertable<NeedRuleTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
  >[];
  readonly first_frost: readonly Full<Omit<Insertable<RegionFirstFrostTable>, 'updated_at'>>[];
  readonly incidents: readonly Full<
    Omit<Insertable<IncidentTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
  >[];
  readonly needs: readonly NeedLoadRow[];
  readonly source_links: readonly SourceLinkLoadRow[];
}

/** Inserts the strike waves in dependency order; call it in the demo load's transaction. */
export async function insertStrikeScenario(trx: Executor, rows: StrikeLoadRows) {
  for (const chunk of chunks(rows.items)) await trx.insertInto('item').values(chunk).execute();
  for (const chunk of chunks(rows.need_rules)) await trx.insertInto('need_rule').values(chunk).execute();
  for (const chunk of chunks(rows.first_frost))
    await trx.insertInto('region_first_frost').values(chunk).execute();
  for (const chunk of chunks(rows.incidents)) await trx.insertInto('incident').values(chunk).execute();
  for (const chunk of chunks(rows.needs)) await trx.insertInto('need').values(chunk).execute();
  for (const chunk of chunks(rows.source_links)) await trx.insertInto('source_link').values(chunk).execute();
  return {
    item: rows.items.length,
    need_rule: rows.need_rules.length,
    region_first_frost: rows.first_frost.length,
    incident: rows.incidents.length,
    need: rows.needs.length,
    source_link: rows.source_links.length,
  };
}

/** Production lines, materials, the input graph and consumption: the demo's capacity rows. */
export interface CapacityLoadRows {
  readonly production_lines: readonly Full<
    Omit<Insertable<ProductionLineTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
  >[];
  readonly materials: readonly Full<
    Omit<Insertable<MaterialTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
  >[];
  readonly inputs: readonly Full<
    Omit<Insertable<MaterialInputTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
  >[];
  readonly consumption_profiles: readonly Full<
    Omit<Insertable<ConsumptionProfileTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
  >[];
  readonly needs: readonly NeedLoadRow[];
  readonly energy_dependencies: readonly Omit<Insertable<EnergyDependencyTable>, 'updated_at'>[];
}

/** Inserts the capacity rows in dependency order; call it in the demo load's transaction. */
export async function insertCapacityScenario(trx: Executor, rows: CapacityLoadRows) {
  for (const chunk of chunks(rows.production_lines))
    await trx.insertInto('production_line').values(chunk).execute();
  for (const chunk of chunks(rows.materials)) await trx.insertInto('material').values(chunk).execute();
  // Edges between materials only point at materials already inserted above.
  for (const chunk of chunks(rows.inputs)) await trx.insertInto('material_input').values(chunk).execute();
  for (const chunk of chunks(rows.consumption_profiles))
    await trx.insertInto('consumption_profile').values(chunk).execute();
  for (const chunk of chunks(rows.needs)) await trx.insertInto('need').values(chunk).execute();
  for (const chunk of chunks(rows.energy_dependencies))
    await trx.insertInto('energy_dependency').values(chunk).execute();
  return {
    production_line: rows.production_lines.length,
    material: rows.materials.length,
    material_input: rows.inputs.length,
    consumption_profile: rows.consumption_profiles.length,
    need: rows.needs.length,
    energy_dependency: rows.energy_dependencies.length,
  };
}
