import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildAllocation,
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../../test/support/factories.js';

interface NeedJson {
  id: string;
  region_id: string;
  item_id: string;
  quantity: number;
  priority: string;
  needed_by: string;
  status: string;
  incident_id: string | null;
  rule_id: string | null;
  rule_version: number | null;
  derivation: string | null;
  needs_review: boolean;
  review_reason: string | null;
  version: number;
}

describe('incidents, need rules and derived needs', () => {
  let t: TestApp;
  let owner: string;
  let regionA: string;
  let regionB: string;
  let gen: string;
  let fuel: string;
  let trf: string;
  let purifier: string;
  const rules: Record<string, { id: string; version: number }> = {};

  const derivedNeeds = async (incidentId: string): Promise<NeedJson[]> => {
    const response = await t.app.inject({ url: `/api/v1/needs?incident_id=${incidentId}&limit=500` });
    expect(response.statusCode).toBe(200);
    return (response.json().items as NeedJson[]).sort((a, b) =>
      `${a.rule_id}${a.region_id}`.localeCompare(`${b.rule_id}${b.region_id}`),
    );
  };

  const patchIncident = async (id: string, body: Record<string, unknown>) => {
    const current = await t.app.inject({ url: `/api/v1/incidents/${id}` });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  const impacts = (heat: number) => [
    { region_id: regionA, service: 'heat', people_affected: heat, restoration_expected_on: '2022-11-15' },
    { region_id: regionA, service: 'water', people_affected: 250_000, restoration_expected_on: null },
    { region_id: regionB, service: 'heat', people_affected: 20_000, restoration_expected_on: '2022-11-03' },
  ];
  const damage = () => [{ region_id: regionA, asset_kind: 'substation', asset_class: '110kV', count: 3 }];
  const incidentBody = (heat: number) => ({
    occurred_at: '2022-11-01T06:30:00Z',
    kind: 'missile_strike',
    title: 'Strike on heat and power',
    owner_org_id: owner,
    impacts: impacts(heat),
    damage: damage(),
  });

  beforeAll(async () => {
    t = await createTestApp();
    owner = (await buildOrganisation(t.app, { kind: 'recipient_agency', country_code: 'UA' })).id;
    regionA = (await buildRegion(t.app, { population: 2_000_000 })).id;
    regionB = (await buildRegion(t.app, { population: 500_000 })).id;
    gen = (await buildItem(t.app, { unit: 'unit' })).id;
    fuel = (await buildItem(t.app, { name: 'Diesel', category: 'non-lethal/fuel', unit: 'litre' })).id;
    trf = (await buildItem(t.app, { name: '110 kV transformer', category: 'energy/transformer' })).id;
    purifier = (await buildItem(t.app, { name: 'Water purification unit', category: 'non-lethal/water' })).id;
    const frost = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/first-frost/${regionA}`,
      payload: { first_frost_on: '2022-11-15', note: 'test' },
    });
    expect(frost.statusCode, frost.body).toBe(200);
    rules.gen = await post(t.app, '/need-rules', {
      code: 'HEAT-GEN',
      trigger: 'service_outage',
      service: 'heat',
      min_outage_days: 3,
      people_per_unit: 10_000,
      item_id: gen,
      quantity_per_unit: 4,
      priority: 'high',
      priority_before_frost: 'critical',
      lead_days: 7,
    });
    rules.fuel = await post(t.app, '/need-rules', {
      code: 'HEAT-FUEL',
      trigger: 'service_outage',
      service: 'heat',
      min_outage_days: 3,
      people_per_unit: 10_000,
      item_id: fuel,
      quantity_per_unit: 500,
      per_day: true,
      max_days: 30,
      priority: 'high',
      lead_days: 3,
    });
    rules.trf = await post(t.app, '/need-rules', {
      code: 'SUBSTATION-110',
      trigger: 'damaged_asset',
      asset_kind: 'substation',
      asset_class: '110kV',
      item_id: trf,
      quantity_per_unit: 1,
      priority: 'high',
      lead_days: 30,
    });
    rules.water = await post(t.app, '/need-rules', {
      code: 'WATER-PURIFIER',
      trigger: 'service_outage',
      service: 'water',
      min_outage_days: 0,
      people_per_unit: 100_000,
      item_id: purifier,
      quantity_per_unit: 1,
      priority: 'critical',
      lead_days: 2,
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('derives exactly the expected needs, with their arithmetic', async () => {
    const incident = await post(t.app, '/incidents', incidentBody(412_000));
    const needs = await derivedNeeds(incident.id);
    const byRule = (rule: string) => needs.filter((n) => n.rule_id === rules[rule]?.id);
    // Region B's heat outage lasts 2 days, not more than 3: nothing for it.
    expect(needs.every((n) => n.region_id === regionA)).toBe(true);
    expect(needs).toHaveLength(4);
    expect(byRule('gen')[0]).toMatchObject({
      item_id: gen,
      quantity: 168,
      priority: 'critical',
      needed_by: '2022-11-08',
      status: 'open',
      incident_id: incident.id,
      rule_version: 1,
      needs_review: false,
      derivation:
        'ceil(412,000 people without heat / 10,000) × 4 unit = 168 unit (rule HEAT-GEN v1; critical: due by the first frost on 2022-11-15)',
    });
    expect(byRule('fuel')[0]).toMatchObject({
      quantity: 294_000,
      priority: 'high',
      needed_by: '2022-11-04',
      derivation:
        'ceil(412,000 people without heat / 10,000) × 500 litre a day × 14 days (until restoration on 2022-11-15) = 294,000 litre (rule HEAT-FUEL v1)',
    });
    expect(byRule('trf')[0]).toMatchObject({
      quantity: 3,
      derivation: '3 damaged substation 110kV × 1 unit = 3 unit (rule SUBSTATION-110 v1)',
    });
    expect(byRule('water')[0]).toMatchObject({
      quantity: 3,
      priority: 'critical',
      needed_by: '2022-11-03',
      derivation: 'ceil(250,000 people without water / 100,000) × 1 unit = 3 unit (rule WATER-PURIFIER v1)',
    });

    // Deriving again changes nothing and duplicates nothing.
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/derive` });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().needs.map((n: { outcome: string }) => n.outcome)).toEqual(Array(4).fill('unchanged'));
    expect(await derivedNeeds(incident.id)).toEqual(needs);

    // Every revision is kept in the incident's history.
    await patchIncident(incident.id, { impacts: impacts(300_000) });
    const history = await t.app.inject({ url: `/api/v1/incidents/${incident.id}/history` });
    expect(history.json().items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
  });

  it('revising twice gives the same needs as entering the final figures once', async () => {
    const revised = await post(t.app, '/incidents', incidentBody(100_000));
    await patchIncident(revised.id, { impacts: impacts(900_000), damage: [] });
    await patchIncident(revised.id, { impacts: impacts(520_000), damage: damage() });
    const direct = await post(t.app, '/incidents', incidentBody(520_000));
    const shape = (needs: NeedJson[]) =>
      needs
        .filter((n) => n.status !== 'cancelled')
        .map(
          ({
            rule_id,
            region_id,
            item_id,
            quantity,
            priority,
            needed_by,
            status,
            derivation,
            needs_review,
          }) => ({
            rule_id,
            region_id,
            item_id,
            quantity,
            priority,
            needed_by,
            status,
            derivation,
            needs_review,
          }),
        );
    const revisedNeeds = await derivedNeeds(revised.id);
    expect(shape(revisedNeeds)).toEqual(shape(await derivedNeeds(direct.id)));
    expect(revisedNeeds).toHaveLength(4);
    expect(revisedNeeds.find((n) => n.rule_id === rules.gen?.id)?.quantity).toBe(208);
  });

  it('never changes a need entered by hand, and flags an over-allocated one instead of lowering it', async () => {
    const manual = await buildNeed(
      t.app,
      { recipient_org_id: owner, region_id: regionA, item_id: gen },
      { quantity: 7 },
    );
    const incident = await post(t.app, '/incidents', incidentBody(412_000));
    const genNeed = (await derivedNeeds(incident.id)).find((n) => n.rule_id === rules.gen?.id) as NeedJson;
    const donor = await buildOrganisation(t.app);
    const pledge = await buildPledge(t.app, { donor_org_id: donor.id, item_id: gen }, { quantity: 150 });
    const commit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pledges/${pledge.id}/commit`,
      payload: {},
    });
    expect(commit.statusCode, commit.body).toBe(200);
    await buildAllocation(
      t.app,
      { pledge_id: pledge.id, need_id: genNeed.id },
      { quantity: 100, accept: true },
    );

    // 412,000 → 100,000 people: the rule now calls for 40, but 100 are allocated.
    await patchIncident(incident.id, { impacts: impacts(100_000) });
    const after = (await derivedNeeds(incident.id)).find((n) => n.id === genNeed.id) as NeedJson;
    expect(after.quantity).toBe(168);
    expect(after.needs_review).toBe(true);
    expect(after.review_reason).toContain('now calls for 40');
    expect(after.review_reason).toContain('100 is already allocated');
    // The fuel need has nothing allocated: it is lowered (10 units × 500 × 14 days).
    expect((await derivedNeeds(incident.id)).find((n) => n.rule_id === rules.fuel?.id)?.quantity).toBe(
      70_000,
    );

    // Retracting the incident: unallocated needs are cancelled, the allocated one stays flagged.
    await patchIncident(incident.id, { status: 'retracted' });
    const retracted = await derivedNeeds(incident.id);
    expect(retracted.find((n) => n.id === genNeed.id)).toMatchObject({
      quantity: 168,
      needs_review: true,
      status: 'open',
    });
    expect(retracted.filter((n) => n.id !== genNeed.id).every((n) => n.status === 'cancelled')).toBe(true);

    const manualAfter = await t.app.inject({ url: `/api/v1/needs/${manual.id}` });
    expect(manualAfter.json()).toMatchObject({ quantity: 7, version: 1, incident_id: null, rule_id: null });
  });

  it('records the rule version a need was derived with', async () => {
    const incident = await post(t.app, '/incidents', { ...incidentBody(50_000), damage: [] });
    const current = await t.app.inject({ url: `/api/v1/need-rules/${rules.trf?.id}` });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/need-rules/${rules.trf?.id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { quantity_per_unit: 2 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().version).toBe(2);
    await patchIncident(incident.id, { damage: damage() });
    const trfNeed = (await derivedNeeds(incident.id)).find((n) => n.rule_id === rules.trf?.id);
    expect(trfNeed).toMatchObject({
      quantity: 6,
      rule_version: 2,
      derivation: '3 damaged substation 110kV × 2 unit = 6 unit (rule SUBSTATION-110 v2)',
    });
  });

  it('rejects bad rules with a clear error', async () => {
    const base = {
      code: 'BAD',
      trigger: 'service_outage',
      service: 'power',
      min_outage_days: 1,
      people_per_unit: 10_000,
      item_id: gen,
      quantity_per_unit: 1,
      priority: 'high',
      lead_days: 5,
    };
    const attempt = (body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/need-rules', payload: { ...base, ...body } });

    const negative = await attempt({ quantity_per_unit: -4, people_per_unit: -10, min_outage_days: -1 });
    expect(negative.statusCode).toBe(422);
    expect(negative.json().code).toBe('invalid_record');
    expect(
      negative
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['min_outage_days', 'people_per_unit', 'quantity_per_unit']);

    const unknown = await attempt({ item_id: '01890000-0000-7000-8000-000000000000' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_reference', errors: [{ field: 'item_id' }] });

    const overlapping = await attempt({ code: 'HEAT-GEN-2', service: 'heat' });
    expect(overlapping.statusCode).toBe(422);
    expect(overlapping.json()).toMatchObject({ code: 'overlapping_rule', errors: [{ field: 'item_id' }] });
    expect(overlapping.json().detail).toContain('HEAT-GEN');

    const incomplete = await attempt({ per_day: true });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().errors).toEqual([
      { field: 'max_days', message: 'a per-day rule needs a cap in days' },
    ]);

    const badIncident = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: {
        ...incidentBody(1),
        impacts: [
          {
            region_id: '01890000-0000-7000-8000-000000000000',
            service: 'power',
            people_affected: 5,
            restoration_expected_on: null,
          },
        ],
      },
    });
    expect(badIncident.statusCode).toBe(422);
    expect(badIncident.json()).toMatchObject({
      code: 'unknown_reference',
      errors: [{ field: 'impacts[0].region_id' }],
    });
  });

  it('ranks regions by winter readiness', async () => {
    const response = await t.app.inject({ url: '/api/v1/readiness?as_of=2022-11-05' });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.regions[0]).toMatchObject({
      region_id: regionA,
      rank: 1,
      first_frost_on: '2022-11-15',
      days_to_first_frost: 10,
    });
    expect(report.regions[0].people_without_water).toBe(250_000);
    // Quantities only where a region's derived needs are of one item, in its unit; across items
    // counts and EUR values (at the price list), never a sum of different units.
    const withNeeds = report.regions.filter((r: { derived_needs: number }) => r.derived_needs > 0);
    expect(withNeeds.length).toBeGreaterThan(0);
    for (const region of withNeeds) {
      expect(region.value.basis).toBe('price_list');
      if (region.item_count > 1) {
        expect(region).toMatchObject({
          unit: null,
          needed: null,
          pledged: null,
          allocated: null,
          delivered: null,
        });
        expect(Number(region.value.needed.amount)).toBeGreaterThan(0);
      } else {
        expect(region.unit).toEqual(expect.any(String));
        expect(region.needed).toBeGreaterThan(0);
      }
    }
    expect(withNeeds.some((r: { item_count: number }) => r.item_count > 1)).toBe(true);
    const detail = await t.app.inject({ url: `/api/v1/readiness/${regionA}?as_of=2022-11-05` });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().needs.length).toBeGreaterThan(0);
  });
});
