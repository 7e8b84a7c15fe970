import type { Insertable } from 'kysely';
import {
  insertLifecycle,
  type LifecycleLoadRows,
  type NeedLoadRow,
  type PledgeLoadRow,
} from '../../db/repositories/demo.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import type {
  FundAllocationTable,
  GridAssetStatusTable,
  GridAssetTable,
  MoneyPledgeTable,
  MoneyPledgeTransitionTable,
  OrganisationTable,
  RepairEquipmentTable,
  RepairMilestoneTable,
  RepairProjectAssetTable,
  RepairProjectTable,
} from '../../db/schema.js';
import type { Damage } from '../incidents/incident.schema.js';
import { addDays } from '../repairs/critical-path.js';
import { isoWeekOf } from '../reports/iso-week.js';
import { HUBS } from './lifecycle.js';
import { createRandom, uuidV7 } from './random.js';
import type { StrikeScenario } from './strikes-2022.scenario.js';
import type { DemoScenario } from './winter-2022.scenario.js';

/**
 * Grid repair in the winter 2022–23 demo (docs/grid-repair.md). Public facts (demo-facts.md): strike
 * waves on 10 Oct, 17 Oct, 31 Oct, 15 and 23 Nov 2022; the Ukraine Energy Support Fund (transformers
 * from a Danish grant). Everything per asset — names, capacities, people served, places, costs,
 * dates, amounts — is SYNTHETIC: one asset per damaged unit of each wave's damage entries, one repair
 * project per damage entry (its equipment is the need the strike already derived for it), money
 * pledges and fund allocations invented in size and timing.
 */

const ACTOR = 'demo';
const SYNTHETIC = 'Synthetic demo record: names, sizes, places, costs and dates are invented.';

type Row<T> = Omit<Insertable<T>, 'created_at' | 'updated_at' | 'version'>;

export interface GridScenario {
  readonly organisations: Row<OrganisationTable>[];
  readonly assets: Row<GridAssetTable>[];
  readonly statuses: Insertable<GridAssetStatusTable>[];
  readonly projects: Row<RepairProjectTable>[];
  readonly scope: Insertable<RepairProjectAssetTable>[];
  readonly milestones: Insertable<RepairMilestoneTable>[];
  readonly equipment: Insertable<RepairEquipmentTable>[];
  readonly money_pledges: Row<MoneyPledgeTable>[];
  readonly money_transitions: Insertable<MoneyPledgeTransitionTable>[];
  readonly fund_allocations: Row<FundAllocationTable>[];
  /**
   * Transformers the Danish grant (through the Energy Support Fund) sent to repairs over the winter:
   * in-kind pledges against the repairs' equipment needs, accepted allocations, shipments and
   * receipts before the data's today, and what they leave on each need (withReserveDeliveries).
   */
  readonly deliveries: {
    readonly pledges: PledgeLoadRow[];
    readonly lifecycle: LifecycleLoadRows;
    readonly needs: ReadonlyMap<string, { readonly allocated: number; readonly met: number }>;
  };
}

function demoId(seed: number, table: string, key: string, day: string): string {
  const random = createRandom(`${seed}/grid/${table}/${key}`);
  return uuidV7(Date.parse(`${day}T00:00:00Z`) + random.int(0, 86_399_999), random);
}

/** Size, cost and lead of a repair per asset kind and class (synthetic, of a plausible order). */
const PROFILE: Record<
  string,
  {
    kind: 'substation' | 'boiler_house';
    kv: number | null;
    capacity: number;
    unit: 'MVA' | 'Gcal/h';
    cost: number;
    lead: number;
    people: [number, number];
  }
> = {
  'substation|110kV': {
    kind: 'substation',
    kv: 110,
    capacity: 40,
    unit: 'MVA',
    cost: 1_200_000,
    lead: 60,
    people: [20_000, 80_000],
  },
  'substation|330kV': {
    kind: 'substation',
    kv: 330,
    capacity: 250,
    unit: 'MVA',
    cost: 7_500_000,
    lead: 90,
    people: [150_000, 400_000],
  },
  'boiler_house|': {
    kind: 'boiler_house',
    kv: null,
    capacity: 12,
    unit: 'Gcal/h',
    cost: 800_000,
    lead: 30,
    people: [8_000, 30_000],
  },
};

