import { type Static, Type } from 'typebox';
import { IsoDate } from '../shared/record.schema.js';

/** A currency that has rates: any ISO 4217 code but EUR, whose rate is 1 by definition. */
export const FxCurrencySchema = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 currency code other than EUR, e.g. USD, GBP, PLN',
});

/** numeric(20, 10) in the database: up to 10 digits before and 10 after the point. */
export const EurPerUnitSchema = Type.String({
  pattern: '^\\d{1,10}(\\.\\d{1,10})?$',
  description:
    'How many EUR one unit of the currency is worth, as a decimal string (e.g. "0.9712"); greater than zero, at most 10 decimals',
});

export const FxRateSchema = Type.Object(
  {
    currency: FxCurrencySchema,
    rate_on: IsoDate('Day the rate applies to'),
    eur_per_unit: EurPerUnitSchema,
    source: Type.String({ description: 'Where the rate comes from (e.g. "ECB reference rate")' }),
    synthetic: Type.Boolean({ description: 'True for approximate demo rates; never use them as real data' }),
    created_at: Type.String({ format: 'date-time', description: 'When the rate was first stored (UTC)' }),
    created_by: Type.String({ description: 'Who first stored the rate' }),
  },
  { additionalProperties: false, description: 'A rate to EUR on one day' },
);
export type FxRate = Static<typeof FxRateSchema>;

export const FxRateParamsSchema = Type.Object(
  {
    currency: FxCurrencySchema,
    date: IsoDate('Day the rate applies to'),
  },
  { additionalProperties: false },
);
export type FxRateParams = Static<typeof FxRateParamsSchema>;

export const FxRatePutSchema = Type.Object(
  {
    eur_per_unit: EurPerUnitSchema,
    source: Type.String({ minLength: 1, maxLength: 200, description: 'Where the rate comes from' }),
    synthetic: Type.Optional(
      Type.Boolean({ description: 'True for approximate or generated rates (default false)' }),
    ),
  },
  { additionalProperties: false, description: 'The rate of a currency on one day' },
);
export type FxRatePut = Static<typeof FxRatePutSchema>;

export const FxRateQuerySchema = Type.Object(
  {
    currency: Type.Optional(FxCurrencySchema),
    from: Type.Optional(IsoDate('Only rates on or after this day')),
    to: Type.Optional(IsoDate('Only rates on or before this day')),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor of the previous page' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 5000, default: 1000, description: 'Page size (1–5000)' }),
    ),
  },
  { additionalProperties: false },
);
export type FxRateQuery = Static<typeof FxRateQuerySchema>;

export const FxRatePageSchema = Type.Object(
  {
    items: Type.Array(FxRateSchema, { description: 'Rates ordered by currency, then day' }),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as ?cursor= to get the next page; null on the last page',
    }),
  },
  { additionalProperties: false },
);
export type FxRatePage = Static<typeof FxRatePageSchema>;

export const FxImportResultSchema = Type.Object(
  {
    rates: Type.Integer({ minimum: 0, description: 'Rate lines in the file' }),
    inserted: Type.Integer({ minimum: 0, description: 'Rates that were new' }),
    updated: Type.Integer({ minimum: 0, description: 'Rates that replaced a different stored value' }),
    unchanged: Type.Integer({ minimum: 0, description: 'Rates already stored with the same value' }),
    currencies: Type.Array(FxCurrencySchema, { description: 'Currencies whose rates changed' }),
    pledges_revalued: Type.Integer({
      minimum: 0,
      description: 'Pledges whose EUR valuations were recomputed because a rate of their currency changed',
    }),
  },
  { additionalProperties: false, description: 'What an import of rates did' },
);
export type FxImportResult = Static<typeof FxImportResultSchema>;

/** One rate as written by a client, a CSV line or the demo. */
export interface FxRateInput {
  readonly currency: string;
  readonly rate_on: string;
  readonly eur_per_unit: string;
  readonly source: string;
  readonly synthetic?: boolean;
}
