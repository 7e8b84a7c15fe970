import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../../core/errors.js';
import {
  FxImportResultSchema,
  FxRatePageSchema,
  type FxRateParams,
  FxRateParamsSchema,
  type FxRatePut,
  FxRatePutSchema,
  type FxRateQuery,
  FxRateQuerySchema,
  FxRateSchema,
} from '../../../core/money/fx.schema.js';
import type { FxService } from '../../../core/money/fx.service.js';
import { PledgeValuationDetailSchema } from '../../../core/money/valuation.schema.js';
import { actorOf, IdParamsSchema, ProblemSchema } from '../../http.js';

const CSV = 'text/csv';

/** Rates to EUR (list, set, CSV import) and the EUR valuations of a pledge they produce. */
export async function fxRatesRoutes(app: FastifyInstance, fx: FxService): Promise<void> {
  app.get(
    '/fx-rates',
    {
      schema: {
        tags: ['money'],
        summary: 'Rates to EUR by day, ordered by currency and day',
        querystring: FxRateQuerySchema,
        response: { 200: FxRatePageSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => fx.list(request.query as FxRateQuery),
  );

  app.put(
    '/fx-rates/:currency/:date',
    {
      schema: {
        tags: ['money'],
        summary: 'Set the rate of a currency on a day (revalues the pledges in that currency)',
        params: FxRateParamsSchema,
        body: FxRatePutSchema,
        response: { 200: FxRateSchema, 201: FxRateSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { currency, date } = request.params as FxRateParams;
      const { rate, created } = await fx.put(currency, date, request.body as FxRatePut, actorOf(request));
      return reply.status(created ? 201 : 200).send(rate);
    },
  );

  // The text/csv parser is registered in this child context only, so no other route accepts CSV.
  await app.register(async (csv) => {
    csv.addContentTypeParser(CSV, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    csv.post(
      '/fx-rates/import',
      {
        schema: {
          tags: ['money'],
          summary: 'Import rates from CSV (all lines or none; every bad line is reported)',
          description:
            'Body: text/csv with the header `currency,date,eur_per_unit,source` and one rate per line. ' +
            'Existing rates of the same currency and day are replaced; the pledges of every currency ' +
            'whose rates changed are revalued. Any bad line: 422 `invalid_csv` listing every bad line ' +
            'in `errors` (field `line <n>: <column>`), and nothing is stored.',
          consumes: [CSV],
          body: Type.String({ description: 'The CSV file' }),
          response: {
            200: FxImportResultSchema,
            400: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
            422: ProblemSchema,
          },
        },
      },
      async (request) => {
        if (!request.headers['content-type']?.toLowerCase().startsWith(CSV)) {
          throw new DomainError('unsupported_media_type', 415, 'send the rates as text/csv');
        }
        return fx.importCsv(request.body as string, actorOf(request));
      },
    );
  });

  app.get(
    '/pledges/:id/valuation',
    {
      schema: {
        tags: ['money'],
        summary: 'A pledge’s EUR valuations (donor-reported and price-list) with rates and reasons',
        params: IdParamsSchema,
        response: { 200: PledgeValuationDetailSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => fx.pledgeValuation((request.params as { id: string }).id),
  );
}
