import type { Kysely, Selectable } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import { findFxRate, listFxRates, upsertFxRates } from '../../db/repositories/fx.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import type { Database, FxRateTable } from '../../db/schema.js';
import { DomainError, ProblemList } from '../errors.js';
import {
  cursorValue,
  decodeCursor as decodeSharedCursor,
  encodeCursor as encodeSharedCursor,
} from '../shared/cursor.js';
import type { Actor } from '../shared/record.service.js';
import { timestamp } from '../shared/values.js';
import { Decimal } from './decimal.js';
import type { FxImportResult, FxRate, FxRateInput, FxRatePage, FxRatePut, FxRateQuery } from './fx.schema.js';
import { checkFxRate, parseFxCsv } from './fx-csv.js';
import { createValuationService, revaluePledgesInCurrencies } from './valuation.service.js';

const DEFAULT_LIMIT = 1000;
/** Rows per INSERT: five parameters each, well below PostgreSQL's 65,535 parameters a statement. */
const CHUNK = 2000;

function toFxRate(row: Selectable<FxRateTable>): FxRate {
  return {
    currency: row.currency,
    rate_on: row.rate_on,
    eur_per_unit: Decimal.parse(row.eur_per_unit).normalise().toString(),
    source: row.source,
    synthetic: row.synthetic,
    created_at: timestamp(row.created_at),
    created_by: row.created_by,
  };
}

function encodeCursor(currency: string, rateOn: string): string {
  return encodeSharedCursor([currency, rateOn]);
}

function decodeCursor(cursor: string): readonly [string, string] {
  const [currency, rateOn] = decodeSharedCursor(cursor, [
    (value) => typeof value === 'string' && /^[A-Z]{3}$/.test(value),
    cursorValue.date,
  ]);
  return [currency as string, rateOn as string];
}

/**
 * Stores rates (new ones inserted, changed ones replaced, identical ones left alone), writes one
 * audit entry, and revalues the pledges of every currency whose rates changed, all in the
 * caller's transaction. Every rate is checked first; any problem stores nothing.
 */
export async function storeFxRates(
  trx: Executor,
  rates: readonly FxRateInput[],
  actor: Actor,
): Promise<FxImportResult> {
  const problems = new ProblemList();
  rates.forEach((rate, index) => {
    checkFxRate(problems, rate, { prefix: `rates[${index}].`, rate_on: 'rate_on' });
  });
  problems.throwIfAny();

  let inserted = 0;
  let updated = 0;
  const changed = new Set<string>();
  for (let start = 0; start < rates.length; start += CHUNK) {
    const rows = rates.slice(start, start + CHUNK).map((rate) => ({
      currency: rate.currency,
      rate_on: rate.rate_on,
      eur_per_unit: rate.eur_per_unit,
      source: rate.source.trim(),
      synthetic: rate.synthetic ?? false,
      created_by: actor.id,
    }));
    for (const row of await upsertFxRates(trx, rows)) {
      if (row.inserted) inserted++;
      else updated++;
      changed.add(row.currency);
    }
  }
  const currencies = [...changed].sort();
  const pledgesRevalued = currencies.length > 0 ? await revaluePledgesInCurrencies(trx, currencies) : 0;
  const result: FxImportResult = {
    rates: rates.length,
    inserted,
    updated,
    unchanged: rates.length - inserted - updated,
    currencies,
    pledges_revalued: pledgesRevalued,
  };
  if (currencies.length > 0) {
    const days = rates.map((rate) => rate.rate_on).sort();
    await insertAuditEntry(trx, {
      actor: actor.id,
      action: 'load',
      entity_type: 'fx_rate',
      entity_id: null,
      before: null,
      after: { ...result, from: days[0], to: days.at(-1) },
    });
  }
  return result;
}

export type FxService = ReturnType<typeof createFxService>;

/** Rates to EUR by day: listed, set one by one, imported from CSV; changes revalue pledges. Also reads pledges' valuations. */
export function createFxService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  const valuations = createValuationService(deps);
  return {
    /** A pledge's two EUR valuations with their rates and reasons. */
    pledgeValuation: valuations.pledgeValuation,

    async list(query: FxRateQuery): Promise<FxRatePage> {
      const limit = query.limit ?? DEFAULT_LIMIT;
      const rows = await listFxRates(
        db,
        { currency: query.currency, from: query.from, to: query.to },
        { after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: limit + 1 },
      );
      const items = rows.slice(0, limit).map(toFxRate);
      const last = items.at(-1);
      return {
        items,
        next_cursor: rows.length > limit && last ? encodeCursor(last.currency, last.rate_on) : null,
      };
    },

    /** Sets the rate of a currency on a day; answers it and whether it was new. */
    async put(
      currency: string,
      rateOn: string,
      input: FxRatePut,
      actor: Actor,
    ): Promise<{ rate: FxRate; created: boolean }> {
      const problems = new ProblemList();
      checkFxRate(
        problems,
        { currency, rate_on: rateOn, eur_per_unit: input.eur_per_unit, source: input.source },
        { prefix: '', rate_on: 'date' },
      );
      problems.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const before = await findFxRate(trx, currency, rateOn, true);
        const changed = await upsertFxRates(trx, [
          {
            currency,
            rate_on: rateOn,
            eur_per_unit: input.eur_per_unit,
            source: input.source.trim(),
            synthetic: input.synthetic ?? false,
            created_by: actor.id,
          },
        ]);
        const row = await findFxRate(trx, currency, rateOn);
        if (!row) throw new Error(`the rate of ${currency} on ${rateOn} was not stored`);
        const rate = toFxRate(row);
        if (changed.length > 0) {
          await insertAuditEntry(trx, {
            actor: actor.id,
            action: before ? 'update' : 'create',
            entity_type: 'fx_rate',
            entity_id: null,
            before: before ? toFxRate(before) : null,
            after: rate,
          });
          await revaluePledgesInCurrencies(trx, [currency]);
        }
        return { rate, created: !before };
      });
    },

    /** Imports a CSV file; a 422 lists every bad line, and then nothing is stored. */
    async importCsv(text: string, actor: Actor): Promise<FxImportResult> {
      const { rates, problems } = parseFxCsv(text);
      if (problems.length > 0) {
        const lines = new Set(problems.map((problem) => problem.field.split(':')[0]));
        throw new DomainError(
          'invalid_csv',
          422,
          `${lines.size} line${lines.size === 1 ? '' : 's'} of the file ${lines.size === 1 ? 'is' : 'are'} not valid; nothing was imported`,
          problems,
        );
      }
      return db.transaction().execute((trx) => storeFxRates(trx, rates, actor));
    },
  };
}
