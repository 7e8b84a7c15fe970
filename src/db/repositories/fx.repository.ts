import { sql } from 'kysely';
import type { Executor } from './record.repository.js';

export interface FxRateFilters {
  readonly currency?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** A page of rates ordered by (currency, rate_on), after the given key when there is one. */
export async function listFxRates(
  db: Executor,
  filters: FxRateFilters,
  page: { after?: readonly [string, string] | undefined; limit: number },
) {
  let query = db.selectFrom('fx_rate').selectAll();
  if (filters.currency) query = query.where('currency', '=', filters.currency);
  if (filters.from) query = query.where('rate_on', '>=', filters.from);
  if (filters.to) query = query.where('rate_on', '<=', filters.to);
  if (page.after) {
    const [currency, rateOn] = page.after;
    query = query.where(sql<boolean>`(currency, rate_on) > (${currency}::char(3), ${rateOn}::date)`);
  }
  return query.orderBy('currency').orderBy('rate_on').limit(page.limit).execute();
}

export async function findFxRate(db: Executor, currency: string, rateOn: string, forUpdate = false) {
  let query = db
    .selectFrom('fx_rate')
    .selectAll()
    .where('currency', '=', currency)
    .where('rate_on', '=', rateOn);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export interface NewFxRateRow {
  readonly currency: string;
  readonly rate_on: string;
  readonly eur_per_unit: string;
  readonly source: string;
  readonly synthetic: boolean;
  readonly created_by: string;
}

/**
 * Inserts the rates, replacing stored ones of the same currency and day. Answers the rates that
 * were new or changed (`inserted` tells which); a rate stored with the same value, source and
 * synthetic flag is left alone and not answered.
 */
export async function upsertFxRates(db: Executor, rows: readonly NewFxRateRow[]) {
  if (rows.length === 0) return [];
  return (
    db
      .insertInto('fx_rate')
      .values(rows.map((row) => ({ ...row })))
      .onConflict((oc) =>
        oc
          .columns(['currency', 'rate_on'])
          .doUpdateSet((eb) => ({
            eur_per_unit: eb.ref('excluded.eur_per_unit'),
            source: eb.ref('excluded.source'),
            synthetic: eb.ref('excluded.synthetic'),
          }))
          .where(
            sql<boolean>`(fx_rate.eur_per_unit, fx_rate.source, fx_rate.synthetic)
            IS DISTINCT FROM (excluded.eur_per_unit, excluded.source, excluded.synthetic)`,
          ),
      )
      // xmax is 0 for a row this statement inserted and set for one it updated.
      .returning(['currency', 'rate_on', sql<boolean>`(xmax = 0)`.as('inserted')])
      .execute()
  );
}
