import type { Kysely } from 'kysely';
import {
  aggregateGaps,
  aggregateWeekly,
  findGroupLabel,
  findWeeklySpan,
  type GapDimension,
  type GapFigureRow,
  type GapRow,
  listUnvalued,
  totalGaps,
} from '../../db/repositories/gap.repository.js';
import {
  type CellDimension,
  cellWeekly,
  findCellWeeklySpan,
  findGroupLabels,
  findUnits,
  mergeFigures,
  sumCells,
  sumNeedRows,
} from '../../db/repositories/gap-cells.repository.js';
import type { Database } from '../../db/schema.js';
import type { Reader } from '../auth/visibility.js';
import { currentReader } from '../auth/visibility.js';
import { DomainError, NotFound } from '../errors.js';
import { addWeeks, isIsoWeek, isoWeekOf, mondayOfIsoWeek, weeksBetween } from '../reports/iso-week.js';
import { type Clock, systemClock } from '../shared/clock.js';
import type { GapReport, GapTotals, GapWeeklyReport } from './gap.schema.js';

/** How many unvalued needs and pledges a report lists by id (all are counted). */
const UNVALUED_LISTED = 100;

/** The longest weekly series the API answers: five years. */
export const MAX_WEEKS = 261;

const COMMON_NOTES = [
  'Every figure counts only the needs, pledges, allocations, shipments and receipts you may see (docs/figures.md).',
  'Quantities are given only for groups of one item; groups and totals across items give counts and EUR values instead, with coverage by EUR value. A pledge is valued at its donor-reported EUR value, else at the price list; a need at the price list. Needs and pledges without a value are counted as unvalued and listed.',
  'Coverage is given twice: by announcements (what pledges announced against the needs, or allocations, cover) and by commitments (only committed quantities).',
  'Unmet is floored at zero per need before summing: a need counts as covered by what was pledged against it or allocated to it, whichever is more.',
  'Cancelled needs and cancelled or expired pledges do not count.',
  'Stages: committed, allocated (accepted allocations), shipped and delivered (received at destination). In every group delivered ≤ shipped ≤ allocated ≤ committed, because each pledge keeps that order and a group adds whole pledges or parts that keep it.',
];

