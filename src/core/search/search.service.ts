import type { Kysely, RawBuilder, SqlBool } from 'kysely';
import {
  SEARCH_KINDS,
  type SearchKind,
  searchCondition,
  searchRecords,
  type VisibleAs,
} from '../../db/repositories/search.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader, type Reader, visibilityCondition } from '../auth/visibility.js';
import { InvalidRecord } from '../errors.js';
import type { SearchQuery, SearchResult } from './search.schema.js';

const MAX_WORDS = 8;

/** The words of a query: split on white space; at most eight, each at least one character. */
export function searchWords(q: string, field = 'q'): string[] {
  const words = q.split(/\s+/u).filter((word) => word.length > 0);
  if (words.length === 0) throw InvalidRecord([{ field, message: 'give at least one word to look for' }]);
  if (words.length > MAX_WORDS) {
    throw InvalidRecord([{ field, message: `at most ${MAX_WORDS} words (got ${words.length})` }]);
  }
  return words;
}

function visibleTo(reader: Reader | null): VisibleAs {
  return (table, alias) => visibilityCondition(table, reader, alias);
}

/**
 * The `q` filter of a list: every word matches the row `alias` of `kind` or the names it refers to,
 * read under the visibility of the current request's reader (as the list itself).
 */
export function searchFilter(kind: SearchKind, q: string, alias: string = kind): RawBuilder<SqlBool> {
  return searchCondition(kind, alias, searchWords(q), visibleTo(currentReader()));
}

/** One box over every kind of record: the best matches of each kind the reader may see. */
export function createSearchService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const words = searchWords(query.q);
      const asked = new Set(query.kinds ? query.kinds.split(',') : SEARCH_KINDS);
      const limit = query.limit ?? 5;
      const visible = visibleTo(currentReader());
      const groups = [];
      // One kind after another: the pool is shared by every request, and each query is small.
      for (const kind of SEARCH_KINDS.filter((k) => asked.has(k))) {
        const rows = await searchRecords(db, kind, words, visible, limit + 1);
        groups.push({ kind, items: rows.slice(0, limit), more: rows.length > limit });
      }
      return { q: words.join(' '), words, groups };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
