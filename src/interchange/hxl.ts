import type { Event } from '../core/events/event.schema.js';
import type { GapGroup, GapQuery } from '../core/gaps/gap.schema.js';
import type { Item } from '../core/items/item.schema.js';
import type { Need } from '../core/needs/need.schema.js';
import type { Organisation } from '../core/organisations/organisation.schema.js';
import type { Pledge } from '../core/pledges/pledge.schema.js';
import type { Region } from '../core/regions/region.schema.js';
import type { CsvCell } from './csv.js';

/**
 * HXL (Humanitarian Exchange Language, hxlstandard.org): a CSV whose first row holds readable
 * headers (here the API's field names) and whose second row holds a hashtag with attributes per
 * column, so that HDX, the HXL Proxy and OCHA dashboards know what each column means without a
 * mapping. Every hashtag used here is a released HXL 1.1 core hashtag; attributes are core ones
 * where one fits and otherwise the custom attributes in CUSTOM_ATTRIBUTES (HXL allows any lowercase
 * attribute). Each column says why it was tagged so in `note`; the export routes publish the table
 * in their OpenAPI description, and hxl.test.ts checks every token against the core schema.
 *
 * Choices that hold for all three exports:
 * - figures are `#indicator +<stage> +num`, the stage named as in the API (needed, pledged,
 *   committed, allocated, shipped, delivered, in_service, unmet), so a pattern such as
 *   `#indicator+num` picks every figure and `#indicator+delivered` one of them;
 * - `#adm1 +code` holds ISO 3166-2 codes (UA-32), not OCHA P-codes (UA32): aidgrid's regions are
 *   ISO subdivisions, and joining to COD boundaries needs that one-character mapping;
 * - HXL has no core #priority; need priority (critical, high, medium, low) is `#severity +code`;
 * - HXL's #event is an incident within a crisis (a strike, a flood), so the meeting where a pledge
 *   was announced is `#event +pledging`, leaving plain #event free for incidents;
 * - aidgrid ids are `#meta +id` for the row itself; a pledge's need is `#need +code`, which holds
 *   the `#meta +id` of the needs export;
 * - no totals rows: HXL tools add columns up themselves and a totals row would be counted twice.
 */

/** How the gap report groups: category, item, region or donor. */
export type GapDimension = NonNullable<GapQuery['by']>;

/** One column of an HXL export: header, hashtag with attributes, value, and why it is tagged so. */
export interface HxlColumn<T> {
  /** First row: the field name, as in the API where the API has one. */
  readonly field: string;
  /** Second row: the HXL hashtag and attributes, written `#tag +attr +attr`. */
  readonly tag: string;
  readonly value: (row: T) => CsvCell;
  /** Why this tag: the HXL meaning it relies on, or the custom attribute and its reason. */
  readonly note: string;
}

/** Attributes that are not in the HXL core schema, each with the reason no core one fits. */
export const CUSTOM_ATTRIBUTES: Readonly<Record<string, string>> = {
  '+unit': 'unit of measure of an item (round, litre, system); HXL core has none',
  '+recipient': 'the receiving ministry, agency or unit; core org roles are +funder, +impl and +prog only',
  '+needed': 'quantity needed, and the needed-by date; the need side of aidgrid figures',
  '+pledged': 'quantity or value promised by a donor (OCHA FTS: pledge; IATI transaction type 12)',
  '+committed': 'quantity firmly committed (OCHA FTS: commitment; IATI transaction type 2)',
  '+allocated': 'quantity matched to needs by accepted allocations',
  '+shipped': 'quantity dispatched in shipments',
  '+delivered':
    'quantity received by the recipient; core +provided means handed to affected people, which is later',
  '+in_service': 'quantity installed, operated or issued; core +used means consumed by affected people',
  '+unmet': 'quantity still needed after what is pledged or allocated against it',
  '+coverage': 'share of the need covered, with core +pct',
  '+needs': 'number of needs counted in a gap group',
  '+pledges': 'number of pledges counted in a gap group',
  '+announced': 'date a pledge was announced; core +reported is when data was reported',
  '+pledging': 'the meeting where a pledge was announced; plain #event is an incident in HXL',
  '+eur': 'amount converted to EUR, so that it is not read in the row’s #currency (FTS uses +usd alike)',
  '+pricelist': 'value at the catalogue’s reference price, beside the donor’s own value',
  '+conditions': 'conditions the donor attached to a pledge',
  '+classification': 'aidgrid visibility of the record: public, coalition or restricted',
  '+synthetic': 'true for generated demo data, never real-world figures; false otherwise',
};

/*
 * A record the row refers to is null when the reader may not see it (visibility): its cells stay
 * empty, the row itself is exported.
 */
export interface NeedExportRow {
  readonly need: Need;
  readonly item: Item | null;
  readonly region: Region | null;
  readonly recipient: Organisation | null;
}

