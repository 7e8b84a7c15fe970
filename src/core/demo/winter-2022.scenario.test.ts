import { describe, expect, it } from 'vitest';
import { isoWeekOf } from '../reports/iso-week.js';
import { UKRAINE_POPULATION_2021 } from './catalogue.js';
import { HUBS } from './lifecycle.js';
import { createRandom, uuidV7 } from './random.js';
import { buildWinterScenario, DEFAULT_DEMO_SEED, DEMO_AS_OF } from './winter-2022.scenario.js';

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
    for (const rows of [scenario.allocations, scenario.shipments, scenario.receipts] as readonly (readonly {
      synthetic: boolean;
    }[])[]) {
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.synthetic).toBe(true);
    }
    for (const receipt of scenario.receipts) expect(receipt.note).toMatch(/synthetic demo data/i);
    for (const transition of scenario.pledge_transitions)
      expect(transition.note).toMatch(/synthetic demo data/i);
    for (const shipment of scenario.shipments) expect(shipment.reference).toMatch(/^SYN-\d{8}-\d{4}$/);
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
      ...scenario.allocations,
      ...scenario.shipments,
      ...scenario.receipts,
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
      ...scenario.allocations,
      ...scenario.shipments,
      ...scenario.shipment_lines,
      ...scenario.receipts,
      ...scenario.receipt_lines,
      ...scenario.pledge_transitions,
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
    const refs = [
      ...scenario.allocations.flatMap((a) => [a.pledge_id, a.need_id, a.owner_org_id]),
      ...scenario.shipments.flatMap((s) => [s.destination_region_id, s.owner_org_id]),
      ...scenario.shipment_lines.flatMap((l) => [
        l.shipment_id,
        l.allocation_id,
        l.pledge_id,
        l.need_id,
        l.item_id,
      ]),
      ...scenario.receipts.flatMap((r) => [r.shipment_id, r.received_by_org_id, r.owner_org_id]),
      ...scenario.receipt_lines.flatMap((r) => [r.receipt_id, r.shipment_line_id]),
      ...scenario.pledge_transitions.map((t) => t.pledge_id),
    ];
    for (const ref of refs) expect(ids.has(ref as string)).toBe(true);
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
    for (const status of [
      'announced',
      'committed',
      'allocated',
      'shipped',
      'delivered',
      'in_service',
      'cancelled',
      'expired',
    ]) {
      expect(count(status), status).toBeGreaterThan(0);
    }
    // Most promises are still waiting or on their way; a few are withdrawn.
    expect(count('cancelled') + count('expired')).toBeLessThan(scenario.pledges.length * 0.1);
    expect(count('announced')).toBeGreaterThan(scenario.pledges.length * 0.15);
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

