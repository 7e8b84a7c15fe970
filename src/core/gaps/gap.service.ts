import type { Kysely } from 'kysely';
import {
  aggregateGaps,
  aggregateWeekly,
  findGroupLabel,
  findWeeklySpan,
  type GapDimension,
  type GapFigureRow,
  totalGaps,
} from '../../db/repositories/gap.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader } from '../auth/visibility.js';
import { DomainError, NotFound } from '../errors.js';
import { addWeeks, isIsoWeek, isoWeekOf, mondayOfIsoWeek, weeksBetween } from '../reports/iso-week.js';
import { type Clock, systemClock } from '../shared/clock.js';
import type { GapReport, GapTotals, GapWeeklyReport } from './gap.schema.js';

/** The longest weekly series the API answers: five years. */
export const MAX_WEEKS = 261;

const COMMON_NOTES = [
  'Unmet is floored at zero per need before summing: a need counts as covered by what was pledged against it or allocated to it, whichever is more.',
  'Cancelled needs and cancelled or expired pledges do not count.',
  'Stages: committed, allocated (accepted allocations), shipped and delivered (received at destination). In every group delivered ≤ shipped ≤ allocated ≤ committed, because each pledge keeps that order and a group adds whole pledges or parts that keep it.',
];

const NOTES: Record<GapDimension, readonly string[]> = {
  category: [
    'Quantities of different items are added as they are; compare within one item for units that agree.',
    'The groups add up to the totals, figure by figure; the totals add different units.',
  ],
  item: [
    'Pledges with no need still count as pledged for their item.',
    'The groups add up to the totals, figure by figure; the totals add different units.',
  ],
  region: [
    'A pledge is placed where it goes: each accepted allocation in the region of its need (allocated, shipped, delivered, and the same quantity as committed and pledged), and the rest of the pledge — max(0, committed − allocated) and max(0, quantity − allocated) — in the region of the need it was pledged against. So committed by region is never below allocated.',
    'What is pledged against no need and not yet allocated sits in the group "No region yet".',
    'Needed, unmet and the stage figures of the groups add up to the totals; a pledge allocated to several regions counts in each region’s pledge count.',
  ],
  donor: [
    'A donor’s needed and unmet figures cover the needs it pledged against or is allocated to; other donors’ pledges reduce unmet. A need shared by several donors counts in each, so needed and unmet do not add up over donors — the totals count every need once, including needs no donor has answered.',
    'Pledged, committed, allocated, shipped, delivered and the pledge count add up to the totals: every pledge has exactly one donor. The gap between committed and delivered is the promise not yet kept.',
  ],
};

const WEEKLY_NOTES = [
  'Cumulative by ISO week (Monday to Sunday); what happened before the first week counts in it.',
  'Needed counts by the week of needed_by; pledged by the week of announced_on; committed counts a pledge’s whole committed quantity from the week of its first commit transition, or of its announcement when it has no recorded history; delivered by the receipt date of each receipt line.',
  'Cancelled needs and cancelled or expired pledges do not count, as in the gap report, so the last week’s committed and delivered match the report for the same group.',
];

/** Coverage as a percentage with one decimal; null when nothing is needed. */
export function coveragePct(needed: number, unmet: number): number | null {
  if (needed <= 0) return null;
  return Math.round(((needed - unmet) / needed) * 1000) / 10;
}

function figuresOf(row: GapFigureRow): GapTotals {
  const needed = Number(row.needed);
  const unmet = Number(row.unmet);
  return {
    needed,
    pledged: Number(row.pledged),
    committed: Number(row.committed),
    allocated: Number(row.allocated),
    shipped: Number(row.shipped),
    delivered: Number(row.delivered),
    unmet,
    coverage_pct: coveragePct(needed, unmet),
    need_count: Number(row.need_count),
    pledge_count: Number(row.pledge_count),
  };
}

function invalidQuery(field: string, message: string): DomainError {
  return new DomainError('validation_failed', 400, `${field} ${message}`, [{ field, message }]);
}

