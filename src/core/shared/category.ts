import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Ids of the items in a category or any category below it ('military' matches 'military/ammunition'). */
export function categoryFilter(query: SelectQueryBuilder<Database, 'item', object>, category: string) {
  // Category paths are [a-z0-9-] segments (checked by schema and database), so no LIKE escaping is needed.
  return query
    .select('item.id')
    .where((eb) => eb.or([eb('item.category', '=', category), eb('item.category', 'like', `${category}/%`)]));
}