describe('the lifecycle of the demo pledges', () => {
  const pledges = new Map(scenario.pledges.map((p) => [p.id, p]));
  const needs = new Map(scenario.needs.map((n) => [n.id, n]));
  const allocations = new Map(scenario.allocations.map((a) => [a.id, a]));
  const shipments = new Map(scenario.shipments.map((s) => [s.id, s]));
  const lines = new Map(scenario.shipment_lines.map((l) => [l.id, l]));
  const receipts = new Map(scenario.receipts.map((r) => [r.id, r]));

  function sumBy<T>(rows: readonly T[], key: (row: T) => string | null, value: (row: T) => number) {
    const sums = new Map<string, number>();
    for (const row of rows) {
      const k = key(row);
      if (k !== null) sums.set(k, (sums.get(k) ?? 0) + value(row));
    }
    return sums;
  }
  const dispatched = (shipmentId: string) => shipments.get(shipmentId)?.dispatched_on != null;

  it('keeps every pledge within its bounds: in service ≤ delivered ≤ shipped ≤ allocated ≤ committed ≤ quantity', () => {
    for (const p of scenario.pledges) {
      const chain = [
        0,
        p.in_service_quantity,
        p.delivered_quantity,
        p.shipped_quantity,
        p.allocated_quantity,
        p.committed_quantity,
        p.quantity,
      ];
      for (let i = 1; i < chain.length; i++) expect(chain[i - 1]).toBeLessThanOrEqual(chain[i] as number);
    }
  });

  it('gives each pledge its furthest stage as status; cancelled and expired ones have nothing', () => {
    for (const p of scenario.pledges) {
      if (p.status === 'cancelled' || p.status === 'expired') {
        expect([p.committed_quantity, p.allocated_quantity]).toEqual([0, 0]);
        continue;
      }
      const furthest =
        p.in_service_quantity > 0
          ? 'in_service'
          : p.delivered_quantity > 0
            ? 'delivered'
            : p.shipped_quantity > 0
              ? 'shipped'
              : p.allocated_quantity > 0
                ? 'allocated'
                : p.committed_quantity > 0
                  ? 'committed'
                  : 'announced';
      expect(p.status).toBe(furthest);
    }
  });

  it('allocates accepted quantities to needs of the same item, within the pledge and the need', () => {
    for (const a of scenario.allocations) {
      const pledge = pledges.get(a.pledge_id);
      const need = needs.get(a.need_id);
      expect(pledge?.item_id).toBe(need?.item_id);
      expect(a.status).toBe('accepted');
      expect(need?.status).not.toBe('cancelled');
      expect(0 <= a.delivered_quantity && a.delivered_quantity <= a.shipped_quantity).toBe(true);
      expect(a.shipped_quantity).toBeLessThanOrEqual(a.quantity);
      expect(a.week).toBe(isoWeekOf(pledge?.available_from ?? pledge?.announced_on ?? ''));
    }
    const byPledge = sumBy(
      scenario.allocations,
      (a) => a.pledge_id,
      (a) => a.quantity,
    );
    for (const p of scenario.pledges) expect(p.allocated_quantity).toBe(byPledge.get(p.id) ?? 0);
    const byNeed = sumBy(
      scenario.allocations,
      (a) => a.need_id,
      (a) => a.quantity,
    );
    const metByNeed = sumBy(
      scenario.allocations,
      (a) => a.need_id,
      (a) => a.delivered_quantity,
    );
    for (const n of scenario.needs) {
      expect(n.allocated_quantity).toBe(byNeed.get(n.id) ?? 0);
      expect(n.met_quantity).toBe(metByNeed.get(n.id) ?? 0);
      expect(0 <= n.met_quantity && n.met_quantity <= n.allocated_quantity).toBe(true);
      expect(n.allocated_quantity).toBeLessThanOrEqual(n.quantity);
      if (n.status !== 'cancelled') {
        const expected = n.met_quantity >= n.quantity ? 'met' : n.met_quantity > 0 ? 'partially_met' : 'open';
        expect(n.status).toBe(expected);
      }
    }
    // Pledges made against a need go there first.
    const own = scenario.allocations.filter((a) => pledges.get(a.pledge_id)?.need_id === a.need_id).length;
    expect(own).toBeGreaterThan(scenario.allocations.length / 3);
  });

  it('ships what was allocated and counts as shipped only what has left', () => {
    for (const line of scenario.shipment_lines) {
      const allocation = allocations.get(line.allocation_id);
      const shipment = shipments.get(line.shipment_id);
      expect(allocation).toBeDefined();
      expect([line.pledge_id, line.need_id]).toEqual([allocation?.pledge_id, allocation?.need_id]);
      expect(line.item_id).toBe(pledges.get(line.pledge_id)?.item_id);
      expect(shipment?.destination_region_id).toBe(needs.get(line.need_id)?.region_id);
      expect(0 <= line.received_quantity && line.received_quantity <= line.quantity).toBe(true);
    }
    const shipped = sumBy(
      scenario.shipment_lines,
      (l) => (dispatched(l.shipment_id) ? l.allocation_id : null),
      (l) => l.quantity,
    );
    for (const a of scenario.allocations) expect(a.shipped_quantity).toBe(shipped.get(a.id) ?? 0);
    const pledgeShipped = sumBy(
      scenario.allocations,
      (a) => a.pledge_id,
      (a) => a.shipped_quantity,
    );
    for (const p of scenario.pledges) expect(p.shipped_quantity).toBe(pledgeShipped.get(p.id) ?? 0);
    // Shipments still being prepared carry lines that have not left.
    const preparing = scenario.shipments.filter((s) => s.status === 'preparing');
    for (const s of preparing) expect(s.dispatched_on).toBeNull();
  });

  it('adds receipts up to what was delivered, line by line, allocation by allocation, pledge by pledge', () => {
    const received = sumBy(
      scenario.receipt_lines,
      (r) => r.shipment_line_id,
      (r) => r.quantity,
    );
    for (const line of scenario.shipment_lines)
      expect(line.received_quantity).toBe(received.get(line.id) ?? 0);
    const delivered = sumBy(
      scenario.shipment_lines,
      (l) => l.allocation_id,
      (l) => l.received_quantity,
    );
    for (const a of scenario.allocations) expect(a.delivered_quantity).toBe(delivered.get(a.id) ?? 0);
    const pledgeDelivered = sumBy(
      scenario.allocations,
      (a) => a.pledge_id,
      (a) => a.delivered_quantity,
    );
    for (const p of scenario.pledges) expect(p.delivered_quantity).toBe(pledgeDelivered.get(p.id) ?? 0);
    const total = scenario.receipt_lines.reduce((sum, r) => sum + r.quantity, 0);
    expect(total).toBe(scenario.pledges.reduce((sum, p) => sum + p.delivered_quantity, 0));
    expect(total).toBe(scenario.needs.reduce((sum, n) => sum + n.met_quantity, 0));
    for (const r of scenario.receipt_lines) {
      const line = lines.get(r.shipment_line_id);
      const receipt = receipts.get(r.receipt_id);
      expect(receipt?.shipment_id).toBe(line?.shipment_id);
      expect(receipt?.received_by_org_id).toBe(needs.get(line?.need_id ?? '')?.recipient_org_id);
    }
  });

  it('keeps the dates in order and nothing after the day the demo stands on', () => {
    for (const s of scenario.shipments) {
      if (s.dispatched_on !== null) {
        expect(s.dispatched_on <= DEMO_AS_OF).toBe(true);
        expect((s.eta ?? '') >= s.dispatched_on).toBe(true);
      }
      expect(Object.values(HUBS)).toContain(s.origin_hub);
    }
    for (const line of scenario.shipment_lines) {
      const shipment = shipments.get(line.shipment_id);
      const decided = allocations.get(line.allocation_id)?.decided_at?.slice(0, 10) ?? '';
      if (shipment?.dispatched_on) expect(shipment.dispatched_on >= decided).toBe(true);
    }
    for (const r of scenario.receipts) {
      const shipment = shipments.get(r.shipment_id);
      expect(shipment?.dispatched_on).not.toBeNull();
      expect(r.received_on >= (shipment?.dispatched_on ?? '')).toBe(true);
      expect(r.received_on <= DEMO_AS_OF).toBe(true);
    }
    for (const t of scenario.pledge_transitions) expect(t.at.slice(0, 10) <= DEMO_AS_OF).toBe(true);
  });

  it('keeps a history from which every pledge’s stages and status follow', () => {
    const stageOf = {
      commit: 'committed_quantity',
      allocate: 'allocated_quantity',
      ship: 'shipped_quantity',
      deliver: 'delivered_quantity',
      put_in_service: 'in_service_quantity',
    } as const;
    const replayed = new Map<string, { status: string; stages: Record<string, number> }>();
    const ordered = [...scenario.pledge_transitions].sort(
      (a, b) => a.pledge_id.localeCompare(b.pledge_id) || a.at.localeCompare(b.at),
    );
    for (const t of ordered) {
      const state = replayed.get(t.pledge_id) ?? { status: 'announced', stages: {} };
      expect(t.from_status).toBe(state.status);
      expect(t.quantity).toBeGreaterThan(0);
      if (t.action in stageOf) {
        const column = stageOf[t.action as keyof typeof stageOf];
        state.stages[column] = (state.stages[column] ?? 0) + t.quantity;
      }
      state.status = t.to_status;
      replayed.set(t.pledge_id, state);
    }
    for (const p of scenario.pledges) {
      const state = replayed.get(p.id) ?? { status: 'announced', stages: {} };
      expect(state.status).toBe(p.status);
      for (const column of Object.values(stageOf)) expect(state.stages[column] ?? 0).toBe(p[column]);
    }
  });

  it('shows promises at every stage: fully delivered, many partial, short and damaged, cancelled', () => {
    const full = scenario.pledges.filter((p) => p.delivered_quantity === p.quantity).length;
    const partial = scenario.pledges.filter(
      (p) => p.delivered_quantity > 0 && p.delivered_quantity < p.quantity,
    ).length;
    expect(full).toBeGreaterThan(100);
    expect(partial).toBeGreaterThan(full);
    const reasons = new Set(scenario.receipt_lines.map((r) => r.discrepancy_reason));
    expect(reasons).toEqual(new Set([null, 'damaged', 'short']));
    const withReason = scenario.receipt_lines.filter((r) => r.discrepancy_reason !== null).length;
    expect(withReason).toBeLessThan(scenario.receipt_lines.length * 0.2);
    expect(new Set(scenario.shipments.map((s) => s.status))).toEqual(
      new Set(['preparing', 'in_transit', 'arrived', 'received']),
    );
    expect(new Set(scenario.shipments.map((s) => s.origin_hub))).toEqual(new Set(Object.values(HUBS)));
    expect(scenario.shipment_lines.length).toBeGreaterThan(scenario.shipments.length);
    // A second receipt completes some consignments.
    expect(scenario.receipts.length).toBeGreaterThan(
      new Set(scenario.receipts.map((r) => r.shipment_id)).size,
    );
  });

  it('leaves most donors with more committed than delivered', () => {
    const committed = sumBy(
      scenario.pledges,
      (p) => p.donor_org_id,
      (p) => p.committed_quantity,
    );
    const delivered = sumBy(
      scenario.pledges,
      (p) => p.donor_org_id,
      (p) => p.delivered_quantity,
    );
    const behind = [...committed].filter(([donor, c]) => c > (delivered.get(donor) ?? 0)).length;
    expect(behind).toBeGreaterThan(committed.size / 2);
  });
});
