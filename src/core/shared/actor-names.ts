import type { Kysely } from 'kysely';
import { runWithOwnerRights } from '../../db/actor-context.js';
import { findTokenNames, findUserNames } from '../../db/repositories/name.repository.js';
import type { Database } from '../../db/schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who did something, as people read it: a user by name ("Anna Coordinator"), an API token by its
 * name and organisation, the operator's tools by what they are. The actor id (`created_by`,
 * `actor`) stays in the record; this is only what is shown beside it.
 */
export async function actorNames(
  db: Kysely<Database>,
  actors: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(actors)];
  const userIds = unique.filter((actor) => UUID.test(actor));
  const tokenIds = unique
    .filter((actor) => actor.startsWith('token:'))
    .map((actor) => actor.slice('token:'.length))
    .filter((id) => UUID.test(id));
  // The account tables are closed to the application role (migration 0009); only names are read.
  const [users, tokens] = await runWithOwnerRights(() =>
    Promise.all([findUserNames(db, userIds), findTokenNames(db, tokenIds)]),
  );
  const names = new Map<string, string>();
  for (const user of users) names.set(user.id, user.display_name);
  for (const token of tokens)
    names.set(`token:${token.id}`, `API token “${token.name}” of ${token.org_name}`);
  for (const actor of unique) {
    if (names.has(actor)) continue;
    if (actor === 'anonymous') names.set(actor, 'an anonymous reader');
    else if (UUID.test(actor) || actor.startsWith('token:')) names.set(actor, 'a removed account');
    else names.set(actor, `aidgrid ${actor}`);
  }
  return names;
}
