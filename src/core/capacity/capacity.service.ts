import { type Kysely, sql } from 'kysely';
import { findMaterialCodes, listInputEdges } from '../../db/repositories/capacity.repository.js';
import type { Database } from '../../db/schema.js';
import { DomainError, ProblemList } from '../errors.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkDate, checkQuantity, checkText, merged, metaOf, quantityFromColumn } from '../shared/values.js';
import type {
  ConsumptionProfile,
  ConsumptionProfileCreate,
  ConsumptionProfileFilters,
  ConsumptionProfilePatch,
  Input,
  InputCreate,
  InputFilters,
  InputPatch,
  Material,
  MaterialCreate,
  MaterialFilters,
  MaterialPatch,
  ProductionLine,
  ProductionLineCreate,
  ProductionLineFilters,
  ProductionLinePatch,
  SupplierEntry,
} from './capacity.schema.js';
import { coverageOf, type RateStep } from './coverage.js';
import type { CapacityStep } from './forecast.js';
import { isMonth, milli } from './months.js';
import { findCycle } from './risk.js';

/** A rate or capacity: zero or more, at most 3 decimals; a negative one is named as such. */
function checkRate(problems: ProblemList, field: string, value: number): void {
  if (Number.isFinite(value) && value < 0) problems.add(field, 'must not be negative');
  else checkQuantity(problems, field, value, { positive: false });
}

function checkShare(problems: ProblemList, field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) problems.add(field, 'must be between 0 and 1');
  else if (Number(value.toFixed(3)) !== value) problems.add(field, 'must have at most 3 decimals');
}

function checkSteps(
  problems: ProblemList,
  field: string,
  steps: readonly { from: string }[],
  valid: (from: string) => boolean,
) {
  steps.forEach((step, i) => {
    if (!valid(step.from)) problems.add(`${field}[${i}].from`, 'is not a real date or month');
    const previous = steps[i - 1];
    if (previous && previous.from >= step.from)
      problems.add(`${field}[${i}].from`, 'steps must be in ascending order, without repeats');
  });
}

type LineFields = Pick<
  ProductionLine,
  'name' | 'manufacturer' | 'capacity_schedule' | 'backlog' | 'coalition_share'
>;

/** Every problem of a production line at once; negative capacity or backlog are invalid_record. */
export function validateLine(line: LineFields): void {
  const problems = new ProblemList();
  checkText(problems, 'name', line.name, 200);
  checkText(problems, 'manufacturer', line.manufacturer, 200);
  checkSteps(problems, 'capacity_schedule', line.capacity_schedule, isMonth);
  for (const [i, step] of line.capacity_schedule.entries())
    checkRate(problems, `capacity_schedule[${i}].per_month`, step.per_month);
  checkRate(problems, 'backlog', line.backlog);
  checkShare(problems, 'coalition_share', line.coalition_share);
  problems.throwIfAny();
}

export const productionLineKind: RecordKind<
  'production_line',
  ProductionLine,
  ProductionLineCreate,
  ProductionLinePatch,
  ProductionLineFilters
