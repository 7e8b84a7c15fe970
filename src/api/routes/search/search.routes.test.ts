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

interface Hit {
  id: string;
  title: string;
  title_uk: string | null;
  subtitle: string;
}
interface Group {
  kind: string;
  items: Hit[];
  more: boolean;
}

let t: TestApp;
let analyst: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const recipient = await buildOrganisation(t.app, {
    name: 'Southern Military Administration',
    kind: 'ministry',
    country_code: 'UA',
    classification: 'public',
  });
  const other = await buildOrganisation(t.app, {
    name: 'Other recipient',
    kind: 'ministry',
    country_code: 'UA',
  });
  const donor = await buildOrganisation(t.app, {
    name: 'Federal Republic of Testland',
    classification: 'public',
  });
  const kherson = await buildRegion(t.app, {
    name: 'Kherson Oblast',
    name_uk: 'Херсонська область',
    classification: 'public',
  });
  const odesa = await buildRegion(t.app, {
    name: 'Odesa Oblast',
    name_uk: 'Одеська область',
    classification: 'public',
  });
  const generator = await buildItem(t.app, {
    name: 'Generator 100 kVA',
    name_uk: 'Генератор 100 кВА',
    classification: 'public',
  });
  const diesel = await buildItem(t.app, {
    name: 'Diesel fuel',
    name_uk: 'Дизельне паливо',
    category: 'non-lethal/fuel',
    unit: 'litre',
    classification: 'public',
  });
  const base = { recipient_org_id: recipient.id, classification: 'public' } as const;
  ids.khersonGenerator = (
    await buildNeed(
      t.app,
      { ...base, region_id: kherson.id, item_id: generator.id },
      { classification: 'public' },
    )
  ).id;
  ids.odesaGenerator = (
    await buildNeed(
      t.app,
      { recipient_org_id: recipient.id, region_id: odesa.id, item_id: generator.id },
      { classification: 'public' },
    )
  ).id;
  ids.khersonDiesel = (
    await buildNeed(
      t.app,
      { recipient_org_id: recipient.id, region_id: kherson.id, item_id: diesel.id },
      { classification: 'public', justification: 'Water pumping 50% of the day' },
    )
  ).id;
  // Another organisation's restricted need for the same item and region: found only by readers cleared for it.
  ids.restricted = (
    await buildNeed(
      t.app,
      { recipient_org_id: other.id, region_id: kherson.id, item_id: generator.id },
      { classification: 'restricted', owner_org_id: other.id },
    )
  ).id;
  ids.generator = generator.id;
  ids.diesel = diesel.id;
  ids.donor = donor.id;
  const event = await post(t.app, '/events', {
    name: 'Winter ministerial in Testburg',
    kind: 'ministerial',
    location: 'Testburg',
    starts_on: '2022-11-29',
    organiser_org_id: donor.id,
    classification: 'public',
  });
  ids.event = event.id;
  ids.pledge = (
    await buildPledge(
      t.app,
      { donor_org_id: donor.id, item_id: generator.id },
      { event_id: event.id, classification: 'public' },
    )
  ).id;
  ids.incident = (
    await post(t.app, '/incidents', {
      occurred_at: '2022-11-23T10:00:00Z',
      kind: 'missile_strike',
      title: 'Strike on the Kherson substation',
      owner_org_id: recipient.id,
      classification: 'public',
    })
  ).id;
  analyst = await t.tokenFor({ role: 'analyst', orgId: other.id });
});
afterAll(async () => t?.close());

async function search(query: string, authorization?: string | null): Promise<Group[]> {
  const options = { method: 'GET' as const, url: `/api/v1/search?${query}` };
  const response =
    authorization === null
      ? await t.injectAnonymous(options)
      : await t.app.inject(authorization ? { ...options, headers: { authorization } } : options);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().groups;
}

function idsOf(groups: Group[], kind: string): string[] {
  return groups.find((g) => g.kind === kind)?.items.map((hit) => hit.id) ?? [];
}

async function listed(path: string, q: string, authorization?: string | null): Promise<string[]> {
  const options = { method: 'GET' as const, url: `/api/v1/${path}?limit=500&q=${encodeURIComponent(q)}` };
  const response =
    authorization === null
      ? await t.injectAnonymous(options)
      : await t.app.inject(authorization ? { ...options, headers: { authorization } } : options);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items.map((record: { id: string }) => record.id);
}

