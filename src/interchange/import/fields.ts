/**
 * What each importable entity's rows carry: its fields, how each is read from a cell, which column
 * names and HXL tags name it by default, and which exported columns are computed by aidgrid (read
 * back and ignored, so that an export imports as `unchanged`).
 */

export type ImportEntity = 'pledge' | 'need' | 'organisation' | 'item' | 'event' | 'shipment' | 'receipt';

export const IMPORT_ENTITIES: readonly ImportEntity[] = [
  'pledge',
  'need',
  'organisation',
  'item',
  'event',
  'shipment',
  'receipt',
];

/** The reference data a cell sets up first: matched by natural key, written by who may edit the catalogue. */
export const CATALOGUE_ENTITIES: ReadonlySet<ImportEntity> = new Set(['organisation', 'item', 'event']);

export type FieldKind =
  | 'id'
  | 'external_id'
  | 'organisation'
  | 'item'
  | 'region'
  | 'event'
  | 'uuid'
  | 'quantity'
  | 'date'
  | 'amount'
  | 'currency'
  | 'text'
  | 'priority'
  | 'classification'
  | 'choice';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
  /** Maximum length of a text field. */
  readonly max?: number;
  /** A text field's form (checked on reading; upper-cased first when `upper`), with the words saying it. */
  readonly pattern?: RegExp;
  readonly patternHint?: string;
  readonly upper?: boolean;
  /** The values a `choice` field may take (compared in lower case). */
  readonly choices?: readonly string[];
  /** Column names (any case, spaces or underscores) that name this field without a mapping. */
  readonly names: readonly string[];
  /** HXL tags (hashtag and attributes, in any order) that name it. */
  readonly tags: readonly string[];
}

const PLEDGE_FIELDS: readonly FieldSpec[] = [
  { name: 'id', kind: 'id', names: ['id', 'pledge_id'], tags: ['#meta +id'] },
  { name: 'external_id', kind: 'external_id', names: ['external_id', 'row_id'], tags: ['#meta +external'] },
  {
    name: 'donor',
    kind: 'organisation',
    required: true,
    names: ['donor', 'donor_org_id', 'donor_org', 'donor_name'],
    tags: ['#org +funder +name', '#org +funder'],
  },
  {
    name: 'item',
    kind: 'item',
    required: true,
    names: ['item', 'item_code', 'item_id'],
    tags: ['#item +code'],
  },
  { name: 'item_name', kind: 'item', names: ['item_name'], tags: ['#item +name'] },
  {
    name: 'quantity',
    kind: 'quantity',
    required: true,
    names: ['quantity', 'qty'],
    tags: ['#indicator +pledged +num', '#indicator +num'],
  },
  {
    name: 'announced_on',
    kind: 'date',
    required: true,
    names: ['announced_on', 'announced', 'date'],
    tags: ['#date +announced', '#date'],
  },
  { name: 'available_from', kind: 'date', names: ['available_from'], tags: ['#date +start'] },
  {
    name: 'value',
    kind: 'amount',
    names: ['value', 'value_amount', 'amount'],
    tags: ['#value +pledged', '#value'],
  },
  { name: 'currency', kind: 'currency', names: ['currency', 'value_currency'], tags: ['#currency'] },
  {
    name: 'recipient',
    kind: 'organisation',
    names: ['recipient', 'recipient_org_id'],
    tags: ['#org +recipient +name', '#org +recipient'],
  },
  { name: 'event', kind: 'event', names: ['event', 'event_id'], tags: ['#event +pledging +name'] },
  { name: 'need_id', kind: 'uuid', names: ['need_id'], tags: ['#need +code'] },
  {
    name: 'conditions',
    kind: 'text',
    max: 4000,
    names: ['conditions'],
    tags: ['#description +conditions'],
  },
  {
    name: 'classification',
    kind: 'classification',
    names: ['classification'],
    tags: ['#meta +classification'],
  },
];

