import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Reader } from '../../core/auth/visibility.js';
import { visibilityCondition } from '../../core/auth/visibility.js';
import { Conflict } from '../../core/errors.js';
import type { ImportEntity } from '../../interchange/import/fields.js';
import type { Executor } from './record.repository.js';
import { rateOf } from './valuation.repository.js';

/**
 * The set-based SQL of imports (docs/import.md): rows are COPYed into an UNLOGGED staging table of
 * the import's own, names are resolved through small map tables (one per reference column), and one
 * CREATE TABLE … AS SELECT checks every row at once into the import's checked table: references,
 * own-organisation rules, the record each row updates, keys repeated within the file, and the
 * action (create, update, unchanged). The writes are INSERT … SELECT and UPDATE … FROM from there.
 */

export interface StageColumn {
  readonly name: string;
  readonly type: 'bigint' | 'uuid' | 'text' | 'numeric' | 'date' | 'jsonb';
}

const COMMON: readonly StageColumn[] = [
  { name: 'row_no', type: 'bigint' },
  { name: 'new_id', type: 'uuid' },
  { name: 'rec_id', type: 'uuid' },
  { name: 'external_id', type: 'text' },
];

/** The staging columns of each entity, in COPY order (problems last: those found while reading). */
export const STAGE_COLUMNS: Readonly<Record<ImportEntity, readonly StageColumn[]>> = {
  pledge: [
    ...COMMON,
    { name: 'donor', type: 'text' },
    { name: 'item', type: 'text' },
    { name: 'recipient', type: 'text' },
    { name: 'event', type: 'text' },
    { name: 'need_id', type: 'uuid' },
    { name: 'quantity', type: 'numeric' },
    { name: 'announced_on', type: 'date' },
    { name: 'available_from', type: 'date' },
    { name: 'value_amount', type: 'numeric' },
    { name: 'value_currency', type: 'text' },
    { name: 'conditions', type: 'text' },
    { name: 'classification', type: 'text' },
    { name: 'problems', type: 'jsonb' },
  ],
  need: [
    ...COMMON,
    { name: 'recipient', type: 'text' },
    { name: 'region', type: 'text' },
    { name: 'item', type: 'text' },
    { name: 'quantity', type: 'numeric' },
    { name: 'priority', type: 'text' },
    { name: 'needed_by', type: 'date' },
    { name: 'justification', type: 'text' },
    { name: 'classification', type: 'text' },
    { name: 'problems', type: 'jsonb' },
  ],
  organisation: [
    ...COMMON,
    { name: 'name', type: 'text' },
    { name: 'short_name', type: 'text' },
    { name: 'kind', type: 'text' },
    { name: 'country_code', type: 'text' },
    { name: 'parent', type: 'text' },
    { name: 'owner_org', type: 'text' },
    { name: 'classification', type: 'text' },
    { name: 'problems', type: 'jsonb' },
  ],
  item: [
    ...COMMON,
    { name: 'code', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'name_uk', type: 'text' },
    { name: 'category', type: 'text' },
    { name: 'unit', type: 'text' },
    { name: 'value_amount', type: 'numeric' },
    { name: 'value_currency', type: 'text' },
    { name: 'description', type: 'text' },
    { name: 'owner_org', type: 'text' },
    { name: 'classification', type: 'text' },
    { name: 'problems', type: 'jsonb' },
  ],
  event: [
    ...COMMON,
    { name: 'name', type: 'text' },
    { name: 'kind', type: 'text' },
    { name: 'location', type: 'text' },
    { name: 'starts_on', type: 'date' },
    { name: 'ends_on', type: 'date' },
    { name: 'organiser', type: 'text' },
    { name: 'owner_org', type: 'text' },
    { name: 'classification', type: 'text' },
    { name: 'problems', type: 'jsonb' },
  ],
  shipment: [
    ...COMMON,
    { name: 'reference', type: 'text' },
    { name: 'origin_hub', type: 'text' },
    { name: 'destination', type: 'text' },
    { name: 'eta', type: 'date' },
    { name: 'allocation_id', type: 'uuid' },
    { name: 'quantity', type: 'numeric' },
    { name: 'owner_org', type: 'text' },
    { name: 'classification', type: 'text' },
    { name: 'problems', type: 'jsonb' },
  ],
  receipt: [
    ...COMMON,
    { name: 'shipment', type: 'text' },
    { name: 'allocation_id', type: 'uuid' },
    { name: 'received_on', type: 'date' },
    { name: 'received_by', type: 'text' },
    { name: 'quantity', type: 'numeric' },
    { name: 'discrepancy_reason', type: 'text' },
    { name: 'note', type: 'text' },
    { name: 'problems', type: 'jsonb' },
  ],
};

/** Reference columns and the catalogue table each names. */
export const REFERENCE_COLUMNS: Readonly<
  Record<ImportEntity, readonly { column: string; table: 'organisation' | 'item' | 'region' | 'event' }[]>
> = {
  pledge: [
    { column: 'donor', table: 'organisation' },
    { column: 'item', table: 'item' },
    { column: 'recipient', table: 'organisation' },
    { column: 'event', table: 'event' },
  ],
  need: [
    { column: 'recipient', table: 'organisation' },
    { column: 'region', table: 'region' },
    { column: 'item', table: 'item' },
  ],
  organisation: [
    { column: 'parent', table: 'organisation' },
    { column: 'owner_org', table: 'organisation' },
  ],
  item: [{ column: 'owner_org', table: 'organisation' }],
  event: [
    { column: 'organiser', table: 'organisation' },
    { column: 'owner_org', table: 'organisation' },
  ],
  shipment: [
    { column: 'destination', table: 'region' },
    { column: 'owner_org', table: 'organisation' },
  ],
  receipt: [{ column: 'received_by', table: 'organisation' }],
};