export interface WeeklyOptions {
  by?: GapDimension | undefined;
  key?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type GapService = ReturnType<typeof createGapService>;

/** The gap report: what is needed, pledged, committed, allocated, shipped, delivered and still unmet. */
export function createGapService(deps: { db: Kysely<Database>; clock?: Clock }) {
  // Every figure covers only the records the reader of the request may see (visibility.ts).
  const { db } = deps;
  return {
    async report(
      by: GapDimension,
      scope: { category?: string | undefined; region_id?: string | undefined } = {},
    ): Promise<GapReport> {
      const reader = currentReader();
      const [rows, totals] = await Promise.all([
        aggregateGaps(db, by, scope, reader),
        totalGaps(db, scope, reader),
      ]);
      return {
        by,
        groups: rows.map((row) => ({ key: row.key, label: row.label, unit: row.unit, ...figuresOf(row) })),
        totals: figuresOf(totals),
        notes: [...COMMON_NOTES, ...NOTES[by]],
      };
    },

    /** Cumulative needed, pledged, committed and delivered per ISO week, overall or for one group. */
    async weekly(options: WeeklyOptions = {}): Promise<GapWeeklyReport> {
      const { by, key } = options;
      if ((by === undefined) !== (key === undefined)) {
        throw invalidQuery(
          by === undefined ? 'by' : 'key',
          'is needed when the other of by and key is given',
        );
      }
      for (const field of ['from', 'to'] as const) {
        const week = options[field];
        if (week !== undefined && !isIsoWeek(week))
          throw invalidQuery(field, 'is not an ISO week that exists');
      }
      const reader = currentReader();
      const filter = by !== undefined && key !== undefined ? { by, key } : undefined;
      const group = filter ? await findGroupLabel(db, filter.by, filter.key, reader) : undefined;
      if (filter && !group) throw NotFound(filter.by === 'donor' ? 'organisation' : filter.by, filter.key);

      let { from, to } = options;
      if (from === undefined || to === undefined) {
        // Unasked ends follow the data, within the longest series the API answers, and end no
        // later than the data's today (the clock): what is due later is not history yet.
        const span = await findWeeklySpan(db, filter, reader);
        const chosen = { from: from !== undefined, to: to !== undefined };
        const today = (deps.clock ?? systemClock()).today();
        const last = span.last !== null && span.last > today ? today : span.last;
        from ??= span.first ? isoWeekOf(span.first) : to;
        to ??= last ? isoWeekOf(last) : from;
        if (from !== undefined && to !== undefined) {
          if (weeksBetween(from, to) < 0) {
            if (!chosen.to) to = from;
            else if (!chosen.from) from = to;
          }
          if (weeksBetween(from, to) >= MAX_WEEKS) {
            if (!chosen.from) from = addWeeks(to, -(MAX_WEEKS - 1));
            else if (!chosen.to) to = addWeeks(from, MAX_WEEKS - 1);
          }
        }
      }
      const base = {
        by: by ?? null,
        key: key ?? null,
        label: group?.label ?? null,
        unit: group?.unit ?? null,
        notes: [...WEEKLY_NOTES],
      };
      if (from === undefined || to === undefined) return { ...base, from: null, to: null, weeks: [] };
      const span = weeksBetween(from, to);
      if (span < 0) throw invalidQuery('to', 'is before from');
      if (span >= MAX_WEEKS) throw invalidQuery('to', `is more than ${MAX_WEEKS} weeks after from`);

      const rows = await aggregateWeekly(db, filter, mondayOfIsoWeek(from), mondayOfIsoWeek(to), reader);
      return {
        ...base,
        from,
        to,
        weeks: rows.map((row) => ({
          week: row.week,
          needed: Number(row.needed),
          pledged: Number(row.pledged),
          committed: Number(row.committed),
          delivered: Number(row.delivered),
        })),
      };
    },
  };
}