export interface PledgeExportRow {
  readonly pledge: Pledge;
  readonly item: Item | null;
  readonly donor: Organisation | null;
  readonly recipient: Organisation | null;
  readonly event: Event | null;
}

export interface GapExportRow {
  readonly group: GapGroup;
  /** The item, region or donor of the group, when the report is by one of those. */
  readonly item?: Item | undefined;
  readonly region?: Region | undefined;
  readonly donor?: Organisation | undefined;
}

const itemColumns = <T extends { item: Item | null }>(): HxlColumn<T>[] => [
  {
    field: 'item_code',
    tag: '#item +code',
    value: (r) => r.item?.code ?? null,
    note: 'catalogue code; #item is "physical things provided, stored, shipped", +code a machine code',
  },
  { field: 'item_name', tag: '#item +name', value: (r) => r.item?.name ?? null, note: 'catalogue name' },
  {
    field: 'category',
    tag: '#item +type',
    value: (r) => r.item?.category ?? null,
    note: 'category path (military/ammunition, energy/generator); core +type classifies an #item',
  },
  {
    field: 'unit',
    tag: '#item +unit',
    value: (r) => r.item?.unit ?? null,
    note: 'unit of the quantities (custom)',
  },
];

const metaColumns = <T>(
  record: (row: T) => { classification: string; synthetic: boolean },
): HxlColumn<T>[] => [
  {
    field: 'classification',
    tag: '#meta +classification',
    value: (r) => record(r).classification,
    note: 'visibility of the record (custom attribute on core #meta, "metadata about a row")',
  },
  {
    field: 'synthetic',
    tag: '#meta +synthetic',
    value: (r) => record(r).synthetic,
    note: 'true for generated demo data (custom attribute on core #meta)',
  },
];

export const NEED_COLUMNS: readonly HxlColumn<NeedExportRow>[] = [
  { field: 'id', tag: '#meta +id', value: (r) => r.need.id, note: 'aidgrid need id; core #meta +id' },
  {
    field: 'reference',
    tag: '#meta +code',
    value: (r) => r.need.reference,
    note: 'the need’s reference, how people name it (N-000123); core #meta +code',
  },
  ...itemColumns<NeedExportRow>(),
  {
    field: 'region_code',
    tag: '#adm1 +code',
    value: (r) => r.region?.code ?? null,
    note: 'ISO 3166-2 code of the region (UA-32), not an OCHA P-code',
  },
  { field: 'region_name', tag: '#adm1 +name', value: (r) => r.region?.name ?? null, note: 'region name' },
  {
    field: 'recipient',
    tag: '#org +recipient +name',
    value: (r) => r.recipient?.name ?? null,
    note: 'the ministry, agency or unit that posted the need (custom +recipient)',
  },
  {
    field: 'quantity',
    tag: '#indicator +needed +num',
    value: (r) => r.need.quantity,
    note: 'quantity needed, in the item’s unit; core #indicator +num, custom +needed',
  },
  {
    field: 'priority',
    tag: '#severity +code',
    value: (r) => r.need.priority,
    note: 'critical, high, medium or low; HXL has no core #priority and #severity is the closest',
  },
  {
    field: 'needed_by',
    tag: '#date +needed',
    value: (r) => r.need.needed_by,
    note: 'date by which the item is needed, ISO 8601 (custom +needed on core #date)',
  },
  {
    field: 'status',
    tag: '#status +code',
    value: (r) => r.need.status,
    note: 'open, partially_met, met or cancelled; core #status +code',
  },
  {
    field: 'justification',
    tag: '#description',
    value: (r) => r.need.justification,
    note: 'why it is needed; core #description, "long description for a data record"',
  },
  ...metaColumns<NeedExportRow>((r) => r.need),
];