/** Table names of one import: made of its id's hex digits only. */
export function importTables(importId: string) {
  const hex = importId.replaceAll('-', '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error('an import id is a UUID');
  return {
    stage: `import_stage_${hex}`,
    checked: `import_checked_${hex}`,
    map: (column: string) => `import_map_${hex}_${column}`,
  };
}

export async function createStageTable(db: Executor, importId: string, entity: ImportEntity): Promise<void> {
  const { stage } = importTables(importId);
  const columns = STAGE_COLUMNS[entity].map((c) => `${c.name} ${c.type}`).join(', ');
  await sql.raw(`CREATE UNLOGGED TABLE ${stage} (${columns})`).execute(db);
}

/** The COPY statement that fills the staging table (text format). */
export function stageCopyStatement(importId: string, entity: ImportEntity): string {
  const { stage } = importTables(importId);
  return `COPY ${stage} (${STAGE_COLUMNS[entity].map((c) => c.name).join(', ')}) FROM STDIN`;
}

export async function dropImportTables(db: Executor, importId: string, entity: ImportEntity): Promise<void> {
  const t = importTables(importId);
  const maps = REFERENCE_COLUMNS[entity].map((r) => t.map(r.column));
  await sql.raw(`DROP TABLE IF EXISTS ${[t.stage, t.checked, ...maps].join(', ')}`).execute(db);
}

/** Any import tables left behind by imports no longer running (by id prefix). */
export async function dropImportTablesOf(db: Executor, importId: string): Promise<void> {
  const hex = importId.replaceAll('-', '').toLowerCase();
  const rows = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename LIKE ${`import\\_%${hex}%`}`.execute(db);
  if (rows.rows.length > 0) {
    await sql.raw(`DROP TABLE IF EXISTS ${rows.rows.map((r) => r.name).join(', ')}`).execute(db);
  }
}

const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** How a catalogue row matches a name as written: id, code, name or short name, any case. */
function nameMatch(table: string, alias: string, text: RawBuilder<unknown>): RawBuilder<SqlBool> {
  const id = sql`${ref(alias, 'id')}::text = lower(${text})`;
  const name = sql`lower(${ref(alias, 'name')}) = lower(${text})`;
  switch (table) {
    case 'organisation':
      return sql<SqlBool>`(${id} OR ${name} OR lower(${ref(alias, 'short_name')}) = lower(${text}))`;
    case 'item':
    case 'region':
      return sql<SqlBool>`(${id} OR ${name} OR lower(${ref(alias, 'code')}) = lower(${text}))`;
    default:
      return sql<SqlBool>`(${id} OR ${name})`;
  }
}

/**
 * The map of one reference column: each distinct text of the file and the one record it names that
 * the importer may see (id null: none or several; `matches` says how many).
 */
export async function buildReferenceMap(
  db: Executor,
  importId: string,
  column: string,
  table: 'organisation' | 'item' | 'region' | 'event',
  reader: Reader | null,
): Promise<void> {
  const t = importTables(importId);
  const map = sql.table(t.map(column));
  await sql`
    CREATE TEMP TABLE ${map} AS
    SELECT refs.ref, (array_agg(c.id ORDER BY c.id))[1] AS id, count(c.id) AS matches, NULL::text AS reason
      FROM (SELECT DISTINCT ${sql.ref(column)} AS ref FROM ${sql.table(t.stage)} WHERE ${sql.ref(column)} IS NOT NULL) AS refs
      LEFT JOIN ${sql.table(table)} AS c
        ON ${nameMatch(table, 'c', sql.ref('refs.ref'))} AND ${visibilityCondition(table, reader, 'c')}
     GROUP BY refs.ref`.execute(db);
  await sql`ANALYZE ${map}`.execute(db);
}

/** The texts of a reference column that name no record (or several), up to `limit`. */
export async function unresolvedReferences(
  db: Executor,
  importId: string,
  column: string,
  limit: number,
): Promise<{ ref: string; matches: string }[]> {
  const map = sql.table(importTables(importId).map(column));
  const result = await sql<{ ref: string; matches: string }>`
    SELECT ref, matches FROM ${map} WHERE matches <> 1 ORDER BY ref LIMIT ${limit}`.execute(db);
  return result.rows;
}

export async function setReferenceReasons(
  db: Executor,
  importId: string,
  column: string,
  reasons: readonly { ref: string; reason: string }[],
): Promise<void> {
  if (reasons.length === 0) return;
  const map = sql.table(importTables(importId).map(column));
  await sql`
    UPDATE ${map} AS m SET reason = r.reason
      FROM unnest(${reasons.map((r) => r.ref)}::text[], ${reasons.map((r) => r.reason)}::text[]) AS r (ref, reason)
     WHERE m.ref = r.ref`.execute(db);
}

/** The catalogue rows a reader may see, to suggest near matches for names the file misspells. */
export async function visibleNames(
  db: Executor,
  table: 'organisation' | 'item' | 'region' | 'event',
  reader: Reader | null,
): Promise<{ id: string; code: string | null; name: string; short_name: string | null }[]> {
  const code = table === 'item' || table === 'region' ? sql`c.code` : sql`NULL::text`;
  const shortName = table === 'organisation' ? sql`c.short_name` : sql`NULL::text`;
  const result = await sql<{ id: string; code: string | null; name: string; short_name: string | null }>`
    SELECT c.id, ${code} AS code, c.name, ${shortName} AS short_name
      FROM ${sql.table(table)} AS c WHERE ${visibilityCondition(table, reader, 'c')}`.execute(db);
  return result.rows;
}

export interface CheckContext {
  readonly importId: string;
  readonly reader: Reader | null;
  /** The importer's organisation when their role confines them to it (donor, recipient). */
  readonly ownOrg: string | null;
  /** The file's column header of each field, for the problems. */
  readonly header: Readonly<Record<string, string>>;
  /** Fields the file has a column for: the others keep their stored value on update. */
  readonly present: ReadonlySet<string>;
}

/** One problem object for row `s` (a jsonb array of one), shown when `when` holds. */
function problem(
  context: CheckContext,
  when: RawBuilder<unknown>,
  field: string,
  value: RawBuilder<unknown>,
  reason: RawBuilder<unknown> | string,
): RawBuilder<unknown> {
  const column = context.header[field] ?? field;
  const because = typeof reason === 'string' ? sql`${reason}::text` : reason;
  return sql`CASE WHEN ${when} THEN jsonb_build_array(jsonb_build_object(
    'row', s.row_no, 'column', ${column}::text, 'value', ${value}, 'reason', ${because})) ELSE '[]'::jsonb END`;
}

function unknownReference(context: CheckContext, column: string, kind: string): RawBuilder<unknown> {
  const col = (suffix: string) => sql.ref(`s.${column}${suffix}`);
  return problem(
    context,
    sql`(${col('')} IS NOT NULL AND ${col('_id')} IS NULL)`,
    column,
    col(''),
    sql`COALESCE(${col('_reason')}, CASE WHEN ${col('_matches')} > 1 THEN 'names ' || ${col('_matches')} || ' ${sql.raw(kind)}s; give the id or the code'
                 ELSE 'no ${sql.raw(kind)} of that name' END)`,
  );
}

/** The staged rows with what each reference column resolved to: <column>_id, _matches, _reason. */
function resolvedRows(entity: ImportEntity, stage: string, maps: RawBuilder<unknown>[]) {
  const columns = REFERENCE_COLUMNS[entity].flatMap((c) => {
    const m = (name: string) => sql.ref(`m_${c.column}.${name}`);
    return [
      sql`CASE WHEN ${m('matches')} = 1 THEN ${m('id')} END AS ${sql.ref(`${c.column}_id`)}`,
      sql`${m('matches')} AS ${sql.ref(`${c.column}_matches`)}`,
      sql`${m('reason')} AS ${sql.ref(`${c.column}_reason`)}`,
    ];
  });
  return sql`SELECT s.*, ${sql.join(columns)} FROM ${sql.table(stage)} AS s ${sql.join(maps, sql` `)}`;
}

/** A column's stored value kept when the file has no column for the field. */
function incoming(context: CheckContext, field: string, fileValue: string, stored: string) {
  return context.present.has(field) ? sql.raw(fileValue) : sql.raw(stored);
}

/**
 * Checks every staged row at once into the import's checked table: one pass over the staging table
 * joined to the reference maps and to the records the rows update. Answers nothing: the counts and
 * the problems are read from the checked table.
 */
export async function checkStagedRows(
  db: Executor,
  entity: ImportEntity,
  context: CheckContext,
): Promise<void> {
  const t = importTables(context.importId);
  const maps = REFERENCE_COLUMNS[entity].map(
    (r) =>
      sql`LEFT JOIN ${sql.table(t.map(r.column))} AS ${sql.ref(`m_${r.column}`)} ON ${sql.ref(`m_${r.column}`)}.ref = s.${sql.ref(r.column)}`,
  );
  const query =
    entity === 'pledge'
      ? pledgeCheck(context, t.stage, maps)
      : entity === 'need'
        ? needCheck(context, t.stage, maps)
        : entity === 'shipment'
          ? shipmentCheck(context, t.stage, maps)
          : entity === 'receipt'
            ? receiptCheck(context, t.stage, maps)
            : catalogueCheck(entity, context, t.stage, maps);
  await sql`CREATE UNLOGGED TABLE ${sql.table(t.checked)} AS ${query}`.execute(db);
}

/** Problems every entity shares: the record an id names, rows with the same key, who may write it. */
function keyProblems(context: CheckContext, kind: string, ownerField: string): RawBuilder<unknown>[] {
  return [
    problem(
      context,
      sql`s.rec_id IS NOT NULL AND by_id.id IS NULL`,
      'id',
      sql`s.rec_id::text`,
      `no ${kind} with this id that you may see; leave the id out to create a new ${kind}`,
    ),
    problem(
      context,
      sql`target.id IS NOT NULL AND NOT target_visible`,
      'external_id',
      sql`s.external_id`,
      `a ${kind} with this key exists that you may not see or change`,
    ),
    problem(
      context,
      sql`key_rows > 1`,
      s_key_field(context),
      sql`COALESCE(s.rec_id::text, s.external_id)`,
      sql`'the same key as row' || CASE WHEN key_rows > 2 THEN 's ' ELSE ' ' END ||
          array_to_string(array_remove(key_row_list, s.row_no), ', ') || ' of the file'`,
    ),
    problem(
      context,
      sql`${sql.raw(context.ownOrg === null ? 'false' : 'true')} AND s.${sql.ref(`${ownerField}_id`)} IS DISTINCT FROM ${context.ownOrg}::uuid AND s.${sql.ref(`${ownerField}_id`)} IS NOT NULL`,
      ownerField,
      sql`s.${sql.ref(ownerField)}`,
      `you may import only your own organisation's ${kind}s`,
    ),
    problem(
      context,
      sql`NOT writer_sees`,
      'classification',
      sql`s.classification`,
      'you could not read this record once written: above your clearance, and not your organisation’s',
    ),
  ];
}

function s_key_field(context: CheckContext): string {
  return context.present.has('id') ? 'id' : 'external_id';
}

function clearanceSees(reader: Reader | null, level: RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (reader === null || reader.clearance === 'restricted') return sql<SqlBool>`true`;
  if (reader.clearance === 'coalition') return sql<SqlBool>`${level} IN ('public', 'coalition')`;
  return sql<SqlBool>`${level} = 'public'`;
}

