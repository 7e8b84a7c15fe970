import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { createDemoService, type DemoLoadResult } from '../demo/demo.service.js';
import { createAccountService } from './account.service.js';
import { DEMO_ANALYST_ORG } from './demo-accounts.js';

const PASSWORD = 'winter is coming to kyiv';
let shared: TestDatabase;
let random: TestDatabase;
let sharedLoad: DemoLoadResult;
let randomLoad: DemoLoadResult;

beforeAll(async () => {
  [shared, random] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  sharedLoad = await createDemoService({ db: shared.db, demoPassword: PASSWORD }).load();
  randomLoad = await createDemoService({ db: random.db }).load();
}, 300_000);
afterAll(async () => {
  await shared?.drop();
  await random?.drop();
});

describe('demo accounts', () => {
  it('creates one account per role in fitting organisations, all with the given password', async () => {
    expect(sharedLoad.accounts.map((a) => [a.email, a.role])).toEqual([
      ['admin@demo.aidgrid.test', 'admin'],
      ['coordinator@demo.aidgrid.test', 'coordinator'],
      ['recipient@demo.aidgrid.test', 'recipient'],
      ['donor@demo.aidgrid.test', 'donor'],
      ['manufacturer@demo.aidgrid.test', 'manufacturer'],
      ['analyst@demo.aidgrid.test', 'analyst'],
    ]);
    const orgOf = Object.fromEntries(sharedLoad.accounts.map((a) => [a.role, a.org_name]));
    expect(orgOf.coordinator).toBe('Coalition aid coordination cell (demo)');
    expect(orgOf.admin).toBe(orgOf.coordinator);
    expect(orgOf.recipient).toMatch(/^Ministry of .* of Ukraine$/);
    expect(orgOf.analyst).toBe(DEMO_ANALYST_ORG);
    expect(new Set([orgOf.donor, orgOf.manufacturer, orgOf.recipient, orgOf.analyst]).size).toBeGreaterThan(
      2,
    );

    const accounts = createAccountService({ db: shared.db });
    for (const account of sharedLoad.accounts) {
      expect(account.password).toBe(PASSWORD);
      const user = await accounts.authenticate(account.email, PASSWORD);
      expect(user).toMatchObject({ role: account.role, org_id: account.org_id });
    }
    const analyst = await accounts.find('analyst@demo.aidgrid.test');
    expect(analyst).toMatchObject({ clearance: 'public', synthetic: true });
  });

  it('gives each account its own random password otherwise, and stores none of them', async () => {
    const passwords = randomLoad.accounts.map((a) => a.password);
    expect(new Set(passwords).size).toBe(6);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const rows = await random.db.selectFrom('app_user').select('password_hash').execute();
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      for (const password of passwords) expect(row.password_hash).not.toContain(password);
    }
    const first = randomLoad.accounts[0];
    expect(
      await createAccountService({ db: random.db }).authenticate(first?.email ?? '', first?.password ?? ''),
    ).toMatchObject({
      email: first?.email,
    });
  });

  it('refuses a demo password that fails the password policy', async () => {
    await expect(
      createDemoService({ db: random.db, demoPassword: 'short' }).load({ force: true }),
    ).rejects.toThrow('the demo password must be at least 12 characters long');
  });
});