const NEED_FIELDS: readonly FieldSpec[] = [
  { name: 'id', kind: 'id', names: ['id', 'need_id'], tags: ['#meta +id'] },
  { name: 'external_id', kind: 'external_id', names: ['external_id', 'row_id'], tags: ['#meta +external'] },
  {
    name: 'recipient',
    kind: 'organisation',
    required: true,
    names: ['recipient', 'recipient_org_id'],
    tags: ['#org +recipient +name', '#org +recipient'],
  },
  {
    name: 'region',
    kind: 'region',
    required: true,
    names: ['region', 'region_code', 'region_id'],
    tags: ['#adm1 +code'],
  },
  { name: 'region_name', kind: 'region', names: ['region_name'], tags: ['#adm1 +name'] },
  {
    name: 'item',
    kind: 'item',
    required: true,
    names: ['item', 'item_code', 'item_id'],
    tags: ['#item +code'],
  },
  { name: 'item_name', kind: 'item', names: ['item_name'], tags: ['#item +name'] },
  {
    name: 'quantity',
    kind: 'quantity',
    required: true,
    names: ['quantity', 'qty'],
    tags: ['#indicator +needed +num', '#indicator +num'],
  },
  { name: 'priority', kind: 'priority', required: true, names: ['priority'], tags: ['#severity +code'] },
  { name: 'needed_by', kind: 'date', required: true, names: ['needed_by'], tags: ['#date +needed'] },
  { name: 'justification', kind: 'text', max: 4000, names: ['justification'], tags: ['#description'] },
  {
    name: 'classification',
    kind: 'classification',
    names: ['classification'],
    tags: ['#meta +classification'],
  },
];

const CLASSIFICATION_FIELD: FieldSpec = {
  name: 'classification',
  kind: 'classification',
  names: ['classification'],
  tags: ['#meta +classification'],
};
const ID_FIELD = (names: readonly string[]): FieldSpec => ({
  name: 'id',
  kind: 'id',
  names,
  tags: ['#meta +id'],
});
const OWNER_FIELD: FieldSpec = {
  name: 'owner_org',
  kind: 'organisation',
  names: ['owner', 'owner_org_id', 'owner_org'],
  tags: ['#org +owner +name', '#org +owner'],
};

const ORGANISATION_FIELDS: readonly FieldSpec[] = [
  ID_FIELD(['id', 'organisation_id', 'org_id']),
  {
    name: 'name',
    kind: 'text',
    required: true,
    max: 200,
    names: ['name', 'organisation', 'organisation_name', 'org_name'],
    tags: ['#org +name', '#org'],
  },
  { name: 'short_name', kind: 'text', max: 40, names: ['short_name', 'acronym'], tags: ['#org +acronym'] },
  {
    name: 'kind',
    kind: 'choice',
    required: true,
    choices: [
      'state',
      'international_organisation',
      'ngo',
      'manufacturer',
      'recipient_agency',
      'ministry',
      'other',
    ],
    names: ['kind', 'type', 'org_type'],
    tags: ['#org +type'],
  },
  {
    name: 'country_code',
    kind: 'text',
    max: 2,
    upper: true,
    pattern: /^[A-Z]{2}$/,
    patternHint: 'must be an ISO 3166-1 alpha-2 country code (two letters, e.g. DE)',
    names: ['country_code', 'country', 'iso', 'iso_code'],
    tags: ['#country +code'],
  },
  {
    name: 'parent',
    kind: 'organisation',
    names: ['parent', 'parent_id', 'parent_org'],
    tags: ['#org +parent'],
  },
  OWNER_FIELD,
  CLASSIFICATION_FIELD,
];