function pledgeCheck(context: CheckContext, stage: string, maps: RawBuilder<unknown>[]) {
  const r = context.reader;
  const org = r?.orgId ?? null;
  const cls = sql`COALESCE(s.classification, target.classification::text, 'coalition')`;
  const owner = sql`COALESCE(target.owner_org_id, s.donor_id)`;
  const writerSees = sql<SqlBool>`(${clearanceSees(r, cls)}
    OR ${org}::uuid IS NOT NULL AND (${owner} = ${org}::uuid OR s.donor_id = ${org}::uuid OR s.recipient_id = ${org}::uuid))`;
  const v = (field: string, file: string, stored: string) => incoming(context, field, file, stored);
  const same = sql`target.donor_org_id = s.donor_id AND target.item_id = s.item_id
     AND target.quantity = ${v('quantity', 's.quantity', 'target.quantity')}
     AND target.recipient_org_id IS NOT DISTINCT FROM ${v('recipient', 's.recipient_id', 'target.recipient_org_id')}
     AND target.event_id IS NOT DISTINCT FROM ${v('event', 's.event_id', 'target.event_id')}
     AND target.need_id IS NOT DISTINCT FROM ${v('need_id', 's.need_id', 'target.need_id')}
     AND target.announced_on = s.announced_on
     AND target.available_from IS NOT DISTINCT FROM ${v('available_from', 's.available_from', 'target.available_from')}
     AND target.value_amount IS NOT DISTINCT FROM ${v('value', 's.value_amount', 'target.value_amount')}
     AND target.value_currency IS NOT DISTINCT FROM ${v('value', 's.value_currency', 'target.value_currency')}
     AND target.conditions IS NOT DISTINCT FROM ${v('conditions', 's.conditions', 'target.conditions')}
     AND target.classification::text = ${cls}`;
  const problems = [
    unknownReference(context, 'donor', 'organisation'),
    unknownReference(context, 'item', 'item'),
    unknownReference(context, 'recipient', 'organisation'),
    unknownReference(context, 'event', 'event'),
    ...keyProblems(context, 'pledge', 'donor'),
    problem(
      context,
      sql`s.need_id IS NOT NULL AND n.id IS NULL`,
      'need_id',
      sql`s.need_id::text`,
      'no need with this id that you may see',
    ),
    problem(
      context,
      sql`n.id IS NOT NULL AND s.item_id IS NOT NULL AND n.item_id <> s.item_id`,
      'need_id',
      sql`s.need_id::text`,
      'the need is for another item than the pledge',
    ),
    problem(
      context,
      sql`target.id IS NOT NULL AND s.quantity < target.committed_quantity`,
      'quantity',
      sql`s.quantity::text`,
      sql`'the pledge has ' || target.committed_quantity || ' committed; its quantity cannot go below that'`,
    ),
    problem(
      context,
      sql`target.id IS NOT NULL AND target.donor_org_id <> s.donor_id`,
      'donor',
      sql`s.donor`,
      'the donor of a pledge cannot change',
    ),
  ];
  return sql`
    WITH s AS (${resolvedRows('pledge', stage, maps)}
    ), keyed AS (
      SELECT s.*, count(*) OVER key_window AS key_rows, array_agg(s.row_no) OVER key_window AS key_row_list
        FROM s
      WINDOW key_window AS (PARTITION BY COALESCE(s.rec_id::text, s.donor_id::text || ' ' || s.external_id, 'row ' || s.row_no))
    ), matched AS (
      SELECT s.*, COALESCE(by_id.id, by_key.id) AS target_id, by_id.id AS by_id_id
        FROM keyed s
        LEFT JOIN pledge by_id ON by_id.id = s.rec_id AND ${visibilityCondition('pledge', r, 'by_id')}
        LEFT JOIN pledge by_key ON s.rec_id IS NULL AND by_key.owner_org_id = s.donor_id AND by_key.external_id = s.external_id
    )
    SELECT s.*, target_visible, writer_sees,
           NULLIF(COALESCE(s.problems, '[]'::jsonb) || ${sql.join(problems, sql` || `)}, '[]'::jsonb) AS found,
           CASE WHEN target.id IS NULL THEN 'create' WHEN ${same} THEN 'unchanged' ELSE 'update' END AS action,
           ${owner} AS owner_id, ${cls} AS final_classification
      FROM matched AS s
      LEFT JOIN pledge target ON target.id = s.target_id
      LEFT JOIN pledge by_id ON by_id.id = s.by_id_id
      LEFT JOIN need n ON n.id = s.need_id AND ${visibilityCondition('need', r, 'n')}
      CROSS JOIN LATERAL (SELECT (target.id IS NULL OR (${visibilityCondition('pledge', r, 'target')}
        ${context.ownOrg === null ? sql`` : sql`AND target.donor_org_id = ${context.ownOrg}::uuid`})) AS target_visible) AS tv
      CROSS JOIN LATERAL (SELECT ${writerSees} AS writer_sees) AS ws`;
}

function needCheck(context: CheckContext, stage: string, maps: RawBuilder<unknown>[]) {
  const r = context.reader;
  const org = r?.orgId ?? null;
  const cls = sql`COALESCE(s.classification, target.classification::text, 'coalition')`;
  const owner = sql`COALESCE(target.owner_org_id, s.recipient_id)`;
  const writerSees = sql<SqlBool>`(${clearanceSees(r, cls)}
    OR ${org}::uuid IS NOT NULL AND (${owner} = ${org}::uuid OR s.recipient_id = ${org}::uuid))`;
  const v = (field: string, file: string, stored: string) => incoming(context, field, file, stored);
  const same = sql`target.recipient_org_id = s.recipient_id AND target.region_id = s.region_id
     AND target.item_id = s.item_id
     AND target.quantity = ${v('quantity', 's.quantity', 'target.quantity')}
     AND target.priority::text = ${v('priority', 's.priority', 'target.priority::text')}
     AND target.needed_by = s.needed_by
     AND target.justification IS NOT DISTINCT FROM ${v('justification', 's.justification', 'target.justification')}
     AND target.classification::text = ${cls}`;
  const problems = [
    unknownReference(context, 'recipient', 'organisation'),
    unknownReference(context, 'region', 'region'),
    unknownReference(context, 'item', 'item'),
    ...keyProblems(context, 'need', 'recipient'),
    problem(
      context,
      sql`target.id IS NOT NULL AND s.quantity < target.allocated_quantity`,
      'quantity',
      sql`s.quantity::text`,
      sql`'the need has ' || target.allocated_quantity || ' allocated; its quantity cannot go below that'`,
    ),
    problem(
      context,
      sql`target.id IS NOT NULL AND target.useful_until IS NOT NULL AND s.needed_by > target.useful_until`,
      'needed_by',
      sql`s.needed_by::text`,
      'must not be after the need’s useful_until',
    ),
  ];
  return sql`
    WITH s AS (${resolvedRows('need', stage, maps)}
    ), keyed AS (
      SELECT s.*, count(*) OVER key_window AS key_rows, array_agg(s.row_no) OVER key_window AS key_row_list
        FROM s
      WINDOW key_window AS (PARTITION BY COALESCE(s.rec_id::text, s.recipient_id::text || ' ' || s.external_id, 'row ' || s.row_no))
    ), matched AS (
      SELECT s.*, COALESCE(by_id.id, by_key.id) AS target_id, by_id.id AS by_id_id
        FROM keyed s
        LEFT JOIN need by_id ON by_id.id = s.rec_id AND ${visibilityCondition('need', r, 'by_id')}
        LEFT JOIN need by_key ON s.rec_id IS NULL AND by_key.owner_org_id = s.recipient_id AND by_key.external_id = s.external_id
    )
    SELECT s.*, target_visible, writer_sees,
           NULLIF(COALESCE(s.problems, '[]'::jsonb) || ${sql.join(problems, sql` || `)}, '[]'::jsonb) AS found,
           CASE WHEN target.id IS NULL THEN 'create' WHEN ${same} THEN 'unchanged' ELSE 'update' END AS action,
           ${owner} AS owner_id, ${cls} AS final_classification
      FROM matched AS s
      LEFT JOIN need target ON target.id = s.target_id
      LEFT JOIN need by_id ON by_id.id = s.by_id_id
      CROSS JOIN LATERAL (SELECT (target.id IS NULL OR (${visibilityCondition('need', r, 'target')}
        ${context.ownOrg === null ? sql`` : sql`AND target.recipient_org_id = ${context.ownOrg}::uuid`})) AS target_visible) AS tv
      CROSS JOIN LATERAL (SELECT ${writerSees} AS writer_sees) AS ws`;
}

export interface CheckCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: number;
}

export async function countChecked(db: Executor, importId: string): Promise<CheckCounts> {
  const checked = sql.table(importTables(importId).checked);
  const result = await sql<{
    created: string;
    updated: string;
    unchanged: string;
    rejected: string;
    problems: string;
  }>`
    SELECT count(*) FILTER (WHERE found IS NULL AND action = 'create') AS created,
           count(*) FILTER (WHERE found IS NULL AND action = 'update') AS updated,
           count(*) FILTER (WHERE found IS NULL AND action = 'unchanged') AS unchanged,
           count(*) FILTER (WHERE found IS NOT NULL) AS rejected,
           COALESCE(sum(jsonb_array_length(found)), 0) AS problems
      FROM ${checked}`.execute(db);
  const row = result.rows[0];
  return {
    created: Number(row?.created ?? 0),
    updated: Number(row?.updated ?? 0),
    unchanged: Number(row?.unchanged ?? 0),
    rejected: Number(row?.rejected ?? 0),
    problems: Number(row?.problems ?? 0),
  };
}

