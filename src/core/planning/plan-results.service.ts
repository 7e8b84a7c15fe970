import type { Kysely } from 'kysely';
import {
  listItemShadowPrices,
  listPlanAllocations,
  listPlanLotResults,
  listPlanNeedResults,
  type PlanAllocationRow,
  type PlanLotResultRow,
  type PlanNeedResultRow,
  type PlanRunRow,
} from '../../db/repositories/planning.repository.js';
import type { Database } from '../../db/schema.js';
import { weekAt } from '../../planning/model/snapshot.js';
import type { SendNextItem } from '../../planning/send-next.js';
import { Conflict } from '../errors.js';
import { isId, nameIdsInTexts, needNames } from '../shared/resolve.js';
import type { ItemShadowPrices, LotResult, NeedResult, PlanAllocation, ResultQuery } from './plan.schema.js';
import { decodeCursor, encodeCursor, isNumber, isString, num, type Page, qty } from './plan-run.view.js';
import type { PlanRuns } from './plan-runs.service.js';

type Db = Kysely<Database>;

/** EUR amounts to the cent. */
const eur = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** A succeeded run the current reader may see (its results exist only then). */
export async function requireResultRun(runs: Pick<PlanRuns, 'requireRun'>, id: string): Promise<PlanRunRow> {
  const row = await runs.requireRun(id);
  if (row.status !== 'succeeded') {
    throw Conflict(
      'plan_not_finished',
      `plan run ${id} is ${row.status}; results exist only for a succeeded run`,
    );
  }
  return row;
}

export function needResultOf(row: PlanNeedResultRow, startWeek: string): NeedResult {
  return {
    need_key: row.need_key,
    need_id: row.need_id,
    item_id: row.item_id,
    region_id: row.region_id,
    recipient_org_id: row.recipient_org_id,
    priority_weight: Number(row.priority_weight),
    due_week: row.due_week,
    due: weekAt(startWeek, row.due_week),
    quantity: Number(row.quantity),
    allocated: Number(row.allocated),
    unmet: Number(row.unmet),
    late_quantity: Number(row.late_quantity),
    reason: row.reason as NeedResult['reason'],
    binding_dual: num(row.binding_dual),
    explanation: row.explanation as NeedResult['explanation'],
  };
}

function allocationOf(row: PlanAllocationRow, startWeek: string): PlanAllocation {
  return {
    seq: row.seq,
    lot_id: row.lot_id,
    lot_kind: row.lot_kind as PlanAllocation['lot_kind'],
    pledge_id: row.pledge_id,
    need_key: row.need_key,
    need_id: row.need_id,
    item_id: row.item_id,
    quantity: Number(row.quantity),
    arrival_week: row.arrival_week,
    arrival: weekAt(startWeek, row.arrival_week),
    lateness: row.lateness,
    unit_cost: Number(row.unit_cost),
  };
}

function lotResultOf(row: PlanLotResultRow, destinations: PlanAllocationRow[]): LotResult {
  return {
    lot_id: row.lot_id,
    lot_kind: row.lot_kind as LotResult['lot_kind'],
    pledge_id: row.pledge_id,
    production_line_id: row.production_line_id,
    item_id: row.item_id,
    hub: row.hub_code,
    available_week: row.available_week,
    quantity: Number(row.quantity),
    used: Number(row.used),
    dual: Number(row.dual),
    destinations: destinations.map((a) => ({
      need_key: a.need_key,
      quantity: Number(a.quantity),
      arrival_week: a.arrival_week,
      lateness: a.lateness,
    })),
  };
}

export type PlanResults = ReturnType<typeof createPlanResultService>;

/**
 * A run's results and explanations: per need, per lot, per allocation, and per item what one more
 * unit would be worth. Readable by whoever may read the run, i.e. may see every row it read.
 */