const ITEM_FIELDS: readonly FieldSpec[] = [
  ID_FIELD(['id', 'item_id']),
  {
    name: 'code',
    kind: 'text',
    required: true,
    max: 40,
    upper: true,
    pattern: /^[A-Z0-9][A-Z0-9._-]{0,39}$/,
    patternHint:
      'must be letters, digits, dots, dashes or underscores, starting with a letter or digit (at most 40)',
    names: ['code', 'item_code', 'item'],
    tags: ['#item +code'],
  },
  {
    name: 'name',
    kind: 'text',
    required: true,
    max: 200,
    names: ['name', 'item_name'],
    tags: ['#item +name'],
  },
  { name: 'name_uk', kind: 'text', max: 200, names: ['name_uk'], tags: ['#item +name +i_uk'] },
  {
    name: 'category',
    kind: 'text',
    required: true,
    max: 200,
    pattern: /^[a-z0-9-]+(\/[a-z0-9-]+)*$/,
    patternHint: 'must be a category path in lower case, e.g. non-lethal/winter',
    names: ['category'],
    tags: ['#item +category'],
  },
  { name: 'unit', kind: 'text', required: true, max: 40, names: ['unit'], tags: ['#item +unit'] },
  {
    name: 'reference_price',
    kind: 'amount',
    names: ['reference_price', 'price', 'reference_price_amount'],
    tags: ['#value +price'],
  },
  {
    name: 'currency',
    kind: 'currency',
    names: ['currency', 'reference_price_currency'],
    tags: ['#currency'],
  },
  { name: 'description', kind: 'text', max: 4000, names: ['description'], tags: ['#description'] },
  OWNER_FIELD,
  CLASSIFICATION_FIELD,
];

const EVENT_FIELDS: readonly FieldSpec[] = [
  ID_FIELD(['id', 'event_id']),
  {
    name: 'name',
    kind: 'text',
    required: true,
    max: 300,
    names: ['name', 'event', 'event_name'],
    tags: ['#event +name', '#event'],
  },
  {
    name: 'kind',
    kind: 'choice',
    required: true,
    choices: ['ministerial', 'conference', 'summit', 'bilateral', 'other'],
    names: ['kind', 'type'],
    tags: ['#event +type'],
  },
  { name: 'location', kind: 'text', max: 200, names: ['location', 'place'], tags: ['#loc +name'] },
  {
    name: 'starts_on',
    kind: 'date',
    required: true,
    names: ['starts_on', 'start', 'date'],
    tags: ['#date +start', '#date'],
  },
  { name: 'ends_on', kind: 'date', names: ['ends_on', 'end'], tags: ['#date +end'] },
  {
    name: 'organiser',
    kind: 'organisation',
    names: ['organiser', 'organizer', 'organiser_org_id'],
    tags: ['#org +organiser'],
  },
  OWNER_FIELD,
  CLASSIFICATION_FIELD,
];

/**
 * Shipments are read line by line: each row one line against an allocation, the rows with the same
 * reference (and owner) one shipment, created preparing when no such shipment exists.
 */
const SHIPMENT_FIELDS: readonly FieldSpec[] = [
  {
    name: 'reference',
    kind: 'text',
    required: true,
    max: 100,
    names: ['reference', 'shipment', 'shipment_reference', 'waybill'],
    tags: ['#meta +shipment', '#meta +waybill'],
  },
  {
    name: 'origin_hub',
    kind: 'text',
    required: true,
    max: 200,
    names: ['origin_hub', 'hub', 'origin'],
    tags: ['#loc +origin +name', '#loc +origin'],
  },
  {
    name: 'destination',
    kind: 'region',
    required: true,
    names: ['destination', 'destination_region', 'destination_region_id', 'region'],
    tags: ['#adm1 +destination +code', '#adm1 +code'],
  },
  { name: 'eta', kind: 'date', names: ['eta', 'expected_on'], tags: ['#date +eta', '#date +expected'] },
  {
    name: 'allocation_id',
    kind: 'uuid',
    required: true,
    names: ['allocation_id', 'allocation'],
    tags: ['#meta +allocation'],
  },
  {
    name: 'quantity',
    kind: 'quantity',
    required: true,
    names: ['quantity', 'qty'],
    tags: ['#indicator +shipped +num', '#indicator +num'],
  },
  OWNER_FIELD,
  CLASSIFICATION_FIELD,
];