describe('search API', () => {
  it('finds the need whose item and region names hold every word, grouped by kind in a fixed order', async () => {
    const groups = await search(`q=${encodeURIComponent('Kherson generator')}`);
    expect(groups.map((g) => g.kind)).toEqual([
      'need',
      'pledge',
      'organisation',
      'item',
      'event',
      'shipment',
      'incident',
    ]);
    const needs = idsOf(groups, 'need');
    expect(needs).toContain(ids.khersonGenerator);
    expect(needs).toContain(ids.restricted); // the coordinator is cleared for restricted records
    expect(needs).not.toContain(ids.odesaGenerator);
    expect(needs).not.toContain(ids.khersonDiesel);
    const hit = groups[0]?.items.find((h) => h.id === ids.khersonGenerator);
    expect(hit).toMatchObject({
      title: 'Generator 100 kVA — Kherson Oblast',
      title_uk: 'Генератор 100 кВА — Херсонська область',
    });
    expect(hit?.subtitle).toMatch(/^N-\d+ · ITEM-/);
    // The generator item alone matches "generator" but not "Kherson": every word must match.
    expect(idsOf(groups, 'item')).toEqual([]);
  });

  it('finds the same need by its Ukrainian names, whatever their case', async () => {
    for (const q of ['Херсон генератор', 'херсонська ГЕНЕРАТОР']) {
      const needs = idsOf(await search(`q=${encodeURIComponent(q)}&kinds=need`), 'need');
      expect(needs, q).toContain(ids.khersonGenerator);
      expect(needs, q).not.toContain(ids.odesaGenerator);
      expect(needs, q).not.toContain(ids.khersonDiesel);
    }
  });

  it('never finds a restricted need of another organisation for an analyst or an anonymous reader', async () => {
    for (const reader of [analyst, null]) {
      const needs = idsOf(await search(`q=${encodeURIComponent('Kherson generator')}`, reader), 'need');
      expect(needs).toContain(ids.khersonGenerator);
      expect(needs).not.toContain(ids.restricted);
      expect(await listed('needs', 'Kherson generator', reader)).not.toContain(ids.restricted);
    }
    expect(await listed('needs', 'Kherson generator')).toContain(ids.restricted);
  });

  it('searches pledges by donor and event, and items, organisations, events and incidents by their own names', async () => {
    const groups = await search(`q=${encodeURIComponent('Testland generator')}`);
    expect(idsOf(groups, 'pledge')).toEqual([ids.pledge]);
    expect(idsOf(await search('q=Testburg&kinds=pledge,event'), 'pledge')).toEqual([ids.pledge]);
    expect(idsOf(await search('q=Testburg&kinds=pledge,event'), 'event')).toEqual([ids.event]);
    expect(idsOf(await search(`q=${encodeURIComponent('дизельне')}&kinds=item`), 'item')).toEqual([
      ids.diesel,
    ]);
    expect(idsOf(await search('q=Testland&kinds=organisation'), 'organisation')).toEqual([ids.donor]);
    // A need is found by its recipient's name too.
    expect(await listed('needs', 'southern generator')).toEqual(
      expect.arrayContaining([ids.khersonGenerator, ids.odesaGenerator]),
    );
    expect(idsOf(await search('q=substation&kinds=incident'), 'incident')).toEqual([ids.incident]);
  });

  it('takes q on the lists: every word must match', async () => {
    expect(await listed('needs', 'Херсон генератор')).toEqual(
      expect.arrayContaining([ids.khersonGenerator, ids.restricted]),
    );
    expect(await listed('needs', 'Херсон генератор')).not.toContain(ids.khersonDiesel);
    expect(await listed('needs', '50%')).toEqual([ids.khersonDiesel]);
    expect(await listed('pledges', 'Testland Testburg')).toEqual([ids.pledge]);
    expect(await listed('pledges', 'Testland diesel')).toEqual([]);
    expect(await listed('items', 'генератор 100')).toEqual([ids.generator]);
    expect(await listed('organisations', 'testland')).toEqual([ids.donor]);
    expect(await listed('events', 'ministerial testburg')).toEqual([ids.event]);
    expect(await listed('incidents', 'Kherson substation')).toEqual([ids.incident]);
    expect(await listed('shipments', 'Kherson')).toEqual([]);
  });

  it('takes % and _ literally and limits each group', async () => {
    expect(idsOf(await search(`q=${encodeURIComponent('50%')}&kinds=need`), 'need')).toEqual([
      ids.khersonDiesel,
    ]);
    expect(idsOf(await search('q=_&kinds=need'), 'need')).toEqual([]);
    const [group] = await search('q=Kherson&kinds=need&limit=1');
    expect(group?.items).toHaveLength(1);
    expect(group?.more).toBe(true);
  });

  it('puts equally good needs in order of urgency: critical first and low last, whatever their age', async () => {
    const kherson = await listed('needs', 'Kherson generator');
    const first = await t.app.inject({ method: 'GET', url: `/api/v1/needs/${ids.khersonGenerator}` });
    const { recipient_org_id, region_id, item_id } = first.json();
    const low = await buildNeed(
      t.app,
      { recipient_org_id, region_id, item_id },
      { priority: 'low', classification: 'public' },
    );
    const critical = await buildNeed(
      t.app,
      { recipient_org_id, region_id, item_id },
      { priority: 'critical', classification: 'public' },
    );
    const order = idsOf(
      await search(`q=${encodeURIComponent('Kherson generator')}&kinds=need&limit=50`),
      'need',
    );
    expect(order).toHaveLength(kherson.length + 2);
    expect(order[0]).toBe(critical.id);
    expect(order.at(-1)).toBe(low.id);
  });

  it('refuses a query without words, too many words or an unknown kind, as problem+json', async () => {
    for (const url of [
      '/api/v1/search?q=%20%20',
      '/api/v1/search?q=a%20b%20c%20d%20e%20f%20g%20h%20i',
      '/api/v1/search?q=x&kinds=needs',
      '/api/v1/search',
      '/api/v1/needs?q=%20',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect([400, 422], url).toContain(response.statusCode);
      expect(response.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
  });
});
