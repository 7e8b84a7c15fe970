import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import { DomainError } from '../core/errors.js';
import type { Event } from '../core/events/event.schema.js';
import { createEventService } from '../core/events/event.service.js';
import { createGapService, type GapService } from '../core/gaps/gap.service.js';
import type { Item } from '../core/items/item.schema.js';
import { createItemService } from '../core/items/item.service.js';
import type { Need, NeedFilters } from '../core/needs/need.schema.js';
import { createNeedService } from '../core/needs/need.service.js';
import type { Organisation } from '../core/organisations/organisation.schema.js';
import { createOrganisationService } from '../core/organisations/organisation.service.js';
import type { Pledge, PledgeFilters, PledgeTransition } from '../core/pledges/pledge.schema.js';
import { createPledgeService } from '../core/pledges/pledge.service.js';
import { createPledgeTransitionService } from '../core/pledges/pledge-transition.service.js';
import type { Region } from '../core/regions/region.schema.js';
import { createRegionService } from '../core/regions/region.service.js';
import { MAX_PAGE_SIZE, type Page } from '../core/shared/record.service.js';
import { NO_REGION_KEY } from '../db/repositories/gap.repository.js';
import type { Database } from '../db/schema.js';
import { type CsvCell, csvChunks } from './csv.js';
import {
  type GapDimension,
  type GapExportRow,
  gapColumns,
  type HxlColumn,
  headerRows,
  NEED_COLUMNS,
  type NeedExportRow,
  PLEDGE_COLUMNS,
  type PledgeExportRow,
} from './hxl.js';
import { IATI_FOOTER, type IatiActivityRow, type IatiQuerySchema, iatiActivity, iatiHeader } from './iati.js';

interface Lister<Entity, Filters> {
  list(filters: Filters, options: { cursor?: string | undefined; limit?: number }): Promise<Page<Entity>>;
}

interface Getter<Entity> {
  get(id: string): Promise<Entity>;
}

export interface ExportDependencies {
  readonly needs: Lister<Need, NeedFilters> & Getter<Need>;
  readonly pledges: Lister<Pledge, PledgeFilters>;
  readonly gaps: Pick<GapService, 'report'>;
  readonly items: Getter<Item>;
  readonly regions: Getter<Region>;
  readonly organisations: Getter<Organisation>;
  readonly events: Getter<Event>;
  readonly pledgeHistory: {
    historiesOf(ids: readonly string[]): Promise<Map<string, PledgeTransition[]>>;
  };
}

/** The services an export reads, all on one database: the same ones the API's lists use. */
export function exportDependencies(db: Kysely<Database>): ExportDependencies {
  return {
    needs: createNeedService({ db }),
    pledges: createPledgeService({ db }),
    gaps: createGapService({ db }),
    items: createItemService({ db }),
    regions: createRegionService({ db }),
    organisations: createOrganisationService({ db }),
    events: createEventService({ db }),
    pledgeHistory: createPledgeTransitionService({ db }),
  };
}

export interface ExportOptions {
  /** Write the HXL hashtag row under the header (default true). */
  readonly hxl?: boolean | undefined;
}

export type ExportKind = 'needs' | 'pledges' | 'gaps';

export type IatiExportFilters = Static<typeof IatiQuerySchema>;

/** A dated attachment name, e.g. aidgrid-needs-2023-01-31.csv or aidgrid-gaps-by-region-….csv. */
export function exportFileName(kind: ExportKind, now: Date, by?: GapDimension): string {
  const day = now.toISOString().slice(0, 10);
  return `aidgrid-${kind}${by ? `-by-${by}` : ''}-${day}.csv`;
}

