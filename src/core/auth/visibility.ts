import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { currentActor } from '../../db/actor-context.js';
import { type Actor, type Classification, cleared } from './actor.js';

/**
 * Who may read a record (DESIGN.md, "Classification and visibility"): its owner organisation, the
 * organisations it names as parties, and otherwise whoever is cleared for its classification. A
 * public record under embargo counts as `coalition` until its embargo day (UTC), public from that
 * day on. Anonymous readers and analysts read public records only; the system reads everything.
 *
 * The same rule is enforced twice: here, in the service layer (`canRead` for a record in hand,
 * `visibilityCondition` and `visibleTables` for queries), and in PostgreSQL by the row-level
 * security of migration 0008, which every request runs under (src/db/connection.ts).
 */

/** What visibility depends on: the reader's organisation and clearance. */
export interface Reader {
  readonly orgId: string | null;
  readonly clearance: Classification;
}

/** The reader an actor reads as; null for the system, which visibility does not apply to. */
export function readerOf(actor: Actor | undefined): Reader | null {
  if (!actor || actor.kind === 'system') return null;
  if (actor.kind === 'anonymous' || actor.role === 'analyst') return { orgId: null, clearance: 'public' };
  return { orgId: actor.orgId, clearance: actor.clearance };
}

/** The reader of the current request (src/db/actor-context.ts); null outside any request. */
export function currentReader(): Reader | null {
  return readerOf(currentActor());
}

export interface VisibleFacts {
  readonly owner_org_id: string | null;
  readonly classification: Classification;
  readonly embargo_until: string | null;
  /** Organisations the record names: donor and recipient of a pledge, and so on. */
  readonly parties: readonly (string | null)[];
}

/** Today as 'YYYY-MM-DD' in UTC, the calendar embargoes are counted in. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The classification a reader who is neither owner nor party sees the record at. */
export function effectiveClassification(
  classification: Classification,
  embargoUntil: string | null,
  today: string = todayUtc(),
): Classification {
  return classification === 'public' && embargoUntil !== null && embargoUntil > today
    ? 'coalition'
    : classification;
}

/** The rule for one record in hand. */
export function canRead(actor: Actor | undefined, record: VisibleFacts, today: string = todayUtc()): boolean {
  const reader = readerOf(actor);
  if (reader === null) return true;
  if (reader.orgId !== null) {
    if (record.owner_org_id === reader.orgId) return true;
    if (record.parties.includes(reader.orgId)) return true;
  }
  return cleared(
    reader.clearance,
    effectiveClassification(record.classification, record.embargo_until, today),
  );
}

/** Tables whose rows carry owner_org_id, classification and embargo_until. */
export const RECORD_TABLES = [
  'organisation',
  'region',
  'item',
  'event',
  'need',
  'pledge',
  'source',
  'allocation',
  'shipment',
  'receipt',
  'incident',
  'need_rule',
  'production_line',
  'material',
  'material_input',
  'consumption_profile',
  'hub',
  'item_bundle',
  'plan_run',
  'grid_asset',
  'repair_project',
  'money_pledge',
  'fund_allocation',
] as const;
export type VisibleRecordTable = (typeof RECORD_TABLES)[number];

/** Rows that belong to a record and are visible with it (the parent's condition, by foreign key). */
const CHILD_TABLES = {
  pledge_transition: [{ parent: 'pledge', key: 'pledge_id' }],
  shipment_line: [{ parent: 'shipment', key: 'shipment_id' }],
  receipt_line: [{ parent: 'receipt', key: 'receipt_id' }],
  source_link: [{ parent: 'source', key: 'source_id' }],
  duplicate_flag: [
    { parent: 'pledge', key: 'entity_id' },
    { parent: 'pledge', key: 'other_id' },
  ],
  lead_time: [{ parent: 'hub', key: 'hub_id' }],
  plan_allocation: [{ parent: 'plan_run', key: 'run_id' }],
  plan_need_result: [{ parent: 'plan_run', key: 'run_id' }],
  plan_lot_result: [{ parent: 'plan_run', key: 'run_id' }],
  grid_asset_status: [{ parent: 'grid_asset', key: 'asset_id' }],
  money_pledge_transition: [{ parent: 'money_pledge', key: 'money_pledge_id' }],
  repair_milestone: [{ parent: 'repair_project', key: 'repair_project_id' }],
  repair_project_asset: [
    { parent: 'repair_project', key: 'repair_project_id' },
    { parent: 'grid_asset', key: 'asset_id' },
  ],
  repair_equipment: [
    { parent: 'repair_project', key: 'repair_project_id' },
    { parent: 'need', key: 'need_id' },
  ],
} as const satisfies Record<string, readonly { parent: VisibleRecordTable; key: string }[]>;
export type VisibleChildTable = keyof typeof CHILD_TABLES;

/**
 * Whether the reader is a party of the row `alias` of `table`. Parties held in other tables
 * (allocation, shipment, receipt) come from the functions of migration 0008, which read them
 * whatever the reader may see of the pledges and needs they come from.
 */
