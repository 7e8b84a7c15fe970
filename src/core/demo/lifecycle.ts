import type {
  AllocationLoadRow,
  LifecycleLoadRows,
  NeedLoadRow,
  PledgeLoadRow,
  PledgeTransitionLoadRow,
  ReceiptLineLoadRow,
  ReceiptLoadRow,
  ShipmentLineLoadRow,
  ShipmentLoadRow,
} from '../../db/repositories/demo.repository.js';
import type { Classification, TransitionCause } from '../../db/schema.js';
import { isoWeekOf } from '../reports/iso-week.js';
import { addDays, daysBetween, earliest, latest, roundToStep } from './calendar.js';
import type { Random } from './random.js';

/**
 * What happened to the demo's pledges after they were announced, as of one day: commitments,
 * accepted allocations to needs of the same item, shipments from logistics hubs to the needs'
 * regions, receipts (full, partial, some short or damaged) and things put in service — and the
 * stage quantities, statuses and history that follow from them. Every quantity is derived from the
 * rows it summarises, so the database's bounds hold by construction:
 * pledge delivered ≤ shipped ≤ allocated ≤ committed ≤ quantity, allocation delivered ≤ shipped ≤
 * quantity, need met ≤ allocated ≤ quantity, shipment line received ≤ quantity.
 */

/** Hubs on the borders through which aid enters; names of real places, traffic synthetic. */
export const HUBS = {
  north: 'Rzeszów logistics hub (PL)',
  south: 'Suceava (RO)',
  west: 'Košice (SK)',
} as const;

/** Regions served first through Suceava (south-west and the Black Sea coast) and Košice (Carpathians). */
const SOUTHERN_REGIONS: ReadonlySet<string> = new Set(['UA-51', 'UA-48', 'UA-65', 'UA-77', 'UA-05', 'UA-23']);
const WESTERN_REGIONS: ReadonlySet<string> = new Set(['UA-21', 'UA-26']);

const PRIORITY_RANK: Readonly<Record<string, number>> = { critical: 0, high: 1, medium: 2, low: 3 };
const CLASSIFICATION_RANK: Readonly<Record<Classification, number>> = {
  public: 0,
  coalition: 1,
  restricted: 2,
};
/** Groups whose items are put into service (deployed) rather than consumed. */
const DEPLOYED_GROUPS: ReadonlySet<string> = new Set(['military', 'heavy', 'energy']);

const NOTE = 'Synthetic demo data.';

export interface LifecycleItem {
  /** Smallest sensible quantity: need and pledge quantities are multiples of it. */
  readonly step: number;
  readonly group: string;
}

export interface LifecycleInput {
  readonly random: Random;
  /** The day the demo's world stands on: nothing happens after it. */
  readonly asOf: string;
  readonly needs: readonly NeedLoadRow[];
  /**
   * Pledges with their intended fate in `status`: 'cancelled' ends there, 'delivered' aims at full
   * delivery, 'committed' at progress, 'announced' mostly waits.
   */
  readonly pledges: readonly PledgeLoadRow[];
  readonly items: ReadonlyMap<string, LifecycleItem>;
  /** ISO 3166-2 code of each region id. */
  readonly regionCodes: ReadonlyMap<string, string>;
  /** Owner of the allocations: the coordination cell decides them. */
  readonly coordinationId: string;
  readonly id: (table: string, key: string, day: string) => string;
}

export interface LifecycleResult extends LifecycleLoadRows {
  readonly needs: NeedLoadRow[];
  readonly pledges: PledgeLoadRow[];
}

type Goal = 'full' | 'progress';
type Action = 'commit' | 'allocate' | 'ship' | 'deliver' | 'put_in_service' | 'cancel' | 'expire';

/** Order of actions on the same day, and the hour their history entry carries. */
const ACTION_HOUR: Readonly<Record<Action, number>> = {
  cancel: 9,
  expire: 9,
  commit: 9,
  allocate: 10,
  ship: 11,
  deliver: 12,
  put_in_service: 13,
};

interface PledgePlan {
  readonly row: PledgeLoadRow;
  readonly index: number;
  readonly item: LifecycleItem;
  end: 'cancelled' | 'expired' | null;
  endDate: string | null;
  goal: Goal | null;
  committed: number;
  commitDate: string | null;
  /** Earliest day the goods can leave: availability, and never before the commitment. */
  ready: string;
  /** How much the coordination cell will allocate. */
  toAllocate: number;
  allocations: AllocationPlan[];
  inService: number;
  inServiceDate: string | null;
}

