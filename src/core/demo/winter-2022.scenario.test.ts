import { describe, expect, it } from 'vitest';
import { UKRAINE_POPULATION_2021 } from './catalogue.js';
import { createRandom, uuidV7 } from './random.js';
import { buildWinterScenario, DEFAULT_DEMO_SEED } from './winter-2022.scenario.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MONEY = /^\d{1,17}(\.\d{1,2})?$/;
const ITEM_CODE = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
const CATEGORY = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const scenario = buildWinterScenario();

function hasAtMostThreeDecimals(value: number): boolean {
  return Number(value.toFixed(3)) === value;
}

describe('random', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number | string) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw('a/b')).toEqual(draw('a/b'));
  });

  it('keeps int, weighted and normalish within their bounds', () => {
    const random = createRandom(1);
    for (let i = 0; i < 1000; i++) {
      const n = random.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
      expect(random.weighted(['a', 'b', 'c'], (x) => (x === 'b' ? 0 : 1))).not.toBe('b');
      expect(Math.abs(random.normalish())).toBeLessThan(3.5);
    }
  });

  it('formats version 7 UUIDs that carry the given time', () => {
    const id = uuidV7(Date.UTC(2022, 10, 29), createRandom(7));
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(Date.UTC(2022, 10, 29));
  });
});