> = {
  entity: 'production_line',
  table: 'production_line',
  sorts: { created: 'id', name: 'name' },
  defaultSort: 'name',
  toEntity: (row) => ({
    id: row.id,
    name: row.name,
    manufacturer: row.manufacturer,
    manufacturer_org_id: row.manufacturer_org_id,
    plant: row.plant,
    country_code: row.country_code,
    item_id: row.item_id,
    capacity_schedule: row.capacity_schedule as CapacityStep[],
    lead_time_months: row.lead_time_months,
    backlog: quantityFromColumn(row.backlog),
    coalition_share: quantityFromColumn(row.coalition_share),
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    const fields = {
      name: input.name,
      manufacturer: input.manufacturer,
      manufacturer_org_id: input.manufacturer_org_id ?? null,
      plant: input.plant ?? null,
      country_code: input.country_code,
      item_id: input.item_id,
      capacity_schedule: input.capacity_schedule,
      lead_time_months: input.lead_time_months,
      backlog: input.backlog ?? 0,
      coalition_share: input.coalition_share,
    };
    validateLine(fields);
    refs.expect('item_id', 'item', input.item_id);
    refs.expect('manufacturer_org_id', 'organisation', input.manufacturer_org_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      ...fields,
      capacity_schedule: JSON.stringify(fields.capacity_schedule),
      owner_org_id: input.owner_org_id ?? null,
      classification: input.classification ?? 'coalition',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch, refs) {
    validateLine(merged(current, patch));
    refs.expect('item_id', 'item', patch.item_id);
    refs.expect('manufacturer_org_id', 'organisation', patch.manufacturer_org_id);
    const { capacity_schedule, ...rest } = patch;
    return {
      ...rest,
      ...(capacity_schedule ? { capacity_schedule: JSON.stringify(capacity_schedule) } : {}),
    };
  },
  narrow(query, filters) {
    let q = query;
    if (filters.item_id) q = q.where('production_line.item_id', '=', filters.item_id);
    if (filters.country_code) q = q.where('production_line.country_code', '=', filters.country_code);
    return q;
  },
};

/** Supplier shares of a material: each 0–1; together above 1 is `shares_over_total`. */
export function validateSuppliers(suppliers: readonly SupplierEntry[]): void {
  const problems = new ProblemList();
  suppliers.forEach((s, i) => {
    checkText(problems, `suppliers[${i}].name`, s.name, 200);
    checkShare(problems, `suppliers[${i}].share`, s.share);
  });
  problems.throwIfAny();
  const total = suppliers.reduce((sum, s) => sum + milli(s.share), 0n);
  if (total > 1000n) {
    throw new DomainError(
      'shares_over_total',
      422,
      `the supplier shares sum to ${Number(total) / 10} %, more than 100 %`,
      [{ field: 'suppliers', message: `shares sum to ${Number(total) / 1000}; they may sum to at most 1` }],
    );
  }
}

export const materialKind: RecordKind<'material', Material, MaterialCreate, MaterialPatch, MaterialFilters> =
  {
    entity: 'material',
    table: 'material',
    sorts: { created: 'id', code: 'code' },
    defaultSort: 'code',
    toEntity: (row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      unit: row.unit,
      suppliers: row.suppliers as SupplierEntry[],
      energy_carrier: row.energy_carrier as Material['energy_carrier'],
      ...metaOf(row),
    }),
    prepareCreate(input, refs) {
      const suppliers = input.suppliers ?? [];
      const problems = new ProblemList();
      checkText(problems, 'name', input.name, 200);
      problems.throwIfAny();
      validateSuppliers(suppliers);
      refs.expect('owner_org_id', 'organisation', input.owner_org_id);
      return {
        code: input.code,
        name: input.name,
        unit: input.unit,
        suppliers: JSON.stringify(suppliers),
        energy_carrier: input.energy_carrier ?? null,
        owner_org_id: input.owner_org_id ?? null,
        classification: input.classification ?? 'coalition',
        embargo_until: input.embargo_until ?? null,
      };
    },
    preparePatch(current, patch) {
      validateSuppliers(merged(current, patch).suppliers);
      const { suppliers, ...rest } = patch;
      return { ...rest, ...(suppliers ? { suppliers: JSON.stringify(suppliers) } : {}) };
    },
    narrow(query, filters) {
      if (!filters.country_code) return query;
      const match = JSON.stringify([{ country_code: filters.country_code }]);
      return query.where(sql<boolean>`material.suppliers @> ${match}::jsonb`);
    },
  };

export const inputKind: RecordKind<'material_input', Input, InputCreate, InputPatch, InputFilters> = {
  entity: 'input',
  table: 'material_input',
  sorts: { created: 'id' },
  defaultSort: 'created',
  toEntity: (row) => ({
    id: row.id,
    item_id: row.item_id,
    parent_material_id: row.parent_material_id,
    material_id: row.material_id,
    quantity_per_unit: quantityFromColumn(row.quantity_per_unit),
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    const problems = new ProblemList();
    const item = input.item_id ?? null;
    const parent = input.parent_material_id ?? null;
    if ((item === null) === (parent === null))
      problems.add('item_id', 'set exactly one of item_id and parent_material_id');
    checkQuantity(problems, 'quantity_per_unit', input.quantity_per_unit);
    problems.throwIfAny();
    refs.expect('item_id', 'item', item);
    refs.expect('parent_material_id', 'material', parent);
    refs.expect('material_id', 'material', input.material_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      item_id: item,
      parent_material_id: parent,
      material_id: input.material_id,
      quantity_per_unit: input.quantity_per_unit,
      owner_org_id: input.owner_org_id ?? null,
      classification: input.classification ?? 'coalition',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch) {
    const problems = new ProblemList();
    checkQuantity(problems, 'quantity_per_unit', merged(current, patch).quantity_per_unit);
    problems.throwIfAny();
    return { ...patch };
  },
  /** The graph between materials must stay acyclic: a material cannot (indirectly) need itself. */
  async checkConsistency(trx, values) {
    const parent = values.parent_material_id as string | null;
    if (!parent) return;
    // The whole graph, whoever writes: a cycle through edges the writer may not see is a cycle
    // too (under row-level security the database still shows only the writer's edges).
    const edges = (await listInputEdges(trx, null))
      .filter((edge) => edge.id !== values.id)
      .map((edge) => ({ ...edge, quantity_per_unit: Number(edge.quantity_per_unit) }));
    edges.push({
      id: 'new',
      item_id: null,
      parent_material_id: parent,
      material_id: values.material_id as string,
      quantity_per_unit: 1,
    });
    const cycle = findCycle(edges);
    if (!cycle) return;
    const codes = new Map((await findMaterialCodes(trx, cycle)).map((m) => [m.id, m.code]));
    const path = cycle.map((id) => codes.get(id) ?? id).join(' → ');
    throw new DomainError('input_cycle', 422, `the input would make a cycle in the input graph: ${path}`, [
      { field: 'material_id', message: `a material cannot need itself: ${path}` },
    ]);
  },
  narrow(query, filters) {
    let q = query;
    if (filters.item_id) q = q.where('material_input.item_id', '=', filters.item_id);
    if (filters.parent_material_id)
      q = q.where('material_input.parent_material_id', '=', filters.parent_material_id);
    if (filters.material_id) q = q.where('material_input.material_id', '=', filters.material_id);
    return q;
  },
};

type ProfileFields = Pick<
  ConsumptionProfile,
  'region_id' | 'front' | 'rate_schedule' | 'stock_on_hand' | 'stock_as_of'
>;

/** Every problem of a consumption profile at once; negative rates or stock are invalid_record. */
export function validateProfile(profile: ProfileFields): void {
  const problems = new ProblemList();
  if (profile.region_id === null && profile.front === null)
    problems.add('front', 'name the front, the region, or both');
  checkText(problems, 'front', profile.front, 200);
  checkSteps(problems, 'rate_schedule', profile.rate_schedule, (from) => {
    const check = new ProblemList();
    checkDate(check, 'from', from);
    return check.items.length === 0;
  });
  for (const [i, step] of profile.rate_schedule.entries())
    checkRate(problems, `rate_schedule[${i}].per_day`, step.per_day);
  checkRate(problems, 'stock_on_hand', profile.stock_on_hand);
  checkDate(problems, 'stock_as_of', profile.stock_as_of);
  problems.throwIfAny();
}

export const consumptionProfileKind: RecordKind<
  'consumption_profile',
  ConsumptionProfile,
  ConsumptionProfileCreate,
  ConsumptionProfilePatch,
  ConsumptionProfileFilters
> = {
  entity: 'consumption_profile',
  table: 'consumption_profile',
  sorts: { created: 'id', stock_as_of: 'stock_as_of' },
  defaultSort: 'created',
  toEntity: (row) => {
    const rate_schedule = row.rate_schedule as RateStep[];
    const stock_on_hand = quantityFromColumn(row.stock_on_hand);
    return {
      id: row.id,
      item_id: row.item_id,
      region_id: row.region_id,
      front: row.front,
      rate_schedule,
      stock_on_hand,
      stock_as_of: row.stock_as_of,
      ...coverageOf(rate_schedule, stock_on_hand, row.stock_as_of),
      ...metaOf(row),
    };
  },
  prepareCreate(input, refs) {
    const fields = {
      item_id: input.item_id,
      region_id: input.region_id ?? null,
      front: input.front ?? null,
      rate_schedule: input.rate_schedule,
      stock_on_hand: input.stock_on_hand ?? 0,
      stock_as_of: input.stock_as_of,
    };
    validateProfile(fields);
    refs.expect('item_id', 'item', input.item_id);
    refs.expect('region_id', 'region', fields.region_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      ...fields,
      rate_schedule: JSON.stringify(fields.rate_schedule),
      owner_org_id: input.owner_org_id ?? null,
      classification: input.classification ?? 'coalition',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch, refs) {
    validateProfile(merged(current, patch));
    refs.expect('item_id', 'item', patch.item_id);
    refs.expect('region_id', 'region', patch.region_id);
    const { rate_schedule, ...rest } = patch;
    return { ...rest, ...(rate_schedule ? { rate_schedule: JSON.stringify(rate_schedule) } : {}) };
  },
  narrow(query, filters) {
    let q = query;
    if (filters.item_id) q = q.where('consumption_profile.item_id', '=', filters.item_id);
    if (filters.region_id) q = q.where('consumption_profile.region_id', '=', filters.region_id);
    return q;
  },
};

export type ProductionLineService = ReturnType<typeof createProductionLineService>;
export type MaterialService = ReturnType<typeof createMaterialService>;
export type InputService = ReturnType<typeof createInputService>;
export type ConsumptionProfileService = ReturnType<typeof createConsumptionProfileService>;

/** Production lines: versioned records with audit, If-Match and Idempotency-Key. */
export function createProductionLineService(deps: { db: Kysely<Database> }) {
  return createRecordService(productionLineKind, deps);
}

/** Materials and components with their suppliers. */
export function createMaterialService(deps: { db: Kysely<Database> }) {
  return createRecordService(materialKind, deps);
}

/** Edges of the input graph; a cycle is rejected with `input_cycle`. */
export function createInputService(deps: { db: Kysely<Database> }) {
  return createRecordService(inputKind, deps);
}

/** Consumption profiles with stock on hand, coverage and run-out date. */
export function createConsumptionProfileService(deps: { db: Kysely<Database> }) {
  return createRecordService(consumptionProfileKind, deps);
}
