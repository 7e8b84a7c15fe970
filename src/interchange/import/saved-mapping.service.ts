import type { Kysely } from 'kysely';
import type { Actor } from '../../core/auth/actor.js';
import { DomainError, NotFound } from '../../core/errors.js';
import { newId } from '../../core/shared/ids.js';
import {
  deleteMapping,
  findMapping,
  listMappings,
  upsertMapping,
} from '../../db/repositories/import-mapping.repository.js';
import type { Database } from '../../db/schema.js';
import { checkMapping, type ImportMapping } from './mapping.js';

/** A saved mapping's name: what `--mapping NAME` and /import-mappings/{name} say. */
export const MAPPING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

export interface SavedMapping {
  readonly name: string;
  readonly mapping: ImportMapping;
  readonly updated_by: string;
  readonly updated_at: string;
}

/** Mappings are kept per organisation: a signed-in caller acting for none has no place to keep one. */
function orgOf(actor: Actor): string | null {
  if (actor.kind !== 'system' && actor.orgId === null) {
    throw new DomainError(
      'forbidden',
      403,
      'import mappings are kept per organisation, and you act for none',
    );
  }
  return actor.orgId;
}

function checkName(name: string): void {
  if (!MAPPING_NAME.test(name)) {
    throw new DomainError(
      'invalid_mapping_name',
      422,
      `"${name.slice(0, 80)}" is not a mapping name: letters, digits, dots, dashes and underscores, at most 80, starting with a letter or digit`,
    );
  }
}

/**
 * Mappings saved under a name for the importer's organisation (docs/import.md): its members list,
 * read, replace and delete them; no one else sees them. The operator's CLI (no organisation) keeps
 * its own.
 */
export function createSavedMappingService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  const view = (row: {
    name: string;
    mapping: unknown;
    updated_by: string;
    updated_at: Date;
  }): SavedMapping => ({
    name: row.name,
    mapping: row.mapping as ImportMapping,
    updated_by: row.updated_by,
    updated_at: row.updated_at.toISOString(),
  });
  return {
    async list(actor: Actor): Promise<SavedMapping[]> {
      return (await listMappings(db, orgOf(actor))).map(view);
    },
    async get(actor: Actor, name: string): Promise<SavedMapping> {
      checkName(name);
      const row = await findMapping(db, orgOf(actor), name);
      if (!row) throw NotFound('import mapping', name);
      return view(row);
    },
    /** Saves (or replaces) the mapping; answers it and whether it is new. */
    async save(
      actor: Actor,
      name: string,
      mapping: unknown,
    ): Promise<{ saved: SavedMapping; created: boolean }> {
      checkName(name);
      const problems = checkMapping(mapping);
      if (problems.length > 0)
        throw new DomainError('invalid_mapping', 422, `the mapping: ${problems.join('; ')}`);
      const created = await upsertMapping(db, {
        id: newId(),
        orgId: orgOf(actor),
        name,
        mapping: JSON.stringify(mapping),
        actor: actor.id,
      });
      const row = await findMapping(db, orgOf(actor), name);
      if (!row) throw NotFound('import mapping', name);
      return { saved: view(row), created };
    },
    async remove(actor: Actor, name: string): Promise<void> {
      checkName(name);
      if (!(await deleteMapping(db, orgOf(actor), name))) throw NotFound('import mapping', name);
    },
  };
}

export type SavedMappingService = ReturnType<typeof createSavedMappingService>;
