import { sql } from 'kysely';
import { type Reader, visibleTables } from '../../core/auth/visibility.js';
import type { Executor } from './record.repository.js';

export type SourcedEntity =
  | 'organisation'
  | 'region'
  | 'item'
  | 'event'
  | 'need'
  | 'pledge'
  | 'allocation'
  | 'shipment'
  | 'receipt'
  | 'incident'
  | 'need_rule';

export interface VerificationRow {
  entity_id: string;
  /** Number of sources linked to the record (a bigint count, as text). */
  sources: string;
  /** One spelling per distinct publisher (that of its first linked source), ordered by the normalised name. */
  publishers: string[];
  /** The first primary source recorded by a party to the record, if any. */
  confirming_source_id: string | null;
  confirming_title: string | null;
  confirming_role: string | null;
  confirming_org_name: string | null;
}

/**
 * The organisations that are parties to each record, with their role and a rank (lower first):
 * a pledge's donor and recipient (named on the pledge, or the recipient of the need it answers),
 * a need's recipient, an organisation itself and its owner, any other record's owner.
 */
function partiesOf(entityType: SourcedEntity, ids: readonly string[]) {
  const wanted = sql`ANY(${[...ids]}::uuid[])`;
  switch (entityType) {
    case 'pledge':
      return sql`
        SELECT p.id AS entity_id, p.donor_org_id AS org_id, 'donor' AS role, 1 AS rank
          FROM pledge p WHERE p.id = ${wanted}
        UNION ALL
        SELECT p.id, p.recipient_org_id, 'recipient', 2
          FROM pledge p WHERE p.id = ${wanted} AND p.recipient_org_id IS NOT NULL
        UNION ALL
        SELECT p.id, n.recipient_org_id, 'recipient', 2
          FROM pledge p JOIN need n ON n.id = p.need_id WHERE p.id = ${wanted}`;
    case 'need':
      return sql`SELECT n.id AS entity_id, n.recipient_org_id AS org_id, 'recipient' AS role, 1 AS rank
        FROM need n WHERE n.id = ${wanted}`;
    case 'organisation':
      return sql`
        SELECT o.id AS entity_id, o.id AS org_id, 'organisation itself' AS role, 1 AS rank
          FROM organisation o WHERE o.id = ${wanted}
        UNION ALL
        SELECT o.id, o.owner_org_id, 'owner', 2
          FROM organisation o WHERE o.id = ${wanted} AND o.owner_org_id IS NOT NULL`;
    default:
      return sql`SELECT r.id AS entity_id, r.owner_org_id AS org_id, 'owner' AS role, 1 AS rank
        FROM ${sql.table(entityType)} r WHERE r.id = ${wanted} AND r.owner_org_id IS NOT NULL`;
  }
}

/**
 * Sources, distinct publishers (ignoring case and spaces) and the confirming source of each of
 * the records that has at least one source; records without sources are absent.
 */
export async function aggregateVerification(
  db: Executor,
  entityType: SourcedEntity,
  ids: readonly string[],
  reader: Reader | null,
): Promise<VerificationRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<VerificationRow>`
    WITH ${visibleTables(reader)} parties AS (${partiesOf(entityType, ids)}),
    linked AS (
      SELECT sl.entity_id, sl.created_at AS linked_at, s.id AS source_id, s.title, s.kind, s.owner_org_id,
        btrim(s.publisher) AS publisher,
        regexp_replace(lower(s.publisher), '[[:space:]]+', '', 'g') COLLATE "C" AS publisher_key
      FROM source_link sl JOIN source s ON s.id = sl.source_id
      WHERE sl.entity_type = ${entityType} AND sl.entity_id = ANY(${[...ids]}::uuid[])
    ),
    per_publisher AS (
      SELECT entity_id, publisher_key, (array_agg(publisher ORDER BY linked_at, source_id))[1] AS publisher
      FROM linked GROUP BY entity_id, publisher_key
    ),
    publisher_list AS (
      SELECT entity_id, array_agg(publisher ORDER BY publisher_key) AS publishers
      FROM per_publisher GROUP BY entity_id
    ),
    source_count AS (
      SELECT entity_id, count(DISTINCT source_id) AS sources FROM linked GROUP BY entity_id
    ),
    confirming AS (
      SELECT DISTINCT ON (l.entity_id) l.entity_id, l.source_id, l.title, pa.role, o.name
      FROM linked l
      JOIN parties pa ON pa.entity_id = l.entity_id AND pa.org_id = l.owner_org_id
      JOIN organisation o ON o.id = pa.org_id
      WHERE l.kind = 'primary'
      ORDER BY l.entity_id, pa.rank, l.source_id
    )
    SELECT c.entity_id, c.sources, pl.publishers,
      cf.source_id AS confirming_source_id, cf.title AS confirming_title,
      cf.role AS confirming_role, cf.name AS confirming_org_name
    FROM source_count c
    JOIN publisher_list pl ON pl.entity_id = c.entity_id
    LEFT JOIN confirming cf ON cf.entity_id = c.entity_id
    ORDER BY c.entity_id
  `.execute(db);
  return result.rows;
}