/** The data's today in the demo (STRIKES_AS_OF): no actual milestone after it. */
const AS_OF = '2022-11-24';
/** Waves whose 110 kV and boiler-house repairs were supplied from the fund's reserve (10 and 17 Oct). */
const STOCK_WAVES_UNTIL = '2022-10-17';
/** Waves whose 110 kV repairs received part of their transformers before the data's today (31 Oct, 15 Nov). */
const DELIVERED_WAVES_UNTIL = '2022-11-15';

export function buildGridScenario(winter: DemoScenario, strikes: StrikeScenario, seed: number): GridScenario {
  const audit = { created_by: ACTOR, updated_by: ACTOR, synthetic: true } as const;
  const orgId = (name: string) => {
    const found = winter.organisations.find((o) => o.name === name)?.id;
    if (!found) throw new Error(`the winter scenario lacks ${name}`);
    return found;
  };
  const operator = demoId(seed, 'organisation', 'operator', '2022-04-01');
  const fund = demoId(seed, 'organisation', 'fund', '2022-04-01');
  const organisations: Row<OrganisationTable>[] = [
    {
      id: operator,
      name: 'Grid and heat operator (synthetic demo organisation)',
      short_name: 'Operator (demo)',
      kind: 'recipient_agency',
      country_code: 'UA',
      parent_id: null,
      owner_org_id: null,
      classification: 'public',
      ...audit,
    },
    {
      id: fund,
      name: 'Ukraine Energy Support Fund',
      short_name: 'UESF',
      kind: 'international_organisation',
      country_code: null,
      parent_id: null,
      owner_org_id: null,
      classification: 'public',
      ...audit,
    },
  ];
  const ruleOf = new Map(
    strikes.need_rules.map((r) => [`${r.asset_kind ?? ''}|${r.asset_class ?? ''}`, r.id]),
  );
  const assets: Row<GridAssetTable>[] = [];
  const statuses: Insertable<GridAssetStatusTable>[] = [];
  const projects: Row<RepairProjectTable>[] = [];
  const scope: Insertable<RepairProjectAssetTable>[] = [];
  const milestones: Insertable<RepairMilestoneTable>[] = [];
  const equipment: Insertable<RepairEquipmentTable>[] = [];
  /** 110 kV transformer needs of repairs that part of the Danish grant reached before the data's today. */
  const delivered110: { need: NeedLoadRow; day: string }[] = [];
  /** Repairs supplied from the fund's reserve, with their funded day. */
  const stockProjects = new Map<string, string>();
  let n = 0;
  for (const incident of strikes.incidents) {
    const day = String(incident.occurred_at).slice(0, 10);
    for (const damage of JSON.parse(String(incident.damage)) as Damage[]) {
      const key = `${damage.asset_kind}|${damage.asset_class ?? ''}`;
      const profile = PROFILE[key];
      if (!profile) continue;
      n += 1;
      const random = createRandom(`${seed}/grid/${incident.id}/${key}/${damage.region_id}`);
      const projectId = demoId(seed, 'repair_project', `${incident.id}/${key}/${damage.region_id}`, day);
      let people = 0;
      for (let i = 0; i < damage.count; i += 1) {
        const id = demoId(seed, 'grid_asset', `${incident.id}/${key}/${damage.region_id}/${i}`, day);
        const served = random.int(...profile.people);
        people += served;
        assets.push({
          id,
          name: `${profile.kind === 'substation' ? `Substation ${profile.kv} kV` : 'Boiler house'} no. ${n}-${i + 1} (synthetic)`,
          kind: profile.kind,
          region_id: damage.region_id,
          operator_org_id: operator,
          voltage_kv: profile.kv,
          capacity: profile.capacity,
          capacity_unit: profile.unit,
          people_served: served,
          status: 'damaged',
          status_on: day,
          latitude: Number((46 + random.float(0, 5)).toFixed(6)),
          longitude: Number((24 + random.float(0, 14)).toFixed(6)),
          // Half the owners released their assets for public region counts (docs/grid-repair.md).
          region_release: random.chance(0.5),
          owner_org_id: operator,
          classification: 'restricted',
          embargo_until: null,
          ...audit,
        });
        statuses.push(
          {
            id: demoId(seed, 'grid_asset_status', `${id}/0`, '2022-04-01'),
            asset_id: id,
            status: 'in_service',
            effective_on: '2022-04-01',
            actor: ACTOR,
            note: 'recorded (synthetic)',
          },
          {
            id: demoId(seed, 'grid_asset_status', `${id}/1`, day),
            asset_id: id,
            status: 'damaged',
            effective_on: day,
            incident_id: incident.id,
            actor: ACTOR,
            note: incident.title,
          },
        );
        scope.push({ repair_project_id: projectId, asset_id: id });
      }
      const cost = profile.cost * damage.count;
      const assessed = addDays(day, 5);
      // The first two waves' 110 kV transformers and boiler-house units came from the reserve the
      // Energy Support Fund keeps (the Danish-grant transformers; timing and choice synthetic): the
      // fund paid at once, the units arrived in three to four weeks and the repairs were energised
      // before the data's today. The rest wait for winter deliveries on their lead times.
      const fromStock = day <= STOCK_WAVES_UNTIL && profile.kv !== 330;
      const funded = fromStock ? addDays(day, 6) : addDays(day, random.int(20, 50));
      const delivered = fromStock
        ? addDays(funded, day === STOCK_WAVES_UNTIL ? random.int(16, 22) : random.int(9, 14))
        : addDays(funded, profile.lead + random.int(0, 30));
      const installed = addDays(delivered, fromStock ? 4 : 14);
      const energised = addDays(installed, fromStock ? 2 : 7);
      if (fromStock) {
        stockProjects.set(projectId, funded);
        for (const { asset_id } of scope.filter((row) => row.repair_project_id === projectId)) {
          const asset = assets.find((a) => a.id === asset_id);
          if (asset) Object.assign(asset, { status: 'restored', status_on: energised });
          statuses.push(
            {
              id: demoId(seed, 'grid_asset_status', `${asset_id}/2`, funded),
              asset_id,
              status: 'under_repair',
              effective_on: funded,
              repair_project_id: projectId,
              actor: ACTOR,
              note: 'transformer from the fund’s reserve (synthetic)',
            },
            {
              id: demoId(seed, 'grid_asset_status', `${asset_id}/3`, energised),
              asset_id,
              status: 'restored',
              effective_on: energised,
              repair_project_id: projectId,
              actor: ACTOR,
              note: 'energised (synthetic)',
            },
          );
        }
      }
      projects.push({
        id: projectId,
        name: `Repair of ${damage.count} ${profile.kind === 'substation' ? `${profile.kv} kV substation` : 'boiler house'}${damage.count > 1 ? 's' : ''} after the ${day} strikes, no. ${n} (synthetic)`,
        region_id: damage.region_id,
        cost_eur: cost,
        capacity_restored: profile.capacity * damage.count,
        capacity_unit: profile.unit,
        people_reconnected: people,
        status: fromStock ? 'completed' : 'active',
        owner_org_id: operator,
        classification: 'coalition',
        embargo_until: null,
        ...audit,
      });
      // Only repairs from the reserve have actual days after assessed; none is after the data's today.
      const actual = (planned: string, done = true) => (done && planned <= AS_OF ? planned : null);
      const stage = (name: string, planned: string, done: boolean) => ({
        repair_project_id: projectId,
        stage: name,
        planned_on: planned,
        actual_on: actual(planned, done),
      });
      milestones.push(
        stage('assessed', assessed, true),
        stage('funded', funded, fromStock),
        stage('equipment_ordered', addDays(funded, fromStock ? 1 : 3), fromStock),
        stage('delivered', delivered, fromStock),
        stage('installed', installed, fromStock),
        stage('energised', energised, fromStock),
      );
      // A unit from the reserve is no longer missing: the strike's need for it stays open (the reserve
      // is to be refilled) but is not this repair's equipment.
      if (fromStock) continue;
      const ruleId = ruleOf.get(key);
      const need = strikes.needs.find(
        (x) => x.incident_id === incident.id && x.rule_id === ruleId && x.region_id === damage.region_id,
      );
      if (need) {
        equipment.push({ repair_project_id: projectId, need_id: need.id as string, lead_days: profile.lead });
        if (profile.kv === 110 && day <= DELIVERED_WAVES_UNTIL && delivered110.length < 3)
          delivered110.push({ need, day });
      }
    }
  }

  // Money: bilateral pledges to the largest projects and pledges to the fund, which allocates to others.
  const byCost = [...projects]
    .filter((p) => !stockProjects.has(String(p.id)))
    .sort((a, b) => Number(b.cost_eur) - Number(a.cost_eur) || String(a.id).localeCompare(String(b.id)));
  const money_pledges: Row<MoneyPledgeTable>[] = [];
  const money_transitions: Insertable<MoneyPledgeTransitionTable>[] = [];
  const fund_allocations: Row<FundAllocationTable>[] = [];
  const pledge = (
    key: string,
    donor: string,
    target: { fund?: string; project?: string },
    amount: number,
    currency: string,
    announced: string,
    committed: number,
    disbursed: number,
  ) => {
    const id = demoId(seed, 'money_pledge', key, announced);
    const status = disbursed > 0 ? 'disbursed' : committed > 0 ? 'committed' : 'announced';
    money_pledges.push({
      id,
      donor_org_id: donor,
      fund_org_id: target.fund ?? null,
      repair_project_id: target.project ?? null,
      amount,
      currency,
      committed_amount: committed,
      disbursed_amount: disbursed,
      status,
      announced_on: announced,
      note: SYNTHETIC,
      owner_org_id: donor,
      classification: 'coalition',
      embargo_until: null,
      ...audit,
    });
    if (committed > 0) {
      money_transitions.push({
        id: demoId(seed, 'money_transition', `${key}/commit`, announced),
        money_pledge_id: id,
        action: 'commit',
        amount: committed,
        from_status: 'announced',
        to_status: 'committed',
        effective_on: addDays(announced, 7),
        actor: ACTOR,
        note: null,
      });
    }
    if (disbursed > 0) {
      money_transitions.push({
        id: demoId(seed, 'money_transition', `${key}/disburse`, announced),
        money_pledge_id: id,
        action: 'disburse',
        amount: disbursed,
        from_status: 'committed',
        to_status: 'disbursed',
        effective_on: addDays(announced, 14),
        actor: ACTOR,
        note: null,
      });
    }
  };
  // The fund: Denmark's grant for transformers, and others (synthetic amounts).
  pledge('fund/DK', orgId('Denmark'), { fund }, 80_000_000, 'DKK', '2022-10-20', 80_000_000, 40_000_000);
  pledge('fund/NO', orgId('Norway'), { fund }, 100_000_000, 'NOK', '2022-11-03', 100_000_000, 0);
  pledge('fund/NL', orgId('Netherlands'), { fund }, 10_000_000, 'EUR', '2022-11-10', 0, 0);
  pledge(
    'fund/EU',
    orgId('European Union'),
    { fund },
    20_000_000,
    'EUR',
    '2022-11-17',
    20_000_000,
    10_000_000,
  );
  // Bilateral pledges to the largest repairs.
  const donors = ['United States', 'Germany', 'United Kingdom', 'Japan'] as const;
  const currencies = {
    'United States': 'USD',
    Germany: 'EUR',
    'United Kingdom': 'GBP',
    Japan: 'JPY',
  } as const;
  const perEur = { USD: 1, EUR: 1, GBP: 0.86, JPY: 146 } as const;
  byCost.slice(0, 4).forEach((project, i) => {
    const donor = donors[i] as (typeof donors)[number];
    const currency = currencies[donor];
    const amount = Math.round((Number(project.cost_eur) * 0.5 * perEur[currency]) / 1000) * 1000;
    pledge(
      `project/${i}`,
      orgId(donor),
      { project: String(project.id) },
      amount,
      currency,
      '2022-11-15',
      i % 2 === 0 ? amount : 0,
      0,
    );
  });
  // The fund allocates to the next projects: the whole cost of three, part of three more.
  byCost.slice(4, 10).forEach((project, i) => {
    const amount = i < 3 ? Number(project.cost_eur) : Math.round(Number(project.cost_eur) * 0.4);
    fund_allocations.push({
      id: demoId(seed, 'fund_allocation', String(project.id), '2022-11-21'),
      fund_org_id: fund,
      repair_project_id: String(project.id),
      amount,
      currency: 'EUR',
      allocated_on: '2022-11-21',
      note: SYNTHETIC,
      owner_org_id: fund,
      classification: 'coalition',
      embargo_until: null,
      ...audit,
    });
  });
  // The fund paid the reserve's repairs in full on their funded day.
  for (const [projectId, funded] of stockProjects) {
    const project = projects.find((p) => p.id === projectId);
    fund_allocations.push({
      id: demoId(seed, 'fund_allocation', projectId, funded),
      fund_org_id: fund,
      repair_project_id: projectId,
      amount: Number(project?.cost_eur ?? 0),
      currency: 'EUR',
      allocated_on: funded,
      note: SYNTHETIC,
      owner_org_id: fund,
      classification: 'coalition',
      embargo_until: null,
      ...audit,
    });
  }
  const deliveries = transformerDeliveries(seed, delivered110, {
    donor: orgId('Denmark'),
    coordination: orgId('Coalition aid coordination cell (demo)'),
  });
  return {
    deliveries,
    organisations,
    assets,
    statuses,
    projects,
    scope,
    milestones,
    equipment,
    money_pledges,
    money_transitions,
    fund_allocations,
  };
}