export interface RowProblem {
  row: number;
  column: string;
  value: string | null;
  reason: string;
}

/** The first `limit` problems in file order. */
export async function firstProblems(
  db: Executor,
  importId: string,
  limit: number,
  offset = 0,
): Promise<RowProblem[]> {
  const checked = sql.table(importTables(importId).checked);
  const result = await sql<{ problem: RowProblem }>`
    SELECT p.problem FROM (SELECT row_no, found FROM ${checked} WHERE found IS NOT NULL ORDER BY row_no LIMIT ${limit + offset}) AS c
      CROSS JOIN LATERAL jsonb_array_elements(c.found) WITH ORDINALITY AS p (problem, n)
     ORDER BY c.row_no, p.n LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return result.rows.map((r) => ({ ...r.problem, row: Number(r.problem.row) }));
}

/** Every rejected row with its reasons joined, in file order (for the rejects file). */
export async function rejectedRows(db: Executor, importId: string): Promise<Map<number, string>> {
  const checked = sql.table(importTables(importId).checked);
  const result = await sql<{ row_no: string; reasons: string }>`
    SELECT c.row_no, string_agg(p.problem->>'column' || ': ' || (p.problem->>'reason'), '; ' ORDER BY p.n) AS reasons
      FROM ${checked} c CROSS JOIN LATERAL jsonb_array_elements(c.found) WITH ORDINALITY AS p (problem, n)
     WHERE c.found IS NOT NULL GROUP BY c.row_no ORDER BY c.row_no`.execute(db);
  return new Map(result.rows.map((r) => [Number(r.row_no), r.reasons]));
}

export interface ApplyContext {
  readonly importId: string;
  readonly actor: string;
  readonly present: ReadonlySet<string>;
  /** How old an FX rate may be to value a pledge (valuation.service.ts). */
  readonly maxRateAgeDays: number;
}

/** Writes the valid rows: INSERT … SELECT the new ones, UPDATE … FROM the changed ones, link them all to the source. */
export async function applyChecked(
  db: Executor,
  entity: ImportEntity,
  context: ApplyContext,
): Promise<{ created: number; updated: number }> {
  const checked = sql.table(importTables(context.importId).checked);
  const p = (field: string, file: string, stored: string) =>
    sql.raw(context.present.has(field) ? file : stored);
  let created: number;
  let updated: number;
  if (entity === 'organisation' || entity === 'item' || entity === 'event') {
    ({ created, updated } = await applyCatalogue(db, entity, context));
  } else if (entity === 'shipment') {
    ({ created, updated } = await applyShipmentLines(db, context));
  } else if (entity === 'receipt') {
    ({ created, updated } = await applyReceiptLines(db, context));
  } else if (entity === 'pledge') {
    // Valued as they are inserted, by the rules of updatePledgeValuations (valuation.repository.ts):
    // one pass instead of an insert and an update of every row.
    const inserted = await sql`
      INSERT INTO pledge (id, donor_org_id, item_id, quantity, need_id, recipient_org_id, event_id, announced_on,
                          available_from, value_amount, value_currency, conditions, owner_org_id, classification,
                          created_by, updated_by, external_id, import_id,
                          value_eur, value_fx_rate, value_fx_rate_on, price_list_eur)
      SELECT s.new_id, s.donor_id, s.item_id, s.quantity, s.need_id, s.recipient_id, s.event_id, s.announced_on,
             s.available_from, s.value_amount, s.value_currency, s.conditions, s.owner_id,
             s.final_classification::classification, ${context.actor}, ${context.actor}, s.external_id, ${context.importId}::uuid,
             CASE WHEN s.value_amount IS NULL THEN NULL
                  WHEN s.value_currency = 'EUR' THEN round(s.value_amount, 2)
                  ELSE round(s.value_amount * vr.eur_per_unit, 2) END,
             CASE WHEN s.value_amount IS NULL THEN NULL
                  WHEN s.value_currency = 'EUR' THEN 1
                  ELSE vr.eur_per_unit END,
             CASE WHEN s.value_amount IS NULL THEN NULL
                  WHEN s.value_currency = 'EUR' THEN s.announced_on
                  ELSE vr.rate_on END,
             CASE WHEN i.reference_price_amount IS NULL THEN NULL
                  WHEN i.reference_price_currency = 'EUR' THEN round(s.quantity * i.reference_price_amount, 2)
                  ELSE round(s.quantity * i.reference_price_amount * pr.eur_per_unit, 2) END
        FROM ${checked} s
        JOIN item i ON i.id = s.item_id
        LEFT JOIN ${rateOf(sql`s.value_currency`, sql`s.announced_on`, context.maxRateAgeDays)} vr ON s.value_currency <> 'EUR'
        LEFT JOIN ${rateOf(sql`i.reference_price_currency`, sql`s.announced_on`, context.maxRateAgeDays)} pr
               ON i.reference_price_currency <> 'EUR'
       WHERE s.found IS NULL AND s.action = 'create' ORDER BY s.row_no`.execute(db);
    created = Number(inserted.numAffectedRows ?? 0n);
    const changed = await sql`
      UPDATE pledge AS t SET
        item_id = s.item_id,
        quantity = ${p('quantity', 's.quantity', 't.quantity')},
        need_id = ${p('need_id', 's.need_id', 't.need_id')},
        recipient_org_id = ${p('recipient', 's.recipient_id', 't.recipient_org_id')},
        event_id = ${p('event', 's.event_id', 't.event_id')},
        announced_on = s.announced_on,
        available_from = ${p('available_from', 's.available_from', 't.available_from')},
        value_amount = ${p('value', 's.value_amount', 't.value_amount')},
        value_currency = ${p('value', 's.value_currency', 't.value_currency')},
        conditions = ${p('conditions', 's.conditions', 't.conditions')},
        classification = s.final_classification::classification,
        external_id = COALESCE(t.external_id, s.external_id),
        import_id = ${context.importId}::uuid,
        version = t.version + 1, updated_at = now(), updated_by = ${context.actor}
        FROM ${checked} s WHERE s.found IS NULL AND s.action = 'update' AND t.id = s.target_id`.execute(db);
    updated = Number(changed.numAffectedRows ?? 0n);
  } else {
    const inserted = await sql`
      INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by, justification,
                        owner_org_id, classification, created_by, updated_by, external_id, import_id)
      SELECT s.new_id, s.recipient_id, s.region_id, s.item_id, s.quantity, s.priority::priority, s.needed_by,
             s.justification, s.owner_id, s.final_classification::classification, ${context.actor}, ${context.actor},
             s.external_id, ${context.importId}::uuid
        FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create' ORDER BY s.row_no`.execute(db);
    created = Number(inserted.numAffectedRows ?? 0n);
    const changed = await sql`
      UPDATE need AS t SET
        region_id = s.region_id,
        item_id = s.item_id,
        quantity = ${p('quantity', 's.quantity', 't.quantity')},
        priority = ${p('priority', 's.priority::priority', 't.priority')},
        needed_by = s.needed_by,
        justification = ${p('justification', 's.justification', 't.justification')},
        classification = s.final_classification::classification,
        external_id = COALESCE(t.external_id, s.external_id),
        import_id = ${context.importId}::uuid,
        version = t.version + 1, updated_at = now(), updated_by = ${context.actor}
        FROM ${checked} s WHERE s.found IS NULL AND s.action = 'update' AND t.id = s.target_id`.execute(db);
    updated = Number(changed.numAffectedRows ?? 0n);
  }
  return { created, updated };
}

