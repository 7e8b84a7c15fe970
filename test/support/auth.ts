import type { Kysely } from 'kysely';
import type { Classification, Role } from '../../src/core/auth/actor.js';
import { systemActor } from '../../src/core/auth/actor.js';
import { createTokenService } from '../../src/core/auth/token.service.js';
import { createOrganisationService } from '../../src/core/organisations/organisation.service.js';
import type { Database } from '../../src/db/schema.js';

/** What a test token acts as; clearance defaults by role (coordinator: restricted). */
export interface TestTokenSpec {
  readonly role: Role;
  readonly orgId: string;
  readonly clearance?: Classification;
  readonly expiresInDays?: number;
  readonly name?: string;
}

export interface TestToken {
  readonly id: string;
  /** The secret, `agt_…`. */
  readonly token: string;
  /** The Authorization header value: `Bearer agt_…`. */
  readonly authorization: string;
}

/** Creates an API token directly in the database (as the system), for tests that call the API. */
export async function createTestToken(db: Kysely<Database>, spec: TestTokenSpec): Promise<TestToken> {
  const created = await createTokenService({ db }).create(
    {
      name: spec.name ?? `test ${spec.role}`,
      orgId: spec.orgId,
      role: spec.role,
      clearance: spec.clearance,
      expiresInDays: spec.expiresInDays,
    },
    systemActor('test'),
  );
  return { id: created.id, token: created.token, authorization: `Bearer ${created.token}` };
}

/** The name of the coordination cell every test app creates for its default coordinator token. */
export const TEST_COORDINATION_CELL = 'Test coordination cell';

/** Creates the coordination-cell organisation that test apps act for. */
export async function createCoordinationCell(db: Kysely<Database>): Promise<string> {
  const result = await createOrganisationService({ db }).create(
    { name: TEST_COORDINATION_CELL, short_name: 'TCC', kind: 'international_organisation' },
    systemActor('test'),
  );
  return result.entity.id;
}