export const PLEDGE_COLUMNS: readonly HxlColumn<PledgeExportRow>[] = [
  { field: 'id', tag: '#meta +id', value: (r) => r.pledge.id, note: 'aidgrid pledge id; core #meta +id' },
  {
    field: 'donor',
    tag: '#org +funder +name',
    value: (r) => r.donor?.name ?? null,
    note: 'donor organisation; core +funder is "funding org/agency (e.g. donor)"',
  },
  {
    field: 'recipient',
    tag: '#org +recipient +name',
    value: (r) => r.recipient?.name ?? null,
    note: 'receiving organisation when named (custom +recipient)',
  },
  ...itemColumns<PledgeExportRow>(),
  {
    field: 'quantity',
    tag: '#indicator +pledged +num',
    value: (r) => r.pledge.quantity,
    note: 'quantity pledged (custom +pledged)',
  },
  {
    field: 'committed',
    tag: '#indicator +committed +num',
    value: (r) => r.pledge.stages.committed,
    note: 'stage quantity (custom +committed)',
  },
  {
    field: 'allocated',
    tag: '#indicator +allocated +num',
    value: (r) => r.pledge.stages.allocated,
    note: 'stage quantity (custom +allocated)',
  },
  {
    field: 'shipped',
    tag: '#indicator +shipped +num',
    value: (r) => r.pledge.stages.shipped,
    note: 'stage quantity (custom +shipped)',
  },
  {
    field: 'delivered',
    tag: '#indicator +delivered +num',
    value: (r) => r.pledge.stages.delivered,
    note: 'stage quantity (custom +delivered)',
  },
  {
    field: 'in_service',
    tag: '#indicator +in_service +num',
    value: (r) => r.pledge.stages.in_service,
    note: 'stage quantity (custom +in_service)',
  },
  {
    field: 'need_id',
    tag: '#need +code',
    value: (r) => r.pledge.need_id,
    note: 'the need it answers: the #meta +id of the needs export; core #need +code',
  },
  {
    field: 'event',
    tag: '#event +pledging +name',
    value: (r) => r.event?.name ?? null,
    note: 'meeting where it was announced; +pledging because core #event is an incident',
  },
  {
    field: 'announced_on',
    tag: '#date +announced',
    value: (r) => r.pledge.announced_on,
    note: 'date announced, ISO 8601 (custom +announced on core #date)',
  },
  {
    field: 'available_from',
    tag: '#date +start',
    value: (r) => r.pledge.available_from,
    note: 'earliest hand-over date; core +start, "when something will start"',
  },
  {
    field: 'value',
    tag: '#value +pledged',
    value: (r) => r.pledge.value?.amount ?? null,
    note: 'the donor’s own value, in #currency; core #value',
  },
  {
    field: 'currency',
    tag: '#currency',
    value: (r) => r.pledge.value?.currency ?? null,
    note: 'ISO 4217 code of #value +pledged; core #currency',
  },
  {
    field: 'value_eur',
    tag: '#value +pledged +eur',
    value: (r) => r.pledge.valuation.donor_reported_eur,
    note: 'the donor’s value in EUR at the announcement date’s rate (custom +eur)',
  },
  {
    field: 'fx_rate_on',
    tag: '#date +converted',
    value: (r) => r.pledge.valuation.fx_rate_on,
    note: 'date of the FX rate used; core +converted, "date used for converting a monetary value"',
  },
  {
    field: 'price_list_eur',
    tag: '#value +pricelist +eur',
    value: (r) => r.pledge.valuation.price_list_eur,
    note: 'quantity × the item’s reference price, in EUR (custom +pricelist, +eur)',
  },
  {
    field: 'conditions',
    tag: '#description +conditions',
    value: (r) => r.pledge.conditions,
    note: 'conditions attached by the donor (custom +conditions on core #description)',
  },
  {
    field: 'status',
    tag: '#status +code',
    value: (r) => r.pledge.status,
    note: 'announced … in_service, cancelled or expired; core #status +code',
  },
  ...metaColumns<PledgeExportRow>((r) => r.pledge),
];

const figure = (field: keyof GapGroup & string, tag: string, note: string): HxlColumn<GapExportRow> => ({
  field,
  tag,
  value: (r) => r.group[field] as CsvCell,
  note,
});

const GAP_FIGURES: readonly HxlColumn<GapExportRow>[] = [
  figure(
    'needed',
    '#indicator +needed +num',
    'quantity needed (groups of one item only; empty across items)',
  ),
  figure('pledged', '#indicator +pledged +num', 'quantity pledged'),
  figure('committed', '#indicator +committed +num', 'quantity committed'),
  figure('allocated', '#indicator +allocated +num', 'quantity in accepted allocations'),
  figure('shipped', '#indicator +shipped +num', 'quantity shipped'),
  figure('delivered', '#indicator +delivered +num', 'quantity received'),
  figure('unmet', '#indicator +unmet +num', 'quantity still unmet (custom +unmet)'),
  {
    field: 'needed_eur',
    tag: '#value +needed +eur',
    value: (r) => r.group.value.needed.amount,
    note: 'EUR value needed (price list); core #value +eur',
  },
  {
    field: 'pledged_eur',
    tag: '#value +pledged +eur',
    value: (r) => r.group.value.pledged.amount,
    note: 'EUR value pledged (donor-reported, else price list)',
  },
  {
    field: 'delivered_eur',
    tag: '#value +delivered +eur',
    value: (r) => r.group.value.delivered.amount,
    note: 'EUR value received',
  },
  {
    field: 'unmet_eur',
    tag: '#value +unmet +eur',
    value: (r) => r.group.value.unmet.amount,
    note: 'EUR value still unmet',
  },
  {
    field: 'coverage_announced_pct',
    tag: '#indicator +coverage +announced +pct',
    value: (r) => r.group.coverage.by_announcements_pct,
    note: 'percentage covered by announced pledges (by quantity for one item, else by EUR); core +pct (beta)',
  },
  {
    field: 'coverage_committed_pct',
    tag: '#indicator +coverage +committed +pct',
    value: (r) => r.group.coverage.by_commitments_pct,
    note: 'percentage covered by committed quantities (by quantity for one item, else by EUR)',
  },
  figure('need_count', '#indicator +needs +num', 'number of needs counted (custom +needs)'),
  figure('pledge_count', '#indicator +pledges +num', 'number of pledges counted (custom +pledges)'),
];