/** Links every written row's record (created, updated or unchanged) to the import's source. */
export async function linkCheckedToSource(
  db: Executor,
  entity: ImportEntity,
  context: { importId: string; sourceId: string; actor: string },
): Promise<number> {
  const checked = sql.table(importTables(context.importId).checked);
  const links = await sql`
    INSERT INTO source_link (source_id, entity_type, entity_id, created_by)
    SELECT ${context.sourceId}::uuid, ${entity}, COALESCE(s.target_id, s.new_id), ${context.actor}
      FROM ${checked} s WHERE s.found IS NULL
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(links.numAffectedRows ?? 0n);
}

/**
 * The organisation to own the import's source when the importer has none (the CLI): the first
 * written row's owner, or for organisations the first organisation written itself.
 */
export async function sourceOwnerOf(
  db: Executor,
  importId: string,
  entity: ImportEntity,
): Promise<string | null> {
  const checked = sql.table(importTables(importId).checked);
  const self = entity === 'organisation' ? sql`COALESCE(owner_id, target_id, new_id)` : sql`owner_id`;
  const result = await sql<{ owner: string | null }>`
    SELECT ${self} AS owner FROM ${checked} WHERE found IS NULL AND ${self} IS NOT NULL ORDER BY row_no LIMIT 1`.execute(
    db,
  );
  return result.rows[0]?.owner ?? null;
}

/** The ids of the records created or updated, page by page (for valuation and duplicate checks). */
export async function writtenIds(db: Executor, importId: string, afterRow: number, limit: number) {
  const checked = sql.table(importTables(importId).checked);
  const result = await sql<{ row_no: string; id: string; action: 'create' | 'update' }>`
    SELECT row_no, COALESCE(target_id, new_id) AS id, action FROM ${checked}
     WHERE found IS NULL AND action IN ('create', 'update') AND row_no > ${afterRow}
     ORDER BY row_no LIMIT ${limit}`.execute(db);
  return result.rows;
}

type CatalogueEntity = 'organisation' | 'item' | 'event';

/** One column of a catalogue record: the field that brings it, and its value from a checked row `s`. */
interface CatalogueColumn {
  readonly field: string;
  readonly column: string;
  readonly value: string;
  readonly cast?: string;
}

/**
 * How the rows of a catalogue entity meet the stored records: the columns written, the natural key
 * (an organisation's name, an item's code, an event's name and first day), and what a row's
 * owner is when the file names none.
 */
const CATALOGUE: Readonly<
  Record<
    CatalogueEntity,
    {
      readonly columns: readonly CatalogueColumn[];
      /** The natural key of staged row `s` as one text (rows with the same one are the same record). */
      readonly key: string;
      /** Stored record `c` has staged row `s`'s natural key. */
      readonly keyMatch: string;
      readonly keyField: string;
      /** The owner of a new record when the row names none (besides the importer's organisation). */
      readonly ownerFallback: string | null;
    }
  >
> = {
  organisation: {
    columns: [
      { field: 'name', column: 'name', value: 's.name' },
      { field: 'short_name', column: 'short_name', value: 's.short_name' },
      { field: 'kind', column: 'kind', value: 's.kind' },
      { field: 'country_code', column: 'country_code', value: 's.country_code', cast: 'char(2)' },
      { field: 'parent', column: 'parent_id', value: 's.parent_id' },
    ],
    key: 'lower(s.name)',
    keyMatch: 'lower(c.name) = lower(s.name)',
    keyField: 'name',
    ownerFallback: null,
  },
  item: {
    columns: [
      { field: 'code', column: 'code', value: 's.code' },
      { field: 'name', column: 'name', value: 's.name' },
      { field: 'name_uk', column: 'name_uk', value: 's.name_uk' },
      { field: 'category', column: 'category', value: 's.category' },
      { field: 'unit', column: 'unit', value: 's.unit' },
      { field: 'reference_price', column: 'reference_price_amount', value: 's.value_amount' },
      {
        field: 'reference_price',
        column: 'reference_price_currency',
        value: 's.value_currency',
        cast: 'char(3)',
      },
      { field: 'description', column: 'description', value: 's.description' },
    ],
    key: 's.code',
    keyMatch: 'c.code = s.code',
    keyField: 'code',
    ownerFallback: null,
  },
  event: {
    columns: [
      { field: 'name', column: 'name', value: 's.name' },
      { field: 'kind', column: 'kind', value: 's.kind' },
      { field: 'location', column: 'location', value: 's.location' },
      { field: 'starts_on', column: 'starts_on', value: 's.starts_on' },
      { field: 'ends_on', column: 'ends_on', value: 'COALESCE(s.ends_on, s.starts_on)' },
      { field: 'organiser', column: 'organiser_org_id', value: 's.organiser_id' },
    ],
    key: "lower(s.name) || ' ' || s.starts_on",
    keyMatch: 'lower(c.name) = lower(s.name) AND c.starts_on = s.starts_on',
    keyField: 'name',
    ownerFallback: 's.organiser_id',
  },
};

/** A catalogue column's value after the row is written: the file's when it has the column, else the stored one. */
function catalogueValue(context: { present: ReadonlySet<string> }, c: CatalogueColumn, stored: string) {
  return context.present.has(c.field) ? `${c.value}${c.cast ? `::${c.cast}` : ''}` : `${stored}.${c.column}`;
}

function catalogueCheck(
  entity: CatalogueEntity,
  context: CheckContext,
  stage: string,
  maps: RawBuilder<unknown>[],
) {
  const spec = CATALOGUE[entity];
  const r = context.reader;
  const org = r?.orgId ?? null;
  const table = sql.table(entity);
  const cls = sql`COALESCE(s.classification, target.classification::text, 'public')`;
  const owner = sql`CASE WHEN target.id IS NULL THEN COALESCE(s.owner_org_id, ${sql.raw(spec.ownerFallback ?? 'NULL')}, ${org}::uuid)
    ELSE COALESCE(${sql.raw(context.present.has('owner_org') ? 's.owner_org_id' : 'NULL')}, target.owner_org_id) END`;
  const writerSees = sql<SqlBool>`(${clearanceSees(r, cls)} OR ${org}::uuid IS NOT NULL AND ${owner} = ${org}::uuid)`;
  const same = sql.join(
    [
      ...spec.columns.map(
        (c) =>
          sql`target.${sql.ref(c.column)} IS NOT DISTINCT FROM ${sql.raw(catalogueValue(context, c, 'target'))}`,
      ),
      sql`target.classification::text = ${cls}`,
      sql`target.owner_org_id IS NOT DISTINCT FROM ${owner}`,
    ],
    sql` AND `,
  );
  const problems = [
    ...REFERENCE_COLUMNS[entity].map((c) => unknownReference(context, c.column, c.table)),
    problem(
      context,
      sql`s.rec_id IS NOT NULL AND by_id.id IS NULL`,
      'id',
      sql`s.rec_id::text`,
      `no ${entity} with this id that you may see; leave the id out to create a new ${entity}`,
    ),
    problem(
      context,
      sql`target.id IS NOT NULL AND NOT target_visible`,
      spec.keyField,
      sql`s.${sql.ref(spec.keyField)}`,
      `an ${entity === 'item' ? 'item with this code' : `${entity} with this name`} exists that you may not see or change`,
    ),
    problem(
      context,
      sql`key_rows > 1`,
      context.present.has('id') ? 'id' : spec.keyField,
      sql`COALESCE(s.rec_id::text, s.${sql.ref(spec.keyField)})`,
      sql`'the same ${sql.raw(entity === 'item' ? 'code' : entity === 'event' ? 'name and start' : 'name')} as row' || CASE WHEN key_rows > 2 THEN 's ' ELSE ' ' END ||
          array_to_string(array_remove(key_row_list, s.row_no), ', ') || ' of the file'`,
    ),
    problem(
      context,
      sql`NOT writer_sees`,
      'classification',
      sql`s.classification`,
      'you could not read this record once written: above your clearance, and not your organisation’s',
    ),
    problem(
      context,
      // An owner or organiser the file names but that is unknown is that column's problem already.
      sql`${owner} IS NULL AND ${sql.raw(entity === 'event' ? 's.organiser IS NULL AND s.owner_org IS NULL' : 'false')}`,
      'owner_org',
      sql`NULL::text`,
      'every event has an owner: give an owner or organiser column (or defaults in the mapping)',
    ),
  ];
  if (entity === 'organisation') {
    problems.push(
      problem(
        context,
        sql`target.id IS NOT NULL AND s.parent_id = target.id`,
        'parent',
        sql`s.parent`,
        'cannot be the organisation itself',
      ),
    );
  }
  if (entity !== 'event') {
    // A renamed organisation or recoded item may not take another record's unique name or code.
    problems.push(
      problem(
        context,
        sql`s.rec_id IS NOT NULL AND EXISTS (SELECT 1 FROM ${table} c WHERE ${sql.raw(spec.keyMatch)} AND c.id <> s.rec_id)`,
        spec.keyField,
        sql`s.${sql.ref(spec.keyField)}`,
        `another ${entity} has this ${spec.keyField}`,
      ),
    );
  } else {
    problems.push(
      problem(
        context,
        sql`target.id IS NOT NULL AND ${sql.raw(catalogueValue(context, spec.columns[4] as CatalogueColumn, 'target'))} < s.starts_on`,
        'starts_on',
        sql`s.starts_on::text`,
        'must not be after the event’s ends_on',
      ),
    );
  }
  // Names and codes of organisations and items are unique whoever sees them (a hidden one is a
  // conflict, as one by one); events are not: one the importer cannot see is not theirs to match.
  const keyVisible = entity === 'event' ? visibilityCondition(entity, r, 'c') : sql<SqlBool>`true`;
  return sql`
    WITH s AS (${resolvedRows(entity, stage, maps)}
    ), keyed AS (
      SELECT s.*, count(*) OVER key_window AS key_rows, array_agg(s.row_no) OVER key_window AS key_row_list
        FROM s
      WINDOW key_window AS (PARTITION BY COALESCE(s.rec_id::text, ${sql.raw(spec.key)}, 'row ' || s.row_no))
    ), matched AS (
      SELECT s.*, COALESCE(by_id.id, by_key.id) AS target_id, by_id.id AS by_id_id
        FROM keyed s
        LEFT JOIN ${table} by_id ON by_id.id = s.rec_id AND ${visibilityCondition(entity, r, 'by_id')}
        LEFT JOIN LATERAL (SELECT c.id FROM ${table} c WHERE s.rec_id IS NULL AND ${sql.raw(spec.keyMatch)}
                              AND ${keyVisible} ORDER BY c.id LIMIT 1) AS by_key ON true
    )
    SELECT s.*, target_visible, writer_sees,
           NULLIF(COALESCE(s.problems, '[]'::jsonb) || ${sql.join(problems, sql` || `)}, '[]'::jsonb) AS found,
           CASE WHEN target.id IS NULL THEN 'create' WHEN ${same} THEN 'unchanged' ELSE 'update' END AS action,
           ${owner} AS owner_id, ${cls} AS final_classification
      FROM matched AS s
      LEFT JOIN ${table} target ON target.id = s.target_id
      LEFT JOIN ${table} by_id ON by_id.id = s.by_id_id
      CROSS JOIN LATERAL (SELECT (target.id IS NULL OR ${visibilityCondition(entity, r, 'target')}) AS target_visible) AS tv
      CROSS JOIN LATERAL (SELECT ${writerSees} AS writer_sees) AS ws`;
}

/** Writes the valid rows of a catalogue entity: INSERT … SELECT the new ones, UPDATE … FROM the changed ones. */
async function applyCatalogue(
  db: Executor,
  entity: CatalogueEntity,
  context: ApplyContext,
): Promise<{ created: number; updated: number }> {
  const spec = CATALOGUE[entity];
  const checked = sql.table(importTables(context.importId).checked);
  const table = sql.table(entity);
  const inserted = await sql`
    INSERT INTO ${table} (id, ${sql.join(spec.columns.map((c) => sql.ref(c.column)))}, owner_org_id, classification,
                          created_by, updated_by)
    SELECT s.new_id, ${sql.join(spec.columns.map((c) => sql.raw(`${c.value}${c.cast ? `::${c.cast}` : ''}`)))}, s.owner_id,
           s.final_classification::classification, ${context.actor}, ${context.actor}
      FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create' ORDER BY s.row_no`.execute(db);
  const changed = await sql`
    UPDATE ${table} AS t SET
      ${sql.join(spec.columns.map((c) => sql`${sql.ref(c.column)} = ${sql.raw(catalogueValue(context, c, 't'))}`))},
      owner_org_id = s.owner_id, classification = s.final_classification::classification,
      version = t.version + 1, updated_at = now(), updated_by = ${context.actor}
      FROM ${checked} s WHERE s.found IS NULL AND s.action = 'update' AND t.id = s.target_id`.execute(db);
  return { created: Number(inserted.numAffectedRows ?? 0n), updated: Number(changed.numAffectedRows ?? 0n) };
}

