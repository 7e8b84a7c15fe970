import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from './record.repository.js';

/**
 * Search (migration 0035): a query is a list of words, and a record matches when every word occurs,
 * case folded (aidgrid_search_fold), in one of its texts or in the names of the records it names: a
 * need in its reference, justification, item, region or recipient — so "Kherson generator" finds the
 * needs of generator items in Kherson Oblast, and "Херсон генератор" the same by their Ukrainian names.
 * `LIKE '%word%'` on the folded texts is served by the trigram indexes of the migration.
 */
export const SEARCH_KINDS = [
  'need',
  'pledge',
  'organisation',
  'item',
  'event',
  'shipment',
  'incident',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The record tables search reads, each under the reader's visibility. */
export type SearchTable = SearchKind | 'region';

/** The reader's visibility as a WHERE condition on the row `alias` of `table` (the caller's rule). */
export type VisibleAs = (table: SearchTable, alias: string) => RawBuilder<SqlBool>;

/** An ILIKE-safe LIKE pattern for the folded word: its own %, _ and \ taken literally. */
function patternOf(word: string): RawBuilder<string> {
  const literal = word.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql<string>`('%' || aidgrid_search_fold(${literal}::text) || '%')`;
}

function contains(column: string, pattern: RawBuilder<string>): RawBuilder<SqlBool> {
  return sql<SqlBool>`aidgrid_search_fold(${sql.ref(column)}) LIKE ${pattern}`;
}

function anyOf(conditions: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`;
}

/** Each sub-query gets its own alias, so that several words and kinds can be joined in one statement. */
class Aliases {
  private next = 0;
  take(table: string): string {
    this.next += 1;
    return `search_${table}_${this.next}`;
  }
}

function itemIds(p: RawBuilder<string>, visible: VisibleAs, aliases: Aliases): RawBuilder<unknown> {
  const i = aliases.take('item');
  const c = aliases.take('category');
  return sql`(SELECT ${sql.ref(`${i}.id`)} FROM item AS ${sql.id(i)} WHERE ${visible('item', i)} AND ${anyOf([
    contains(`${i}.code`, p),
    contains(`${i}.name`, p),
    contains(`${i}.name_uk`, p),
    contains(`${i}.category`, p),
    sql<SqlBool>`${sql.ref(`${i}.category`)} IN (SELECT ${sql.ref(`${c}.code`)} FROM item_category AS ${sql.id(c)}
      WHERE ${contains(`${c}.name`, p)} OR ${contains(`${c}.name_uk`, p)})`,
  ])})`;
}

function regionIds(p: RawBuilder<string>, visible: VisibleAs, aliases: Aliases): RawBuilder<unknown> {
  const r = aliases.take('region');
  return sql`(SELECT ${sql.ref(`${r}.id`)} FROM region AS ${sql.id(r)} WHERE ${visible('region', r)} AND ${anyOf(
    [contains(`${r}.code`, p), contains(`${r}.name`, p), contains(`${r}.name_uk`, p)],
  )})`;
}

function organisationIds(p: RawBuilder<string>, visible: VisibleAs, aliases: Aliases): RawBuilder<unknown> {
  const o = aliases.take('organisation');
  return sql`(SELECT ${sql.ref(`${o}.id`)} FROM organisation AS ${sql.id(o)}
    WHERE ${visible('organisation', o)} AND ${anyOf([contains(`${o}.name`, p), contains(`${o}.short_name`, p)])})`;
}

function eventIds(p: RawBuilder<string>, visible: VisibleAs, aliases: Aliases): RawBuilder<unknown> {
  const e = aliases.take('event');
  return sql`(SELECT ${sql.ref(`${e}.id`)} FROM event AS ${sql.id(e)}
    WHERE ${visible('event', e)} AND ${anyOf([contains(`${e}.name`, p), contains(`${e}.location`, p)])})`;
}

/** Where one word may occur for the row `a` of a kind: its own texts and the names it refers to. */
function wordCondition(
  kind: SearchKind,
  a: string,
  word: string,
  visible: VisibleAs,
  aliases: Aliases,
): RawBuilder<SqlBool> {
  const p = patternOf(word);
  const col = (name: string) => `${a}.${name}`;
  const ref = (name: string) => sql.ref(col(name));
  switch (kind) {
    case 'need':
      return anyOf([
        contains(col('reference'), p),
        contains(col('justification'), p),
        sql<SqlBool>`${ref('item_id')} IN ${itemIds(p, visible, aliases)}`,
        sql<SqlBool>`${ref('region_id')} IN ${regionIds(p, visible, aliases)}`,
        sql<SqlBool>`${ref('recipient_org_id')} IN ${organisationIds(p, visible, aliases)}`,
      ]);
    case 'pledge': {
      const orgs = organisationIds(p, visible, aliases);
      return anyOf([
        contains(col('conditions'), p),
        contains(col('external_id'), p),
        sql<SqlBool>`${ref('item_id')} IN ${itemIds(p, visible, aliases)}`,
        sql<SqlBool>`${ref('donor_org_id')} IN ${orgs}`,
        sql<SqlBool>`${ref('recipient_org_id')} IN ${organisationIds(p, visible, aliases)}`,
        sql<SqlBool>`${ref('event_id')} IN ${eventIds(p, visible, aliases)}`,
      ]);
    }
    case 'organisation':
      return anyOf([
        contains(col('name'), p),
        contains(col('short_name'), p),
        contains(col('country_code'), p),
      ]);
    case 'item':
      return sql<SqlBool>`${ref('id')} IN ${itemIds(p, visible, aliases)}`;
    case 'event':
      return anyOf([contains(col('name'), p), contains(col('location'), p), contains(col('kind'), p)]);
    case 'shipment':
      return anyOf([
        contains(col('reference'), p),
        contains(col('origin_hub'), p),
        sql<SqlBool>`${ref('destination_region_id')} IN ${regionIds(p, visible, aliases)}`,
      ]);
    case 'incident':
      return anyOf([contains(col('title'), p), contains(col('description'), p), contains(col('kind'), p)]);
  }
}

/**
 * The condition "every word matches" on the row `alias` of `kind`, for the `q` filter of the lists.
 * Sub-queries read the names of other records under the same visibility as the row itself.
 */
export function searchCondition(
  kind: SearchKind,
  alias: string,
  words: readonly string[],
  visible: VisibleAs,
): RawBuilder<SqlBool> {
  const aliases = new Aliases();
  if (words.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${sql.join(
    words.map((word) => wordCondition(kind, alias, word, visible, aliases)),
    sql` AND `,
  )})`;
}

export interface SearchHitRow {
  readonly id: string;
  readonly title: string;
  /** The title with Ukrainian names where the records have them; null when it is the same. */
  readonly title_uk: string | null;
  /** Codes, dates and references only: the same in every language. */
  readonly subtitle: string;
  readonly rank: number;
}

/** Title (English and Ukrainian names), subtitle and joins of each kind, on the row `a`. */
function presentation(
  kind: SearchKind,
  visible: VisibleAs,
): {
  joins: RawBuilder<unknown>;
  title: RawBuilder<string>;
  titleUk: RawBuilder<string>;
  subtitle: RawBuilder<string>;
  /** How equally good matches are ordered: the most pressing or the newest first. */
  order?: RawBuilder<unknown>;
} {
  switch (kind) {
    case 'need':
      return {
        joins: sql`LEFT JOIN item AS i ON i.id = a.item_id AND ${visible('item', 'i')}
          LEFT JOIN region AS r ON r.id = a.region_id AND ${visible('region', 'r')}`,
        title: sql`coalesce(nullif(concat_ws(' — ', i.name, r.name), ''), a.reference)`,
        titleUk: sql`coalesce(nullif(concat_ws(' — ', coalesce(i.name_uk, i.name), coalesce(r.name_uk, r.name)), ''), a.reference)`,
        subtitle: sql`concat_ws(' · ', a.reference, i.code, r.code, to_char(a.needed_by, 'YYYY-MM-DD'))`,
        // Open needs before met or cancelled ones, critical first (the enum's order), soonest first.
        order: sql`(a.status IN ('met', 'cancelled')),
          a.priority, a.needed_by,`,
      };
    case 'pledge':
      return {
        joins: sql`LEFT JOIN item AS i ON i.id = a.item_id AND ${visible('item', 'i')}
          LEFT JOIN organisation AS o ON o.id = a.donor_org_id AND ${visible('organisation', 'o')}`,
        title: sql`coalesce(nullif(concat_ws(' — ', o.name, i.name), ''), a.id::text)`,
        titleUk: sql`coalesce(nullif(concat_ws(' — ', o.name, coalesce(i.name_uk, i.name)), ''), a.id::text)`,
        subtitle: sql`concat_ws(' · ', i.code, to_char(a.announced_on, 'YYYY-MM-DD'))`,
      };
    case 'organisation':
      return {
        joins: sql``,
        title: sql`a.name`,
        titleUk: sql`a.name`,
        subtitle: sql`concat_ws(' · ', a.short_name, a.country_code)`,
      };
    case 'item':
      return {
        joins: sql``,
        title: sql`a.name`,
        titleUk: sql`coalesce(a.name_uk, a.name)`,
        subtitle: sql`concat_ws(' · ', a.code, a.category)`,
      };
    case 'event':
      return {
        joins: sql``,
        title: sql`a.name`,
        titleUk: sql`a.name`,
        subtitle: sql`concat_ws(' · ', to_char(a.starts_on, 'YYYY-MM-DD'), a.location)`,
      };
    case 'shipment':
      return {
        joins: sql`LEFT JOIN region AS r ON r.id = a.destination_region_id AND ${visible('region', 'r')}`,
        title: sql`a.reference`,
        titleUk: sql`a.reference`,
        subtitle: sql`concat_ws(' · ', a.origin_hub || ' → ' || r.code, to_char(a.dispatched_on, 'YYYY-MM-DD'))`,
      };
    case 'incident':
      return {
        joins: sql``,
        title: sql`a.title`,
        titleUk: sql`a.title`,
        subtitle: sql`concat_ws(' · ', to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), a.kind)`,
      };
  }
}

/**
 * Records of one kind that the reader may see and every word matches, best first: by how many words
 * occur in the title itself (its English or Ukrainian names), then by trigram similarity of the
 * title to the whole query, then open and critical needs first, then newest first (ids are UUID v7).
 */
export async function searchRecords(
  db: Executor,
  kind: SearchKind,
  words: readonly string[],
  visible: VisibleAs,
  limit: number,
): Promise<SearchHitRow[]> {
  const { joins, title, titleUk, subtitle, order = sql`` } = presentation(kind, visible);
  const titles = sql`aidgrid_search_fold(${title} || ' ' || ${titleUk})`;
  const inTitle = sql.join(
    words.map((word) => sql`(${titles} LIKE ${patternOf(word)})::int`),
    sql` + `,
  );
  const query = sql<SearchHitRow>`
    SELECT a.id, ${title} AS title, nullif(${titleUk}, ${title}) AS title_uk, ${subtitle} AS subtitle,
      (${inTitle} + similarity(${titles}, aidgrid_search_fold(${words.join(' ')}::text)))::float8 AS rank
    FROM ${sql.table(kind)} AS a ${joins}
    WHERE ${visible(kind, 'a')} AND ${searchCondition(kind, 'a', words, visible)}
    ORDER BY rank DESC, ${order} a.id DESC
    LIMIT ${limit}`;
  return (await query.execute(db)).rows;
}
