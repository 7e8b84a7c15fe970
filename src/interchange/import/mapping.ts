import { createHash } from 'node:crypto';
import { newId } from '../../core/shared/ids.js';
import { isId } from '../../core/shared/resolve.js';
import {
  computedColumns,
  type FieldSpec,
  fieldsOf,
  IMPORT_ENTITIES,
  type ImportEntity,
  isHashtagRow,
  normalName,
  normalTag,
} from './fields.js';
import {
  type DateOrder,
  type DecimalMark,
  parseAmount,
  parseCurrency,
  parseDate,
  parseQuantity,
} from './values.js';

/**
 * A mapping (docs/import.md): which column holds which field, what the file's names mean, and how
 * its numbers and dates are written. Saved as JSON and given again with `--mapping FILE`.
 */
export interface ImportMapping {
  readonly entity?: ImportEntity;
  /** Column header (as written) → field name, or null to ignore the column. */
  readonly columns?: Readonly<Record<string, string | null>>;
  /** Per reference kind: the text as the file writes it → the id, code or name aidgrid knows. */
  readonly values?: Readonly<
    Partial<Record<'organisation' | 'item' | 'region' | 'event', Record<string, string>>>
  >;
  /** Field → value for rows whose cell is empty (or files without the column). */
  readonly defaults?: Readonly<Record<string, string>>;
  readonly decimal?: DecimalMark;
  readonly dates?: DateOrder;
  /** Fields whose values make a row's external id when the file has no id column. */
  readonly key?: readonly string[];
  /** Prefix of external ids from this file's id column (tracker rows: "kiel:"). */
  readonly external_id_prefix?: string;
}

const MAPPING_KEYS = new Set([
  'entity',
  'columns',
  'values',
  'defaults',
  'decimal',
  'dates',
  'key',
  'external_id_prefix',
  'name',
  'description',
]);

/** Checks a parsed mapping file; answers the problems in words (empty: usable). */
export function checkMapping(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['a mapping is a JSON object'];
  const problems: string[] = [];
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!MAPPING_KEYS.has(key)) problems.push(`unknown key "${key}"`);
  if (m.entity !== undefined && !IMPORT_ENTITIES.includes(m.entity as ImportEntity))
    problems.push(`entity must be one of ${IMPORT_ENTITIES.map((e) => `"${e}"`).join(', ')}`);
  if (m.decimal !== undefined && m.decimal !== ',' && m.decimal !== '.' && m.decimal !== 'auto')
    problems.push('decimal must be ",", "." or "auto"');
  if (m.dates !== undefined && m.dates !== 'dmy' && m.dates !== 'mdy')
    problems.push('dates must be "dmy" or "mdy"');
  const stringMap = (name: string, v: unknown, nullable: boolean) => {
    if (v === undefined) return;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push(`${name} must be an object`);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (!(typeof x === 'string' || (nullable && x === null)))
        problems.push(`${name}["${k}"] must be a string`);
    }
  };
  stringMap('columns', m.columns, true);
  stringMap('defaults', m.defaults, false);
  if (m.values !== undefined) {
    if (typeof m.values !== 'object' || m.values === null) problems.push('values must be an object');
    else
      for (const [kind, map] of Object.entries(m.values)) {
        if (!['organisation', 'item', 'region', 'event'].includes(kind))
          problems.push(`values: unknown kind "${kind}" (organisation, item, region, event)`);
        stringMap(`values.${kind}`, map, false);
      }
  }
  if (m.key !== undefined && (!Array.isArray(m.key) || m.key.some((k) => typeof k !== 'string')))
    problems.push('key must be a list of field names');
  return problems;
}

export interface ColumnPlan {
  readonly entity: ImportEntity;
  /** Field → column index. */
  readonly byField: ReadonlyMap<string, number>;
  /** Field → the column's header as the file writes it (for problems). */
  readonly header: Readonly<Record<string, string>>;
  /** Fields the file provides (a column or a default). */
  readonly present: ReadonlySet<string>;
  readonly ignored: readonly string[];
  readonly unknown: readonly string[];
  /** Rows of the file before the data (1 or 2 with a hashtag row). */
  readonly headerRows: number;
  readonly width: number;
}