/**
 * Receipts are read line by line too: each row what arrived on one line of a shipment (the line
 * named by its allocation), the rows with the same shipment, day and receiving organisation one receipt.
 */
const RECEIPT_FIELDS: readonly FieldSpec[] = [
  {
    name: 'shipment',
    kind: 'text',
    required: true,
    max: 100,
    names: ['shipment', 'shipment_reference', 'reference', 'shipment_id', 'waybill'],
    tags: ['#meta +shipment', '#meta +waybill'],
  },
  {
    name: 'allocation_id',
    kind: 'uuid',
    required: true,
    names: ['allocation_id', 'allocation'],
    tags: ['#meta +allocation'],
  },
  {
    name: 'received_on',
    kind: 'date',
    required: true,
    names: ['received_on', 'received', 'date'],
    tags: ['#date +received', '#date'],
  },
  {
    name: 'received_by',
    kind: 'organisation',
    names: ['received_by', 'received_by_org_id', 'receiver', 'recipient'],
    tags: ['#org +receiver', '#org +recipient'],
  },
  {
    name: 'quantity',
    kind: 'quantity',
    required: true,
    names: ['quantity', 'qty', 'received_quantity'],
    tags: ['#indicator +received +num', '#indicator +num'],
  },
  {
    name: 'discrepancy_reason',
    kind: 'choice',
    choices: ['damaged', 'short', 'wrong_item', 'excess', 'expired', 'other'],
    names: ['discrepancy_reason', 'discrepancy'],
    tags: ['#status +discrepancy'],
  },
  { name: 'note', kind: 'text', max: 4000, names: ['note', 'remarks'], tags: ['#description'] },
];

/** Columns aidgrid's own exports compute: read back, never imported. */
const COMPUTED: Readonly<Record<ImportEntity, readonly string[]>> = {
  pledge: [
    'category',
    'unit',
    'committed',
    'allocated',
    'shipped',
    'delivered',
    'in_service',
    'value_eur',
    'fx_rate_on',
    'price_list_eur',
    'status',
    'synthetic',
  ],
  need: ['category', 'unit', 'status', 'synthetic'],
  organisation: ['synthetic', 'version', 'created_at', 'updated_at'],
  item: ['synthetic', 'version', 'created_at', 'updated_at'],
  event: ['synthetic', 'version', 'created_at', 'updated_at'],
  shipment: ['status', 'dispatched_on', 'received_quantity', 'item', 'pledge_id', 'need_id', 'synthetic'],
  receipt: ['shipment_line_id', 'synthetic', 'version', 'created_at', 'updated_at'],
};

const FIELDS: Readonly<Record<ImportEntity, readonly FieldSpec[]>> = {
  pledge: PLEDGE_FIELDS,
  need: NEED_FIELDS,
  organisation: ORGANISATION_FIELDS,
  item: ITEM_FIELDS,
  event: EVENT_FIELDS,
  shipment: SHIPMENT_FIELDS,
  receipt: RECEIPT_FIELDS,
};

export function fieldsOf(entity: ImportEntity): readonly FieldSpec[] {
  return FIELDS[entity];
}

export function computedColumns(entity: ImportEntity): readonly string[] {
  return COMPUTED[entity];
}

/** A column name as compared: lower case, runs of spaces, dashes and underscores as one underscore. */
export function normalName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** An HXL tag as compared: hashtag, then its attributes sorted ("#org+name+funder" = "#org +funder +name"). */
export function normalTag(tag: string): string | null {
  const match = /^\s*(#[A-Za-z][_0-9A-Za-z]*)((?:\s*\+[A-Za-z][_0-9A-Za-z]*)*)\s*$/.exec(tag);
  if (!match) return null;
  const attributes = (match[2] ?? '')
    .split('+')
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a !== '')
    .sort();
  return [(match[1] as string).toLowerCase(), ...attributes.map((a) => `+${a}`)].join(' ');
}

/** Whether a row is an HXL hashtag row: every non-empty cell a tag, at least one. */
export function isHashtagRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length > 0 && filled.every((c) => normalTag(c) !== null);
}