/**
 * Part of each chosen need (all but one unit, at least one) pledged by Denmark — transformers bought
 * from its grant through the Energy Support Fund (public fact; which repairs, how many and every day
 * synthetic) — committed, allocated to the need, shipped through Rzeszów and received in full before
 * the data's today. Every stage quantity follows from the rows, as the lifecycle's do.
 */
function transformerDeliveries(
  seed: number,
  chosen: readonly { need: NeedLoadRow; day: string }[],
  orgs: { donor: string; coordination: string },
): GridScenario['deliveries'] {
  const audit = { created_by: ACTOR, updated_by: ACTOR } as const;
  const note = `${SYNTHETIC} Transformers from Denmark's grant through the Ukraine Energy Support Fund.`;
  const at = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const pledges: PledgeLoadRow[] = [];
  const lifecycle: { -readonly [K in keyof LifecycleLoadRows]: LifecycleLoadRows[K][number][] } = {
    allocations: [],
    shipments: [],
    shipment_lines: [],
    receipts: [],
    receipt_lines: [],
    pledge_transitions: [],
  };
  const needs = new Map<string, { allocated: number; met: number }>();
  chosen.forEach(({ need, day }, n) => {
    const quantity = Math.max(1, need.quantity - 1);
    const announced = addDays(day, 2);
    const committed = addDays(day, 3);
    const shipped = addDays(day, 4);
    const received = addDays(day, 7);
    if (received > AS_OF) throw new Error(`a transformer delivery of ${day} would arrive after ${AS_OF}`);
    const key = `transformer/${need.id}`;
    const pledgeId = demoId(seed, 'pledge', key, announced);
    const allocationId = demoId(seed, 'allocation', key, committed);
    const shipmentId = demoId(seed, 'shipment', key, shipped);
    const lineId = demoId(seed, 'shipment_line', key, shipped);
    const receiptId = demoId(seed, 'receipt', key, received);
    pledges.push({
      id: pledgeId,
      donor_org_id: orgs.donor,
      item_id: need.item_id,
      quantity,
      need_id: need.id,
      recipient_org_id: need.recipient_org_id,
      event_id: null,
      announced_on: announced,
      available_from: shipped,
      value_amount: null,
      value_currency: null,
      conditions: note,
      status: 'delivered',
      committed_quantity: quantity,
      allocated_quantity: quantity,
      shipped_quantity: quantity,
      delivered_quantity: quantity,
      in_service_quantity: 0,
      owner_org_id: orgs.donor,
      classification: 'coalition',
      synthetic: true,
      ...audit,
    });
    lifecycle.allocations.push({
      id: allocationId,
      pledge_id: pledgeId,
      need_id: need.id,
      quantity,
      week: isoWeekOf(shipped),
      status: 'accepted',
      proposed_by: 'hand',
      shipped_quantity: quantity,
      delivered_quantity: quantity,
      decided_at: at(committed, 12),
      decided_by: ACTOR,
      proposed_on: committed,
      decided_on: committed,
      owner_org_id: orgs.coordination,
      classification: need.classification === 'restricted' ? 'restricted' : 'coalition',
      synthetic: true,
      ...audit,
    });
    lifecycle.shipments.push({
      id: shipmentId,
      reference: `SYN-TRF-${shipped.replaceAll('-', '')}-${n + 1}`,
      origin_hub: HUBS.north,
      destination_region_id: need.region_id,
      dispatched_on: shipped,
      eta: received,
      status: 'received',
      owner_org_id: orgs.donor,
      classification: 'coalition',
      synthetic: true,
      ...audit,
    });
    lifecycle.shipment_lines.push({
      id: lineId,
      shipment_id: shipmentId,
      allocation_id: allocationId,
      pledge_id: pledgeId,
      need_id: need.id,
      item_id: need.item_id,
      quantity,
      received_quantity: quantity,
    });
    lifecycle.receipts.push({
      id: receiptId,
      shipment_id: shipmentId,
      received_on: received,
      received_by_org_id: need.recipient_org_id,
      note,
      owner_org_id: need.recipient_org_id,
      classification: 'coalition',
      synthetic: true,
      ...audit,
    });
    lifecycle.receipt_lines.push({
      id: demoId(seed, 'receipt_line', key, received),
      receipt_id: receiptId,
      shipment_line_id: lineId,
      quantity,
      discrepancy_reason: null,
      note: null,
    });
    const steps = [
      ['commit', committed, 9, 'announced', 'committed', null],
      ['allocate', committed, 12, 'committed', 'allocated', { type: 'allocation', id: allocationId }],
      ['ship', shipped, 14, 'allocated', 'shipped', { type: 'shipment', id: shipmentId }],
      ['deliver', received, 16, 'shipped', 'delivered', { type: 'receipt', id: receiptId }],
    ] as const;
    steps.forEach(([action, date, hour, from, to, cause], k) => {
      lifecycle.pledge_transitions.push({
        id: demoId(seed, 'pledge_transition', `${key}/${k}`, date),
        pledge_id: pledgeId,
        action,
        quantity,
        from_status: from,
        to_status: to,
        source_id: null,
        note: SYNTHETIC,
        cause_type: cause?.type ?? null,
        cause_id: cause?.id ?? null,
        at: at(date, hour),
        effective_on: date,
        actor: ACTOR,
      });
    });
    needs.set(need.id, { allocated: quantity, met: quantity });
  });
  return { pledges, lifecycle, needs };
}