const NOTES: Record<GapDimension, readonly string[]> = {
  category: ['The groups add up to the totals: counts and EUR values.'],
  item: [
    'Pledges with no need still count as pledged for their item.',
    'The groups add up to the totals: counts and EUR values (the totals give no quantities: they span items).',
  ],
  region: [
    'A pledge is placed where it goes: each accepted allocation in the region of its need (allocated, shipped, delivered, and the same quantity as committed and pledged), and the rest of the pledge — max(0, committed − allocated) and max(0, quantity − allocated) — in the region of the need it was pledged against. So committed by region is never below allocated.',
    'What is pledged against no need and not yet allocated sits in the group "No region yet".',
    'Needed, unmet and the stage values of the groups add up to the totals; a pledge allocated to several regions counts in each region’s pledge count.',
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

/** Every note the gap report may carry (the web UI shows each in the reader's language). */
export const ALL_GAP_NOTES: readonly string[] = [
  ...new Set([...COMMON_NOTES, ...Object.values(NOTES).flat()]),
];

/** Coverage as a percentage with one decimal; null when nothing is needed. */
export function coveragePct(needed: number, unmet: number): number | null {
  if (needed <= 0) return null;
  return Math.round(((needed - unmet) / needed) * 1000) / 10;
}

const eur = (amount: string) => ({ amount: Number(amount).toFixed(2), currency: 'EUR' });

/**
 * The figures of a group or of the totals. Quantities only when they hold one item (`oneItem`): a
 * group across items gives none — quantities of different units do not add — and its coverage is
 * by EUR value instead.
 */
function figuresOf(row: GapFigureRow, oneItem: boolean): GapTotals {
  const quantity = (value: string) => (oneItem ? Number(value) : null);
  const [needed, unmet, unmetCommitted] = oneItem
    ? [Number(row.needed), Number(row.unmet), Number(row.unmet_committed)]
    : [Number(row.needed_eur), Number(row.unmet_eur), Number(row.unmet_committed_eur)];
  return {
    needed: quantity(row.needed),
    pledged: quantity(row.pledged),
    committed: quantity(row.committed),
    allocated: quantity(row.allocated),
    shipped: quantity(row.shipped),
    delivered: quantity(row.delivered),
    unmet: quantity(row.unmet),
    coverage: {
      by_announcements_pct: coveragePct(needed, unmet),
      by_commitments_pct: coveragePct(needed, unmetCommitted),
      basis: oneItem ? 'quantity' : 'eur',
    },
    value: {
      needed: eur(row.needed_eur),
      pledged: eur(row.pledged_eur),
      committed: eur(row.committed_eur),
      allocated: eur(row.allocated_eur),
      shipped: eur(row.shipped_eur),
      delivered: eur(row.delivered_eur),
      unmet: eur(row.unmet_eur),
    },
    unvalued_need_count: Number(row.unvalued_need_count),
    unvalued_pledge_count: Number(row.unvalued_pledge_count),
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

/**
 * The groups and totals of the report by category, item or donor, from the aggregate cells the
 * reader is admitted to (docs/figures.md, "Aggregate cells"); unmet (floored per need) and, by
 * donor, the need side (which needs a donor answers depends on other rows) from the rows.
 */
async function reportFromCells(
  db: Kysely<Database>,
  by: CellDimension,
  scope: { category?: string | undefined },
  reader: Reader | null,
): Promise<{ groups: GapRow[]; totals: GapFigureRow }> {
  const [cellGroups, needGroups, cellTotals, needTotals] = await Promise.all([
    sumCells(db, by, scope, reader),
    sumNeedRows(db, by, scope, reader),
    sumCells(db, 'total', scope, reader),
    sumNeedRows(db, 'total', scope, reader),
  ]);
  const cellsByKey = new Map(cellGroups.map((row) => [row.key, row]));
  const needsByKey = new Map(needGroups.map((row) => [row.key, row]));
  const keys = [...new Set([...cellsByKey.keys(), ...needsByKey.keys()])];
  const items = new Set<string>();
  for (const row of [...cellGroups, ...needGroups, ...cellTotals, ...needTotals]) {
    if (row.item_lo) items.add(row.item_lo);
  }
  const [labels, units] = await Promise.all([
    findGroupLabels(db, by, keys, reader),
    findUnits(db, [...items]),
  ]);
  const unitOf = (id: string) => units.get(id) ?? null;
  const needsFromRows = by === 'donor';
  const groups: GapRow[] = [];
  for (const key of keys) {
    const label = labels.get(key);
    if (!label) continue; // a group whose item or donor the reader may not see is not listed
    const figures = mergeFigures(cellsByKey.get(key), needsByKey.get(key), needsFromRows, unitOf);
    groups.push({ key, label: label.label, unit: label.unit ?? figures.one_unit, ...figures });
  }
  const n = (value: string) => Number(value);
  groups.sort((a, b) => {
    const order =
      by === 'item'
        ? [n(b.unmet) - n(a.unmet), n(b.needed) - n(a.needed)]
        : [
            n(b.unmet_eur) - n(a.unmet_eur),
            n(b.needed_eur) - n(a.needed_eur),
            n(b.unmet) - n(a.unmet),
            n(b.needed) - n(a.needed),
          ];
    for (const difference of order) if (difference !== 0) return difference;
    return a.label < b.label ? -1 : a.label > b.label ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const totals = mergeFigures(cellTotals[0], needTotals[0], false, unitOf);
  return { groups, totals };
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
      // Region figures place each pledge's parts in regions (gap.repository.ts), which depends on
      // what the reader sees of its allocations: they are read from the rows.
      const fromCells = by !== 'region' && !scope.region_id;
      const [{ groups: rows, totals }, unvalued] = await Promise.all([
        fromCells
          ? reportFromCells(db, by, scope, reader)
          : Promise.all([aggregateGaps(db, by, scope, reader), totalGaps(db, scope, reader)]).then(
              ([groups, total]) => ({ groups, totals: total }),
            ),
        listUnvalued(db, scope, reader, UNVALUED_LISTED),
      ]);
      return {
        by,
        groups: rows.map((row) => ({
          key: row.key,
          label: row.label,
          unit: row.unit,
          ...figuresOf(row, row.one_item),
        })),
        totals: figuresOf(totals, totals.one_item),
        unvalued: {
          need_ids: unvalued.filter((u) => u.kind === 'need').map((u) => u.id),
          pledge_ids: unvalued.filter((u) => u.kind === 'pledge').map((u) => u.id),
        },
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

      // Overall, by category and by item the series sums cells; by region (pledges placed by what
      // the reader sees allocated) and by donor (needs a donor answers) it reads the rows.
      const cellFilter =
        filter === undefined
          ? { use: true as const, filter: undefined }
          : filter.by === 'category' || filter.by === 'item'
            ? { use: true as const, filter: { by: filter.by, key: filter.key } }
            : { use: false as const, filter: undefined };
      let { from, to } = options;
      if (from === undefined || to === undefined) {
        // Unasked ends follow the data, within the longest series the API answers, and end no
        // later than the data's today (the clock): what is due later is not history yet.
        const span = cellFilter.use
          ? await findCellWeeklySpan(db, cellFilter.filter, reader)
          : await findWeeklySpan(db, filter, reader);
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

      const rows = cellFilter.use
        ? await cellWeekly(db, cellFilter.filter, mondayOfIsoWeek(from), mondayOfIsoWeek(to), reader)
        : await aggregateWeekly(db, filter, mondayOfIsoWeek(from), mondayOfIsoWeek(to), reader);
      return {
        ...base,
        unit: base.unit ?? rows[0]?.one_unit ?? null,
        from,
        to,
        weeks: rows.map((row) => {
          // Quantities only for a series of one item; across items they would add different units.
          const quantity = (value: string) => (row.one_item ? Number(value) : null);
          return {
            week: row.week,
            needed: quantity(row.needed),
            pledged: quantity(row.pledged),
            committed: quantity(row.committed),
            delivered: quantity(row.delivered),
            value: {
              needed: eur(row.needed_eur),
              pledged: eur(row.pledged_eur),
              committed: eur(row.committed_eur),
              delivered: eur(row.delivered_eur),
            },
          };
        }),
      };
    },
  };
}
