import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { systemActor } from '../core/auth/actor.js';
import { createDemoService } from '../core/demo/demo.service.js';
import { createOrganisationService } from '../core/organisations/organisation.service.js';
import { parseCsv } from '../interchange/csv.js';

/*
 * The walk of issue 16 on the command line, on the demo: records named by name, errors a person
 * can act on (one `aidgrid:` line, a `hint:` where it helps, the documented exit codes), and no
 * database message ever.
 */

const INCIDENT = ['incident', 'add', '--title', 'Strike on a substation', '--at', '2022-11-23T12:00:00Z'];

const COMMANDS: Record<string, string[]> = {
  ownerByShortName: [...INCIDENT, '--owner', 'MoE Ukraine', '--json'],
  ownerMisspelt: [...INCIDENT, '--owner', 'MoE Ukrain'],
  derivedByName: [...INCIDENT, '--owner', 'MoE Ukraine', '--impact', 'UA-30:heat:412000:2022-12-20'],
  badKind: [...INCIDENT, '--owner', 'MoE Ukraine', '--kind', 'strike'],
  badAt: ['incident', 'add', '--title', 't', '--at', '23/11/2022', '--owner', 'MoE Ukraine'],
  incidentHelp: ['incident', 'add', '--help'],
  planShowBadId: ['plan', 'show', '1234'],
  planShowUnknown: ['plan', 'show', '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d'],
  plantByLongName: ['risk', 'outage', '--plant', 'Valleyfield propellant plant'],
  plantByName: ['risk', 'outage', '--plant', 'valleyfield', '--as-of', '2023-01', '--format', 'json'],
  forecastByName: [
    'forecast',
    '--item',
    'AMMO-155',
    '--as-of',
    '2023-01',
    '--months',
    '3',
    '--format',
    'json',
  ],
  unknownOption: ['plan', 'show', '--colour', 'red'],
  help: ['--help'],
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

let database: TestDatabase;
const out: Record<string, CliResult> = {};
/** A committed pledge with room and an open need of its item with room, from the demo. */
let pair: {
  pledge_id: string;
  need_id: string;
  reference: string;
  item_code: string;
  region_code: string;
  region_name: string;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await createDemoService({ db: database.db }).load();
  // Two organisations that share a short name: naming it is ambiguous.
  const organisations = createOrganisationService({ db: database.db });
  for (const name of ['Twin Relief North', 'Twin Relief South']) {
    await organisations.create({ name, short_name: 'Twin Relief', kind: 'ngo' }, systemActor('test'));
  }
  const found = await sql<typeof pair>`
    SELECT p.id AS pledge_id, n.id AS need_id, n.reference, i.code AS item_code, r.code AS region_code,
           r.name AS region_name
      FROM pledge p JOIN need n ON n.item_id = p.item_id JOIN item i ON i.id = n.item_id
      JOIN region r ON r.id = n.region_id
     WHERE p.status IN ('committed', 'allocated') AND p.committed_quantity - p.allocated_quantity >= 1
       AND n.status IN ('open', 'partially_met') AND n.quantity - n.allocated_quantity >= 1
     ORDER BY n.reference, p.id LIMIT 1`.execute(database.db);
  pair = found.rows[0] as typeof pair;
  const commands: Record<string, string[]> = {
    ...COMMANDS,
    allocateToReference: [
      'allocation',
      'add',
      '--pledge',
      pair.pledge_id,
      '--need',
      pair.reference.toLowerCase(),
      '--quantity',
      '1',
      '--week',
      '2022-W50',
    ],
    listByReference: ['allocation', 'list', '--need', pair.reference, '--json'],
    unknownReference: ['allocation', 'list', '--need', 'N-999999'],
    ambiguousName: ['export', 'needs', '--recipient', 'Twin Relief'],
    exportByRegionName: [
      'export',
      'needs',
      '--region',
      pair.region_name,
      '--item',
      pair.item_code,
      '--no-hxl',
    ],
    gapsByRegionName: ['report', 'gaps', '--by', 'item', '--region', 'Kyiv City', '--format', 'json'],
    badOn: ['pledge', 'commit', pair.pledge_id, '--on', '24/11/2022'],
    badAsOf: ['readiness', '--as-of', '2022-02-30'],
    badFxFrom: ['fx', 'list', '--from', '2022-13-01'],
    badEta: [
      'shipment',
      'add',
      '--reference',
      'W1',
      '--from',
      'RZE',
      '--to',
      'UA-30',
      '--owner',
      'MoE Ukraine',
      '--eta',
      'next week',
    ],
    pledgeBadId: ['pledge', 'show', '1234'],
    rulesList: ['rules', 'list'],
  };
  // Two at a time: each command is a process of its own.
  const entries = Object.entries(commands);
  for (let i = 0; i < entries.length; i += 2) {
    await Promise.all(
      entries.slice(i, i + 2).map(async ([name, args]) => {
        out[name] = await runCli(['--database-url', database.url, ...args]);
      }),
    );
  }
}, 300_000);
afterAll(async () => database?.drop());