/**
 * Checks shipment lines (one row each) the way the shipment service checks them one by one: the
 * allocation must be one the importer may see, accepted, for a need in the destination region and,
 * for a donor, of their own organisation; the lines of the file together with those already
 * shipped must fit in each allocation (every new row of an allocation is refused when they do not);
 * lines are added only to a shipment still preparing. The rows with the same owner and reference are
 * one shipment (its hub, region and ETA as the first of them gives them); a row whose shipment
 * already has a line for its allocation is `unchanged` with the same quantity, refused otherwise.
 * target_id is the shipment's id (an existing one, or the new one of its first row).
 */
function shipmentCheck(context: CheckContext, stage: string, maps: RawBuilder<unknown>[]) {
  const r = context.reader;
  const org = r?.orgId ?? null;
  const own = context.ownOrg;
  const group = sql.raw('PARTITION BY s.owner_id, s.reference');
  const problems = [
    unknownReference(context, 'destination', 'region'),
    unknownReference(context, 'owner_org', 'organisation'),
    problem(
      context,
      sql`s.allocation_id IS NOT NULL AND s.alloc_id IS NULL`,
      'allocation_id',
      sql`s.allocation_id::text`,
      'no allocation with this id that you may see',
    ),
    problem(
      context,
      sql`${own}::uuid IS NOT NULL AND s.alloc_id IS NOT NULL AND s.alloc_donor_id <> ${own}::uuid`,
      'allocation_id',
      sql`s.allocation_id::text`,
      'you may ship only allocations of your own organisation’s pledges',
    ),
    problem(
      context,
      sql`${own}::uuid IS NOT NULL AND s.owner_id IS DISTINCT FROM ${own}::uuid AND s.owner_org IS NOT NULL AND s.owner_org_id IS NOT NULL`,
      'owner_org',
      sql`s.owner_org`,
      'you may import only your own organisation’s shipments',
    ),
    problem(
      context,
      sql`s.line_id IS NULL AND s.alloc_id IS NOT NULL AND s.alloc_status <> 'accepted'`,
      'allocation_id',
      sql`s.allocation_id::text`,
      sql`'the allocation is ' || s.alloc_status || '; only accepted allocations can be shipped'`,
    ),
    problem(
      context,
      sql`s.alloc_id IS NOT NULL AND s.destination_id IS NOT NULL AND s.alloc_region_id <> s.destination_id`,
      'allocation_id',
      sql`s.allocation_id::text`,
      'the allocation answers a need in another region than the shipment goes to',
    ),
    problem(
      context,
      sql`s.line_id IS NULL AND s.alloc_id IS NOT NULL AND s.file_quantity + s.carried > s.alloc_quantity`,
      'quantity',
      sql`s.quantity::text`,
      sql`'the allocation has ' || trim_scale(s.alloc_quantity - s.carried) || ' left to ship; the file ships ' || trim_scale(s.file_quantity) ||
          CASE WHEN s.alloc_rows > 1 THEN ' against it (rows ' || array_to_string(s.alloc_row_list, ', ') || ')' ELSE '' END`,
    ),
    problem(
      context,
      sql`s.line_id IS NOT NULL AND s.line_quantity <> s.quantity`,
      'quantity',
      sql`s.quantity::text`,
      sql`'the shipment already has a line for this allocation, of ' || trim_scale(s.line_quantity) || '; change it one by one'`,
    ),
    problem(
      context,
      sql`s.line_id IS NULL AND sh.id IS NOT NULL AND sh.status <> 'preparing'`,
      'reference',
      sql`s.reference`,
      sql`'the shipment is ' || sh.status || '; lines can be added only while it is preparing'`,
    ),
    problem(
      context,
      sql`sh.id IS NOT NULL AND NOT shipment_visible`,
      'reference',
      sql`s.reference`,
      'a shipment with this reference exists that you may not see or change',
    ),
    problem(
      context,
      sql`sh.id IS NOT NULL AND shipment_visible AND (sh.origin_hub <> s.origin_hub OR sh.destination_region_id <> s.destination_id
          OR ${sql.raw(context.present.has('eta') ? 'sh.eta IS DISTINCT FROM s.eta' : 'false')})`,
      'reference',
      sql`s.reference`,
      'the stored shipment of this reference has another origin hub, destination or ETA; change it one by one',
    ),
    problem(
      context,
      sql`sh.id IS NULL AND (s.origin_hub IS DISTINCT FROM s.first_hub OR s.destination_id IS DISTINCT FROM s.first_destination
          OR s.eta IS DISTINCT FROM s.first_eta)`,
      'reference',
      sql`s.reference`,
      sql`'row ' || s.first_row || ' of the file gives this shipment another origin hub, destination or ETA'`,
    ),
    problem(
      context,
      sql`s.eta IS NOT NULL AND sh.dispatched_on IS NOT NULL AND s.eta < sh.dispatched_on`,
      'eta',
      sql`s.eta::text`,
      'must not be before the shipment’s dispatched_on',
    ),
    problem(
      context,
      sql`key_rows > 1`,
      'allocation_id',
      sql`s.allocation_id::text`,
      sql`'the same shipment and allocation as row' || CASE WHEN key_rows > 2 THEN 's ' ELSE ' ' END ||
          array_to_string(array_remove(key_row_list, s.row_no), ', ') || ' of the file'`,
    ),
    problem(
      context,
      sql`s.owner_id IS NULL AND s.owner_org IS NULL`,
      'owner_org',
      sql`NULL::text`,
      'every shipment has an owner: give an owner column (or defaults in the mapping)',
    ),
    problem(
      context,
      sql`s.classification IS NOT NULL AND sh.id IS NULL AND s.classification::classification < s.group_floor`,
      'classification',
      sql`s.classification`,
      sql`'the shipment carries allocations classified ' || s.group_floor || ', so it must be at least that'`,
    ),
    problem(
      context,
      sql`NOT writer_sees`,
      'classification',
      sql`s.classification`,
      'you could not read this record once written: above your clearance, and not your organisation’s',
    ),
  ];
  const cls = sql`COALESCE(sh.classification, s.group_classification)`;
  return sql`
    WITH s AS (${resolvedRows('shipment', stage, maps)}
    ), a AS (
      SELECT s.*, al.id AS alloc_id, al.status AS alloc_status, al.quantity AS alloc_quantity,
             al.pledge_id AS alloc_pledge_id, al.need_id AS alloc_need_id, p.item_id AS alloc_item_id,
             n.region_id AS alloc_region_id, p.donor_org_id AS alloc_donor_id,
             al.classification AS alloc_classification,
             CASE WHEN al.classification = 'public' THEN al.embargo_until END AS alloc_embargo,
             COALESCE(s.owner_org_id, CASE WHEN s.owner_org IS NULL THEN COALESCE(${org}::uuid, p.donor_org_id) END) AS owner_id
        FROM s
        LEFT JOIN allocation al ON al.id = s.allocation_id AND ${visibilityCondition('allocation', r, 'al')}
        LEFT JOIN pledge p ON p.id = al.pledge_id
        LEFT JOIN need n ON n.id = al.need_id
    ), matched AS (
      SELECT s.*, sh.id AS shipment_id, l.id AS line_id, l.quantity AS line_quantity,
             COALESCE(c.carried, 0) AS carried
        FROM a s
        LEFT JOIN LATERAL (SELECT x.id FROM shipment x WHERE x.owner_org_id = s.owner_id AND x.reference = s.reference
                            ORDER BY x.id LIMIT 1) AS sh ON true
        LEFT JOIN LATERAL (SELECT x.id, x.quantity FROM shipment_line x WHERE x.shipment_id = sh.id AND x.allocation_id = s.alloc_id
                            ORDER BY x.id LIMIT 1) AS l ON true
        LEFT JOIN LATERAL (SELECT sum(CASE WHEN x.status = 'lost' THEN y.received_quantity ELSE y.quantity END) AS carried
                             FROM shipment_line y JOIN shipment x ON x.id = y.shipment_id
                            WHERE y.allocation_id = s.alloc_id) AS c ON true
    ), grouped AS (
      SELECT s.*,
             count(*) OVER key_window AS key_rows,
             array_agg(s.row_no) OVER key_window AS key_row_list,
             sum(s.quantity) FILTER (WHERE s.line_id IS NULL) OVER allocation_window AS file_quantity,
             count(*) FILTER (WHERE s.line_id IS NULL) OVER allocation_window AS alloc_rows,
             array_agg(s.row_no) FILTER (WHERE s.line_id IS NULL) OVER allocation_window AS alloc_row_list,
             first_value(s.row_no) OVER (${group} ORDER BY s.row_no) AS first_row,
             first_value(s.new_id) OVER (${group} ORDER BY s.row_no) AS first_new_id,
             first_value(s.origin_hub) OVER (${group} ORDER BY s.row_no) AS first_hub,
             first_value(s.destination_id) OVER (${group} ORDER BY s.row_no) AS first_destination,
             first_value(s.eta) OVER (${group} ORDER BY s.row_no) AS first_eta,
             max(s.alloc_classification) OVER (${group}) AS group_floor,
             max(s.alloc_embargo) OVER (${group}) AS group_embargo,
             COALESCE(max(s.classification::classification) OVER (${group}),
                      max(s.alloc_classification) OVER (${group}), 'coalition') AS group_classification
        FROM matched s
      WINDOW key_window AS (PARTITION BY s.owner_id, s.reference, s.allocation_id ORDER BY s.row_no
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
             allocation_window AS (PARTITION BY s.alloc_id ORDER BY s.row_no
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    )
    SELECT s.*, shipment_visible, writer_sees, COALESCE(s.shipment_id, s.first_new_id) AS target_id,
           NULLIF(COALESCE(s.problems, '[]'::jsonb) || ${sql.join(problems, sql` || `)}, '[]'::jsonb) AS found,
           CASE WHEN s.line_id IS NULL THEN 'create' ELSE 'unchanged' END AS action,
           ${cls}::text AS final_classification
      FROM grouped AS s
      LEFT JOIN shipment sh ON sh.id = s.shipment_id
      CROSS JOIN LATERAL (SELECT (sh.id IS NULL OR (${visibilityCondition('shipment', r, 'sh')}
        ${own === null ? sql`` : sql`AND sh.owner_org_id = ${own}::uuid`})) AS shipment_visible) AS sv
      CROSS JOIN LATERAL (SELECT (${clearanceSees(r, cls)} OR ${org}::uuid IS NOT NULL AND s.owner_id = ${org}::uuid) AS writer_sees) AS ws`;
}

