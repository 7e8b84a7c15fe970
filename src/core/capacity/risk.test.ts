import { describe, expect, it } from 'vitest';
import { capacityIn, lineDeliveries } from './forecast.js';
import { fromMilli, monthsFrom } from './months.js';
import {
  exposureOf,
  findCycle,
  hhiOf,
  type InputEdge,
  itemAvailability,
  itemGraph,
  type MaterialNode,
  singlePointsOf,
} from './risk.js';

const supplier = (country_code: string, share: number, plant: string | null = null) => ({
  name: `${country_code} supplier`,
  plant,
  country_code,
  share,
});

describe('hhiOf', () => {
  it('sums squared country shares × 10,000', () => {
    expect(hhiOf([supplier('CN', 0.7), supplier('DE', 0.2), supplier('US', 0.1)])).toBe(5_400);
  });
  it('adds up the suppliers of one country first', () => {
    expect(hhiOf([supplier('CN', 0.4), supplier('CN', 0.3), supplier('FR', 0.3)])).toBe(5_800);
  });
  it('is 10,000 for a single supplier', () => {
    expect(hhiOf([supplier('CA', 1)])).toBe(10_000);
  });
});

describe('findCycle', () => {
  it('names the path of a cycle', () => {
    const edge = (parent: string, material: string): InputEdge => ({
      item_id: null,
      parent_material_id: parent,
      material_id: material,
      quantity_per_unit: 1,
    });
    expect(findCycle([edge('a', 'b'), edge('b', 'c'), edge('c', 'a')])).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle([edge('a', 'b'), edge('b', 'c'), edge('a', 'c')])).toBeNull();
  });
});

// Item X needs 1 charge (CA, single plant) and 2 kg of filler (CN 0.5, DE 0.5); the charge needs
// 3 kg of linters (CN 0.8, US 0.2).
const materials: MaterialNode[] = [
  { id: 'm1', code: 'CHARGE', name: 'Charge', suppliers: [supplier('CA', 1, 'Valleyfield')] },
  { id: 'm2', code: 'LINTERS', name: 'Linters', suppliers: [supplier('CN', 0.8), supplier('US', 0.2)] },
  { id: 'm3', code: 'FILLER', name: 'Filler', suppliers: [supplier('CN', 0.5), supplier('DE', 0.5)] },
];
const edges: InputEdge[] = [
  { item_id: 'x', parent_material_id: null, material_id: 'm1', quantity_per_unit: 1 },
  { item_id: 'x', parent_material_id: null, material_id: 'm3', quantity_per_unit: 2 },
  { item_id: null, parent_material_id: 'm1', material_id: 'm2', quantity_per_unit: 3 },
];

describe('the input graph of an item', () => {
  it('walks down to every material with its quantity per item unit', () => {
    const graph = itemGraph('x', materials, edges);
    expect(
      graph.map((n) => [n.material.code, n.depth, n.path.join('>'), fromMilli(n.per_item_unit)]),
    ).toEqual([
      ['CHARGE', 1, 'CHARGE', 1],
      ['LINTERS', 2, 'CHARGE>LINTERS', 3],
      ['FILLER', 1, 'FILLER', 2],
    ]);
  });

  it('exposes the item to a country by the largest share it supplies of any input', () => {
    const exposure = exposureOf(itemGraph('x', materials, edges));
    expect([...exposure].map(([c, e]) => [c, fromMilli(e.share), e.via])).toEqual([
      ['CA', 1, 'CHARGE'],
      ['CN', 0.8, 'LINTERS'],
      ['DE', 0.5, 'FILLER'],
      ['US', 0.2, 'LINTERS'],
    ]);
  });

  it('names single suppliers and concentrated countries', () => {
    const points = singlePointsOf(itemGraph('x', materials, edges), 700n);
    expect(points.map((p) => [p.material_code, p.kind, p.country_code])).toEqual([
      ['CHARGE', 'single_supplier', 'CA'],
      ['CHARGE', 'concentrated_country', 'CA'],
      ['LINTERS', 'concentrated_country', 'CN'],
    ]);
  });
});

describe('outage propagation through two levels', () => {
  const line = {
    id: 'line',
    capacity_schedule: [{ from: '2023-01', per_month: 1_000 }],
    lead_time_months: 0,
    backlog: 0,
    coalition_share: 1,
  };

  it('limits the item to what the scarcest input allows', () => {
    // Linters drop to 20 % → the charge to 20 % → the item to 20 %; filler alone would allow 50 %.
    expect(itemAvailability('x', materials, edges, { country_code: 'CN', material_code: 'LINTERS' })).toBe(
      200n,
    );
    expect(itemAvailability('x', materials, edges, { country_code: 'CN', material_code: 'FILLER' })).toBe(
      500n,
    );
    expect(itemAvailability('x', materials, edges, { country_code: 'CN' })).toBe(200n);
    expect(itemAvailability('x', materials, edges, { plant: 'valleyfield' })).toBe(0n);
    expect(itemAvailability('x', materials, edges, { country_code: 'FR' })).toBe(1000n);
  });

  it('loses 800 of a 1,000 a month line from the month the outage starts', () => {
    const available = itemAvailability('x', materials, edges, {
      country_code: 'CN',
      material_code: 'LINTERS',
    });
    const months = monthsFrom('2023-01', 4);
    const during = lineDeliveries(
      { ...line, availability: (m) => (m >= '2023-03' ? available : 1000n) },
      months,
    );
    const lost = lineDeliveries(line, months).map((full, i) => fromMilli(full - (during[i] ?? 0n)));
    expect(lost).toEqual([0, 0, 800, 800]);
    expect(fromMilli(capacityIn(line.capacity_schedule, '2023-03'))).toBe(1_000);
  });
});
