import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../../test/support/factories.js';
import { parseCsv } from '../../../interchange/csv.js';
import { NEED_COLUMNS, PLEDGE_COLUMNS } from '../../../interchange/hxl.js';

let t: TestApp;
const tricky = 'Ukrenergo, "Kyiv" branch — Київ';
let ids: { region: string; donor: string; item: string; firstNeed: string };

beforeAll(async () => {
  t = await createTestApp();
  const recipient = await buildOrganisation(t.app, { name: tricky, kind: 'ministry', country_code: 'UA' });
  const donor = await buildOrganisation(t.app, { name: '=Donor, "formula" state' });
  const region = await buildRegion(t.app, { name: 'Київська область' });
  const otherRegion = await buildRegion(t.app);
  const item = await buildItem(t.app, { name: 'Generator, 220 kVA "heavy"' });
  const refs = { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
  const first = await buildNeed(t.app, refs, {
    quantity: 12.5,
    priority: 'critical',
    justification: 'Heat for 3 hospitals,\r\nbefore the frost',
  });
  await buildNeed(t.app, refs, { needed_by: '2023-01-10' });
  await buildNeed(t.app, { ...refs, region_id: otherRegion.id }, { status: 'met' });
  const event = await post(t.app, '/events', {
    name: 'Ramstein, 8th meeting',
    kind: 'ministerial',
    starts_on: '2022-11-29',
    ends_on: '2022-11-29',
    organiser_org_id: donor.id,
  });
  await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id, need_id: first.id },
    { quantity: 5, event_id: event.id, value: { amount: '425000.00', currency: 'USD' }, conditions: '-' },
  );
  await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id });
  ids = { region: region.id, donor: donor.id, item: item.id, firstNeed: first.id };
});
afterAll(async () => t?.close());

async function getCsv(url: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${url}` });
  return { response, rows: response.statusCode === 200 ? parseCsv(response.body) : [] };
}

/** Rows as objects keyed by the first header row, below the hashtag row. */
function records(rows: string[][], hxl = true): Record<string, string>[] {
  const [header = [], ...rest] = rows;
  return (hxl ? rest.slice(1) : rest).map((row) =>
    Object.fromEntries(header.map((field, i) => [field, row[i] ?? ''])),
  );
}

describe('HXL CSV exports', () => {
  it('exports every need with two header rows, as a dated UTF-8 CSV attachment', async () => {
    const { response, rows } = await getCsv('needs.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="aidgrid-needs-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.body.endsWith('\r\n')).toBe(true);
    expect(rows[0]).toEqual(NEED_COLUMNS.map((c) => c.field));
    expect(rows[1]).toEqual(NEED_COLUMNS.map((c) => c.tag));
    expect(rows[1]).toContain('#adm1 +code');
    expect(rows).toHaveLength(2 + 3);
  });

  it('round-trips commas, quotes, line breaks and Cyrillic, and marks synthetic records', async () => {
    const need = records((await getCsv('needs.csv')).rows).find((r) => r.id === ids.firstNeed);
    expect(need).toMatchObject({
      recipient: tricky,
      region_name: 'Київська область',
      item_name: 'Generator, 220 kVA "heavy"',
      category: 'energy/generator',
      quantity: '12.5',
      priority: 'critical',
      justification: 'Heat for 3 hospitals,\r\nbefore the frost',
      status: 'open',
      synthetic: 'false',
    });
    expect(need?.region_code).toMatch(/^UA-/);
  });

  it('applies the list filters and pages through every row', async () => {
    const { rows } = await getCsv(`needs.csv?region_id=${ids.region}&status=open`);
    expect(records(rows)).toHaveLength(2);
    const none = await getCsv('needs.csv?category=military');
    expect(none.rows).toHaveLength(2);
    // More rows than one page of the list service (500) come out whole and without repeats.
    const recipient = await buildOrganisation(t.app, { kind: 'ministry' });
    const region = await buildRegion(t.app);
    const refs = { recipient_org_id: recipient.id, region_id: region.id, item_id: ids.item };
    for (let i = 0; i < 501; i++) await buildNeed(t.app, refs, { quantity: i + 1 });
    const many = records((await getCsv(`needs.csv?region_id=${region.id}`)).rows);
    expect(many).toHaveLength(501);
    expect(new Set(many.map((r) => r.id)).size).toBe(501);
  });

  it('drops the hashtag row with hxl=false', async () => {
    const { rows } = await getCsv(`needs.csv?hxl=false&region_id=${ids.region}`);
    expect(rows[0]).toEqual(NEED_COLUMNS.map((c) => c.field));
    expect(rows[1]?.[0]).not.toMatch(/^#/);
    expect(records(rows, false)).toHaveLength(2);
  });

  it('exports pledges with donor, event and money, guarding formula-like text', async () => {
    const { response, rows } = await getCsv(`pledges.csv?donor_org_id=${ids.donor}`);
    expect(response.headers['content-disposition']).toMatch(/filename="aidgrid-pledges-[\d-]+\.csv"/);
    expect(rows[1]).toEqual(PLEDGE_COLUMNS.map((c) => c.tag));
    const pledges = records(rows);
    expect(pledges).toHaveLength(2);
    const withNeed = pledges.find((p) => p.need_id === ids.firstNeed);
    expect(withNeed).toMatchObject({
      donor: `'=Donor, "formula" state`,
      event: 'Ramstein, 8th meeting',
      quantity: '5',
      value: '425000.00',
      currency: 'USD',
      conditions: "'-",
      status: 'announced',
      synthetic: 'false',
    });
    expect(pledges.find((p) => p.need_id === '')).toMatchObject({ event: '', value: '', currency: '' });
  });

  it('exports the gap report’s groups by region, with ISO codes and no totals row', async () => {
    const { response, rows } = await getCsv('gaps.csv?by=region');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/filename="aidgrid-gaps-by-region-[\d-]+\.csv"/);
    expect(rows[1]?.slice(0, 4)).toEqual(['#meta +id', '#adm1 +code', '#adm1 +name', '#item +unit']);
    const report = (await t.app.inject({ method: 'GET', url: '/api/v1/gaps?by=region' })).json();
    const groups = records(rows);
    expect(groups).toHaveLength(report.groups.length);
    const kyiv = groups.find((g) => g.key === ids.region);
    const fromApi = report.groups.find((g: { key: string }) => g.key === ids.region);
    expect(kyiv).toMatchObject({ region_name: 'Київська область', needed: String(fromApi.needed) });
    expect(groups.find((g) => g.key === 'none')).toMatchObject({ region_code: '' });
  });

  it('exports gaps by category by default and refuses an unknown grouping', async () => {
    const { response, rows } = await getCsv('gaps.csv');
    expect(response.headers['content-disposition']).toMatch(/aidgrid-gaps-by-category-/);
    expect(rows[0]?.slice(0, 2)).toEqual(['key', 'category']);
    expect(records(rows).map((g) => g.category)).toEqual(['energy/generator']);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/exports/gaps.csv?by=colour' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a filter the list would refuse, with problem+json', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/exports/needs.csv?region_id=nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/exports/pledges.csv?limit=5' });
    expect(unknown.statusCode).toBe(400);
  });

  it('names donors in the gap export by donor', async () => {
    const byDonor = await getCsv('gaps.csv?by=donor');
    expect(records(byDonor.rows).map((g) => g.donor)).toContain(`'=Donor, "formula" state`);
  });
});