/** Every page of a list, through its cursor, at the largest page size the service allows. */
async function* pagesOf<Entity, Filters>(
  service: Lister<Entity, Filters>,
  filters: Filters,
): AsyncGenerator<Entity[]> {
  let cursor: string | undefined;
  do {
    const page = await service.list(filters, { cursor, limit: MAX_PAGE_SIZE });
    yield page.items;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
}

/**
 * Reads referenced records once each, however many rows name them. A record the reader may not
 * see answers 404 to them (visibility) and is null here: the row is exported without its cells.
 */
function cachedGetter<Entity>(service: Getter<Entity>) {
  const cache = new Map<string, Entity | null>();
  return {
    async load(ids: Iterable<string | null>): Promise<void> {
      for (const id of new Set(ids)) {
        if (id !== null && !cache.has(id)) cache.set(id, await getVisible(service, id));
      }
    },
    of(id: string): Entity | null {
      const found = cache.get(id);
      if (found === undefined) throw new Error(`export: ${id} was not loaded`);
      return found;
    },
    ofNullable(id: string | null): Entity | null {
      return id === null ? null : this.of(id);
    },
  };
}

async function getVisible<Entity>(service: Getter<Entity>, id: string): Promise<Entity | null> {
  try {
    return await service.get(id);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * The CSV text: header rows, then the rows of each batch. The header travels with the first batch,
 * so that the first chunk is only produced once the first query has answered: a caller that awaits
 * it before sending anything can still answer an error properly.
 */
function exportChunks<T>(
  columns: readonly HxlColumn<T>[],
  batches: AsyncIterable<readonly T[]>,
  options: ExportOptions,
): AsyncGenerator<string> {
  async function* records(): AsyncGenerator<CsvCell[][]> {
    let header: CsvCell[][] | undefined = headerRows(columns, options.hxl ?? true);
    for await (const batch of batches) {
      const rows = batch.map((row) => columns.map((column) => column.value(row)));
      yield header ? [...header, ...rows] : rows;
      header = undefined;
    }
    if (header) yield header;
  }
  return csvChunks(records());
}

export type ExportService = ReturnType<typeof createExportService>;

/**
 * HXL-tagged CSV exports of needs, pledges and the gap report, for HDX, the HXL Proxy and OCHA
 * dashboards. Lists go through the same services and filters as the API's lists, page by page, so
 * an export shows exactly the records the list would.
 */
export function createExportService(deps: ExportDependencies) {
  return {
    /** Needs matching the list filters, with their item, region and recipient spelled out. */
    needs(filters: NeedFilters, options: ExportOptions = {}): AsyncGenerator<string> {
      const items = cachedGetter(deps.items);
      const regions = cachedGetter(deps.regions);
      const organisations = cachedGetter(deps.organisations);
      async function* rows(): AsyncGenerator<NeedExportRow[]> {
        for await (const page of pagesOf(deps.needs, filters)) {
          await items.load(page.map((need) => need.item_id));
          await regions.load(page.map((need) => need.region_id));
          await organisations.load(page.map((need) => need.recipient_org_id));
          yield page.map((need) => ({
            need,
            item: items.of(need.item_id),
            region: regions.of(need.region_id),
            recipient: organisations.of(need.recipient_org_id),
          }));
        }
      }
      return exportChunks(NEED_COLUMNS, rows(), options);
    },

    /** Pledges matching the list filters, with donor, recipient, item and event spelled out. */
    pledges(filters: PledgeFilters, options: ExportOptions = {}): AsyncGenerator<string> {
      const items = cachedGetter(deps.items);
      const organisations = cachedGetter(deps.organisations);
      const events = cachedGetter(deps.events);
      async function* rows(): AsyncGenerator<PledgeExportRow[]> {
        for await (const page of pagesOf(deps.pledges, filters)) {
          await items.load(page.map((pledge) => pledge.item_id));
          await organisations.load(page.flatMap((pledge) => [pledge.donor_org_id, pledge.recipient_org_id]));
          await events.load(page.map((pledge) => pledge.event_id));
          yield page.map((pledge) => ({
            pledge,
            item: items.of(pledge.item_id),
            donor: organisations.of(pledge.donor_org_id),
            recipient: organisations.ofNullable(pledge.recipient_org_id),
            event: events.ofNullable(pledge.event_id),
          }));
        }
      }
      return exportChunks(PLEDGE_COLUMNS, rows(), options);
    },

    /** The gap report's groups (not its totals), with the item, region or donor spelled out. */
    gaps(
      by: GapDimension,
      scope: { category?: string | undefined; region_id?: string | undefined },
      options: ExportOptions = {},
    ): AsyncGenerator<string> {
      async function* rows(): AsyncGenerator<GapExportRow[]> {
        const report = await deps.gaps.report(by, scope);
        const keys = report.groups.map((group) => group.key);
        if (by === 'item') {
          const items = cachedGetter(deps.items);
          await items.load(keys);
          yield report.groups.map((group) => ({ group, item: items.of(group.key) ?? undefined }));
        } else if (by === 'region') {
          const regions = cachedGetter(deps.regions);
          // The group of what is placed in no region yet has no region record.
          const known = report.groups
            .filter((group) => group.key !== NO_REGION_KEY)
            .map((group) => group.key);
          await regions.load(known);
          yield report.groups.map((group) => ({
            group,
            region: group.key === NO_REGION_KEY ? undefined : (regions.of(group.key) ?? undefined),
          }));
        } else if (by === 'donor') {
          const organisations = cachedGetter(deps.organisations);
          await organisations.load(keys);
          yield report.groups.map((group) => ({ group, donor: organisations.of(group.key) ?? undefined }));
        } else {
          yield report.groups.map((group) => ({ group }));
        }
      }
      return exportChunks(gapColumns(by), rows(), options);
    },

    /**
     * The pledges as IATI 2.03 activities, one per pledge, ordered as the pledge list orders them.
     * The header travels with the first page, so a failing first query can still be answered.
     */
    async *iati(filters: IatiExportFilters, now: Date = new Date()): AsyncGenerator<string> {
      const items = cachedGetter(deps.items);
      const organisations = cachedGetter(deps.organisations);
      const needs = cachedGetter(deps.needs);
      const regions = cachedGetter(deps.regions);
      const listFilters: PledgeFilters = filters.donor === undefined ? {} : { donor_org_id: filters.donor };
      let header: string | undefined = iatiHeader(now);
      for await (const page of pagesOf(deps.pledges, listFilters)) {
        await items.load(page.map((pledge) => pledge.item_id));
        await organisations.load(page.flatMap((pledge) => [pledge.donor_org_id, pledge.recipient_org_id]));
        await needs.load(page.map((pledge) => pledge.need_id));
        await regions.load(
          page.map((pledge) => (pledge.need_id ? (needs.of(pledge.need_id)?.region_id ?? null) : null)),
        );
        if (header !== undefined && page.length === 0) {
          throw new DomainError(
            'no_activities',
            404,
            'no pledge you may see matches: an IATI activity file holds at least one activity',
          );
        }
        const histories = await deps.pledgeHistory.historiesOf(page.map((pledge) => pledge.id));
        const chunk: string[] = header === undefined ? [] : [header];
        header = undefined;
        for (const pledge of page) {
          const recipient = organisations.ofNullable(pledge.recipient_org_id);
          const need = needs.ofNullable(pledge.need_id);
          const region = need ? regions.of(need.region_id) : null;
          const row: IatiActivityRow = {
            pledge,
            transitions: histories.get(pledge.id) ?? [],
            item: items.of(pledge.item_id),
            donor: organisations.of(pledge.donor_org_id),
            recipient,
            recipientCountry: region?.country_code ?? recipient?.country_code ?? null,
          };
          chunk.push(iatiActivity(row));
        }
        yield chunk.join('');
      }
      yield IATI_FOOTER;
    },
  };
}