/** The strikes' needs with what the winter's transformer deliveries allocated to and met of them. */
export function withReserveDeliveries(strikes: StrikeScenario, grid: GridScenario): StrikeScenario {
  return {
    ...strikes,
    needs: strikes.needs.map((need) => {
      const done = grid.deliveries.needs.get(need.id);
      if (!done) return need;
      const met = need.met_quantity + done.met;
      return {
        ...need,
        allocated_quantity: need.allocated_quantity + done.allocated,
        met_quantity: met,
        status: met >= need.quantity ? 'met' : 'partially_met',
      };
    }),
  };
}

/** Inserts the grid rows in dependency order, in the demo load's transaction. */
export async function insertGridScenario(trx: Executor, rows: GridScenario) {
  if (rows.organisations.length) await trx.insertInto('organisation').values(rows.organisations).execute();
  if (rows.assets.length) await trx.insertInto('grid_asset').values(rows.assets).execute();
  if (rows.projects.length) await trx.insertInto('repair_project').values(rows.projects).execute();
  // After the projects: a status may name the repair that caused it.
  if (rows.statuses.length) await trx.insertInto('grid_asset_status').values(rows.statuses).execute();
  if (rows.scope.length) await trx.insertInto('repair_project_asset').values(rows.scope).execute();
  if (rows.milestones.length) await trx.insertInto('repair_milestone').values(rows.milestones).execute();
  if (rows.equipment.length) await trx.insertInto('repair_equipment').values(rows.equipment).execute();
  if (rows.money_pledges.length) await trx.insertInto('money_pledge').values(rows.money_pledges).execute();
  if (rows.money_transitions.length)
    await trx.insertInto('money_pledge_transition').values(rows.money_transitions).execute();
  if (rows.fund_allocations.length)
    await trx.insertInto('fund_allocation').values(rows.fund_allocations).execute();
  // The winter's transformer deliveries, after the strikes' needs they are made against.
  if (rows.deliveries.pledges.length)
    await trx.insertInto('pledge').values(rows.deliveries.pledges).execute();
  await insertLifecycle(trx, rows.deliveries.lifecycle);
  return {
    organisation: rows.organisations.length,
    grid_asset: rows.assets.length,
    repair_project: rows.projects.length,
    repair_equipment: rows.equipment.length,
    money_pledge: rows.money_pledges.length,
    fund_allocation: rows.fund_allocations.length,
    transformer_pledge: rows.deliveries.pledges.length,
    transformer_receipt: rows.deliveries.lifecycle.receipts.length,
  };
}
