import { sql } from 'kysely';
import type { Executor } from '../../db/repositories/record.repository.js';
import { type Reader, visibilityCondition } from '../auth/visibility.js';
import { Decimal } from '../money/decimal.js';
import { MAX_RATE_AGE_DAYS } from '../money/valuation.service.js';
import type { Funding } from './repair.schema.js';

/**
 * Money for repair projects in EUR (docs/grid-repair.md, "Funding gap"), from the money pledges and
 * fund allocations the reader may see: each valued at the rate of its own day (announced_on,
 * allocated_on) or the latest before it within 31 days, as in-kind pledges are (src/core/money);
 * one without a usable rate is left out and counted in `unvalued`.
 */

export interface MoneyRow {
  readonly project_id: string;
  readonly source: 'pledge' | 'allocation';
  readonly status: string;
  readonly amount: string;
  readonly committed_amount: string;
  readonly disbursed_amount: string;
  readonly rate: string | null;
  readonly day: string;
  readonly donor_org_id: string;
}

/** Money pledged (directly) and allocated (by funds) to the projects, as the reader sees it. */
export async function findProjectMoney(
  db: Executor,
  projectIds: readonly string[],
  reader: Reader | null,
): Promise<MoneyRow[]> {
  if (projectIds.length === 0) return [];
  const ids = sql`ARRAY[${sql.join(projectIds.map((id) => sql`${id}::uuid`))}]`;
  const rate = (
    currency: string,
    day: string,
  ) => sql`CASE WHEN ${sql.ref(currency)} = 'EUR' THEN 1::numeric ELSE (
      SELECT f.eur_per_unit FROM fx_rate f WHERE f.currency = ${sql.ref(currency)}
         AND f.rate_on <= ${sql.ref(day)} AND f.rate_on >= ${sql.ref(day)} - ${MAX_RATE_AGE_DAYS}::integer
       ORDER BY f.rate_on DESC LIMIT 1) END`;
  const result = await sql<MoneyRow>`
    SELECT mp.repair_project_id AS project_id, 'pledge' AS source, mp.status, mp.amount::text AS amount,
           mp.committed_amount::text AS committed_amount, mp.disbursed_amount::text AS disbursed_amount,
           (${rate('mp.currency', 'mp.announced_on')})::text AS rate, mp.announced_on::text AS day,
           mp.donor_org_id
      FROM money_pledge mp
     WHERE mp.repair_project_id = ANY (${ids}) AND mp.status <> 'cancelled'
       AND ${visibilityCondition('money_pledge', reader, 'mp')}
    UNION ALL
    SELECT fa.repair_project_id, 'allocation', 'allocated', fa.amount::text, fa.amount::text, fa.amount::text,
           (${rate('fa.currency', 'fa.allocated_on')})::text, fa.allocated_on::text, fa.fund_org_id
      FROM fund_allocation fa
     WHERE fa.repair_project_id = ANY (${ids})
       AND ${visibilityCondition('fund_allocation', reader, 'fa')}
     ORDER BY 1, 2, 8`.execute(db);
  return result.rows;
}

export function eurOf(amount: string, rate: string): Decimal {
  return Decimal.parse(amount).multiplyRounded(Decimal.parse(rate), 2);
}

/** The funding of one project from its cost and its money rows (pure). */
export function fundingOf(costEur: string, rows: readonly MoneyRow[]): Funding {
  let announced = Decimal.ZERO;
  let committed = Decimal.ZERO;
  let disbursed = Decimal.ZERO;
  let allocated = Decimal.ZERO;
  let unvalued = 0;
  for (const row of rows) {
    if (row.rate === null) {
      unvalued += 1;
      continue;
    }
    if (row.source === 'allocation') {
      allocated = allocated.add(eurOf(row.amount, row.rate));
      continue;
    }
    announced = announced.add(eurOf(row.amount, row.rate));
    committed = committed.add(eurOf(row.committed_amount, row.rate));
    disbursed = disbursed.add(eurOf(row.disbursed_amount, row.rate));
  }
  const cost = Decimal.parse(costEur);
  const funded = committed.add(allocated);
  const gap = cost.subtract(funded);
  return {
    cost_eur: cost.toFixed(2),
    announced_eur: announced.toFixed(2),
    committed_eur: committed.toFixed(2),
    disbursed_eur: disbursed.toFixed(2),
    fund_allocated_eur: allocated.toFixed(2),
    funded_eur: funded.toFixed(2),
    gap_eur: gap.isNegative() ? '0.00' : gap.toFixed(2),
    unvalued,
  };
}
