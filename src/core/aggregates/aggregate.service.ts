import type { Kysely } from 'kysely';
import {
  type CellDifferenceRow,
  type CellKind,
  countCells,
  findCellDifferences,
  rebuildCells,
} from '../../db/repositories/aggregate.repository.js';
import type { Database } from '../../db/schema.js';

/** How many differing cells `verify` lists (all are found; the first names the failure). */
const DIFFERENCES_LISTED = 20;

/** What each kind of fact is called in a message. */
const KIND_NAMES: Record<CellKind, string> = {
  need: 'needs',
  pledged: 'pledges announced',
  committed: 'pledges committed',
  allocated: 'allocations',
  shipped: 'shipments',
  delivered: 'receipts (delivered)',
};

export interface CellDifference {
  readonly kind: CellKind;
  readonly key: {
    readonly item: { readonly id: string; readonly name: string | null };
    readonly region: { readonly id: string; readonly name: string | null } | null;
    readonly donor: { readonly id: string; readonly name: string | null } | null;
    readonly event: { readonly id: string; readonly name: string | null } | null;
    readonly week: string | null;
    /** The visibility tuples of the cell's key, or 'public' for rows everyone sees. */
    readonly visibility: string;
  };
  readonly stored: { quantity: string; eur: string; count: number; unvalued: number };
  readonly recomputed: { quantity: string; eur: string; count: number; unvalued: number };
  /** One line: `cell needs · item … · region … · week 2022-W47: stored 120, recomputed 150`. */
  readonly summary: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  /** Cells stored (a key counted once however many shards it has). */
  readonly cells: number;
  /** The first differing cells, in key order; empty when every cell is exact. */
  readonly differences: CellDifference[];
  readonly summary: string;
}

function describe(row: CellDifferenceRow): CellDifference {
  const named = (id: string | null, name: string | null) => (id === null ? null : { id, name });
  const parts = [`cell ${KIND_NAMES[row.kind]}`, `item ${row.item ?? row.item_id}`];
  if (row.region_id) parts.push(`region ${row.region ?? row.region_id}`);
  if (row.donor_org_id) parts.push(`donor ${row.donor ?? row.donor_org_id}`);
  if (row.event_id) parts.push(`event ${row.event ?? row.event_id}`);
  if (row.week) parts.push(`week ${row.week}`);
  parts.push(`visibility ${row.visibility}`);
  // The measure that differs, quantity first.
  const measures = [
    ['', row.stored_quantity, row.recomputed_quantity],
    ['EUR ', row.stored_eur, row.recomputed_eur],
    ['count ', row.stored_count, row.recomputed_count],
    ['unvalued ', row.stored_unvalued, row.recomputed_unvalued],
  ] as const;
  const [label, stored, recomputed] =
    measures.find(([, a, b]) => Number(a) !== Number(b)) ?? (measures[0] as (typeof measures)[number]);
  return {
    kind: row.kind,
    key: {
      item: { id: row.item_id, name: row.item },
      region: named(row.region_id, row.region),
      donor: named(row.donor_org_id, row.donor),
      event: named(row.event_id, row.event),
      week: row.week,
      visibility: row.visibility,
    },
    stored: {
      quantity: row.stored_quantity,
      eur: row.stored_eur,
      count: Number(row.stored_count),
      unvalued: Number(row.stored_unvalued),
    },
    recomputed: {
      quantity: row.recomputed_quantity,
      eur: row.recomputed_eur,
      count: Number(row.recomputed_count),
      unvalued: Number(row.recomputed_unvalued),
    },
    summary: `${parts.join(' · ')}: stored ${label}${stored}, recomputed ${label}${recomputed}`,
  };
}

export type AggregateService = ReturnType<typeof createAggregateService>;

/** The aggregate cells' upkeep: rebuild from the rows, and verify against a full recomputation. */
export function createAggregateService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    /** Recomputes every cell from the rows in one transaction; the number of cells. */
    async rebuild(): Promise<{ cells: number }> {
      const cells = await db.transaction().execute((trx) => rebuildCells(trx));
      return { cells };
    },

    /** Compares every stored cell with a recomputation from the rows (one snapshot). */
    async verify(): Promise<VerifyResult> {
      const [rows, cells] = await db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(
          async (trx) => [await findCellDifferences(trx, DIFFERENCES_LISTED), await countCells(trx)] as const,
        );
      const differences = rows.map(describe);
      const first = differences[0];
      return {
        ok: first === undefined,
        cells,
        differences,
        summary: first
          ? `aggregate cells differ from the rows (${differences.length === DIFFERENCES_LISTED ? `at least ${DIFFERENCES_LISTED}` : differences.length} cells); first: ${first.summary}`
          : `aggregate cells verified: ${cells} cells equal a recomputation from the rows`,
      };
    },
  };
}
