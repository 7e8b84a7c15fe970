/**
 * What-if scenarios: edits of a PlanInput that never touch live data. A scenario is JSON (a file
 * for the CLI, a body for the API); items, regions and hubs are named by id or catalogue code.
 */
import { type Static, Type } from 'typebox';
import { type FieldProblem, InvalidRecord } from '../core/errors.js';
import type { InputLot, InputNeed, PlanInput, Priority } from './model/snapshot.js';

const Ref = (description: string) =>
  Type.String({ minLength: 1, maxLength: 100, description: `${description}: its id or its code` });
const Id = (description: string) => Type.String({ format: 'uuid', description });
const Qty = (description: string) =>
  Type.Number({ exclusiveMinimum: 0, maximum: 1e12, multipleOf: 0.001, description });
const Week = (description: string) => Type.Integer({ minimum: 0, maximum: 104, description });

export const ScenarioExtraSupplySchema = Type.Object(
  {
    item: Ref('Item of the extra supply'),
    quantity: Qty('Units of extra supply'),
    week: Type.Optional(Week('Week (from the plan start) the supply can leave its hub; default 0')),
    hub: Type.Optional(Ref('Hub it is staged at; default: the default hub')),
  },
  { additionalProperties: false, description: 'Supply that does not exist in the live data' },
);

export const ScenarioRemovedSupplySchema = Type.Object(
  {
    pledge_id: Type.Optional(Id('The pledge whose free quantity is removed')),
    item: Type.Optional(Ref('Item to remove supply of, from its pledges, latest available first')),
    quantity: Type.Optional(Qty('How much to remove; omitted with pledge_id: all of it')),
  },
  {
    additionalProperties: false,
    description: 'Supply taken away: a pledge (all or part of it), or a quantity of an item',
  },
);

export const ScenarioDelaySchema = Type.Object(
  {
    donor_org_id: Id('The donor whose pledges are delayed'),
    weeks: Type.Integer({ minimum: 1, maximum: 104, description: 'Weeks of delay' }),
  },
  { additionalProperties: false, description: "A donor's pledges become available N weeks later" },
);

