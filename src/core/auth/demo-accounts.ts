import { type Kysely, sql, type Transaction } from 'kysely';
import { findUserByEmail, insertUser } from '../../db/repositories/account.repository.js';
import type { Database } from '../../db/schema.js';
import { newId } from '../shared/ids.js';
import { DEFAULT_CLEARANCE } from './account.schema.js';
import type { Role } from './actor.js';
import { checkPasswordPolicy, hashPassword } from './password.js';
import { randomSecret } from './secrets.js';

/** Demo accounts are at this domain (reserved for tests by RFC 6761, so no mail ever leaves). */
export const DEMO_EMAIL_DOMAIN = 'demo.aidgrid.test';
/** The organisation the demo analyst belongs to: a research desk that owns no records. */
export const DEMO_ANALYST_ORG = 'Aid research desk (demo)';

export interface DemoAccount {
  readonly email: string;
  readonly role: Role;
  readonly org_id: string;
  readonly org_name: string;
  /** In clear, to be printed once to the console; never stored or logged. */
  readonly password: string;
}

interface PreparedAccount {
  readonly role: Role;
  readonly password: string;
  readonly hash: string;
}

const DEMO_ROLES: readonly Role[] = ['admin', 'coordinator', 'recipient', 'donor', 'manufacturer', 'analyst'];

/**
 * Hashes the demo passwords before the load's transaction starts: all equal to `demoPassword`
 * when given (it must pass the password policy), else a random one per account.
 */
export async function prepareDemoAccounts(demoPassword?: string): Promise<readonly PreparedAccount[]> {
  if (demoPassword !== undefined) {
    const problem = checkPasswordPolicy(demoPassword)[0];
    if (problem) throw new Error(`the demo password ${problem.message}`);
  }
  return Promise.all(
    DEMO_ROLES.map(async (role) => {
      // 18 random bytes read as 24 base64url characters.
      const password = demoPassword ?? randomSecret().slice(0, 24);
      return { role, password, hash: await hashPassword(password) };
    }),
  );
}

type Executor = Kysely<Database> | Transaction<Database>;

async function orgWhere(db: Executor, query: ReturnType<typeof sql<{ id: string; name: string }>>) {
  return (await query.execute(db)).rows[0];
}

/**
 * The organisation each demo role acts for, chosen from the loaded scenario: the coordination
 * cell (admin, coordinator), the Ukrainian ministry with the most needs (recipient), the donor
 * with the most pledges, the state whose industry runs the most production lines (manufacturer,
 * since the demo's lines belong to states), and a research desk added for the analyst.
 */
async function demoOrganisations(trx: Executor): Promise<Record<Role, { id: string; name: string }>> {
  const coordination =
    (await orgWhere(
      trx,
      sql`SELECT id, name FROM organisation WHERE lower(short_name) = 'coordination cell' OR name ILIKE '%coordination cell%' ORDER BY name, id LIMIT 1`,
    )) ??
    (await addOrganisation(trx, 'Coalition aid coordination cell (demo)', 'Coordination cell', 'other'));
  const recipient = await orgWhere(
    trx,
    sql`SELECT o.id, o.name FROM organisation o LEFT JOIN need n ON n.recipient_org_id = o.id
        WHERE o.kind = 'ministry' AND o.country_code = 'UA'
        GROUP BY o.id, o.name ORDER BY count(n.id) DESC, o.name, o.id LIMIT 1`,
  );
  const donor = await orgWhere(
    trx,
    sql`SELECT o.id, o.name FROM organisation o JOIN pledge p ON p.donor_org_id = o.id
        GROUP BY o.id, o.name ORDER BY count(*) DESC, o.name, o.id LIMIT 1`,
  );
  const manufacturer =
    (await orgWhere(
      trx,
      sql`SELECT o.id, o.name FROM organisation o JOIN production_line l ON l.manufacturer_org_id = o.id
          GROUP BY o.id, o.name ORDER BY count(*) DESC, o.name, o.id LIMIT 1`,
    )) ??
    (await orgWhere(
      trx,
      sql`SELECT id, name FROM organisation WHERE kind = 'manufacturer' ORDER BY name, id LIMIT 1`,
    ));
  const analyst =
    (await orgWhere(trx, sql`SELECT id, name FROM organisation WHERE name = ${DEMO_ANALYST_ORG}`)) ??
    (await addOrganisation(trx, DEMO_ANALYST_ORG, 'Research desk', 'ngo'));
  if (!recipient || !donor || !manufacturer) {
    throw new Error(
      'the demo scenario lacks a Ukrainian ministry, a donor or a production line for the demo accounts',
    );
  }
  return { admin: coordination, coordinator: coordination, recipient, donor, manufacturer, analyst };
}

async function addOrganisation(trx: Executor, name: string, shortName: string, kind: string) {
  const id = newId();
  await trx
    .insertInto('organisation')
    .values({
      id,
      name,
      short_name: shortName,
      kind,
      classification: 'public',
      synthetic: true,
      created_by: 'demo',
      updated_by: 'demo',
    })
    .execute();
  return { id, name };
}

/** Creates one demo account per role, `<role>@demo.aidgrid.test`, in the caller's transaction. */
export async function insertDemoAccounts(
  trx: Executor,
  prepared: readonly PreparedAccount[],
): Promise<DemoAccount[]> {
  const orgs = await demoOrganisations(trx);
  const now = new Date();
  const accounts: DemoAccount[] = [];
  for (const account of prepared) {
    const org = orgs[account.role];
    const email = `${account.role}@${DEMO_EMAIL_DOMAIN}`;
    // A forced second load keeps the accounts of the first.
    if (await findUserByEmail(trx, email)) continue;
    await insertUser(trx, {
      id: newId(),
      org_id: org.id,
      email,
      display_name: `Demo ${account.role}`,
      role: account.role,
      clearance: DEFAULT_CLEARANCE[account.role],
      password_hash: account.hash,
      password_changed_at: now,
      synthetic: true,
      created_by: 'demo',
    });
    accounts.push({
      email,
      role: account.role,
      org_id: org.id,
      org_name: org.name,
      password: account.password,
    });
  }
  return accounts;
}

/** The lines that print the demo accounts once, at load. */
export function describeDemoAccounts(accounts: readonly DemoAccount[], sharedPassword: boolean): string[] {
  const header = sharedPassword
    ? 'demo accounts (password as given by --demo-password / AIDGRID_DEMO_PASSWORD):'
    : 'demo accounts (random passwords, shown only now):';
  return [
    header,
    ...accounts.map(
      (a) => `  ${a.email.padEnd(34)} ${sharedPassword ? '' : `${a.password}  `}${a.role} of ${a.org_name}`,
    ),
  ];
}