const result = (name: string) => out[name] as CliResult;

/** The error lines: exactly one `aidgrid:` line, at most one `hint:` line, nothing else. */
function errorLines(name: string): { message: string; hint: string | undefined } {
  const lines = result(name).stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^aidgrid: /);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
  expect(result(name).stderr).not.toMatch(/^error:|_check|SQLSTATE|invalid input syntax/m);
  return { message: lines[0] as string, hint: lines[1] };
}

describe('names and errors on the command line', () => {
  it('takes an organisation by its short name: --owner "MoE Ukraine"', async () => {
    expect(result('ownerByShortName').code, result('ownerByShortName').stderr).toBe(0);
    const { incident } = JSON.parse(result('ownerByShortName').stdout);
    const moe = await database.db
      .selectFrom('organisation')
      .select('id')
      .where('short_name', '=', 'MoE Ukraine')
      .executeTakeFirstOrThrow();
    expect(incident.owner_org_id).toBe(moe.id);
  });

  it('lists derived needs by item and region, in words and with plurals', () => {
    const { code, stdout, stderr } = result('derivedByName');
    expect(code, stderr).toBe(0);
    const [, counts, ...needs] = stdout.trimEnd().split('\n');
    expect(counts).toMatch(/^1 impact, 0 damage entries; [\d,]+ derived needs?:$/);
    expect(needs.length).toBeGreaterThan(0);
    for (const line of needs) {
      expect(line).toMatch(/^ {2}N-\d{6} {2}\S.* in UA-30 \(Kyiv City\) /);
      expect(line).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it('says an unknown name is unknown and suggests the near one', () => {
    expect(result('ownerMisspelt').code).toBe(3);
    expect(errorLines('ownerMisspelt').message).toBe(
      'aidgrid: no organisation of that name; did you mean MoE Ukraine?',
    );
  });

  it('lists the incident kinds, in --help and when one is wrong', () => {
    expect(result('badKind').code).toBe(2);
    const { message } = errorLines('badKind');
    expect(message).toContain("'strike'");
    expect(message).toContain('missile_strike, drone_strike, shelling, sabotage, failure, other');
    expect(result('incidentHelp').stdout).toMatch(/--kind <kind>[\s\S]*missile_strike/);
    expect(result('badAt').code).toBe(2);
    expect(errorLines('badAt').message).toContain('2022-11-23T12:00:00Z');
  });

  it('says `plan show 1234` is not a valid plan id, and an unknown id is not found', () => {
    expect(result('planShowBadId').code).toBe(2);
    expect(errorLines('planShowBadId').message).toMatch(/^aidgrid: 1234 is not a valid plan id/);
    expect(result('planShowUnknown').code).toBe(3);
    expect(errorLines('planShowUnknown').message).toContain('does not exist');
  });

  it('answers a plant named at length with the plant it means: did you mean Valleyfield?', () => {
    expect(result('plantByLongName').code).toBe(3);
    const { message, hint } = errorLines('plantByLongName');
    expect(message).toBe('aidgrid: no plant of that name; did you mean Valleyfield?');
    expect(hint).toBe('hint: give the id, the code or the exact name');
    expect(result('plantByName').code, result('plantByName').stderr).toBe(0);
    const outage = JSON.parse(result('plantByName').stdout);
    expect(outage.scenario.plant).toBe('Valleyfield');
    expect(outage.items.length).toBeGreaterThan(0);
    expect(result('forecastByName').code, result('forecastByName').stderr).toBe(0);
  });

  it('reports commander usage errors as `aidgrid:` with exit code 2, and documents the exit codes', () => {
    expect(result('unknownOption').code).toBe(2);
    expect(errorLines('unknownOption').message).toBe("aidgrid: unknown option '--colour'");
    expect(result('help').stdout).toMatch(
      /Exit codes:[\s\S]*2 {2}usage[\s\S]*3 {2}not found[\s\S]*4 {2}conflict/,
    );
  });

  it('takes a need by its reference, in any case, and tells allocations in names', () => {
    const added = result('allocateToReference');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`to ${pair.reference} (${pair.item_code} in ${pair.region_code} by `);
    expect(added.stdout).toMatch(/: 1 \S+ from .+’s pledge of /);
    // The allocation's own id leads the line (to accept it); no other id is shown.
    expect(added.stdout.replace(UUID, '').match(UUID)).toBeNull();
    expect(result('listByReference').code, result('listByReference').stderr).toBe(0);
    const page = JSON.parse(result('listByReference').stdout) as { items: { need_id: string }[] };
    expect(page.items.length).toBeGreaterThan(0);
    for (const allocation of page.items) expect(allocation.need_id).toBe(pair.need_id);
    expect(result('unknownReference').code).toBe(3);
    expect(errorLines('unknownReference').message).toMatch(/^aidgrid: no need has the reference N-999999/);
  });

  it('says a name that fits several records is ambiguous, listing them (exit 4)', () => {
    expect(result('ambiguousName').code).toBe(4);
    const { message, hint } = errorLines('ambiguousName');
    expect(message).toBe(
      'aidgrid: "Twin Relief" names 2 organisations: Twin Relief North, Twin Relief South; give the id or the code',
    );
    expect(hint).toBe('hint: give the id or the code instead of the name');
  });

  it('filters exports and reports by region and item names', () => {
    const csv = result('exportByRegionName');
    expect(csv.code, csv.stderr).toBe(0);
    const [header = [], ...rows] = parseCsv(csv.stdout);
    expect(rows.length).toBeGreaterThan(0);
    for (const cells of rows) {
      expect(cells[header.indexOf('region_code')]).toBe(pair.region_code);
      expect(cells[header.indexOf('reference')]).toMatch(/^N-\d{6}$/);
    }
    expect(result('gapsByRegionName').code, result('gapsByRegionName').stderr).toBe(0);
  });

  it('refuses a day not written YYYY-MM-DD with a sentence and an example (exit 2)', () => {
    for (const name of ['badOn', 'badAsOf', 'badFxFrom', 'badEta']) {
      expect(result(name).code, name).toBe(2);
      expect(errorLines(name).message, name).toMatch(/YYYY-MM-DD, e\.g\. 2022-11-24/);
    }
    expect(result('pledgeBadId').code).toBe(2);
    expect(errorLines('pledgeBadId').message).toMatch(/^aidgrid: 1234 is not a valid pledge id/);
  });

  it('lists need rules with their items by code, not by id', () => {
    const { code, stdout, stderr } = result('rulesList');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/GEN-/);
    expect(stdout).not.toMatch(UUID);
  });
});
