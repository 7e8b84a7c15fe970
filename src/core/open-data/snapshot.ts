import type { Kysely } from 'kysely';
import { runAsActor } from '../../db/actor-context.js';
import type { Database } from '../../db/schema.js';
import { type CsvCell, csvRow } from '../../interchange/csv.js';
import { createExportService, exportDependencies } from '../../interchange/export.service.js';
import { type GapDimension, gapColumns, NEED_COLUMNS, PLEDGE_COLUMNS } from '../../interchange/hxl.js';
import { ANONYMOUS } from '../auth/actor.js';
import type { Event } from '../events/event.schema.js';
import { createEventService } from '../events/event.service.js';
import type { GapReport, GapWeeklyReport } from '../gaps/gap.schema.js';
import { createGapService } from '../gaps/gap.service.js';
import type { Need } from '../needs/need.schema.js';
import { createNeedService } from '../needs/need.service.js';
import type { Pledge } from '../pledges/pledge.schema.js';
import { createPledgeService } from '../pledges/pledge.service.js';
import type { Clock } from '../shared/clock.js';
import { MAX_PAGE_SIZE, type Page } from '../shared/record.service.js';

export const GAP_DIMENSIONS: readonly GapDimension[] = ['category', 'item', 'region', 'donor'];

/** What a release holds, as data: every table as the anonymous reader sees it. */
export interface SnapshotTables {
  readonly needs: Need[];
  readonly pledges: Pledge[];
  readonly events: Event[];
  readonly gaps: Record<GapDimension, GapReport>;
  readonly gap_weekly: GapWeeklyReport;
}

/** One CSV of a release: its text and, per column, the field name and HXL hashtag. */
export interface SnapshotCsv {
  readonly name: string;
  readonly title: string;
  readonly text: string;
  readonly columns: readonly { readonly field: string; readonly tag: string }[];
  /** The column that identifies a row (its primary key in the table schema). */
  readonly key: string;
}

export interface Snapshot {
  readonly tables: SnapshotTables;
  readonly csv: readonly SnapshotCsv[];
  /** The public pledges as IATI 2.03 activities (the interchange export); null when there is none. */
  readonly iati: string | null;
}

/** Column, HXL hashtag and value of the events table (HXL has no event hashtag: #event is custom). */
export const EVENT_COLUMNS: readonly { field: string; tag: string; value: (e: Event) => CsvCell }[] = [
  { field: 'id', tag: '#event +id', value: (e) => e.id },
  { field: 'name', tag: '#event +name', value: (e) => e.name },
  { field: 'kind', tag: '#event +type', value: (e) => e.kind },
  { field: 'location', tag: '#loc +name', value: (e) => e.location },
  { field: 'starts_on', tag: '#date +start', value: (e) => e.starts_on },
  { field: 'ends_on', tag: '#date +end', value: (e) => e.ends_on },
  { field: 'organiser_org_id', tag: '#org +organiser +id', value: (e) => e.organiser_org_id },
];

/** Columns of the weekly series: cumulative quantities (null across items) and EUR values. */
export const WEEKLY_COLUMNS: readonly {
  field: string;
  tag: string;
  value: (w: GapWeeklyReport['weeks'][number]) => CsvCell;
}[] = [
  { field: 'week', tag: '#date +week', value: (w) => w.week },
  { field: 'needed', tag: '#targeted +num +cumulative', value: (w) => w.needed },
  { field: 'pledged', tag: '#reached +pledged +num +cumulative', value: (w) => w.pledged },
  { field: 'committed', tag: '#reached +committed +num +cumulative', value: (w) => w.committed },
  { field: 'delivered', tag: '#reached +delivered +num +cumulative', value: (w) => w.delivered },
  { field: 'needed_eur', tag: '#value +needed +eur +cumulative', value: (w) => w.value.needed.amount },
  { field: 'pledged_eur', tag: '#value +pledged +eur +cumulative', value: (w) => w.value.pledged.amount },
  {
    field: 'committed_eur',
    tag: '#value +committed +eur +cumulative',
    value: (w) => w.value.committed.amount,
  },
  {
    field: 'delivered_eur',
    tag: '#value +delivered +eur +cumulative',
    value: (w) => w.value.delivered.amount,
  },
];

async function allOf<Entity>(service: {
  list(filters: object, options: { cursor?: string | undefined; limit?: number }): Promise<Page<Entity>>;
}): Promise<Entity[]> {
  const all: Entity[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.list({}, { cursor, limit: MAX_PAGE_SIZE });
    all.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

/**
 * Everything public at this moment, read as the anonymous reader through the same services the
 * anonymous API uses: row-level security and the service's visibility rule both apply, so nothing
 * that is not public (classification `public`, embargo passed) can enter. Aggregates come from the
 * gap service as the anonymous reader, so they only count public records too.
 */
export function takeSnapshot(db: Kysely<Database>, clock: Clock): Promise<Snapshot> {
  // One read-only REPEATABLE READ transaction: every file sees the same instant of the data.
  return runAsActor(ANONYMOUS, () =>
    db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => snapshotIn(trx, clock)),
  );
}

async function snapshotIn(db: Kysely<Database>, clock: Clock): Promise<Snapshot> {
  const exports = createExportService(exportDependencies(db));
  const gapService = createGapService({ db, clock });
  const needs = await allOf(createNeedService({ db }));
  const pledges = await allOf(createPledgeService({ db }));
  const events = await allOf(createEventService({ db }));
  const gaps = {} as Record<GapDimension, GapReport>;
  for (const by of GAP_DIMENSIONS) gaps[by] = await gapService.report(by);
  const weekly = await gapService.weekly();

  const needsCsv = await text(exports.needs({}));
  const pledgesCsv = await text(exports.pledges({}));
  const csv: SnapshotCsv[] = [
    { name: 'needs', title: 'Needs', text: needsCsv, columns: NEED_COLUMNS, key: 'id' },
    {
      name: 'pledges',
      title: 'Pledges with their stage figures',
      text: pledgesCsv,
      columns: PLEDGE_COLUMNS,
      key: 'id',
    },
    {
      name: 'events',
      title: 'Pledging events',
      text: hxlCsv(EVENT_COLUMNS, events),
      columns: EVENT_COLUMNS,
      key: 'id',
    },
  ];
  for (const by of GAP_DIMENSIONS) {
    const gapCsv = await text(exports.gaps(by, {}));
    csv.push({
      name: `gaps-by-${by}`,
      title: `Gap by ${by}`,
      text: gapCsv,
      columns: gapColumns(by),
      key: 'key',
    });
  }
  csv.push({
    name: 'gaps-weekly',
    title: 'Gap, cumulative per ISO week',
    text: hxlCsv(WEEKLY_COLUMNS, weekly.weeks),
    columns: WEEKLY_COLUMNS,
    key: 'week',
  });
  const iati = pledges.length === 0 ? null : await text(exports.iati({}, clock.now()));
  return { tables: { needs, pledges, events, gaps, gap_weekly: weekly }, csv, iati };
}

/** A CSV with the field names, then the HXL hashtags, then one record per row. */
function hxlCsv<T>(
  columns: readonly { field: string; tag: string; value: (row: T) => CsvCell }[],
  rows: readonly T[],
): string {
  const header = [columns.map((c) => c.field), columns.map((c) => c.tag)];
  return [...header, ...rows.map((row) => columns.map((c) => c.value(row)))]
    .map((cells) => csvRow(cells))
    .join('');
}
