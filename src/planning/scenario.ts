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

export const ScenarioOutageSchema = Type.Object(
  {
    country_code: Type.Optional(
      Type.String({
        pattern: '^[A-Z]{2}$',
        description: "A country whose inputs stop (its suppliers' share of every material)",
      }),
    ),
    plant: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'A plant (production_line.plant) that stops',
      }),
    ),
    production_line_id: Type.Optional(Id('A production line that stops')),
    from_week: Type.Optional(Week('First week (from the plan start) of the outage; default 0')),
    until_week: Type.Optional(Week('Last week of the outage; default: to the end of the plan')),
  },
  {
    additionalProperties: false,
    description:
      "An outage from the capacity model: a country's input or a plant stops, and the forecast production lots it would have made are removed",
  },
);
export type ScenarioOutage = Static<typeof ScenarioOutageSchema>;

/**
 * What an outage does to one production line, as the capacity model computes it (the database side
 * resolves a country's inputs or a plant into these): the share of the line's output lost from
 * `from_week` to `until_week` (inclusive; null: to the end).
 */
export interface OutageEffect {
  /** Index of the outage in scenario.outages. */
  readonly outage: number;
  readonly production_line_id: string;
  /** Share of the line's output lost, in (0, 1]; 1 for a plant that stops. */
  readonly share: number;
  readonly from_week: number;
  readonly until_week: number | null;
}

/** Forecast output removed by outages, per lot key: what a plan (and its export) no longer counts on. */
export interface OutageRemoval {
  readonly key: string;
  readonly production_line_id: string;
  readonly before: number;
  readonly after: number;
}

/**
 * Removes from forecast lots what the outages take away (whole units, as forecast output is): each
 * lot of an affected line in the outage's weeks keeps floor(q × Π(1 − share)). Pure.
 */
export function applyOutages(
  lots: readonly InputLot[],
  effects: readonly OutageEffect[],
): { lots: InputLot[]; removed: OutageRemoval[] } {
  const byLine = new Map<string, OutageEffect[]>();
  for (const e of effects) {
    if (!(e.share > 0 && e.share <= 1)) throw new RangeError(`outage share ${e.share} is outside (0, 1]`);
    const list = byLine.get(e.production_line_id) ?? [];
    list.push(e);
    byLine.set(e.production_line_id, list);
  }
  const removed: OutageRemoval[] = [];
  const out = lots.map((lot) => {
    if (lot.kind !== 'forecast' || lot.production_line_id === null) return lot;
    const list = byLine.get(lot.production_line_id);
    if (!list) return lot;
    let kept = 1;
    for (const e of list) {
      if (lot.week >= e.from_week && (e.until_week === null || lot.week <= e.until_week)) kept *= 1 - e.share;
    }
    if (kept === 1) return lot;
    const after = Math.floor(lot.quantity * kept + 1e-9);
    removed.push({ key: lot.key, production_line_id: lot.production_line_id, before: lot.quantity, after });
    return { ...lot, quantity: after };
  });
  return { lots: out, removed };
}

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
    outages: Type.Optional(
      Type.Array(ScenarioOutageSchema, {
        maxItems: 1000,
        description: "Outages of a country's input or of a plant (from the capacity model)",
      }),
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

/**
 * Applies a scenario to a plan input; unknown references are one 422 listing all of them. Outages
 * come resolved by the capacity model (`outageEffects`, see {@link OutageEffect}); a scenario with
 * outages and no effects is refused, since this pure function cannot read the capacity model.
 */
export function applyScenario(
  input: PlanInput,
  scenario: Scenario,
  outageEffects?: readonly OutageEffect[],
): PlanInput {
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

  const outages = scenario.outages ?? [];
  outages.forEach((outage, i) => {
    const named = [outage.country_code, outage.plant, outage.production_line_id].filter(
      (v) => v !== undefined,
    );
    if (named.length !== 1) {
      problems.push({
        field: `outages/${i}`,
        message: 'name exactly one of country_code, plant, production_line_id',
      });
    }
    if (
      outage.from_week !== undefined &&
      outage.until_week !== undefined &&
      outage.until_week < outage.from_week
    ) {
      problems.push({ field: `outages/${i}/until_week`, message: 'must not be before from_week' });
    }
  });
  if (outages.length > 0) {
    if (outageEffects === undefined) {
      problems.push({ field: 'outages', message: 'outages need the capacity model to be resolved first' });
    } else {
      const bad = outageEffects.find((e) => !(e.outage >= 0 && e.outage < outages.length));
      if (bad) throw new RangeError(`outage effect names outage ${bad.outage} of ${outages.length}`);
      lots = applyOutages(lots, outageEffects).lots;
    }
  }

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