interface NeedPlan {
  readonly row: NeedLoadRow;
  capacity: number;
  allocated: number;
  met: number;
}

interface AllocationPlan {
  readonly row: AllocationLoadRow;
  readonly pledge: PledgePlan;
  readonly need: NeedPlan;
  readonly date: string;
  shipped: number;
  delivered: number;
}

interface ShippingTask {
  readonly allocation: AllocationPlan;
  readonly quantity: number;
  readonly date: string;
}

interface LinePlan {
  readonly row: ShipmentLineLoadRow;
  readonly allocation: AllocationPlan;
  received: number;
}

interface HistoryEvent {
  readonly date: string;
  readonly action: Action;
  readonly quantity: number;
  /** The allocation, shipment or receipt behind the step (pledge_transition.cause_*). */
  readonly cause?: { readonly type: TransitionCause; readonly id: string };
}

/** A part of `quantity` on its step, strictly between 0 and all of it; null when it cannot be split. */
function partOf(random: Random, quantity: number, step: number, low: number, high: number): number | null {
  if (quantity < 2 * step) return null;
  const part = roundToStep(quantity * random.float(low, high), step);
  return Math.min(quantity - step, Math.max(step, part));
}

function stricter(a: Classification, b: Classification): Classification {
  return CLASSIFICATION_RANK[a] >= CLASSIFICATION_RANK[b] ? a : b;
}

function at(date: string, action: Action): string {
  return `${date}T${String(ACTION_HOUR[action]).padStart(2, '0')}:00:00.000Z`;
}

