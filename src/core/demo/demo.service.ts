import type { Kysely } from 'kysely';
import { loadWithUpkeepDeferred } from '../../db/repositories/aggregate.repository.js';
import { setDataSetAsOf } from '../../db/repositories/data-set.repository.js';
import {
  analyzeAfterBulkLoad,
  countRecords,
  insertCapacityScenario,
  insertScenario,
  insertStrikeScenario,
  type LoadCounts,
  lockDemoLoad,
  type RecordCounts,
} from '../../db/repositories/demo.repository.js';
import type { Database } from '../../db/schema.js';
import { createAggregateService } from '../aggregates/aggregate.service.js';
import { systemActor } from '../auth/actor.js';
import { type DemoAccount, insertDemoAccounts, prepareDemoAccounts } from '../auth/demo-accounts.js';
import { Conflict } from '../errors.js';
import { demoFxRates } from '../money/demo-fx-rates.js';
import { storeFxRates } from '../money/fx.service.js';
import { revaluePledges } from '../money/valuation.service.js';
import { buildCapacityScenario, CAPACITY_AS_OF } from './capacity-2023.scenario.js';
import { buildGridScenario, insertGridScenario, withReserveDeliveries } from './grid-2022.scenario.js';
import { buildLogisticsScenario, insertLogisticsScenario } from './logistics.scenario.js';
import { buildStrikeScenario, STRIKES_AS_OF } from './strikes-2022.scenario.js';

/**
 * The demo's data is as of the eve of its winter (the strike waves of Oct–Nov 2022 are known, the
 * frost is coming); its story — commitments, shipments, receipts — runs on to spring 2023.
 */
export const DEMO_DATA_AS_OF = STRIKES_AS_OF;

import { buildWinterScenario, DEFAULT_DEMO_SEED } from './winter-2022.scenario.js';

export interface DemoLoadOptions {
  /** Load even if the database already holds organisations, needs or pledges. */
  readonly force?: boolean;
}

export interface DemoLoadResult {
  readonly scenario: 'winter-2022-23';
  readonly seed: number;
  /** The day the data set is as of from now on (DEMO_DATA_AS_OF): what "now" means for its defaults. */
  readonly data_as_of: string;
  /** Rows inserted per table. */
  readonly counts: LoadCounts;
  /** The strike waves of Oct–Nov 2022: rows inserted per table (needs: derived ones). */
  readonly strikes: Awaited<ReturnType<typeof insertStrikeScenario>> & { readonly as_of: string };
  /** Production lines, materials, input edges, consumption profiles and forward 155 mm needs: rows per table. */
  readonly capacity: Awaited<ReturnType<typeof insertCapacityScenario>> & { readonly as_of: string };
  /** Hubs, synthetic lead times, pledges staged at hubs and bundles, for the planner: rows per table. */
  readonly logistics: Awaited<ReturnType<typeof insertLogisticsScenario>>;
  /** Grid assets, repair projects, money pledges and fund allocations (docs/grid-repair.md): rows per table. */
  readonly grid: Awaited<ReturnType<typeof insertGridScenario>>;
  /** Synthetic monthly exchange rates to EUR loaded for the demo period. */
  readonly fx_rates: number;
  /** Pledges given an EUR valuation (donor-reported or price-list) after the load. */
  readonly pledges_valued: number;
  /** One account per role, `<role>@demo.aidgrid.test`, with its password in clear to print once. */
  readonly accounts: readonly DemoAccount[];
  /** Time to build and insert the scenario, in milliseconds. */
  readonly elapsed_ms: number;
}

export type DemoService = ReturnType<typeof createDemoService>;

function holdsData(counts: RecordCounts): boolean {
  return counts.organisations > 0 || counts.needs > 0 || counts.pledges > 0;
}

/** Loads the synthetic demo scenario "winter 2022–23", by default only into an empty database. */
export function createDemoService(deps: {
  db: Kysely<Database>;
  now?: () => number;
  /** The password of every demo account; by default each gets a random one. */
  demoPassword?: string | undefined;
}) {
  const { db, now = () => performance.now() } = deps;

  return {
    /** True when the database holds no organisation, need or pledge. */
    async isEmpty(): Promise<boolean> {
      return !holdsData(await countRecords(db));
    },

    /**
     * Builds the scenario and inserts it in one transaction with the demo's exchange rates, then
     * values every pledge in EUR; all of it or nothing.
     */
    async load(options: DemoLoadOptions = {}): Promise<DemoLoadResult> {
      const started = now();
      // Pure work first, so that the transaction stays short.
      const scenario = buildWinterScenario(DEFAULT_DEMO_SEED);
      const built = buildStrikeScenario(scenario, DEFAULT_DEMO_SEED);
      const capacity = buildCapacityScenario(scenario, DEFAULT_DEMO_SEED);
      const logistics = buildLogisticsScenario(scenario, built, capacity, DEFAULT_DEMO_SEED);
      const grid = buildGridScenario(scenario, built, DEFAULT_DEMO_SEED);
      // The strikes' needs carry what the winter's transformer deliveries allocated and met.
      const strikes = withReserveDeliveries(built, grid);
      const demoAccounts = await prepareDemoAccounts(deps.demoPassword);
      const loaded = await db.transaction().execute(async (trx) => {
        // Two processes starting on the same empty database must not both load it.
        await lockDemoLoad(trx);
        const existing = await countRecords(trx);
        if (!options.force && holdsData(existing)) {
          throw Conflict(
            'demo_not_empty',
            `the database already holds data (${existing.organisations} organisations, ${existing.needs} needs, ${existing.pledges} pledges); the demo loads only into an empty database unless forced`,
          );
        }
        // ~17,000 statements: the aggregate cells are built once at the end instead of after each.
        return loadWithUpkeepDeferred(trx, async () => {
          const counts = await insertScenario(trx, scenario, scenario);
          const strikeCounts = await insertStrikeScenario(trx, strikes);
          const capacityCounts = await insertCapacityScenario(trx, capacity);
          const logisticsCounts = await insertLogisticsScenario(trx, logistics);
          const gridCounts = await insertGridScenario(trx, grid);
          const fx = await storeFxRates(trx, demoFxRates(), systemActor('demo'));
          const valued = await revaluePledges(trx, 'all');
          const accounts = await insertDemoAccounts(trx, demoAccounts);
          await setDataSetAsOf(trx, DEMO_DATA_AS_OF);
          return {
            counts,
            strikeCounts,
            capacityCounts,
            logisticsCounts,
            gridCounts,
            fxRates: fx.rates,
            valued,
            accounts,
          };
        });
      });
      await analyzeAfterBulkLoad(db);
      // The cells were rebuilt from the rows at the end of the load; a difference is a bug, said loudly.
      const cells = await createAggregateService({ db }).verify();
      if (!cells.ok) throw new Error(`the demo loaded, but ${cells.summary}`);
      return {
        scenario: 'winter-2022-23',
        seed: DEFAULT_DEMO_SEED,
        data_as_of: DEMO_DATA_AS_OF,
        counts: loaded.counts,
        strikes: { ...loaded.strikeCounts, as_of: STRIKES_AS_OF },
        capacity: { ...loaded.capacityCounts, as_of: CAPACITY_AS_OF },
        logistics: loaded.logisticsCounts,
        grid: loaded.gridCounts,
        fx_rates: loaded.fxRates,
        pledges_valued: loaded.valued,
        accounts: loaded.accounts,
        elapsed_ms: Math.round(now() - started),
      };
    },
  };
}
