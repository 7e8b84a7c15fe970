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
import { hasXmllint, validateIatiActivities } from '../../test/support/xmllint.js';
import { parseCsv } from '../interchange/csv.js';

let t: TestApp;
let dir: string;
let iatiDir: string;
let donorId: string;
const out: Record<string, CliResult> = {};

// Each command starts a process (a few seconds each), so they all run at once, here.
beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-export-'));
  iatiDir = await mkdtemp(path.join(tmpdir(), 'aidgrid-export-iati-'));
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const donor = await buildOrganisation(t.app, { name: 'Donor, "quoted"' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  const need = await buildNeed(t.app, {
    recipient_org_id: recipient.id,
    region_id: region.id,
    item_id: item.id,
  });
  await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id, need_id: need.id },
    { value: { amount: '1000.50', currency: 'PLN' } },
  );
  donorId = donor.id;
  const commands: Record<string, string[]> = {
    needs: ['needs'],
    pledgesToFile: ['pledges', '--no-hxl', '--out', path.join(dir, 'pledges.csv')],
    gapsByDonor: ['gaps', '--by', 'donor'],
    badFilter: ['needs', '--status', 'closed'],
    unknownRegion: ['needs', '--region-id', 'nope'],
    needsOfDonorByName: ['pledges', '--donor', 'Donor, "quoted"', '--no-hxl'],
    iatiToFile: ['iati', '--out', path.join(iatiDir, 'pledges.xml')],
    iatiOfDonor: ['iati', '--donor', donor.id],
    iatiBadDonor: ['iati', '--donor', 'nope'],
    iatiDonorByName: ['iati', '--donor', 'Donor, "quoted"'],
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
  if (iatiDir) await rm(iatiDir, { recursive: true, force: true });
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
    expect(out.badFilter?.stderr).toMatch(
      /^aidgrid: --status: status must be one of open, partially_met, met/,
    );
  });

  it('takes records by name (the old --region-id still works, by id or name) and says when none has it', () => {
    expect(out.unknownRegion?.code).toBe(3);
    expect(out.unknownRegion?.stderr).toMatch(/^aidgrid: no region of that name/);
    const rows = parseCsv(ok('needsOfDonorByName'));
    expect(rows.length).toBe(2);
    expect(rows[1]).toContain('Donor, "quoted"');
  });

  /** The document without the moment it was generated, which differs between two runs. */
  const undated = (xml: string) => xml.replace(/ generated-datetime="[^"]+"/, '');

  it('writes the IATI export to --out, the same document the API answers', async () => {
    expect(ok('iatiToFile')).toBe('');
    const written = await readFile(path.join(iatiDir, 'pledges.xml'), 'utf8');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/exports/iati.xml' });
    expect(api.statusCode).toBe(200);
    expect(undated(written)).toBe(undated(api.body));
    expect(written).toContain('<value currency="PLN" value-date="2022-11-29">1000.50</value>');
    expect(await readdir(iatiDir)).toEqual(['pledges.xml']);
    if (hasXmllint) expect(validateIatiActivities(written).messages).toBe('- validates\n');
  });

  it('prints one donor’s IATI activities on stdout, and refuses a malformed donor id', async () => {
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/exports/iati.xml?donor=${donorId}` });
    expect(undated(ok('iatiOfDonor'))).toBe(undated(api.body));
    expect(out.iatiBadDonor?.code).toBe(3);
    expect(out.iatiBadDonor?.stderr).toMatch(/^aidgrid: no organisation of that name/);
    expect(undated(ok('iatiDonorByName'))).toBe(undated(api.body));
  });
});