function partyCondition(table: VisibleRecordTable, alias: string, orgId: string): RawBuilder<SqlBool> | null {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const org = sql`${orgId}::uuid`;
  switch (table) {
    case 'organisation':
      return sql<SqlBool>`${col('id')} = ${org}`;
    case 'need':
      return sql<SqlBool>`${col('recipient_org_id')} = ${org}`;
    case 'pledge':
      return sql<SqlBool>`(${col('donor_org_id')} = ${org} OR ${col('recipient_org_id')} = ${org})`;
    case 'allocation':
      return sql<SqlBool>`${org} = ANY (aidgrid_allocation_parties(${col('pledge_id')}, ${col('need_id')}))`;
    case 'shipment':
      return sql<SqlBool>`${org} = ANY (aidgrid_shipment_parties(${col('id')}))`;
    case 'receipt':
      return sql<SqlBool>`${org} = ANY (aidgrid_receipt_parties(${col('shipment_id')}, ${col('received_by_org_id')}))`;
    case 'grid_asset':
      return sql<SqlBool>`${col('operator_org_id')} = ${org}`;
    case 'money_pledge':
      return sql<SqlBool>`(${col('donor_org_id')} = ${org} OR ${col('fund_org_id')} = ${org})`;
    case 'fund_allocation':
      return sql<SqlBool>`${col('fund_org_id')} = ${org}`;
    default:
      return null;
  }
}

/** The classification condition alone: levels at or below the clearance, embargoes counted. */
function clearanceCondition(alias: string, clearance: Classification): RawBuilder<SqlBool> {
  const cls = sql.ref(`${alias}.classification`);
  const embargo = sql.ref(`${alias}.embargo_until`);
  switch (clearance) {
    case 'restricted':
      return sql<SqlBool>`true`;
    case 'coalition':
      // An embargoed public record counts as coalition, which this reader sees anyway.
      return sql<SqlBool>`${cls} IN ('public', 'coalition')`;
    case 'public':
      return sql<SqlBool>`(${cls} = 'public' AND (${embargo} IS NULL OR ${embargo} <= (now() AT TIME ZONE 'UTC')::date))`;
  }
}

/** The rule as a WHERE condition on the row `alias` of a record table; `true` for the system. */
export function visibilityCondition(
  table: VisibleRecordTable,
  reader: Reader | null,
  alias: string = table,
): RawBuilder<SqlBool> {
  if (reader === null) return sql<SqlBool>`true`;
  const conditions = [clearanceCondition(alias, reader.clearance)];
  if (reader.orgId !== null) {
    conditions.unshift(sql<SqlBool>`${sql.ref(`${alias}.owner_org_id`)} = ${reader.orgId}::uuid`);
    const party = partyCondition(table, alias, reader.orgId);
    if (party) conditions.push(party);
  }
  return sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`;
}

/** The condition for a row that belongs to records: every parent it names is visible. */
export function childVisibilityCondition(
  table: VisibleChildTable,
  reader: Reader | null,
  alias: string = table,
): RawBuilder<SqlBool> {
  if (reader === null) return sql<SqlBool>`true`;
  const parts = CHILD_TABLES[table].map(({ parent, key }, index) => {
    const parentAlias = `vp${index}`;
    return sql<SqlBool>`EXISTS (SELECT 1 FROM ${sql.table(`public.${parent}`)} AS ${sql.id(parentAlias)}
      WHERE ${sql.ref(`${parentAlias}.id`)} = ${sql.ref(`${alias}.${key}`)}
      AND ${visibilityCondition(parent, reader, parentAlias)})`;
  });
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/**
 * Common table expressions that shadow every record and child table by the rows the reader may
 * see, for the aggregate queries written in SQL: `WITH ${visibleTables(reader)} …` makes `pledge`,
 * `need`, `shipment_line`… in the rest of the query mean the visible rows only, so a total can
 * never include a row its reader may not see. Ends with a comma when not empty; empty for the
 * system, so the query reads the tables themselves.
 */
export function visibleTables(reader: Reader | null): RawBuilder<unknown> {
  if (reader === null) return sql``;
  const shadows = [
    ...RECORD_TABLES.map(
      (table) =>
        sql`${sql.id(table)} AS NOT MATERIALIZED (SELECT * FROM ${sql.table(`public.${table}`)} AS ${sql.id(table)}
          WHERE ${visibilityCondition(table, reader)})`,
    ),
    ...(Object.keys(CHILD_TABLES) as VisibleChildTable[]).map(
      (table) =>
        sql`${sql.id(table)} AS NOT MATERIALIZED (SELECT * FROM ${sql.table(`public.${table}`)} AS ${sql.id(table)}
          WHERE ${childVisibilityCondition(table, reader)})`,
    ),
  ];
  return sql`${sql.join(shadows, sql`, `)}, `;
}

/** `WITH <visible tables>` for a query that has no WITH of its own; empty for the system. */
export function withVisibleTables(reader: Reader | null): RawBuilder<unknown> {
  if (reader === null) return sql``;
  const shadows = visibleTables(reader);
  // Drop the trailing comma by ending the list with a harmless table of no rows.
  return sql`WITH ${shadows} aidgrid_no_rows AS (SELECT 1 WHERE false) `;
}
