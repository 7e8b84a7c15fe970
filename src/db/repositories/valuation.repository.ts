import { type RawBuilder, sql } from 'kysely';
import { type Reader, withVisibleTables } from '../../core/auth/visibility.js';
import type { Executor } from './record.repository.js';

/** Which pledges to value: some by id, those touching some currencies or items, or all. */
export type ValuationScope =
  | { readonly ids: readonly string[] }
  | { readonly currencies: readonly string[] }
  | { readonly itemIds: readonly string[] }
  | 'all';

/**
 * The rate of `currency` applying to `day`: that day's, or the latest before it, at most
 * `maxAgeDays` earlier; never a later one. `currency` and `day` are SQL expressions of the outer row.
 * Also used by imports, which value the pledges they create in the INSERT itself.
 */
export function rateOf(currency: RawBuilder<unknown>, day: RawBuilder<unknown>, maxAgeDays: number) {
  return sql`LATERAL (
    SELECT f.eur_per_unit, f.rate_on FROM fx_rate f
    WHERE f.currency = ${currency} AND f.rate_on <= ${day} AND f.rate_on >= ${day} - ${maxAgeDays}::integer
    ORDER BY f.rate_on DESC
    LIMIT 1
  )`;
}

function isEmpty(scope: ValuationScope): boolean {
  if (scope === 'all') return false;
  if ('ids' in scope) return scope.ids.length === 0;
  if ('itemIds' in scope) return scope.itemIds.length === 0;
  return scope.currencies.length === 0;
}

function scopeCondition(scope: ValuationScope) {
  if (scope === 'all') return sql`true`;
  if ('ids' in scope) return sql`q.id = ANY(${[...scope.ids]}::uuid[])`;
  if ('itemIds' in scope) return sql`q.item_id = ANY(${[...scope.itemIds]}::uuid[])`;
  const currencies = [...scope.currencies];
  return sql`(q.value_currency = ANY(${currencies}::text[]) OR i.reference_price_currency = ANY(${currencies}::text[]))`;
}

/**
 * Recomputes the EUR valuations of the pledges in scope, in one statement:
 * - value_eur = round(value_amount × rate, 2), with the rate and its day (EUR: rate 1 on the
 *   announcement day; no value: all null; no usable rate: value_eur null, the rest null too);
 * - price_list_eur = round(quantity × item reference price × rate of its currency, 2) (null
 *   without a reference price or without a usable rate).
 * The pledges are locked in id order (FOR UPDATE), so a concurrent pledge change is valued on its
 * new figures and two revaluations cannot deadlock. Answers the number of pledges updated.
 */
export async function updatePledgeValuations(
  db: Executor,
  scope: ValuationScope,
  maxAgeDays: number,
): Promise<number> {
  if (isEmpty(scope)) return 0;
  const result = await sql`
    UPDATE pledge AS p SET
      value_eur = v.value_eur,
      value_fx_rate = v.value_fx_rate,
      value_fx_rate_on = v.value_fx_rate_on,
      price_list_eur = v.price_list_eur
    FROM (
      SELECT q.id,
        CASE WHEN q.value_amount IS NULL THEN NULL
             WHEN q.value_currency = 'EUR' THEN q.value_amount
             ELSE round(q.value_amount * vr.eur_per_unit, 2) END AS value_eur,
        CASE WHEN q.value_amount IS NULL THEN NULL
             WHEN q.value_currency = 'EUR' THEN 1
             ELSE vr.eur_per_unit END AS value_fx_rate,
        CASE WHEN q.value_amount IS NULL THEN NULL
             WHEN q.value_currency = 'EUR' THEN q.announced_on
             ELSE vr.rate_on END AS value_fx_rate_on,
        CASE WHEN i.reference_price_amount IS NULL THEN NULL
             WHEN i.reference_price_currency = 'EUR' THEN round(q.quantity * i.reference_price_amount, 2)
             ELSE round(q.quantity * i.reference_price_amount * pr.eur_per_unit, 2) END AS price_list_eur
      FROM pledge q
      JOIN item i ON i.id = q.item_id
      LEFT JOIN ${rateOf(sql`q.value_currency`, sql`q.announced_on`, maxAgeDays)} vr ON true
      LEFT JOIN ${rateOf(sql`i.reference_price_currency`, sql`q.announced_on`, maxAgeDays)} pr ON true
      WHERE ${scopeCondition(scope)}
      ORDER BY q.id
      FOR UPDATE OF q
    ) AS v
    WHERE p.id = v.id
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

export interface PledgeValuationRow {
  id: string;
  quantity: string;
  announced_on: string;
  value_amount: string | null;
  value_currency: string | null;
  value_eur: string | null;
  value_fx_rate: string | null;
  value_fx_rate_on: string | null;
  price_list_eur: string | null;
  item_reference_price_amount: string | null;
  item_reference_price_currency: string | null;
  /** The rate the price-list valuation used (null for EUR or when there is none). */
  price_fx_rate: string | null;
  price_fx_rate_on: string | null;
  /** The latest rates before the announcement regardless of age: why a valuation is missing. */
  value_latest_rate_on: string | null;
  price_latest_rate_on: string | null;
}

/** A pledge's stored valuations and the facts that explain them. */
export async function findPledgeValuation(
  db: Executor,
  id: string,
  maxAgeDays: number,
  reader: Reader | null,
): Promise<PledgeValuationRow | undefined> {
  const latestBefore = (currency: RawBuilder<unknown>) => sql`(
    SELECT max(f.rate_on) FROM fx_rate f WHERE f.currency = ${currency} AND f.rate_on <= q.announced_on
  )`;
  const result = await sql<PledgeValuationRow>`${withVisibleTables(reader)}
    SELECT q.id, q.quantity, q.announced_on, q.value_amount, q.value_currency, q.value_eur,
      q.value_fx_rate, q.value_fx_rate_on, q.price_list_eur,
      i.reference_price_amount AS item_reference_price_amount,
      i.reference_price_currency AS item_reference_price_currency,
      pr.eur_per_unit AS price_fx_rate, pr.rate_on AS price_fx_rate_on,
      ${latestBefore(sql`q.value_currency`)} AS value_latest_rate_on,
      ${latestBefore(sql`i.reference_price_currency`)} AS price_latest_rate_on
    FROM pledge q
    JOIN item i ON i.id = q.item_id
    LEFT JOIN ${rateOf(sql`i.reference_price_currency`, sql`q.announced_on`, maxAgeDays)} pr ON true
    WHERE q.id = ${id}
  `.execute(db);
  return result.rows[0];
}
