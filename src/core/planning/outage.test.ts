import { describe, expect, it } from 'vitest';
import { applyScenario } from '../../planning/scenario.js';
import { resolveOutages } from './outage.js';
import type { OutageData } from './snapshot.service.js';

const data: OutageData = {
  lines: [
    { id: 'line-a', item_id: 'shell', plant: 'Alpha' },
    { id: 'line-b', item_id: 'shell', plant: 'Beta' },
    { id: 'line-c', item_id: 'fuel', plant: null },
  ],
  materials: [
    {
      id: 'm-nc',
      code: 'NC',
      name: 'nitrocellulose',
      suppliers: [
        { name: 'X', plant: 'Gamma', country_code: 'CN', share: 0.6 },
        { name: 'Y', plant: null, country_code: 'DE', share: 0.4 },
      ],
    },
  ],
  edges: [{ item_id: 'shell', parent_material_id: null, material_id: 'm-nc', quantity_per_unit: 1 }],
};

describe('outages as plan scenarios', () => {
  it('stop a plant entirely, and a country its share of each line whose inputs it supplies', () => {
    expect(resolveOutages([{ plant: 'alpha', from_week: 2 }], data)).toEqual([
      { outage: 0, production_line_id: 'line-a', share: 1, from_week: 2, until_week: null },
    ]);
    expect(resolveOutages([{ country_code: 'CN', until_week: 8 }], data)).toEqual([
      { outage: 0, production_line_id: 'line-a', share: 0.6, from_week: 0, until_week: 8 },
      { outage: 0, production_line_id: 'line-b', share: 0.6, from_week: 0, until_week: 8 },
    ]);
    // A supplier plant of an input: the lines whose item needs it lose that supplier's share.
    expect(resolveOutages([{ plant: 'Gamma' }], data).map((e) => [e.production_line_id, e.share])).toEqual([
      ['line-a', 0.6],
      ['line-b', 0.6],
    ]);
  });

  it('remove the forecast lots the stopped output would have made', () => {
    const lot = (line: string, week: number) => ({
      key: `forecast:${line}:${week}`,
      kind: 'forecast' as const,
      pledge_id: null,
      production_line_id: line,
      donor_org_id: null,
      manufacturer_org_id: null,
      item_id: 'shell',
      quantity: 100,
      week,
      hub_id: null,
    });
    const input = {
      start_week: '2023-W01',
      items: [{ id: 'shell', code: 'SHELL' }],
      regions: [],
      hubs: [],
      lead_times: [],
      bundles: [],
      lots: [lot('line-a', 0), lot('line-a', 4), lot('line-b', 4)],
      needs: [],
    };
    const scenario = { outages: [{ plant: 'Alpha', from_week: 3 }] };
    const edited = applyScenario(input, scenario, resolveOutages(scenario.outages, data));
    // The lot of week 4 at the stopped plant is gone; week 0 (before the outage) and the other plant stay.
    expect(edited.lots.filter((l) => l.quantity > 0).map((l) => [l.key, l.quantity])).toEqual([
      ['forecast:line-a:0', 100],
      ['forecast:line-b:4', 100],
    ]);
  });
});
