import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { type CliResult, runCli } from '../../test/support/cli.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../test/support/factories.js';
import { parseCsv } from '../interchange/csv.js';

let t: TestApp;
let dir: string;
const out: Record<string, CliResult> = {};

// Each command starts a process (a few seconds each), so they all run at once, here.
beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-export-'));
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const donor = await buildOrganisation(t.app, { name: 'Donor, "quoted"' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  const need = await buildNeed(t.app, {
    recipient_org_id: recipient.id,
    region_id: region.id,
    item_id: item.id,
  });
  await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id, need_id: need.id });
  const commands: Record<string, string[]> = {
    needs: ['needs'],
    pledgesToFile: ['pledges', '--no-hxl', '--out', path.join(dir, 'pledges.csv')],
    gapsByDonor: ['gaps', '--by', 'donor'],
    badFilter: ['needs', '--region-id', 'nope'],
  };
  await Promise.all(
    Object.entries(commands).map(async ([name, args]) => {
      out[name] = await runCli(['--database-url', t.database.url, 'export', ...args]);
    }),
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function ok(name: string): string {
  const result = out[name] as CliResult;
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('aidgrid export', () => {
  it('prints the needs as HXL CSV on stdout, byte for byte what the API answers', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/exports/needs.csv' });
    expect(ok('needs')).toBe(api.body);
    expect(parseCsv(ok('needs'))).toHaveLength(3);
  });

  it('writes to --out without the hashtag row, and leaves no partial file behind', async () => {
    expect(ok('pledgesToFile')).toBe('');
    const rows = parseCsv(await readFile(path.join(dir, 'pledges.csv'), 'utf8'));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Donor, "quoted"');
    expect(await readdir(dir)).toEqual(['pledges.csv']);
  });

  it('exports the gap groups by donor', () => {
    const rows = parseCsv(ok('gapsByDonor'));
    expect(rows[1]?.slice(0, 2)).toEqual(['#meta +id', '#org +funder +name']);
    expect(rows.slice(2).map((row) => row[1])).toEqual(['Donor, "quoted"']);
  });

  it('refuses a filter the API would refuse, naming the option', () => {
    expect(out.badFilter?.code).toBe(2);
    expect(out.badFilter?.stderr).toMatch(/^aidgrid: --region-id: region must be an id \(a UUID\), e\.g\. /);
  });
});
