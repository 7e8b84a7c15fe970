import type { Classification } from '../schema.js';
import type { Executor } from './record.repository.js';

/*
 * Who a record's parties are, for the permission checks of src/api/plugins/permissions.ts: the
 * organisations that may act on the record besides a coordinator (the donor of a pledge, the
 * recipient a shipment goes to, the manufacturer of a production line). One query per relation;
 * each answers undefined when the record does not exist, or is not visible to the reader under
 * row-level security.
 */

export interface PartyRecord {
  readonly owner_org_id: string | null;
  readonly classification: Classification;
  /** The organisations the relation names, without duplicates or nulls. */
  readonly parties: readonly string[];
}

type Row = { owner_org_id: string | null; classification: Classification; party: string | null };

function collect(rows: readonly Row[]): PartyRecord | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const parties = [...new Set(rows.map((row) => row.party).filter((org): org is string => org !== null))];
  return { owner_org_id: first.owner_org_id, classification: first.classification, parties };
}

/** The donor of a pledge. */
export async function findPledgeDonor(db: Executor, id: string) {
  const rows = await db
    .selectFrom('pledge')
    .select(['owner_org_id', 'classification', 'donor_org_id as party'])
    .where('id', '=', id)
    .execute();
  return collect(rows);
}

/** The recipients of a pledge: the one it names, the recipient of its need and of every need it is allocated to. */
export async function findPledgeRecipients(db: Executor, id: string) {
  const rows = await db
    .selectFrom('pledge')
    .leftJoin('need as named_need', 'named_need.id', 'pledge.need_id')
    .leftJoin('allocation', 'allocation.pledge_id', 'pledge.id')
    .leftJoin('need as allocated_need', 'allocated_need.id', 'allocation.need_id')
    .select([
      'pledge.owner_org_id',
      'pledge.classification',
      'pledge.recipient_org_id',
      'named_need.recipient_org_id as named_recipient',
      'allocated_need.recipient_org_id as allocated_recipient',
    ])
    .where('pledge.id', '=', id)
    .orderBy('allocation.id')
    .execute();
  return collect(
    rows.flatMap((row) =>
      [row.recipient_org_id, row.named_recipient, row.allocated_recipient].map((party) => ({
        owner_org_id: row.owner_org_id,
        classification: row.classification,
        party,
      })),
    ),
  );
}

/** The donor of the pledge an allocation draws on. */
export async function findAllocationDonor(db: Executor, id: string) {
  const rows = await db
    .selectFrom('allocation')
    .innerJoin('pledge', 'pledge.id', 'allocation.pledge_id')
    .select(['allocation.owner_org_id', 'allocation.classification', 'pledge.donor_org_id as party'])
    .where('allocation.id', '=', id)
    .execute();
  return collect(rows);
}

/** The recipient that posted a need. */
export async function findNeedRecipient(db: Executor, id: string) {
  const rows = await db
    .selectFrom('need')
    .select(['owner_org_id', 'classification', 'recipient_org_id as party'])
    .where('id', '=', id)
    .execute();
  return collect(rows);
}

/** Who ships a consignment: its owner (the donor or its logistics agent) and the donors of its lines' pledges. */
export async function findShipmentDonors(db: Executor, id: string) {
  const rows = await db
    .selectFrom('shipment')
    .leftJoin('shipment_line', 'shipment_line.shipment_id', 'shipment.id')
    .leftJoin('pledge', 'pledge.id', 'shipment_line.pledge_id')
    .select(['shipment.owner_org_id', 'shipment.classification', 'pledge.donor_org_id'])
    .where('shipment.id', '=', id)
    .orderBy('shipment_line.id')
    .execute();
  return collect(
    rows.flatMap((row) =>
      [row.owner_org_id, row.donor_org_id].map((party) => ({
        owner_org_id: row.owner_org_id,
        classification: row.classification,
        party,
      })),
    ),
  );
}

/** Who a consignment goes to: the recipients of the needs its lines serve. */
export async function findShipmentRecipients(db: Executor, id: string) {
  const rows = await db
    .selectFrom('shipment')
    .leftJoin('shipment_line', 'shipment_line.shipment_id', 'shipment.id')
    .leftJoin('need', 'need.id', 'shipment_line.need_id')
    .select(['shipment.owner_org_id', 'shipment.classification', 'need.recipient_org_id as party'])
    .where('shipment.id', '=', id)
    .orderBy('shipment_line.id')
    .execute();
  return collect(rows);
}

/** The manufacturer of a production line: the organisation it names, or else the one that owns it. */
export async function findProductionLineManufacturer(db: Executor, id: string) {
  const rows = await db
    .selectFrom('production_line')
    .select(['owner_org_id', 'classification', 'manufacturer_org_id', 'owner_org_id as owner'])
    .where('id', '=', id)
    .execute();
  return collect(
    rows.map((row) => ({
      owner_org_id: row.owner_org_id,
      classification: row.classification,
      party: row.manufacturer_org_id ?? row.owner,
    })),
  );
}

/** Records whose only party is the organisation that owns them. */
export type OwnedTable =
  | 'incident'
  | 'source'
  | 'material'
  | 'material_input'
  | 'consumption_profile'
  | 'grid_asset'
  | 'repair_project'
  | 'money_pledge'
  | 'fund_allocation';

/** The organisation that owns a record of one of the owned tables. */
export async function findRecordOwner(db: Executor, table: OwnedTable, id: string) {
  const rows = await db
    .selectFrom(table)
    .select(['owner_org_id', 'classification', 'owner_org_id as party'])
    .where('id', '=', id)
    .execute();
  return collect(rows as Row[]);
}
