import type { Kysely } from 'kysely';
import {
  findItemByCode,
  findItemsById,
  listConsumptionProfiles,
  listEnergyDependencies,
  listInputEdges,
  listItemIdsWithCapacityData,
  listMaterials,
  listOpenNeeds,
  listPledgePipeline,
  listProductionLines,
  sumPledgedByDonorCountry,
  upsertEnergyDependency,
} from '../../db/repositories/capacity.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader } from '../auth/visibility.js';
import { InvalidRecord, NotFound, ProblemList, UnknownReference } from '../errors.js';
import type { Actor } from '../shared/record.service.js';
import { checkText } from '../shared/values.js';
import type {
  EnergyDependencyEntry,
  EnergyDependencySet,
  ForecastQuery,
  ForecastResult,
  OutageRequest,
  OutageResult,
  RiskQuery,
  RiskResult,
} from './analysis.schema.js';
import type { SupplierEntry } from './capacity.schema.js';
import { coverageOf, type RateStep } from './coverage.js';
import {
  type CapacityStep,
  capacityIn,
  type ForecastInput,
  forecastItem,
  type LineInput,
} from './forecast.js';
import {
  addMonths,
  fromMilli,
  isMonth,
  type Month,
  minBig,
  monthIndex,
  monthOfDate,
  monthsFrom,
} from './months.js';
import {
  countryShares,
  type EnergyCarrier,
  type EnergyDependency,
  exposureOf,
  hhiOf,
  type InputEdge,
  itemAvailability,
  itemGraph,
  type MaterialNode,
  type Outage,
  russianEnergyExposure,
  singlePointsOf,
} from './risk.js';

const DEFAULT_MONTHS = 24;
const DEFAULT_THRESHOLD = 0.7;

export const FORECAST_NOTES = [
  'Demand = open needs (quantity less received) by needed_by month + consumption profiles; supply = committed, undelivered pledges by available_from (else announced_on + the shortest lead time of the item’s lines) + coalition share of production after backlog, shifted by lead time.',
  'Only production from the first forecast month on counts; surplus carries over as stock, unmet demand does not carry over.',
  'Cause per month by counterfactual re-runs (no lead time, no backlog, all announced pledges committed; capacity = what is left with all three removed); the largest wins.',
];

type Db = Kysely<Database>;

interface ItemData {
  readonly item: { id: string; code: string; name: string; unit: string };
  readonly input: ForecastInput;
  readonly needs: { id: string; region_id: string; needed_by: string; open: number }[];
  readonly lines: (LineInput & { plant: string | null })[];
  readonly profiles: Awaited<ReturnType<typeof listConsumptionProfiles>>;
}

function currentMonth(now: () => Date): Month {
  return now().toISOString().slice(0, 7);
}

/** The CLI passes months unchecked by the API schema; every bad one is listed at once. */
function checkMonths(months: Record<string, string | undefined>): void {
  const problems = Object.entries(months)
    .filter(([, value]) => value !== undefined && !isMonth(value))
    .map(([field]) => ({ field, message: 'must be a month YYYY-MM' }));
  if (problems.length > 0) throw InvalidRecord(problems);
}

async function loadItem(db: Db, itemId: string, asOf: Month, months: number): Promise<ItemData> {
  const [item] = await findItemsById(db, [itemId], currentReader());
  if (!item) throw NotFound('item', itemId);
  const lineRows = await listProductionLines(db, currentReader(), itemId);
  const lines = lineRows.map((row) => ({
    id: row.id,
    plant: row.plant,
    capacity_schedule: row.capacity_schedule as CapacityStep[],
    lead_time_months: row.lead_time_months,
    backlog: Number(row.backlog),
    coalition_share: Number(row.coalition_share),
  }));
  const pledgeLead = lines.length > 0 ? Math.min(...lines.map((l) => l.lead_time_months)) : 0;
  const needs = (await listOpenNeeds(db, itemId, currentReader())).map((row) => ({
    id: row.id,
    region_id: row.region_id,
    needed_by: row.needed_by,
    open: Number(row.open),
  }));
  const pledges = (await listPledgePipeline(db, itemId, currentReader())).map((row) => ({
    id: row.id,
    committed_open: Number(row.committed_open),
    uncommitted: Number(row.uncommitted),
    due: row.available_from
      ? monthOfDate(row.available_from)
      : addMonths(monthOfDate(row.announced_on), pledgeLead),
  }));
  const profiles = await listConsumptionProfiles(db, itemId, currentReader());
  const consumption = profiles.map((row) => ({
    rate_schedule: row.rate_schedule as RateStep[],
    stock_on_hand: Number(row.stock_on_hand),
    stock_as_of: row.stock_as_of,
  }));
  return { item, needs, lines, profiles, input: { as_of: asOf, months, lines, needs, pledges, consumption } };
}