/** Plays the lifecycle of every pledge up to `asOf` and returns the rows it leaves behind. */
export function playLifecycle(input: LifecycleInput): LifecycleResult {
  const { random, asOf, id } = input;
  const audit = { created_by: 'demo', updated_by: 'demo' } as const;

  // Commitments -----------------------------------------------------------------------------
  const commitRandom = random.fork('commit');
  const plans: PledgePlan[] = input.pledges.map((row, index) => {
    const item = input.items.get(row.item_id);
    if (!item) throw new Error(`pledge ${row.id} names an unknown item`);
    const age = daysBetween(row.announced_on, asOf);
    const plan: PledgePlan = {
      row,
      index,
      item,
      end: null,
      endDate: null,
      goal: null,
      committed: 0,
      commitDate: null,
      ready: row.available_from ?? addDays(row.announced_on, 30),
      toAllocate: 0,
      allocations: [],
      inService: 0,
      inServiceDate: null,
    };
    const intent = row.status;
    if (intent === 'cancelled') {
      plan.end = 'cancelled';
      plan.endDate = addDays(row.announced_on, commitRandom.int(Math.min(3, age), Math.min(60, age)));
      return plan;
    }
    let goal: Goal | null = null;
    if (intent === 'delivered') goal = 'full';
    else if (intent === 'committed') goal = 'progress';
    else if (row.announced_on < '2022-10-01' && commitRandom.chance(0.3)) {
      // Promises of the summer that were never confirmed lapse after four to six months.
      plan.end = 'expired';
      plan.endDate = addDays(row.announced_on, commitRandom.int(120, 180));
      return plan;
    } else if (age > 45 && commitRandom.chance(0.45)) goal = 'progress';
    if (goal === null) return plan;
    plan.goal = goal;
    plan.commitDate = addDays(
      row.announced_on,
      commitRandom.int(0, Math.min(goal === 'full' ? 14 : 30, age)),
    );
    plan.committed =
      goal === 'full' || commitRandom.chance(0.75)
        ? row.quantity
        : (partOf(commitRandom, row.quantity, item.step, 0.4, 0.9) ?? row.quantity);
    plan.ready = latest(plan.ready, plan.commitDate);
    if (goal === 'full' || commitRandom.chance(0.85)) {
      plan.toAllocate =
        goal === 'full' || commitRandom.chance(0.75)
          ? plan.committed
          : (partOf(commitRandom, plan.committed, item.step, 0.3, 0.8) ?? plan.committed);
    }
    return plan;
  });

  // Allocations: first each pledge to the need it was made against, then the rest to the most
  // urgent needs of the same item that still have room.
  const needPlans = new Map<string, NeedPlan>(
    input.needs.map((row) => [
      row.id,
      { row, capacity: row.status === 'cancelled' ? 0 : row.quantity, allocated: 0, met: 0 },
    ]),
  );
  const needsByItem = new Map<string, NeedPlan[]>();
  for (const need of needPlans.values()) {
    const list = needsByItem.get(need.row.item_id) ?? [];
    list.push(need);
    needsByItem.set(need.row.item_id, list);
  }
  for (const list of needsByItem.values()) {
    list.sort(
      (a, b) =>
        (PRIORITY_RANK[a.row.priority] ?? 9) - (PRIORITY_RANK[b.row.priority] ?? 9) ||
        a.row.needed_by.localeCompare(b.row.needed_by) ||
        a.row.id.localeCompare(b.row.id),
    );
  }
  const allocationRandom = random.fork('allocate');
  const allocations: AllocationPlan[] = [];
  const allocate = (pledge: PledgePlan, need: NeedPlan) => {
    const left = pledge.toAllocate - pledge.allocations.reduce((sum, a) => sum + a.row.quantity, 0);
    const quantity = Math.min(left, need.capacity);
    if (quantity <= 0 || pledge.commitDate === null) return;
    const date = earliest(asOf, addDays(pledge.commitDate, allocationRandom.int(0, 14)));
    const n = allocations.length;
    const row: AllocationLoadRow = {
      id: id('allocation', String(n), date),
      pledge_id: pledge.row.id,
      need_id: need.row.id,
      quantity,
      week: isoWeekOf(pledge.row.available_from ?? pledge.row.announced_on),
      status: 'accepted',
      proposed_by: 'hand',
      shipped_quantity: 0,
      delivered_quantity: 0,
      decided_at: at(date, 'allocate'),
      decided_by: 'demo',
      proposed_on: date,
      decided_on: date,
      owner_org_id: input.coordinationId,
      classification: stricter(pledge.row.classification, need.row.classification),
      synthetic: true,
      ...audit,
    };
    const plan: AllocationPlan = { row, pledge, need, date, shipped: 0, delivered: 0 };
    need.capacity -= quantity;
    need.allocated += quantity;
    pledge.allocations.push(plan);
    allocations.push(plan);
  };
  for (const pledge of plans) {
    const own = pledge.row.need_id ? needPlans.get(pledge.row.need_id) : undefined;
    if (own && pledge.toAllocate > 0) allocate(pledge, own);
  }
  for (const pledge of plans) {
    if (pledge.toAllocate <= 0) continue;
    let extra = 0;
    for (const need of needsByItem.get(pledge.row.item_id) ?? []) {
      if (extra >= 2) break;
      if (need.capacity <= 0 || need.row.id === pledge.row.need_id) continue;
      allocate(pledge, need);
      extra++;
    }
  }

  // Shipping: each allocation leaves in one or two instalments once the goods are ready.
  const shipRandom = random.fork('ship');
  const tasks: ShippingTask[] = [];
  for (const allocation of allocations) {
    const { pledge } = allocation;
    const step = pledge.item.step;
    if (pledge.goal !== 'full' && !shipRandom.chance(0.8)) continue;
    const first = addDays(latest(pledge.ready, allocation.date), shipRandom.int(0, 7));
    if (first > asOf) continue;
    const quantity =
      pledge.goal === 'full' || shipRandom.chance(0.7)
        ? allocation.row.quantity
        : (partOf(shipRandom, allocation.row.quantity, step, 0.3, 0.8) ?? allocation.row.quantity);
    const split = shipRandom.chance(0.25) ? partOf(shipRandom, quantity, step, 0.3, 0.7) : null;
    if (split === null) {
      tasks.push({ allocation, quantity, date: first });
      continue;
    }
    tasks.push({ allocation, quantity: split, date: first });
    const second = addDays(first, shipRandom.int(10, 40));
    if (second <= asOf) tasks.push({ allocation, quantity: quantity - split, date: second });
  }

  // Consignments: a donor's goods for one recipient in one region leave a hub together when they
  // are ready within ten days of each other.
  const hubOf = new Map<string, string>();
  const hubFor = (donorId: string, regionId: string): string => {
    const key = `${donorId}/${regionId}`;
    const known = hubOf.get(key);
    if (known) return known;
    const code = input.regionCodes.get(regionId) ?? '';
    const usual = SOUTHERN_REGIONS.has(code)
      ? HUBS.south
      : WESTERN_REGIONS.has(code)
        ? HUBS.west
        : HUBS.north;
    const hub = shipRandom.chance(0.85) ? usual : shipRandom.pick(Object.values(HUBS));
    hubOf.set(key, hub);
    return hub;
  };
  const groups = new Map<string, ShippingTask[]>();
  for (const task of tasks) {
    const { pledge, need } = task.allocation;
    const hub = hubFor(pledge.row.donor_org_id, need.row.region_id);
    const key = [pledge.row.donor_org_id, hub, need.row.region_id, need.row.recipient_org_id].join('|');
    const list = groups.get(key) ?? [];
    list.push(task);
    groups.set(key, list);
  }
  const packs: { hub: string; tasks: ShippingTask[] }[] = [];
  for (const [key, list] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const hub = key.split('|')[1] as string;
    list.sort(
      (a, b) => a.date.localeCompare(b.date) || a.allocation.row.id.localeCompare(b.allocation.row.id),
    );
    let current: ShippingTask[] = [];
    for (const task of list) {
      const opened = current[0];
      if (opened && (daysBetween(opened.date, task.date) > 10 || current.length >= 6)) {
        packs.push({ hub, tasks: current });
        current = [];
      }
      current.push(task);
    }
    if (current.length > 0) packs.push({ hub, tasks: current });
  }
  packs.sort(
    (a, b) =>
      (a.tasks.at(-1)?.date ?? '').localeCompare(b.tasks.at(-1)?.date ?? '') ||
      (a.tasks[0]?.allocation.row.id ?? '').localeCompare(b.tasks[0]?.allocation.row.id ?? ''),
  );

  // Shipments, and receipts of those that arrived.
  const receiptRandom = random.fork('receive');
  const shipments: ShipmentLoadRow[] = [];
  const lines: LinePlan[] = [];
  const receipts: ReceiptLoadRow[] = [];
  const receiptLines: ReceiptLineLoadRow[] = [];
  const history = new Map<PledgePlan, HistoryEvent[]>();
  const remember = (pledge: PledgePlan, event: HistoryEvent) => {
    const list = history.get(pledge) ?? [];
    list.push(event);
    history.set(pledge, list);
  };

  for (const [n, pack] of packs.entries()) {
    const dispatchDay = pack.tasks.at(-1)?.date as string;
    const first = pack.tasks[0] as ShippingTask;
    const { pledge: firstPledge, need: firstNeed } = first.allocation;
    const preparing = daysBetween(dispatchDay, asOf) < 7 && receiptRandom.chance(0.5);
    const eta = addDays(dispatchDay, receiptRandom.int(2, 6));
    const shipmentId = id('shipment', String(n), dispatchDay);
    const classification = pack.tasks
      .map((t) => t.allocation.row.classification)
      .reduce(stricter, 'coalition' as Classification);
    const arrivedAt = !preparing && eta <= asOf ? addDays(eta, receiptRandom.int(0, 3)) : null;
    const received = arrivedAt !== null && arrivedAt <= asOf && receiptRandom.chance(0.92) ? arrivedAt : null;
    const packLines = pack.tasks.map((task, index): LinePlan => {
      const { allocation } = task;
      const row: ShipmentLineLoadRow = {
        id: id('shipment_line', `${n}/${index}`, dispatchDay),
        shipment_id: shipmentId,
        allocation_id: allocation.row.id,
        pledge_id: allocation.pledge.row.id,
        need_id: allocation.need.row.id,
        item_id: allocation.pledge.row.item_id,
        quantity: task.quantity,
        received_quantity: 0,
      };
      return { row, allocation, received: 0 };
    });
    lines.push(...packLines);
    if (!preparing) {
      const shippedByPledge = new Map<PledgePlan, number>();
      for (const line of packLines) {
        line.allocation.shipped += line.row.quantity;
        shippedByPledge.set(
          line.allocation.pledge,
          (shippedByPledge.get(line.allocation.pledge) ?? 0) + line.row.quantity,
        );
      }
      for (const [pledge, quantity] of shippedByPledge)
        remember(pledge, {
          date: dispatchDay,
          action: 'ship',
          quantity,
          cause: { type: 'shipment', id: shipmentId },
        });
    }

    let status = preparing ? 'preparing' : 'in_transit';
    if (received !== null) {
      const mode = receiptRandom.weighted(
        [
          ['full', 0.5],
          ['partial', 0.38],
          ['short', 0.12],
        ] as const,
        ([, weight]) => weight,
      )[0];
      const firstReceipt: { line: LinePlan; quantity: number; reason: string | null }[] = [];
      for (const line of packLines) {
        const step = line.allocation.pledge.item.step;
        const q = line.row.quantity;
        if (line.allocation.pledge.goal === 'full' || mode === 'full') {
          firstReceipt.push({ line, quantity: q, reason: null });
        } else if (mode === 'partial') {
          firstReceipt.push({ line, quantity: partOf(receiptRandom, q, step, 0.3, 0.85) ?? q, reason: null });
        } else {
          const lost = Math.min(q, Math.max(step, roundToStep(q * receiptRandom.float(0.05, 0.25), step)));
          firstReceipt.push({
            line,
            quantity: q - lost,
            reason: receiptRandom.chance(0.5) ? 'damaged' : 'short',
          });
        }
      }
      const second =
        mode === 'partial' && receiptRandom.chance(0.5) ? addDays(received, receiptRandom.int(5, 25)) : null;
      const rounds: { date: string; parts: typeof firstReceipt }[] = [
        { date: received, parts: firstReceipt },
      ];
      if (second !== null && second <= asOf) {
        rounds.push({
          date: second,
          parts: firstReceipt
            .filter((part) => part.quantity < part.line.row.quantity)
            .map((part) => ({
              line: part.line,
              quantity: part.line.row.quantity - part.quantity,
              reason: null,
            })),
        });
      }
      for (const [round, { date, parts }] of rounds.entries()) {
        if (parts.length === 0) continue;
        const receiptId = id('receipt', `${n}/${round}`, date);
        receipts.push({
          id: receiptId,
          shipment_id: shipmentId,
          received_on: date,
          received_by_org_id: firstNeed.row.recipient_org_id,
          note: round === 0 ? NOTE : `${NOTE} The rest of the consignment.`,
          owner_org_id: firstNeed.row.recipient_org_id,
          classification,
          synthetic: true,
          ...audit,
        });
        const deliveredByPledge = new Map<PledgePlan, number>();
        for (const [index, part] of parts.entries()) {
          receiptLines.push({
            id: id('receipt_line', `${n}/${round}/${index}`, date),
            receipt_id: receiptId,
            shipment_line_id: part.line.row.id,
            quantity: part.quantity,
            discrepancy_reason: part.reason,
            note: part.reason ? `${NOTE} Received ${part.quantity} of ${part.line.row.quantity}.` : null,
          });
          part.line.received += part.quantity;
          part.line.allocation.delivered += part.quantity;
          const pledge = part.line.allocation.pledge;
          if (part.quantity > 0)
            deliveredByPledge.set(pledge, (deliveredByPledge.get(pledge) ?? 0) + part.quantity);
        }
        for (const [pledge, quantity] of deliveredByPledge)
          remember(pledge, { date, action: 'deliver', quantity, cause: { type: 'receipt', id: receiptId } });
      }
      const complete = packLines.every((line) => line.received === line.row.quantity);
      // A consignment short of damaged or missing goods is closed as received; otherwise the rest is awaited.
      status = complete || mode === 'short' ? 'received' : 'arrived';
    }
    shipments.push({
      id: shipmentId,
      reference: `SYN-${dispatchDay.replaceAll('-', '')}-${String(n + 1).padStart(4, '0')}`,
      origin_hub: pack.hub,
      destination_region_id: firstNeed.row.region_id,
      dispatched_on: preparing ? null : dispatchDay,
      eta,
      status,
      owner_org_id: firstPledge.row.donor_org_id,
      classification,
      synthetic: true,
      ...audit,
    });
  }

  // Deployed items are put in service some days after they arrive.
  const serviceRandom = random.fork('in-service');
  for (const pledge of plans) {
    const events = history.get(pledge) ?? [];
    const delivered = events.filter((e) => e.action === 'deliver');
    const total = delivered.reduce((sum, e) => sum + e.quantity, 0);
    if (total <= 0 || !DEPLOYED_GROUPS.has(pledge.item.group) || !serviceRandom.chance(0.4)) continue;
    const lastDay = delivered
      .map((e) => e.date)
      .sort()
      .at(-1) as string;
    const day = addDays(lastDay, serviceRandom.int(3, 21));
    if (day > asOf) continue;
    pledge.inService = total;
    pledge.inServiceDate = day;
  }

  // Stage quantities, statuses and history --------------------------------------------------
  const transitions: PledgeTransitionLoadRow[] = [];
  const pledges = plans.map((pledge): PledgeLoadRow => {
    const allocated = pledge.allocations.reduce((sum, a) => sum + a.row.quantity, 0);
    const shipped = pledge.allocations.reduce((sum, a) => sum + a.shipped, 0);
    const delivered = pledge.allocations.reduce((sum, a) => sum + a.delivered, 0);
    const events: HistoryEvent[] = [];
    if (pledge.end !== null && pledge.endDate !== null) {
      events.push({
        date: pledge.endDate,
        action: pledge.end === 'cancelled' ? 'cancel' : 'expire',
        quantity: pledge.row.quantity,
      });
    }
    if (pledge.commitDate !== null)
      events.push({ date: pledge.commitDate, action: 'commit', quantity: pledge.committed });
    for (const allocation of pledge.allocations) {
      events.push({
        date: allocation.date,
        action: 'allocate',
        quantity: allocation.row.quantity,
        cause: { type: 'allocation', id: allocation.row.id },
      });
    }
    events.push(...(history.get(pledge) ?? []));
    if (pledge.inServiceDate !== null) {
      events.push({ date: pledge.inServiceDate, action: 'put_in_service', quantity: pledge.inService });
    }
    events.sort((a, b) => a.date.localeCompare(b.date) || ACTION_HOUR[a.action] - ACTION_HOUR[b.action]);
    const stages = { committed: 0, allocated: 0, shipped: 0, delivered: 0, in_service: 0 };
    let status = 'announced';
    for (const [k, event] of events.entries()) {
      const from = status;
      if (event.action === 'cancel') status = 'cancelled';
      else if (event.action === 'expire') status = 'expired';
      else {
        const stage = (
          {
            commit: 'committed',
            allocate: 'allocated',
            ship: 'shipped',
            deliver: 'delivered',
            put_in_service: 'in_service',
          } as const
        )[event.action];
        stages[stage] += event.quantity;
        status = furthestStage(stages);
      }
      transitions.push({
        id: id('pledge_transition', `${pledge.index}/${k}`, event.date),
        pledge_id: pledge.row.id,
        action: event.action,
        quantity: event.quantity,
        from_status: from,
        to_status: status,
        source_id: null,
        note: NOTE,
        cause_type: event.cause?.type ?? null,
        cause_id: event.cause?.id ?? null,
        at: at(event.date, event.action),
        effective_on: event.date,
        actor: 'demo',
      });
    }
    return {
      ...pledge.row,
      status:
        pledge.end ??
        furthestStage({
          committed: pledge.committed,
          allocated,
          shipped,
          delivered,
          in_service: pledge.inService,
        }),
      committed_quantity: pledge.committed,
      allocated_quantity: allocated,
      shipped_quantity: shipped,
      delivered_quantity: delivered,
      in_service_quantity: pledge.inService,
    };
  });

  for (const allocation of allocations) allocation.need.met += allocation.delivered;
  const needs = input.needs.map((row): NeedLoadRow => {
    const need = needPlans.get(row.id) as NeedPlan;
    const status =
      row.status === 'cancelled'
        ? 'cancelled'
        : need.met >= row.quantity
          ? 'met'
          : need.met > 0
            ? 'partially_met'
            : 'open';
    return { ...row, status, allocated_quantity: need.allocated, met_quantity: need.met };
  });

  return {
    needs,
    pledges,
    allocations: allocations.map((a) => ({
      ...a.row,
      shipped_quantity: a.shipped,
      delivered_quantity: a.delivered,
    })),
    shipments,
    shipment_lines: lines.map((line) => ({ ...line.row, received_quantity: line.received })),
    receipts,
    receipt_lines: receiptLines,
    pledge_transitions: transitions,
  };
}

/** The furthest stage holding a quantity, or announced. */
function furthestStage(stages: {
  committed: number;
  allocated: number;
  shipped: number;
  delivered: number;
  in_service: number;
}): string {
  if (stages.in_service > 0) return 'in_service';
  if (stages.delivered > 0) return 'delivered';
  if (stages.shipped > 0) return 'shipped';
  if (stages.allocated > 0) return 'allocated';
  if (stages.committed > 0) return 'committed';
  return 'announced';
}
