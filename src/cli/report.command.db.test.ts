import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { type CliResult, runCli } from '../../test/support/cli.js';
import { buildReportWorld } from '../../test/support/report-world.js';

let t: TestApp;
let ids: Record<string, string> = {};
const out: Record<string, CliResult> = {};

const COMMANDS: Record<string, string[]> = {
  regionJson: ['gaps', '--by', 'region', '--format', 'json'],
  donorCsv: ['gaps', '--by', 'donor', '--format', 'csv'],
  categoryTable: ['gaps', '--by', 'category'],
  eventsCsv: ['events', '--format', 'csv'],
  badWeek: ['weekly', '--by', 'region', '--key', '<regionB>', '--from', '2021-W53'],
};

// The situation is described in test/support/report-world.ts. Each command starts a process (a few
// seconds each), so they all run at once, here; the formats themselves are unit-tested.
beforeAll(async () => {
  t = await createTestApp();
  ids = await buildReportWorld(t);
  await Promise.all(
    Object.entries(COMMANDS).map(async ([name, args]) => {
      const resolved = args.map((arg) => (arg === '<regionB>' ? (ids.regionB as string) : arg));
      out[name] = await runCli(['--database-url', t.database.url, 'report', ...resolved]);
    }),
  );
}, 120_000);
afterAll(async () => t?.close());

function ok(name: string): string {
  const result = out[name] as CliResult;
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

async function api(url: string) {
  return (await t.app.inject({ method: 'GET', url: `/api/v1${url}` })).json();
}

describe('aidgrid report', () => {
  it('gaps --format json prints what the API answers', async () => {
    expect(JSON.parse(ok('regionJson'))).toEqual(await api('/gaps?by=region'));
  });

  it('gaps --format csv has a header and one line per group, with plain numbers', () => {
    const lines = ok('donorCsv').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'key,label,unit,needed,pledged,committed,allocated,shipped,delivered,unmet,needed_eur,pledged_eur,delivered_eur,unmet_eur,coverage_announced_pct,coverage_committed_pct,coverage_basis,need_count,pledge_count',
    );
    expect(lines).toHaveLength(3);
    const donorB = lines.find((line) => line.startsWith(`${ids.donorB},`))?.split(',');
    // Donor B pledged generators and shells: no quantities, EUR values (P2 900,000 + P4 500 × 85,000
    // pledged; 70 of P2 delivered at 10,000 a unit): the promise not yet kept shows.
    expect(donorB?.slice(3, 10)).toEqual(['', '', '', '', '', '', '']);
    expect(donorB?.slice(11, 13)).toEqual(['43400000', '700000']);
  });

  it('gaps --format table aligns the columns and ends with the totals and the notes', () => {
    const stdout = ok('categoryTable');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Gaps by category (synthetic demo data is marked so in the database)');
    // No data set day stored: the data is as of today.
    expect(lines[1]).toMatch(/^data as of \d{4}-\d{2}-\d{2}$/);
    expect(lines[3]).toMatch(
      /^group\s+unit\s+needed\s+pledged\s+committed\s+allocated\s+shipped\s+delivered\s+unmet/,
    );
    const rule = lines[4] as string;
    const total = lines.find((line) => line.startsWith('total')) as string;
    // The totals span items: no quantities, EUR values needed, pledged, delivered and unmet.
    expect(total).toMatch(/^total(\s+–){7}\s+101,150,000\s+47,525,000\s+2,825,000\s+87,975,000/);
    // The last column is numeric, so every row is as wide as the rule: the columns line up.
    expect(total.length).toBe(rule.length);
    expect(stdout).toContain('Notes:\n- Every figure counts only');
    expect(stdout).toContain('\n- Unmet is floored at zero per need');
  });

  it('events prints the funnel of each event, then of the pledges at no event', () => {
    const lines = ok('eventsCsv').trimEnd().split('\r\n');
    expect(lines).toHaveLength(5); // header, three events, no event
    // One item: quantities in its unit (item_count, unit, then the stages).
    expect(
      lines[1]?.startsWith(`${ids.e1},"Contact group, November",2022-11-16,2,0,1,unit,120,110,90,80,70,`),
    ).toBe(true);
    // Three items: no quantity and no ratio by quantity, EUR values only.
    expect(lines[2]).toMatch(
      /^[0-9a-f-]{36},"Foreign ministers, Bucharest",2022-11-29,3,1,3,,,,,,,,,,129200000\.00,/,
    );
    expect(lines.at(-1)).toMatch(/^,No event,,1,0,1,unit,25,25,25,25,25,0,1,1,/);
  });

  it('refuses a week that does not exist with one line and exit code 2 (usage)', () => {
    expect(out.badWeek?.code).toBe(2);
    expect(out.badWeek?.stderr).toBe('aidgrid: from is not an ISO week that exists\n');
  });
});
