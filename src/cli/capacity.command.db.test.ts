import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createDemoService } from '../core/demo/demo.service.js';

const COMMANDS: Record<string, string[]> = {
  forecast: ['forecast', '--item', 'AMMO-155', '--as-of', '2023-01', '--months', '12', '--format', 'json'],
  risk: ['risk', '--item', 'AMMO-155'],
  outage: [
    'risk',
    'outage',
    '--country',
    'CN',
    '--input',
    'COTTON-LINTERS',
    '--from',
    '2023-06',
    '--as-of',
    '2023-01',
    '--format',
    'json',
  ],
  badMonth: ['forecast', '--item', 'AMMO-155', '--as-of', '2023-13'],
};

let database: TestDatabase;
const out: Record<string, CliResult> = {};

// Each command starts a process, so they all run at once on the demo.
beforeAll(async () => {
  database = await createTestDatabase();
  await createDemoService({ db: database.db }).load();
  await Promise.all(
    Object.entries(COMMANDS).map(async ([name, args]) => {
      out[name] = await runCli(['--database-url', database.url, ...args]);
    }),
  );
}, 180_000);
afterAll(async () => database?.drop());

function ok(name: string): string {
  const result = out[name] as CliResult;
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('aidgrid forecast and risk', () => {
  it('forecasts by item code', () => {
    const forecast = JSON.parse(ok('forecast'));
    expect(forecast).toMatchObject({
      as_of: '2023-01',
      first_shortfall_month: '2023-01',
      main_cause: 'capacity',
    });
    expect(forecast.months).toHaveLength(12);
  });

  it('prints the input graph with the single points of failure', () => {
    const text = ok('risk');
    expect(text).toContain('PROPELLANT-CHARGE-155 > NITROCELLULOSE');
    expect(text).toContain('Valleyfield');
    expect(text).toContain('72 % of Cotton linters comes from CN');
  });

  it('runs an outage with the options of `risk outage`', () => {
    const result = JSON.parse(ok('outage'));
    expect(result.scenario).toMatchObject({
      country_code: 'CN',
      material_code: 'COTTON-LINTERS',
      from: '2023-06',
    });
    expect(result.items[0]).toMatchObject({ available_share: 0.28, total_capacity_lost: 1_321_920 });
  });

  it('refuses a month that does not exist', () => {
    expect(out.badMonth?.code).toBe(2);
    expect(out.badMonth?.stderr).toContain('as_of: must be a month YYYY-MM');
  });
});