/**
 * Writes the valid shipment rows: the new shipments (preparing, one per owner and reference, as
 * classified as the allocations of their lines), then the new lines; an existing shipment that a
 * new line puts below its allocations' classification is raised to it.
 */
async function applyShipmentLines(
  db: Executor,
  context: ApplyContext,
): Promise<{ created: number; updated: number }> {
  const checked = sql.table(importTables(context.importId).checked);
  await sql`
    INSERT INTO shipment (id, reference, origin_hub, destination_region_id, eta, owner_org_id, classification,
                          embargo_until, created_by, updated_by)
    SELECT DISTINCT ON (s.target_id) s.target_id, s.reference, s.origin_hub, s.destination_id, s.eta, s.owner_id,
           s.final_classification::classification,
           CASE WHEN s.final_classification = 'public' THEN s.group_embargo END, ${context.actor}, ${context.actor}
      FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create' AND s.shipment_id IS NULL
     ORDER BY s.target_id, s.row_no`.execute(db);
  await sql`
    UPDATE shipment AS t SET classification = f.floor,
           embargo_until = CASE WHEN f.floor = 'public' THEN GREATEST(t.embargo_until, f.embargo) END,
           version = t.version + 1, updated_at = now(), updated_by = ${context.actor}
      FROM (SELECT s.shipment_id, max(s.alloc_classification) AS floor, max(s.alloc_embargo) AS embargo
              FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create' AND s.shipment_id IS NOT NULL
             GROUP BY s.shipment_id) AS f
     WHERE t.id = f.shipment_id
       AND (f.floor > t.classification
            OR f.floor = 'public' AND t.classification = 'public' AND f.embargo > COALESCE(t.embargo_until, '-infinity'::date))`.execute(
    db,
  );
  const lines = await sql`
    INSERT INTO shipment_line (id, shipment_id, allocation_id, pledge_id, need_id, item_id, quantity)
    SELECT s.new_id, s.target_id, s.alloc_id, s.alloc_pledge_id, s.alloc_need_id, s.alloc_item_id, s.quantity
      FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create' ORDER BY s.row_no`.execute(db);
  // Counted as the rows are: lines created (their shipments are made for them, never updated).
  return { created: Number(lines.numAffectedRows ?? 0n), updated: 0 };
}

/**
 * Checks receipt lines (one row each) the way the receipt service checks a receipt: the shipment
 * (by reference or id) must be one the importer may see, in transit or arrived, dispatched no later
 * than the day of receipt, with a line for the row's allocation; what the file receives on a line,
 * with what it has received already, must not pass what it carried (every new row of the line is
 * refused when it would); a recipient receives only as its own organisation, on lines for its own
 * needs. The rows with the same shipment, day and receiving organisation are one receipt; a stored
 * receipt with that key makes its rows `unchanged` when it has the line with the same quantity,
 * refused otherwise. target_id is the receipt's id (a stored one, or the new one of its first row).
 */