export class MappingError extends Error {}

/**
 * Which column holds which field: the mapping's columns first, then the HXL hashtag row (when the
 * file has one), then the column names. A required field with neither a column nor a default is an
 * error naming the file's columns.
 */
export function planColumns(
  entity: ImportEntity,
  first: readonly string[],
  second: readonly string[] | undefined,
  mapping: ImportMapping,
): ColumnPlan {
  const fields = fieldsOf(entity);
  const hashtags = isHashtagRow(first) ? first : second && isHashtagRow(second) ? second : undefined;
  const names = hashtags === first ? undefined : first;
  const headerRows = hashtags === undefined ? 1 : hashtags === first ? 1 : 2;
  const width = Math.max(first.length, second?.length ?? 0);
  const byField = new Map<string, number>();
  const header: Record<string, string> = {};
  const ignored: string[] = [];
  const unknown: string[] = [];
  const mapped = new Map(Object.entries(mapping.columns ?? {}).map(([k, v]) => [normalName(k), v]));
  const computed = new Set(computedColumns(entity));
  for (let i = 0; i < width; i++) {
    const name = names?.[i] ?? '';
    const tag = hashtags?.[i] ?? '';
    const label = name.trim() !== '' ? name.trim() : tag.trim() !== '' ? tag.trim() : `column ${i + 1}`;
    let field: string | null | undefined;
    if (mapped.has(normalName(name)) || mapped.has(normalName(tag))) {
      field = mapped.get(normalName(name)) ?? mapped.get(normalName(tag)) ?? null;
      if (field !== null && !fields.some((f) => f.name === field)) {
        throw new MappingError(
          `the mapping maps "${label}" to "${field}", which is not a ${entity} field (${fields.map((f) => f.name).join(', ')})`,
        );
      }
    } else {
      const normal = normalTag(tag);
      field = normal ? fields.find((f) => f.tags.some((t) => normalTag(t) === normal))?.name : undefined;
      field ??= fields.find((f) => f.names.includes(normalName(name)))?.name;
      if (field === undefined && (computed.has(normalName(name)) || name.trim() === '')) field = null;
    }
    if (field === undefined) {
      unknown.push(label);
      continue;
    }
    if (field === null) {
      if (name.trim() !== '' || tag.trim() !== '') ignored.push(label);
      continue;
    }
    if (byField.has(field)) {
      throw new MappingError(`two columns hold ${field}: "${header[field]}" and "${label}"; map one of them`);
    }
    byField.set(field, i);
    header[field] = label;
  }
  const present = new Set<string>([...byField.keys(), ...Object.keys(mapping.defaults ?? {})]);
  // The item's or region's name stands in when the file has no code column.
  if (!present.has('item') && present.has('item_name')) present.add('item');
  if (entity === 'need' && !present.has('region') && present.has('region_name')) present.add('region');
  const missing = fields.filter((f) => f.required && !present.has(f.name)).map((f) => f.name);
  if (missing.length > 0) {
    throw new MappingError(
      `the file has no column for ${missing.join(', ')} (required); its columns: ${
        [names, hashtags]
          .filter((row): row is readonly string[] => row !== undefined)
          .map((row) => row.filter((c) => c.trim() !== '').join(', '))
          .join(' / ') || 'none'
      }`,
    );
  }
  if (present.has('currency') || present.has('value')) {
    present.add('value');
  }
  if (entity === 'item' && (present.has('currency') || present.has('reference_price'))) {
    present.add('reference_price');
  }
  return { entity, byField, header, present, ignored, unknown, headerRows, width };
}