describe('buildWinterScenario', () => {
  it('is deterministic: the same seed gives deep-equal rows, another seed other rows', () => {
    expect(buildWinterScenario(DEFAULT_DEMO_SEED)).toEqual(scenario);
    const other = buildWinterScenario(DEFAULT_DEMO_SEED + 1);
    expect(other.needs.map((n) => n.id)).not.toEqual(scenario.needs.map((n) => n.id));
    expect(other.pledges.map((p) => p.quantity)).not.toEqual(scenario.pledges.map((p) => p.quantity));
  });

  it('ships the 25 regions of Ukraine with the Ukrstat population of 1 Jan 2021', () => {
    expect(scenario.regions).toHaveLength(25);
    const total = scenario.regions.reduce((sum, region) => sum + (region.population ?? 0), 0);
    expect(total).toBe(UKRAINE_POPULATION_2021);
    expect(total).toBe(41_418_700);
    expect(new Set(scenario.regions.map((r) => r.code)).size).toBe(25);
    for (const region of scenario.regions) {
      expect(region.code).toMatch(/^UA-\d{2}$/);
      expect(region.synthetic).toBe(false);
    }
    expect(scenario.regions.find((r) => r.code === 'UA-30')?.population).toBe(2_920_900);
  });

  it('has about 30 donors, a recipient ministry and recipient agencies', () => {
    const donors = scenario.organisations.filter(
      (o) => o.kind === 'state' || o.kind === 'international_organisation',
    );
    expect(donors.length).toBeGreaterThanOrEqual(28);
    expect(donors.length).toBeLessThanOrEqual(35);
    for (const state of donors.filter((o) => o.kind === 'state'))
      expect(state.country_code).toMatch(/^[A-Z]{2}$/);
    expect(scenario.organisations.find((o) => o.name === 'European Union')?.kind).toBe(
      'international_organisation',
    );
    const mod = scenario.organisations.find((o) => o.name === 'Ministry of Defence of Ukraine');
    expect(mod).toMatchObject({ kind: 'ministry', country_code: 'UA' });
    expect(scenario.organisations.filter((o) => o.kind === 'recipient_agency').length).toBeGreaterThanOrEqual(
      3,
    );
    expect(new Set(scenario.organisations.map((o) => o.name.toLowerCase())).size).toBe(
      scenario.organisations.length,
    );
    const ids = new Set(scenario.organisations.map((o) => o.id));
    for (const org of scenario.organisations) if (org.parent_id) expect(ids.has(org.parent_id)).toBe(true);
  });

  it('has at least 40 valid items covering every required category, with estimated prices', () => {
    expect(scenario.items.length).toBeGreaterThanOrEqual(40);
    const categories = new Set(scenario.items.map((i) => i.category));
    for (const category of [
      'military/air-defence',
      'military/ammunition',
      'non-lethal/fuel',
      'non-lethal/medical',
      'non-lethal/winter',
      'non-lethal/protection',
      'energy/generator',
      'energy/transformer',
      'energy/grid',
    ]) {
      expect(categories).toContain(category);
    }
    expect(new Set(scenario.items.map((i) => i.code)).size).toBe(scenario.items.length);
    for (const item of scenario.items) {
      expect(item.code).toMatch(ITEM_CODE);
      expect(item.category).toMatch(CATEGORY);
      expect(item.reference_price_amount).toMatch(/^\d+\.\d{2}$/);
      expect(item.reference_price_currency).toBe('EUR');
      expect(item.description).toMatch(/synthetic estimate/);
    }
  });

  it('includes the Bucharest ministerial and the Paris conference', () => {
    expect(
      scenario.events.find(
        (e) => e.starts_on === '2022-11-29' && e.kind === 'ministerial' && /Bucharest/.test(e.name),
      ),
    ).toMatchObject({ ends_on: '2022-11-30', classification: 'public' });
    expect(
      scenario.events.find((e) => e.starts_on === '2022-12-13' && e.kind === 'conference')?.name,
    ).toMatch(/Standing with the Ukrainian people/);
    for (const event of scenario.events) expect(event.ends_on >= event.starts_on).toBe(true);
  });

  it('generates about 1,500 needs and 2,500 pledges, all marked synthetic', () => {
    expect(scenario.needs.length).toBeGreaterThanOrEqual(1400);
    expect(scenario.needs.length).toBeLessThanOrEqual(1600);
    expect(scenario.pledges.length).toBeGreaterThanOrEqual(2300);
    expect(scenario.pledges.length).toBeLessThanOrEqual(2700);
    for (const need of scenario.needs) {
      expect(need.synthetic).toBe(true);
      expect(need.justification).toMatch(/synthetic demo data/i);
    }
    for (const pledge of scenario.pledges) {
      expect(pledge.synthetic).toBe(true);
      expect(pledge.conditions).toMatch(/synthetic demo data/i);
    }
  });

  it('gives every record an actor, and owned records an owner that exists', () => {
    const orgIds = new Set(scenario.organisations.map((o) => o.id));
    const rows = [
      ...scenario.organisations,
      ...scenario.regions,
      ...scenario.items,
      ...scenario.events,
      ...scenario.needs,
      ...scenario.pledges,
      ...scenario.sources,
    ];
    for (const row of rows) expect(row).toMatchObject({ created_by: 'demo', updated_by: 'demo' });
    for (const row of [...scenario.events, ...scenario.needs, ...scenario.pledges, ...scenario.sources]) {
      expect(orgIds.has(row.owner_org_id as string)).toBe(true);
    }
    for (const need of scenario.needs) expect(need.owner_org_id).toBe(need.recipient_org_id);
    for (const pledge of scenario.pledges) expect(pledge.owner_org_id).toBe(pledge.donor_org_id);
  });

  it('uses unique, valid UUIDs as ids and refers only to records it contains', () => {
    const all = [
      ...scenario.organisations,
      ...scenario.regions,
      ...scenario.items,
      ...scenario.events,
      ...scenario.needs,
      ...scenario.pledges,
      ...scenario.sources,
    ].map((row) => row.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(UUID);
    const ids = new Set(all);
    for (const need of scenario.needs) {
      for (const ref of [need.recipient_org_id, need.region_id, need.item_id])
        expect(ids.has(ref)).toBe(true);
    }
    for (const pledge of scenario.pledges) {
      for (const ref of [
        pledge.donor_org_id,
        pledge.item_id,
        pledge.need_id,
        pledge.event_id,
        pledge.recipient_org_id,
      ]) {
        if (ref !== null) expect(ids.has(ref)).toBe(true);
      }
    }
    for (const link of scenario.source_links) expect(ids.has(link.entity_id)).toBe(true);
  });

  it('keeps quantities positive with at most 3 decimals, and dates valid', () => {
    for (const row of [...scenario.needs, ...scenario.pledges]) {
      expect(row.quantity).toBeGreaterThan(0);
      expect(hasAtMostThreeDecimals(row.quantity)).toBe(true);
    }
    for (const need of scenario.needs) {
      expect(need.needed_by).toMatch(ISO_DATE);
      expect(need.needed_by >= '2022-10-01' && need.needed_by <= '2023-04-30').toBe(true);
    }
  });

  it('never makes a pledge available before it was announced', () => {
    for (const pledge of scenario.pledges) {
      expect(pledge.announced_on).toMatch(ISO_DATE);
      if (pledge.available_from !== null) expect(pledge.available_from >= pledge.announced_on).toBe(true);
    }
  });

  it('announces pledges made at an event on a day of that event', () => {
    const events = new Map(scenario.events.map((e) => [e.id, e]));
    const atEvents = scenario.pledges.filter((p) => p.event_id !== null);
    expect(atEvents.length).toBeGreaterThan(scenario.pledges.length / 3);
    for (const pledge of atEvents) {
      const event = events.get(pledge.event_id as string);
      expect(
        pledge.announced_on >= (event?.starts_on ?? '') && pledge.announced_on <= (event?.ends_on ?? ''),
      ).toBe(true);
    }
  });

  it('writes money as decimal strings with a currency, or not at all', () => {
    const currencies = new Map<string, number>();
    for (const pledge of scenario.pledges) {
      expect(pledge.value_amount === null).toBe(pledge.value_currency === null);
      if (pledge.value_amount !== null) {
        expect(pledge.value_amount).toMatch(MONEY);
        expect(pledge.value_currency).toMatch(/^[A-Z]{3}$/);
        currencies.set(
          pledge.value_currency as string,
          (currencies.get(pledge.value_currency as string) ?? 0) + 1,
        );
      }
    }
    const eur = currencies.get('EUR') ?? 0;
    for (const [currency, count] of currencies) if (currency !== 'EUR') expect(count).toBeLessThan(eur);
    expect(scenario.pledges.some((p) => p.value_amount === null)).toBe(true);
  });

  it('links some pledges to needs of the same item, leaving needs uncovered and over-covered', () => {
    const needs = new Map(scenario.needs.map((n) => [n.id, n]));
    const covered = new Map<string, number>();
    const linked = scenario.pledges.filter((p) => p.need_id !== null);
    for (const pledge of linked) {
      const need = needs.get(pledge.need_id as string);
      expect(need?.item_id).toBe(pledge.item_id);
      covered.set(pledge.need_id as string, (covered.get(pledge.need_id as string) ?? 0) + pledge.quantity);
    }
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.length).toBeLessThan(scenario.pledges.length);
    const over = scenario.needs.filter((n) => (covered.get(n.id) ?? 0) > n.quantity).length;
    const within = scenario.needs.filter((n) => {
      const total = covered.get(n.id) ?? 0;
      return total > 0 && total <= n.quantity;
    }).length;
    const uncovered = scenario.needs.filter((n) => !covered.has(n.id)).length;
    expect(over).toBeGreaterThan(0);
    expect(uncovered).toBeGreaterThan(0);
    expect(within).toBeGreaterThan(over);
  });

  it('uses every priority and the pledge statuses of a live coalition', () => {
    expect(new Set(scenario.needs.map((n) => n.priority))).toEqual(
      new Set(['critical', 'high', 'medium', 'low']),
    );
    const statuses = new Map<string, number>();
    for (const pledge of scenario.pledges)
      statuses.set(pledge.status, (statuses.get(pledge.status) ?? 0) + 1);
    const count = (status: string) => statuses.get(status) ?? 0;
    expect(count('announced') + count('committed')).toBeGreaterThan(scenario.pledges.length * 0.8);
    expect(count('delivered')).toBeGreaterThan(0);
    expect(count('cancelled')).toBeGreaterThan(0);
  });

  it('classifies catalogue and events as public and most needs and pledges as coalition', () => {
    for (const row of [...scenario.regions, ...scenario.items, ...scenario.events, ...scenario.sources]) {
      expect(row.classification).toBe('public');
    }
    for (const rows of [scenario.needs, scenario.pledges]) {
      const coalition = rows.filter((r) => r.classification === 'coalition').length;
      expect(coalition).toBeGreaterThan(rows.length / 2);
      expect(new Set(rows.map((r) => r.classification))).toEqual(
        new Set(['public', 'coalition', 'restricted']),
      );
    }
  });

  it('cites its public sources, among them Ukrstat for every region', () => {
    expect(scenario.sources.length).toBeGreaterThanOrEqual(1);
    for (const source of scenario.sources) expect(['primary', 'secondary']).toContain(source.kind);
    const ukrstat = scenario.sources.find((s) => /Ukrstat/.test(s.publisher));
    const regionLinks = scenario.source_links.filter(
      (l) => l.source_id === ukrstat?.id && l.entity_type === 'region',
    );
    expect(regionLinks).toHaveLength(25);
    const keys = scenario.source_links.map((l) => `${l.source_id}/${l.entity_type}/${l.entity_id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