function receiptCheck(context: CheckContext, stage: string, maps: RawBuilder<unknown>[]) {
  const r = context.reader;
  const org = r?.orgId ?? null;
  const own = context.ownOrg;
  const problems = [
    unknownReference(context, 'received_by', 'organisation'),
    problem(
      context,
      sql`s.shipment_matches = 0`,
      'shipment',
      sql`s.shipment`,
      'no shipment with this reference or id that you may see',
    ),
    problem(
      context,
      sql`s.shipment_matches > 1`,
      'shipment',
      sql`s.shipment`,
      sql`'names ' || s.shipment_matches || ' shipments; give the shipment''s id'`,
    ),
    problem(
      context,
      sql`s.receiver_id IS NULL AND s.received_by IS NULL`,
      'received_by',
      sql`NULL::text`,
      'is required (the organisation that received the goods)',
    ),
    problem(
      context,
      sql`${own}::uuid IS NOT NULL AND s.receiver_id IS DISTINCT FROM ${own}::uuid AND s.receiver_id IS NOT NULL`,
      'received_by',
      sql`s.received_by`,
      'you may confirm receipts only as your own organisation',
    ),
    problem(
      context,
      sql`s.shipment_id IS NOT NULL AND s.allocation_id IS NOT NULL AND s.line_id IS NULL`,
      'allocation_id',
      sql`s.allocation_id::text`,
      'the shipment has no line for this allocation',
    ),
    problem(
      context,
      sql`${own}::uuid IS NOT NULL AND s.line_id IS NOT NULL AND s.line_recipient_id <> ${own}::uuid AND s.shipment_owner_id <> ${own}::uuid`,
      'allocation_id',
      sql`s.allocation_id::text`,
      'the line answers another organisation’s need; only its recipient confirms its receipt',
    ),
    problem(
      context,
      sql`s.receipt_line_id IS NULL AND s.shipment_id IS NOT NULL AND s.shipment_status NOT IN ('in_transit', 'arrived')`,
      'shipment',
      sql`s.shipment`,
      sql`'the shipment is ' || s.shipment_status || '; goods can be received only from a shipment in transit or arrived'`,
    ),
    problem(
      context,
      sql`s.receipt_line_id IS NULL AND s.shipment_dispatched_on IS NOT NULL AND s.received_on < s.shipment_dispatched_on`,
      'received_on',
      sql`s.received_on::text`,
      sql`'must not be before the shipment''s dispatched_on ' || s.shipment_dispatched_on`,
    ),
    problem(
      context,
      sql`s.receipt_line_id IS NULL AND s.line_id IS NOT NULL AND s.file_quantity + s.line_received > s.line_quantity`,
      'quantity',
      sql`s.quantity::text`,
      sql`'the line carried ' || trim_scale(s.line_quantity) || ', of which ' || trim_scale(s.line_received) ||
          ' is received; the file receives ' || trim_scale(s.file_quantity) ||
          CASE WHEN s.line_rows > 1 THEN ' on it (rows ' || array_to_string(s.line_row_list, ', ') || ')' ELSE '' END`,
    ),
    problem(
      context,
      sql`s.stored_receipt_id IS NOT NULL AND s.receipt_line_id IS NULL`,
      'received_on',
      sql`s.received_on::text`,
      'a receipt of this shipment by this organisation on this day is stored without this line; record it one by one',
    ),
    problem(
      context,
      sql`s.receipt_line_id IS NOT NULL AND s.receipt_line_quantity <> s.quantity`,
      'quantity',
      sql`s.quantity::text`,
      sql`'the stored receipt has ' || trim_scale(s.receipt_line_quantity) || ' for this line; change it one by one'`,
    ),
    problem(
      context,
      sql`key_rows > 1`,
      'allocation_id',
      sql`s.allocation_id::text`,
      sql`'the same receipt and line as row' || CASE WHEN key_rows > 2 THEN 's ' ELSE ' ' END ||
          array_to_string(array_remove(key_row_list, s.row_no), ', ') || ' of the file'`,
    ),
  ];
  return sql`
    WITH s AS (${resolvedRows('receipt', stage, maps)}
    ), a AS (
      SELECT s.*, COALESCE(s.received_by_id, CASE WHEN s.received_by IS NULL THEN ${org}::uuid END) AS receiver_id,
             sh.matches AS shipment_matches, sh.id AS shipment_id
        FROM s
        LEFT JOIN LATERAL (SELECT count(*) AS matches, (array_agg(x.id ORDER BY x.id))[1] AS id FROM shipment x
                            WHERE (x.id::text = lower(s.shipment) OR x.reference = s.shipment)
                              AND ${visibilityCondition('shipment', r, 'x')}) AS sh ON true
    ), matched AS (
      SELECT s.*, CASE WHEN s.shipment_matches = 1 THEN s.shipment_id END AS ship_id,
             x.status AS shipment_status, x.dispatched_on AS shipment_dispatched_on, x.owner_org_id AS shipment_owner_id,
             x.classification AS shipment_classification, x.embargo_until AS shipment_embargo,
             l.id AS line_id, l.quantity AS line_quantity, l.received_quantity AS line_received,
             n.recipient_org_id AS line_recipient_id,
             rc.id AS stored_receipt_id, rl.id AS receipt_line_id, rl.quantity AS receipt_line_quantity
        FROM a s
        LEFT JOIN shipment x ON x.id = s.shipment_id AND s.shipment_matches = 1
        LEFT JOIN LATERAL (SELECT y.id, y.quantity, y.received_quantity, y.need_id FROM shipment_line y
                            WHERE y.shipment_id = x.id AND y.allocation_id = s.allocation_id ORDER BY y.id LIMIT 1) AS l ON true
        LEFT JOIN need n ON n.id = l.need_id
        LEFT JOIN LATERAL (SELECT z.id FROM receipt z WHERE z.shipment_id = x.id AND z.received_on = s.received_on
                              AND z.received_by_org_id = s.receiver_id ORDER BY z.id LIMIT 1) AS rc ON true
        LEFT JOIN LATERAL (SELECT w.id, w.quantity FROM receipt_line w WHERE w.receipt_id = rc.id AND w.shipment_line_id = l.id
                            ORDER BY w.id LIMIT 1) AS rl ON true
    ), grouped AS (
      SELECT s.*,
             count(*) OVER key_window AS key_rows,
             array_agg(s.row_no) OVER key_window AS key_row_list,
             sum(s.quantity) FILTER (WHERE s.receipt_line_id IS NULL) OVER line_window AS file_quantity,
             count(*) FILTER (WHERE s.receipt_line_id IS NULL) OVER line_window AS line_rows,
             array_agg(s.row_no) FILTER (WHERE s.receipt_line_id IS NULL) OVER line_window AS line_row_list,
             first_value(s.new_id) OVER receipt_window AS first_new_id
        FROM matched s
      WINDOW key_window AS (PARTITION BY s.ship_id, s.received_on, s.receiver_id, s.allocation_id ORDER BY s.row_no
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
             line_window AS (PARTITION BY s.line_id ORDER BY s.row_no
                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
             receipt_window AS (PARTITION BY s.ship_id, s.received_on, s.receiver_id ORDER BY s.row_no
                                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    )
    SELECT s.*, COALESCE(s.stored_receipt_id, s.first_new_id) AS target_id, s.receiver_id AS owner_id,
           NULLIF(COALESCE(s.problems, '[]'::jsonb) || ${sql.join(problems, sql` || `)}, '[]'::jsonb) AS found,
           CASE WHEN s.receipt_line_id IS NULL THEN 'create' ELSE 'unchanged' END AS action,
           s.shipment_classification::text AS final_classification
      FROM grouped AS s`;
}

/**
 * Writes the valid receipt rows: the new receipts (one per shipment, day and receiving
 * organisation, as classified as their shipment), their lines, and what each shipment line has
 * received (a guarded UPDATE: it refuses, and the import fails whole, if a line would pass what it
 * carried). Allocations, pledges, needs and shipment statuses follow in import.service.ts.
 */
async function applyReceiptLines(
  db: Executor,
  context: ApplyContext,
): Promise<{ created: number; updated: number }> {
  const checked = sql.table(importTables(context.importId).checked);
  await sql`
    INSERT INTO receipt (id, shipment_id, received_on, received_by_org_id, owner_org_id, classification, embargo_until,
                         created_by, updated_by)
    SELECT DISTINCT ON (s.target_id) s.target_id, s.ship_id, s.received_on, s.receiver_id, s.receiver_id,
           s.shipment_classification, s.shipment_embargo, ${context.actor}, ${context.actor}
      FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create'
     ORDER BY s.target_id, s.row_no`.execute(db);
  const lines = await sql`
    INSERT INTO receipt_line (id, receipt_id, shipment_line_id, quantity, discrepancy_reason, note)
    SELECT s.new_id, s.target_id, s.line_id, s.quantity, s.discrepancy_reason, s.note
      FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create' ORDER BY s.row_no`.execute(db);
  const expected = await sql<{ n: string }>`
    SELECT count(DISTINCT s.line_id) AS n FROM ${checked} s WHERE s.found IS NULL AND s.action = 'create'`.execute(
    db,
  );
  const received = await sql`
    UPDATE shipment_line AS t SET received_quantity = t.received_quantity + f.quantity
      FROM (SELECT s.line_id, sum(s.quantity) AS quantity FROM ${checked} s
             WHERE s.found IS NULL AND s.action = 'create' GROUP BY s.line_id) AS f
     WHERE t.id = f.line_id AND t.received_quantity + f.quantity <= t.quantity`.execute(db);
  if (Number(received.numAffectedRows ?? 0n) !== Number(expected.rows[0]?.n ?? 0)) {
    throw Conflict(
      'exceeds_shipped',
      'a shipment line received goods meanwhile, and the file would now pass what it carried; nothing was written: check the file again',
    );
  }
  return { created: Number(lines.numAffectedRows ?? 0n), updated: 0 };
}

/** The receipts an import created, with their shipments, for the stage moves that follow them. */
export async function createdReceipts(db: Executor, importId: string) {
  const checked = sql.table(importTables(importId).checked);
  const result = await sql<{ receipt_id: string; shipment_id: string }>`
    SELECT DISTINCT s.target_id AS receipt_id, s.ship_id AS shipment_id FROM ${checked} s
     WHERE s.found IS NULL AND s.action = 'create' ORDER BY s.target_id`.execute(db);
  return result.rows;
}