export const ScenarioExtraNeedSchema = Type.Object(
  {
    item: Ref('Item needed'),
    region: Ref('Region it is needed in'),
    quantity: Qty('Units needed'),
    priority: Type.Union(
      [Type.Literal('critical'), Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')],
      { description: 'Priority of the need' },
    ),
    due_week: Type.Optional(Week('Week (from the plan start) it is due; default 0')),
    recipient_org_id: Type.Optional(Id('Recipient organisation, when known')),
  },
  { additionalProperties: false, description: "A need that is not in the live data, e.g. a new incident's" },
);

export const ScenarioLostOutputSchema = Type.Object(
  {
    production_line_id: Type.Optional(Id('The production line that stops')),
    manufacturer_org_id: Type.Optional(Id('The manufacturer all of whose lines stop')),
  },
  { additionalProperties: false, description: "A supplier's forecast output lost" },
);

export const ScenarioSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A name for people' })),
    extra_supply: Type.Optional(
      Type.Array(ScenarioExtraSupplySchema, { maxItems: 10000, description: 'Supply added' }),
    ),
    removed_supply: Type.Optional(
      Type.Array(ScenarioRemovedSupplySchema, { maxItems: 10000, description: 'Supply removed' }),
    ),
    delayed_donors: Type.Optional(
      Type.Array(ScenarioDelaySchema, { maxItems: 1000, description: "Donors' pledges delayed" }),
    ),
    extra_needs: Type.Optional(
      Type.Array(ScenarioExtraNeedSchema, { maxItems: 10000, description: 'Needs added' }),
    ),
    lost_output: Type.Optional(
      Type.Array(ScenarioLostOutputSchema, { maxItems: 1000, description: 'Forecast production lost' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'A what-if scenario: edits of the plan’s inputs that never touch live data',
  },
);
export type Scenario = Static<typeof ScenarioSchema>;

function resolver(entries: readonly { readonly id: string; readonly code: string }[]) {
  const map = new Map<string, string>();
  for (const e of entries) {
    map.set(e.id, e.id);
    map.set(e.code.toUpperCase(), e.id);
  }
  return (ref: string) => map.get(ref) ?? map.get(ref.toUpperCase());
}

/** Applies a scenario to a plan input; unknown references are one 422 listing all of them. */
export function applyScenario(input: PlanInput, scenario: Scenario): PlanInput {
  const problems: FieldProblem[] = [];
  const item = resolver(input.items);
  const region = resolver(input.regions);
  const hub = resolver(input.hubs);
  const need = <T>(field: string, value: T | undefined, what: string): T | undefined => {
    if (value === undefined) problems.push({ field, message: `no ${what} with that id or code` });
    return value;
  };

  let lots: InputLot[] = [...input.lots];
  let needs: InputNeed[] = [...input.needs];

  (scenario.lost_output ?? []).forEach((lost, i) => {
    if (!lost.production_line_id && !lost.manufacturer_org_id) {
      problems.push({ field: `lost_output/${i}`, message: 'name production_line_id or manufacturer_org_id' });
      return;
    }
    lots = lots.filter(
      (lot) =>
        lot.kind !== 'forecast' ||
        !(
          (lost.production_line_id && lot.production_line_id === lost.production_line_id) ||
          (lost.manufacturer_org_id && lot.manufacturer_org_id === lost.manufacturer_org_id)
        ),
    );
  });

  for (const delay of scenario.delayed_donors ?? []) {
    lots = lots.map((lot) =>
      lot.kind === 'pledge' && lot.donor_org_id === delay.donor_org_id
        ? { ...lot, week: lot.week + delay.weeks }
        : lot,
    );
  }

  (scenario.removed_supply ?? []).forEach((removal, i) => {
    const field = `removed_supply/${i}`;
    if ((removal.pledge_id === undefined) === (removal.item === undefined)) {
      problems.push({ field, message: 'name either pledge_id or item (with quantity)' });
      return;
    }
    if (removal.pledge_id !== undefined) {
      const at = lots.findIndex((lot) => lot.pledge_id === removal.pledge_id);
      if (at < 0) {
        problems.push({
          field: `${field}/pledge_id`,
          message: 'no free committed quantity of that pledge to remove',
        });
        return;
      }
      const lot = lots[at] as InputLot;
      lots[at] = { ...lot, quantity: Math.max(0, lot.quantity - (removal.quantity ?? lot.quantity)) };
      return;
    }
    const itemId = need(`${field}/item`, item(removal.item as string), 'item');
    if (itemId === undefined) return;
    if (removal.quantity === undefined) {
      problems.push({ field: `${field}/quantity`, message: 'say how much of the item to remove' });
      return;
    }
    // Latest available first: what the plan would miss least goes first.
    let left = removal.quantity;
    const order = lots
      .map((lot, at) => ({ lot, at }))
      .filter(({ lot }) => lot.item_id === itemId && lot.kind === 'pledge')
      .sort((a, b) => b.lot.week - a.lot.week || (a.lot.key < b.lot.key ? 1 : -1));
    for (const { lot, at } of order) {
      if (left <= 0) break;
      const taken = Math.min(lot.quantity, left);
      lots[at] = { ...lot, quantity: lot.quantity - taken };
      left -= taken;
    }
  });

  (scenario.extra_supply ?? []).forEach((extra, i) => {
    const field = `extra_supply/${i}`;
    const itemId = need(`${field}/item`, item(extra.item), 'item');
    const hubId = extra.hub === undefined ? null : need(`${field}/hub`, hub(extra.hub), 'hub');
    if (itemId === undefined || hubId === undefined) return;
    lots.push({
      key: `scenario:supply:${String(i).padStart(5, '0')}`,
      kind: 'scenario',
      pledge_id: null,
      production_line_id: null,
      donor_org_id: null,
      manufacturer_org_id: null,
      item_id: itemId,
      quantity: extra.quantity,
      week: extra.week ?? 0,
      hub_id: hubId,
    });
  });

  (scenario.extra_needs ?? []).forEach((extra, i) => {
    const field = `extra_needs/${i}`;
    const itemId = need(`${field}/item`, item(extra.item), 'item');
    const regionId = need(`${field}/region`, region(extra.region), 'region');
    if (itemId === undefined || regionId === undefined) return;
    needs.push({
      key: `scenario:need:${String(i).padStart(5, '0')}`,
      need_id: null,
      item_id: itemId,
      region_id: regionId,
      recipient_org_id: extra.recipient_org_id ?? null,
      priority: extra.priority as Priority,
      quantity: extra.quantity,
      due: extra.due_week ?? 0,
      bundle_lead: null,
    });
  });

  if (problems.length > 0) throw InvalidRecord(problems.map((p) => ({ ...p, field: `scenario/${p.field}` })));
  lots = lots.filter((lot) => lot.quantity > 0);
  needs = needs.filter((n) => n.quantity > 0);
  return { ...input, lots, needs };
}
