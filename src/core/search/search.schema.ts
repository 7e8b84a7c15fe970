import { type Static, Type } from 'typebox';
import { SEARCH_KINDS } from '../../db/repositories/search.repository.js';
import { StringEnum } from '../shared/record.schema.js';

export { SEARCH_KINDS, type SearchKind } from '../../db/repositories/search.repository.js';

/** The words of `q` on a list or the search box: every word must match (search.repository.ts). */
export const SearchText = (description: string) =>
  Type.String({ minLength: 1, maxLength: 200, description, examples: ['Kherson generator'] });

export const SearchQuerySchema = Type.Object(
  {
    q: SearchText(
      'Words to look for, at most 8; a record is found when every word occurs (any case) in its names, codes, reference or justification, or in the English or Ukrainian names of its item, region, organisations or event',
    ),
    kinds: Type.Optional(
      Type.String({
        pattern: `^(${SEARCH_KINDS.join('|')})(,(${SEARCH_KINDS.join('|')}))*$`,
        description: `Only these kinds, comma-separated (${SEARCH_KINDS.join(', ')}); all when left out`,
        examples: ['need,pledge'],
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 50,
        default: 5,
        description: 'At most this many results per kind',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuerySchema>;

export const SearchHitSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The record: /api/v1/<kind>s/<id>' }),
  title: Type.String({ description: 'What the record is, with English names (a need: item — region)' }),
  title_uk: Type.Union([Type.String(), Type.Null()], {
    description: 'The title with Ukrainian names of items and regions; null when the same as title',
  }),
  subtitle: Type.String({ description: 'Codes, references and dates that tell records apart' }),
  rank: Type.Number({ description: 'Higher is a better match: words in the title, then trigram similarity' }),
});
export type SearchHit = Static<typeof SearchHitSchema>;

export const SearchGroupSchema = Type.Object({
  kind: StringEnum(SEARCH_KINDS, 'The kind of record'),
  items: Type.Array(SearchHitSchema, { description: 'Best first, at most `limit`' }),
  more: Type.Boolean({
    description: 'More records of this kind match: narrow the words or open its list with q',
  }),
});
export type SearchGroup = Static<typeof SearchGroupSchema>;

export const SearchResultSchema = Type.Object(
  {
    q: Type.String({ description: 'The query as understood' }),
    words: Type.Array(Type.String(), { description: 'The words every result matches' }),
    groups: Type.Array(SearchGroupSchema, {
      description: `One group per kind asked for, in the order ${SEARCH_KINDS.join(', ')}; only records the reader may see`,
    }),
  },
  { description: 'Search results grouped by kind' },
);
export type SearchResult = Static<typeof SearchResultSchema>;