export interface StagedRow {
  /** Column name → canonical text or null, in the staging table's terms. */
  readonly values: Record<string, string | null>;
  readonly problems: { row: number; column: string; value: string | null; reason: string }[];
}

const CLASSIFICATIONS = new Set(['public', 'coalition', 'restricted']);
const PRIORITIES = new Set(['critical', 'high', 'medium', 'low']);

/**
 * One data row read into staging values: cells through the value dictionaries and the number and
 * date readers, the external id (the file's, or a hash of the key columns), and every problem found.
 */
export function stageRow(
  plan: ColumnPlan,
  mapping: ImportMapping,
  row: number,
  cells: readonly string[],
): StagedRow {
  const problems: StagedRow['problems'] = [];
  const values: Record<string, string | null> = {};
  const decimal = mapping.decimal ?? 'auto';
  const dates = mapping.dates ?? 'dmy';
  const fieldSpecs = fieldsOf(plan.entity);
  const add = (field: string, value: string | null, reason: string) =>
    problems.push({ row, column: plan.header[field] ?? field, value, reason });
  const cell = (spec: FieldSpec): string | null => {
    const index = plan.byField.get(spec.name);
    const raw = index === undefined ? undefined : cells[index];
    let text = raw === undefined ? '' : raw.trim();
    // aidgrid's CSV exports put an apostrophe before text a spreadsheet would run as a formula.
    if (/^'[=+\-@]/.test(text)) text = text.slice(1);
    if (text !== '') return text;
    return mapping.defaults?.[spec.name] ?? null;
  };
  if (cells.length !== plan.width && !(cells.length === 1 && plan.width > 1)) {
    problems.push({
      row,
      column: '',
      value: null,
      reason: `the row has ${cells.length} fields, the header ${plan.width}`,
    });
  }
  let currencyFromAmount: string | null = null;
  for (const spec of fieldSpecs) {
    let text = cell(spec);
    if (text === null) {
      if (
        spec.required &&
        !(spec.name === 'item' && values.item) &&
        !(spec.name === 'region' && values.region)
      ) {
        // A name column may stand in for the code column (read below, after this one).
        const standIn = spec.name === 'item' ? 'item_name' : spec.name === 'region' ? 'region_name' : null;
        const other = standIn ? fieldSpecs.find((f) => f.name === standIn) : undefined;
        if (!(other && cell(other) !== null)) add(spec.name, null, 'is required');
      }
      continue;
    }
    switch (spec.kind) {
      case 'id':
        if (isId(text)) values.rec_id = text.toLowerCase();
        else add(spec.name, text, 'is not an aidgrid id (a UUID)');
        break;
      case 'external_id':
        if (text.length > 300) add(spec.name, text.slice(0, 80), 'is longer than 300 characters');
        else values.external_id = `${mapping.external_id_prefix ?? ''}${text}`;
        break;
      case 'uuid':
        if (isId(text)) values[spec.name] = text.toLowerCase();
        else add(spec.name, text, 'is not an aidgrid id (a UUID)');
        break;
      case 'organisation':
      case 'item':
      case 'region':
      case 'event': {
        const dictionary = mapping.values?.[spec.kind];
        const mapped = dictionary?.[text] ?? dictionary?.[text.toLowerCase()] ?? text;
        const column =
          spec.name === 'item_name' ? 'item' : spec.name === 'region_name' ? 'region' : spec.name;
        if (mapped.length > 300) add(spec.name, mapped.slice(0, 80), 'is longer than 300 characters');
        else if (spec.name === column || values[column] === undefined) values[column] = mapped;
        break;
      }
      case 'quantity': {
        const parsed = parseQuantity(text, decimal);
        if (parsed.ok) values.quantity = parsed.value;
        else add(spec.name, text, parsed.reason);
        break;
      }
      case 'date': {
        const parsed = parseDate(text, dates);
        if (parsed.ok) values[spec.name] = parsed.value;
        else add(spec.name, text, parsed.reason);
        break;
      }
      case 'amount': {
        const parsed = parseAmount(text, decimal);
        if (parsed.ok) {
          values.value_amount = parsed.value.text;
          currencyFromAmount = parsed.value.currency;
        } else add(spec.name, text, parsed.reason);
        break;
      }
      case 'currency': {
        const parsed = parseCurrency(text);
        if (parsed.ok) values.value_currency = parsed.value;
        else add(spec.name, text, parsed.reason);
        break;
      }
      case 'choice':
        if (spec.choices?.includes(text.toLowerCase())) values[spec.name] = text.toLowerCase();
        else add(spec.name, text, `must be one of ${spec.choices?.join(', ')}`);
        break;
      case 'text':
        if (spec.upper) text = text.toUpperCase();
        if (spec.pattern && !spec.pattern.test(text))
          add(spec.name, text.slice(0, 80), spec.patternHint ?? 'is not in the expected form');
        else if (text.length > (spec.max ?? 4000))
          add(
            spec.name,
            `${text.slice(0, 40)}…`,
            `must be at most ${spec.max ?? 4000} characters (it has ${text.length})`,
          );
        else values[spec.name] = text;
        break;
      case 'priority':
        if (PRIORITIES.has(text.toLowerCase())) values.priority = text.toLowerCase();
        else add(spec.name, text, 'must be critical, high, medium or low');
        break;
      case 'classification':
        if (CLASSIFICATIONS.has(text.toLowerCase())) values.classification = text.toLowerCase();
        else add(spec.name, text, 'must be public, coalition or restricted');
        break;
    }
  }
  if (plan.entity === 'item') {
    if (currencyFromAmount !== null) values.value_currency ??= currencyFromAmount;
    if ((values.value_amount == null) !== (values.value_currency == null)) {
      if (values.value_amount != null) add('currency', null, 'a reference price needs its currency');
      else add('reference_price', null, 'a currency needs a reference price');
    }
  }
  if (plan.entity === 'event' && values.ends_on && values.starts_on && values.ends_on < values.starts_on) {
    add('ends_on', values.ends_on, 'must not be before starts_on');
  }
  if (plan.entity === 'pledge') {
    if (currencyFromAmount !== null) {
      if (values.value_currency && values.value_currency !== currencyFromAmount) {
        add(
          'value',
          values.value_amount ?? null,
          `is in ${currencyFromAmount} but the currency column says ${values.value_currency}`,
        );
      }
      values.value_currency ??= currencyFromAmount;
    }
    if ((values.value_amount == null) !== (values.value_currency == null)) {
      if (values.value_amount != null) add('currency', null, 'a value needs its currency');
      else add('value', null, 'a currency needs a value');
    }
    if (values.available_from && values.announced_on && values.available_from < values.announced_on) {
      add('available_from', values.available_from, 'must not be before announced_on');
    }
  }
  values.row_no = String(row);
  values.new_id = newId();
  if (!values.rec_id && !values.external_id) values.external_id = keyHash(plan.entity, mapping, values);
  return { values, problems };
}

/** The fields that make a row's key when the file has no id column. */
const NATURAL_KEYS: Readonly<Record<ImportEntity, readonly string[]>> = {
  pledge: ['donor', 'item', 'announced_on', 'recipient', 'event'],
  need: ['recipient', 'region', 'item', 'needed_by'],
  organisation: ['name'],
  item: ['code'],
  event: ['name', 'starts_on'],
  shipment: ['owner_org', 'reference', 'allocation_id'],
  receipt: ['shipment', 'received_on', 'received_by', 'allocation_id'],
};

/** A stable id for a row without one: SHA-256 of its key fields as read (donor or recipient, item, date…). */
function keyHash(
  entity: ImportEntity,
  mapping: ImportMapping,
  values: Record<string, string | null>,
): string {
  const fields = mapping.key ?? NATURAL_KEYS[entity];
  const text = fields.map((f) => (values[f] ?? '').toLowerCase()).join('\u001f');
  return `key:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