const GAP_GROUP_COLUMNS: Readonly<Record<GapDimension, readonly HxlColumn<GapExportRow>[]>> = {
  category: [
    {
      field: 'category',
      tag: '#item +type',
      value: (r) => r.group.key,
      note: 'category path, as #item +type in the needs and pledges exports',
    },
  ],
  item: [
    {
      field: 'item_code',
      tag: '#item +code',
      value: (r) => r.item?.code ?? null,
      note: 'catalogue code, as in the needs and pledges exports',
    },
    { field: 'item_name', tag: '#item +name', value: (r) => r.item?.name ?? null, note: 'catalogue name' },
    {
      field: 'category',
      tag: '#item +type',
      value: (r) => r.item?.category ?? null,
      note: 'category path of the item',
    },
  ],
  region: [
    {
      field: 'region_code',
      tag: '#adm1 +code',
      value: (r) => r.region?.code ?? null,
      note: 'ISO 3166-2 code; empty for what is placed in no region yet',
    },
    {
      field: 'region_name',
      tag: '#adm1 +name',
      value: (r) => r.region?.name ?? r.group.label,
      note: 'region name, or the API’s label of the "no region yet" group',
    },
  ],
  donor: [
    {
      field: 'donor',
      tag: '#org +funder +name',
      value: (r) => r.donor?.name ?? r.group.label,
      note: 'donor organisation; core #org +funder',
    },
  ],
};

/**
 * The columns of the gap report by one dimension: the group key (the API's, so rows join back to
 * GET /gaps), what the group is in HXL terms, its unit, and the figures.
 */
export function gapColumns(by: GapDimension): readonly HxlColumn<GapExportRow>[] {
  return [
    {
      field: 'key',
      tag: '#meta +id',
      value: (r) => r.group.key,
      note: 'the group key of GET /gaps (category path, or item, region or donor id; "none")',
    },
    ...GAP_GROUP_COLUMNS[by],
    {
      field: 'unit',
      tag: '#item +unit',
      value: (r) => r.group.unit,
      note: 'unit when the group is one item; empty when the group mixes units',
    },
    ...GAP_FIGURES,
  ];
}

/** Every column definition, for documentation and for checking the tags against the HXL schema. */
export function allHxlColumns(): readonly HxlColumn<never>[] {
  const dimensions: GapDimension[] = ['category', 'item', 'region', 'donor'];
  return [
    ...NEED_COLUMNS,
    ...PLEDGE_COLUMNS,
    ...dimensions.flatMap((by) => gapColumns(by)),
  ] as readonly HxlColumn<never>[];
}

/** HXL tag syntax, as libhxl-python's Column.PATTERN: a hashtag and zero or more attributes. */
const TAG_PATTERN = /^\s*(#[A-Za-z][_0-9A-Za-z]*)((?:\s*\+[A-Za-z][_0-9A-Za-z]*)*)\s*$/;

/** The hashtag and attributes of a tag spec; throws when it is not HXL syntax. */
export function parseHxlTag(spec: string): { hashtag: string; attributes: string[] } {
  const match = TAG_PATTERN.exec(spec);
  if (!match) throw new SyntaxError(`not an HXL tag: ${spec}`);
  const attributes = (match[2] ?? '').split('+').map((a) => a.trim());
  return {
    hashtag: (match[1] as string).toLowerCase(),
    attributes: attributes.filter((a) => a !== '').map((a) => `+${a.toLowerCase()}`),
  };
}

/** The two header rows of an HXL CSV (or just the first, without the hashtags). */
export function headerRows<T>(columns: readonly HxlColumn<T>[], hxl: boolean): CsvCell[][] {
  const fields = columns.map((column) => column.field);
  return hxl ? [fields, columns.map((column) => column.tag)] : [fields];
}

/** A markdown table of the columns (field, HXL tag, why), for the API documentation. */
export function describeColumns(columns: readonly HxlColumn<never>[]): string {
  const lines = columns.map((c) => `| ${c.field} | \`${c.tag}\` | ${c.note} |`);
  return ['| column | HXL | why |', '|---|---|---|', ...lines].join('\n');
}
