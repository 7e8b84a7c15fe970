import { sql } from 'kysely';
import type { Executor } from '../../db/repositories/record.repository.js';
import { type Reader, visibilityCondition } from '../auth/visibility.js';
import { Decimal } from '../money/decimal.js';
import { MAX_RATE_AGE_DAYS } from '../money/valuation.service.js';
import { eurOf } from '../repairs/funding.js';

/** Money pledged by one donor, in EUR: the donor report's money beside its in-kind funnel (never a quantity). */
export interface DonorMoney {
  readonly donor_org_id: string;
  readonly name: string;
  readonly pledge_count: number;
  readonly announced_eur: string;
  readonly committed_eur: string;
  readonly disbursed_eur: string;
  /** Pledges without an FX rate within 31 days of their announcement (left out of the EUR figures). */
  readonly unvalued_count: number;
}

/**
 * Money pledges per donor as the reader sees them (cancelled ones left out of the amounts, counted in
 * pledge_count), each valued at the rate of its announcement day; largest announced EUR first.
 */
export async function moneyByDonor(db: Executor, reader: Reader | null): Promise<DonorMoney[]> {
  const rows = await sql<{
    donor_org_id: string;
    name: string;
    status: string;
    amount: string;
    committed_amount: string;
    disbursed_amount: string;
    rate: string | null;
  }>`
    SELECT mp.donor_org_id, o.name, mp.status, mp.amount::text AS amount,
           mp.committed_amount::text AS committed_amount, mp.disbursed_amount::text AS disbursed_amount,
           (CASE WHEN mp.currency = 'EUR' THEN 1::numeric ELSE (
              SELECT f.eur_per_unit FROM fx_rate f WHERE f.currency = mp.currency AND f.rate_on <= mp.announced_on
                 AND f.rate_on >= mp.announced_on - ${MAX_RATE_AGE_DAYS}::integer ORDER BY f.rate_on DESC LIMIT 1) END)::text AS rate
      FROM money_pledge mp JOIN organisation o ON o.id = mp.donor_org_id
     WHERE ${visibilityCondition('money_pledge', reader, 'mp')}
     ORDER BY mp.donor_org_id, mp.id`.execute(db);
  const donors = new Map<
    string,
    { name: string; count: number; a: Decimal; c: Decimal; d: Decimal; unvalued: number }
  >();
  for (const row of rows.rows) {
    const d = donors.get(row.donor_org_id) ?? {
      name: row.name,
      count: 0,
      a: Decimal.ZERO,
      c: Decimal.ZERO,
      d: Decimal.ZERO,
      unvalued: 0,
    };
    d.count += 1;
    if (row.status !== 'cancelled') {
      if (row.rate === null) d.unvalued += 1;
      else {
        d.a = d.a.add(eurOf(row.amount, row.rate));
        d.c = d.c.add(eurOf(row.committed_amount, row.rate));
        d.d = d.d.add(eurOf(row.disbursed_amount, row.rate));
      }
    }
    donors.set(row.donor_org_id, d);
  }
  return [...donors.entries()]
    .map(([donor_org_id, d]) => ({
      donor_org_id,
      name: d.name,
      pledge_count: d.count,
      announced_eur: d.a.toFixed(2),
      committed_eur: d.c.toFixed(2),
      disbursed_eur: d.d.toFixed(2),
      unvalued_count: d.unvalued,
      sort: d.a,
    }))
    .sort((x, y) => y.sort.compare(x.sort) || x.name.localeCompare(y.name))
    .map(({ sort: _sort, ...rest }) => rest);
}
