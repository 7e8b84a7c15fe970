import type { Kysely } from 'kysely';
import { aggregateGaps, type GapDimension } from '../../db/repositories/gap.repository.js';
import type { Database } from '../../db/schema.js';
import type { GapReport } from './gap.schema.js';

const NOTES: Record<GapDimension, string> = {
  category:
    'Quantities of different items are added as they are; compare within one item for units that agree.',
  item: 'Pledges with no need still count as pledged for their item.',
  region:
    'A pledge counts for the region of the need it answers; pledges made against no need have no region.',
  donor:
    'A donor’s needed and unmet figures cover the needs it pledged against; other donors’ pledges reduce unmet.',
};

/** Coverage as a percentage with one decimal; null when nothing is needed. */
export function coveragePct(needed: number, unmet: number): number | null {
  if (needed <= 0) return null;
  return Math.round(((needed - unmet) / needed) * 1000) / 10;
}

export type GapService = ReturnType<typeof createGapService>;

/** The first gap report: what is needed, pledged and still unmet, by category, item, region or donor. */
export function createGapService(deps: { db: Kysely<Database> }) {
  return {
    async report(
      by: GapDimension,
      scope: { category?: string; region_id?: string } = {},
    ): Promise<GapReport> {
      const rows = await aggregateGaps(deps.db, by, scope);
      return {
        by,
        groups: rows.map((row) => {
          const needed = Number(row.needed);
          const unmet = Number(row.unmet);
          return {
            key: row.key,
            label: row.label,
            unit: row.unit,
            needed,
            pledged: Number(row.pledged),
            unmet,
            coverage_pct: coveragePct(needed, unmet),
            need_count: Number(row.need_count),
            pledge_count: Number(row.pledge_count),
          };
        }),
        notes: ['Unmet is floored at zero per need before summing.', NOTES[by]],
      };
    },
  };
}