async function loadGraph(db: Db): Promise<{ materials: MaterialNode[]; edges: InputEdge[] }> {
  const materials = (await listMaterials(db, currentReader())).map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    suppliers: row.suppliers as SupplierEntry[],
    energy_carrier: row.energy_carrier as EnergyCarrier | null,
  }));
  const edges = (await listInputEdges(db, currentReader())).map((row) => ({
    item_id: row.item_id,
    parent_material_id: row.parent_material_id,
    material_id: row.material_id,
    quantity_per_unit: Number(row.quantity_per_unit),
  }));
  return { materials, edges };
}

export type CapacityAnalysisService = ReturnType<typeof createCapacityAnalysisService>;

/** Forecast, risk and outage scenarios over production lines, inputs, consumption, needs and pledges. */
export function createCapacityAnalysisService(deps: { db: Db; now?: () => Date }) {
  const { db, now = () => new Date() } = deps;

  async function forecast(query: ForecastQuery): Promise<ForecastResult> {
    checkMonths({ as_of: query.as_of });
    const asOf = query.as_of ?? currentMonth(now);
    const data = await loadItem(db, query.item_id, asOf, query.months ?? DEFAULT_MONTHS);
    const result = forecastItem(data.input);
    return {
      item: data.item,
      as_of: asOf,
      months: result.months.map((m) => ({
        month: m.month,
        demand_needs: fromMilli(m.demand_needs),
        demand_consumption: fromMilli(m.demand_consumption),
        demand: fromMilli(m.demand_needs + m.demand_consumption),
        supply_pledges: fromMilli(m.supply_pledges),
        supply_production: fromMilli(m.supply_production),
        supply: fromMilli(m.supply_pledges + m.supply_production),
        opening_stock: fromMilli(m.opening_stock),
        shortfall: fromMilli(m.shortfall),
        cause: m.cause,
      })),
      first_shortfall_month: result.first_shortfall_month,
      main_cause: result.main_cause,
      shortfall_by_cause: {
        capacity: fromMilli(result.shortfall_by_cause.capacity),
        lead_time: fromMilli(result.shortfall_by_cause.lead_time),
        backlog: fromMilli(result.shortfall_by_cause.backlog),
        pledges_not_committed: fromMilli(result.shortfall_by_cause.pledges_not_committed),
      },
      total_shortfall: fromMilli(result.months.reduce((sum, m) => sum + m.shortfall, 0n)),
      lots: result.lots.map((lot) => ({ ...lot, quantity: fromMilli(lot.quantity) })),
      coverage: data.profiles.map((row) => {
        const stock = Number(row.stock_on_hand);
        return {
          consumption_profile_id: row.id,
          front: row.front,
          region_id: row.region_id,
          stock_on_hand: stock,
          stock_as_of: row.stock_as_of,
          ...coverageOf(row.rate_schedule as RateStep[], stock, row.stock_as_of),
        };
      }),
      notes: FORECAST_NOTES,
    };
  }

  async function risk(query: RiskQuery): Promise<RiskResult> {
    const threshold = query.threshold ?? DEFAULT_THRESHOLD;
    if (!(threshold >= 0 && threshold <= 1)) {
      throw InvalidRecord([{ field: 'threshold', message: 'must be a share between 0 and 1' }]);
    }
    const { materials, edges } = await loadGraph(db);
    const ids = query.item_id ? [query.item_id] : await listItemIdsWithCapacityData(db, currentReader());
    const items = await findItemsById(db, ids, currentReader());
    if (query.item_id && items.length === 0) throw NotFound('item', query.item_id);
    const lines = await listProductionLines(db, currentReader());
    const dependencies = await energyDependencies();
    const result = [];
    for (const item of items) {
      const graph = itemGraph(item.id, materials, edges);
      const carriers = [
        ...new Set(
          graph.flatMap((node) => (node.material.energy_carrier ? [node.material.energy_carrier] : [])),
        ),
      ];
      // Fuels: who pledged them (rows the reader may see), and how far those donors rely on Russian energy.
      const donors =
        carriers.length === 0
          ? []
          : (await sumPledgedByDonorCountry(db, item.id, currentReader())).map((row) => ({
              country_code: row.country_code,
              pledged: Number(row.pledged),
            }));
      const exposure = [...exposureOf(graph)].map(([country_code, e]) => ({
        country_code,
        share: fromMilli(e.share),
        via: e.via,
      }));
      result.push({
        item,
        production_lines: lines
          .filter((line) => line.item_id === item.id)
          .map((line) => ({
            id: line.id,
            name: line.name,
            plant: line.plant,
            country_code: line.country_code,
          })),
        inputs: graph.map((node) => ({
          material_id: node.material.id,
          code: node.material.code,
          name: node.material.name,
          depth: node.depth,
          path: [...node.path],
          per_item_unit: fromMilli(node.per_item_unit),
          hhi: hhiOf(node.material.suppliers),
          suppliers: node.material.suppliers.map((s) => ({ ...s })),
          country_shares: [...countryShares(node.material.suppliers)].map(([country_code, share]) => ({
            country_code,
            share: fromMilli(share),
          })),
        })),
        exposure,
        single_points: singlePointsOf(graph, BigInt(Math.round(threshold * 1000))).map((p) => ({
          ...p,
          share: fromMilli(p.share),
        })),
        russian_energy: russianEnergyExposure(carriers, donors, dependencies),
      });
    }
    const country = query.country ?? null;
    return {
      threshold,
      country,
      items: country
        ? result.filter(
            (r) =>
              r.exposure.some((e) => e.country_code === country) ||
              r.production_lines.some((l) => l.country_code === country),
          )
        : result,
    };
  }

  async function energyDependencies(): Promise<(EnergyDependencyEntry & EnergyDependency)[]> {
    return (await listEnergyDependencies(db)).map((row) => ({
      country_code: row.country_code,
      carrier: row.carrier as EnergyCarrier,
      russian_share: Number(row.russian_share),
      year: row.year,
      note: row.note,
      synthetic: row.synthetic,
    }));
  }

  /** Sets a country's Russian import share of a carrier (reference data for the risk of fuels). */
  async function setEnergyDependency(
    countryCode: string,
    carrier: EnergyCarrier,
    input: EnergyDependencySet,
    actor: Actor,
  ): Promise<EnergyDependencyEntry> {
    const problems = new ProblemList();
    checkText(problems, 'note', input.note, 1000);
    problems.throwIfAny();
    await upsertEnergyDependency(db, {
      country_code: countryCode,
      carrier,
      russian_share: input.russian_share,
      year: input.year,
      note: input.note ?? null,
      synthetic: false,
      updated_by: actor.id,
    });
    const found = (await energyDependencies()).find(
      (row) => row.country_code === countryCode && row.carrier === carrier,
    );
    if (!found) throw NotFound('energy_dependency', `${countryCode}/${carrier}`);
    return found;
  }

  async function outage(request: OutageRequest): Promise<OutageResult> {
    if (!request.country_code && !request.plant) {
      throw InvalidRecord([
        { field: 'country_code', message: 'name the country (and input) or the plant that stops' },
      ]);
    }
    if (request.material_code && !request.country_code) {
      throw InvalidRecord([
        { field: 'material_code', message: 'an input stops for a country: set country_code too' },
      ]);
    }
    checkMonths({ as_of: request.as_of, from: request.from });
    const asOf = request.as_of ?? currentMonth(now);
    const months = request.months ?? DEFAULT_MONTHS;
    const from = request.from ?? asOf;
    const { materials, edges } = await loadGraph(db);
    if (request.material_code && !materials.some((m) => m.code === request.material_code)) {
      throw InvalidRecord([
        { field: 'material_code', message: `no material with code ${request.material_code}` },
      ]);
    }
    const scenario: Outage = {
      country_code: request.country_code,
      material_code: request.material_code,
      plant: request.plant,
    };
    const plant = request.plant?.toLowerCase();
    const window = monthsFrom(asOf, months);
    const items = [];
    for (const itemId of await listItemIdsWithCapacityData(db, currentReader())) {
      const available = itemAvailability(itemId, materials, edges, scenario);
      const data = await loadItem(db, itemId, asOf, months);
      const hitLines = data.lines.map((line) => ({
        line,
        share: plant && line.plant?.toLowerCase() === plant ? 0n : available,
      }));
      if (hitLines.every((h) => h.share === 1000n)) continue;
      const during = (share: bigint) => (month: Month) =>
        monthIndex(month) >= monthIndex(from) ? share : 1000n;
      const withOutage = {
        ...data.input,
        lines: hitLines.map((h) => ({ ...h.line, availability: during(h.share) })),
      };
      const base = forecastItem(data.input);
      const hit = forecastItem(withOutage);
      const capacity_lost = window
        .map((month) => ({
          month,
          quantity: hitLines.reduce((sum, h) => {
            const full = capacityIn(h.line.capacity_schedule, month);
            return sum + (full - (full * during(h.share)(month)) / 1000n);
          }, 0n),
        }))
        .filter((row) => row.quantity > 0n);
      const deepened = new Set(
        hit.months.filter((m, i) => m.shortfall > (base.months[i]?.shortfall ?? 0n)).map((m) => m.month),
      );
      const first = window[0] as Month;
      const needs_unmet = data.needs
        .map((need) => {
          const due = monthOfDate(need.needed_by);
          return { need, month: monthIndex(due) < monthIndex(first) ? first : due };
        })
        .filter(({ month }) => deepened.has(month))
        .map(({ need, month }) => ({
          need_id: need.id,
          region_id: need.region_id,
          needed_by: need.needed_by,
          open_quantity: need.open,
          month,
        }));
      const sum = (f: typeof base) => f.months.reduce((total, m) => total + m.shortfall, 0n);
      items.push({
        item: data.item,
        available_share: fromMilli(hitLines.reduce((least, h) => minBig(h.share, least), 1000n)),
        capacity_lost: capacity_lost.map((row) => ({ month: row.month, quantity: fromMilli(row.quantity) })),
        total_capacity_lost: fromMilli(capacity_lost.reduce((total, row) => total + row.quantity, 0n)),
        first_shortfall_month: base.first_shortfall_month,
        first_shortfall_month_with_outage: hit.first_shortfall_month,
        shortfall_added: fromMilli(sum(hit) - sum(base)),
        needs_unmet,
      });
    }
    return {
      scenario: request,
      as_of: asOf,
      from,
      items,
      notes: [
        'Inputs are complements with no stock and no substitute: an item keeps the share of output its scarcest input still allows.',
        'The planner does not exist yet: needs unmet are the needs due in a month whose shortfall the outage creates or deepens, by re-running the forecast with the reduced capacity.',
        'Scenario runs are not stored.',
      ],
    };
  }

  /** The id of the item with this catalogue code (the CLI names items by code). */
  async function itemIdByCode(code: string): Promise<string> {
    const item = await findItemByCode(db, code, currentReader());
    if (!item) throw UnknownReference([{ field: 'item', message: `no item with code ${code}` }]);
    return item.id;
  }

  return { forecast, risk, outage, itemIdByCode, energyDependencies, setEnergyDependency };
}
