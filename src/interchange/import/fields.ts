/**
 * What each importable entity's rows carry: its fields, how each is read from a cell, which column
 * names and HXL tags name it by default, and which exported columns are computed by aidgrid (read
 * back and ignored, so that an export imports as `unchanged`).
 */

export type ImportEntity = 'pledge' | 'need';

export const IMPORT_ENTITIES: readonly ImportEntity[] = ['pledge', 'need'];

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
  | 'classification';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
  /** Maximum length of a text field. */
  readonly max?: number;
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
};

export function fieldsOf(entity: ImportEntity): readonly FieldSpec[] {
  return entity === 'pledge' ? PLEDGE_FIELDS : NEED_FIELDS;
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
