import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../../db/schema.js';

const ItemCategorySchema = Type.Object(
  {
    code: Type.String({
      description: 'Category path, e.g. energy/generator',
      examples: ['energy/generator'],
    }),
    name: Type.String({ description: 'English name', examples: ['Generators'] }),
    name_uk: Type.String({ description: 'Ukrainian name', examples: ['Генератори'] }),
  },
  { additionalProperties: false, description: 'An item category named in English and Ukrainian' },
);

const ItemCategoryListSchema = Type.Object(
  { data: Type.Array(ItemCategorySchema, { description: 'The categories, by code' }) },
  { additionalProperties: false, description: 'Every named category, by code' },
);

/** The named item categories (migration 0028): public catalogue, the same for every reader. */
export function itemCategoriesRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  app.get(
    '/item-categories',
    {
      schema: {
        tags: ['items'],
        summary: 'Item categories with their English and Ukrainian names',
        description:
          'Names for the category paths items carry (`military/air-defence`). A category without a name ' +
          'here is shown by its path.',
        response: { 200: ItemCategoryListSchema },
      },
    },
    async () => ({
      data: await db
        .selectFrom('item_category')
        .select(['code', 'name', 'name_uk'])
        .orderBy('code')
        .execute(),
    }),
  );
}