export function createPlanResultService(deps: {
  readonly db: Db;
  readonly runs: Pick<PlanRuns, 'requireRun'>;
}) {
  const { db, runs } = deps;
  const resultRun = (id: string) => requireResultRun(runs, id);
  return {
    async needs(id: string, query: ResultQuery): Promise<Page<NeedResult>> {
      const run = await resultRun(id);
      const limit = query.limit ?? 50;
      const rows = await listPlanNeedResults(db, id, {
        ...query,
        after: decodeCursor(query.cursor, isString),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit).map((row) => needResultOf(row, run.start_week));
      // The stored explanation names pledges and needs by key; people read them by name (issue 16).
      const [texts, takers] = await Promise.all([
        nameIdsInTexts(
          db,
          page.map((result) => result.explanation.text),
        ),
        needNames(
          db,
          page.flatMap((result) => result.explanation.taken_by.filter(isId)),
        ),
      ]);
      return {
        items: page.map((result, at) => ({
          ...result,
          explanation: {
            ...result.explanation,
            text: texts[at] ?? result.explanation.text,
            taken_by_names: result.explanation.taken_by.map((key) => takers.get(key) ?? key),
          },
        })),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]?.need_key) : null,
      };
    },

    async lots(id: string, query: ResultQuery): Promise<Page<LotResult>> {
      await resultRun(id);
      const limit = query.limit ?? 50;
      const rows = await listPlanLotResults(db, id, {
        item_id: query.item_id,
        after: decodeCursor(query.cursor, isString),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const flows = await listPlanAllocations(db, id, { item_id: query.item_id });
      const byLot = new Map<string, PlanAllocationRow[]>();
      const wanted = new Set(page.map((r) => r.lot_id));
      for (const flow of flows) {
        if (!wanted.has(flow.lot_id)) continue;
        const list = byLot.get(flow.lot_id) ?? [];
        list.push(flow);
        byLot.set(flow.lot_id, list);
      }
      return {
        items: page.map((row) => lotResultOf(row, byLot.get(row.lot_id) ?? [])),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]?.lot_id) : null,
      };
    },

    /**
     * What donors should send next (src/planning/send-next.ts, stored with the run): per item, unmet
     * and late quantity by priority in the item's unit, EUR values, what one more lot would change,
     * ranked by critical unmet value in EUR; the dual stays beside it as shadow_price.
     */
    async items(id: string): Promise<ItemShadowPrices> {
      const run = await resultRun(id);
      const rows = await listItemShadowPrices(db, id);
      const ranked = (run.send_next ?? []) as SendNextItem[];
      const rank = new Map(ranked.map((entry, at) => [entry.itemId, at]));
      const byId = new Map(ranked.map((entry) => [entry.itemId, entry]));
      return {
        items: rows
          .map((row) => {
            const next = byId.get(row.id);
            return {
              item_id: row.id,
              code: row.code,
              name: row.name,
              unit: row.unit,
              unit_price_eur: next?.unitPriceEur ?? null,
              critical_unmet: qty(next?.criticalUnmet ?? 0),
              critical_unmet_value_eur: eur(next?.criticalUnmetValueEur ?? null),
              unmet: Number(row.unmet),
              unmet_value_eur: eur(next?.unmetValueEur ?? null),
              late: qty(next?.late ?? 0),
              by_priority: (next?.byPriority ?? []).map((p) => ({
                priority: p.priority,
                unmet: qty(p.unmet),
                late: qty(p.late),
                late_weeks: qty(p.lateWeeks),
                unmet_value_eur: eur(p.unmetValueEur),
              })),
              one_more_lot: (next?.oneMoreLot ?? []).map((e) => ({
                week: e.week,
                arrival: weekAt(run.start_week, e.week),
                quantity: qty(e.quantity),
                served_quantity: qty(e.servedQuantity),
                served: e.served.map((s) => ({ priority: s.priority, quantity: qty(s.quantity) })),
                late_weeks_saved: qty(e.lateWeeksSaved),
                served_value_eur: eur(e.servedValueEur),
              })),
              shadow_price: Number(row.shadow_price ?? 0),
              unmet_weighted: Number(row.unmet_weighted),
            };
          })
          .filter((row) => row.shadow_price > 0 || row.unmet > 0 || row.late > 0)
          .sort(
            (a, b) =>
              (rank.get(a.item_id) ?? Number.MAX_SAFE_INTEGER) -
                (rank.get(b.item_id) ?? Number.MAX_SAFE_INTEGER) ||
              b.shadow_price - a.shadow_price ||
              (a.code < b.code ? -1 : 1),
          ),
      };
    },

    async allocations(id: string, query: ResultQuery): Promise<Page<PlanAllocation>> {
      const run = await resultRun(id);
      const limit = query.limit ?? 50;
      const rows = await listPlanAllocations(db, id, {
        item_id: query.item_id,
        need_id: query.need_id,
        afterSeq: decodeCursor(query.cursor, isNumber),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => allocationOf(row, run.start_week)),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]?.seq) : null,
      };
    },
  };
}
