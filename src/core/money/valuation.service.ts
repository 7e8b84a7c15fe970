import type { Kysely } from 'kysely';
import type { Executor } from '../../db/repositories/record.repository.js';
import {
  findPledgeValuation,
  type PledgeValuationRow,
  updatePledgeValuations,
} from '../../db/repositories/valuation.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader } from '../auth/visibility.js';
import { NotFound } from '../errors.js';
import { moneyOf, quantityFromColumn } from '../shared/values.js';
import { Decimal } from './decimal.js';
import type { PledgeValuationDetail } from './valuation.schema.js';

/**
 * A pledge is valued at the rate of its announcement day, or the latest rate before it (never a
 * later one), but not at a rate older than this: a stale rate would give a wrong figure that
 * looks right, so the EUR value stays null and the valuation says why.
 */
export const MAX_RATE_AGE_DAYS = 31;

/**
 * Recomputes value_eur (donor-reported amount × rate), value_fx_rate, value_fx_rate_on and
 * price_list_eur (quantity × reference price × rate) of the given pledges, in SQL, in the
 * caller's transaction. Derived columns only: the pledges' versions do not change. Answers the
 * number of pledges valued.
 */
export function revaluePledges(trx: Executor, pledgeIds: readonly string[] | 'all'): Promise<number> {
  return updatePledgeValuations(trx, pledgeIds === 'all' ? 'all' : { ids: pledgeIds }, MAX_RATE_AGE_DAYS);
}

/** Revalues the pledges reported in, or priced in, any of these currencies (after their rates changed). */
export function revaluePledgesInCurrencies(trx: Executor, currencies: readonly string[]): Promise<number> {
  return updatePledgeValuations(trx, { currencies }, MAX_RATE_AGE_DAYS);
}

/** Revalues the pledges of these items (after an item's reference price changed). */
export function revaluePledgesOfItems(trx: Executor, itemIds: readonly string[]): Promise<number> {
  return updatePledgeValuations(trx, { itemIds }, MAX_RATE_AGE_DAYS);
}

const NOT_VALUED_YET = 'not valued yet; the figure is computed when the pledge or the rates next change';

function daysBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000);
}

function plainRate(rate: string | null): string | null {
  return rate === null ? null : Decimal.parse(rate).normalise().toString();
}

/** Which rate was used, said so that a reader can check it. */
function rateWording(currency: string, rateOn: string, announcedOn: string): string {
  if (rateOn === announcedOn) return `the ${currency} rate of the announcement day ${announcedOn}`;
  const days = daysBetween(rateOn, announcedOn);
  return `the ${currency} rate of ${rateOn}, the latest on or before the announcement on ${announcedOn} (${days} day${days === 1 ? '' : 's'} earlier)`;
}

/** Why there is no usable rate, naming the stale one when there is one. */
function missingRateWording(currency: string, announcedOn: string, latestOn: string | null): string {
  const window = `no ${currency} rate on ${announcedOn} or in the ${MAX_RATE_AGE_DAYS} days before it`;
  if (latestOn === null) return `${window}, and no earlier one`;
  const age = daysBetween(latestOn, announcedOn);
  if (age > MAX_RATE_AGE_DAYS) {
    return `${window}: the latest earlier rate is of ${latestOn}, ${age} days before, too old to use`;
  }
  return `${NOT_VALUED_YET} (the ${currency} rate of ${latestOn} applies)`;
}

/** Both valuations of a pledge, with the method, the rate and a reason for each figure. */
export function describePledgeValuation(row: PledgeValuationRow): PledgeValuationDetail {
  const announced = row.announced_on;
  const amount = moneyOf(row.value_amount, row.value_currency);

  let donorReason: string;
  if (!amount) donorReason = 'the donor reported no value';
  else if (amount.currency === 'EUR') {
    donorReason = row.value_eur === null ? NOT_VALUED_YET : 'reported in EUR; no conversion';
  } else if (row.value_eur !== null && row.value_fx_rate !== null && row.value_fx_rate_on !== null) {
    donorReason = `${amount.amount} ${amount.currency} × ${plainRate(row.value_fx_rate)} EUR per ${amount.currency}, ${rateWording(amount.currency, row.value_fx_rate_on, announced)}`;
  } else donorReason = missingRateWording(amount.currency, announced, row.value_latest_rate_on);

  const quantity = Decimal.parse(row.quantity).normalise().toString();
  const price = moneyOf(row.item_reference_price_amount, row.item_reference_price_currency);
  let priceReason: string;
  let priceRate: string | null = null;
  let priceRateOn: string | null = null;
  if (!price) priceReason = 'the item has no reference price';
  else if (price.currency === 'EUR') {
    priceRate = '1';
    priceRateOn = announced;
    priceReason =
      row.price_list_eur === null ? NOT_VALUED_YET : `${quantity} × ${price.amount} EUR reference price`;
  } else if (row.price_list_eur !== null && row.price_fx_rate !== null && row.price_fx_rate_on !== null) {
    priceRate = plainRate(row.price_fx_rate);
    priceRateOn = row.price_fx_rate_on;
    priceReason = `${quantity} × ${price.amount} ${price.currency} reference price × ${priceRate} EUR per ${price.currency}, ${rateWording(price.currency, row.price_fx_rate_on, announced)}`;
  } else priceReason = missingRateWording(price.currency, announced, row.price_latest_rate_on);

  return {
    pledge_id: row.id,
    announced_on: announced,
    max_rate_age_days: MAX_RATE_AGE_DAYS,
    donor_reported: {
      method: 'donor_reported',
      amount,
      eur: row.value_eur,
      fx_rate: plainRate(row.value_fx_rate),
      fx_rate_on: row.value_fx_rate_on,
      reason: donorReason,
    },
    price_list: {
      method: 'price_list',
      quantity: quantityFromColumn(row.quantity),
      reference_price: price,
      eur: row.price_list_eur,
      fx_rate: row.price_list_eur === null ? null : priceRate,
      fx_rate_on: row.price_list_eur === null ? null : priceRateOn,
      reason: priceReason,
    },
  };
}

export type ValuationService = ReturnType<typeof createValuationService>;

/** Reads a pledge's valuations; the figures themselves are kept current by revaluePledges. */
export function createValuationService(deps: { db: Kysely<Database> }) {
  return {
    async pledgeValuation(pledgeId: string): Promise<PledgeValuationDetail> {
      const row = await findPledgeValuation(deps.db, pledgeId, MAX_RATE_AGE_DAYS, currentReader());
      if (!row) throw NotFound('pledge', pledgeId);
      return describePledgeValuation(row);
    },
  };
}
