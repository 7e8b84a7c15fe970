import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type TObject, Type } from 'typebox';
import { GapQuerySchema } from '../../../core/gaps/gap.schema.js';
import { NeedFiltersSchema } from '../../../core/needs/need.schema.js';
import { PledgeFiltersSchema } from '../../../core/pledges/pledge.schema.js';
import {
  type ExportKind,
  type ExportService,
  exportFileName,
  type IatiExportFilters,
} from '../../../interchange/export.service.js';
import {
  describeColumns,
  type GapDimension,
  gapColumns,
  type HxlColumn,
  NEED_COLUMNS,
  PLEDGE_COLUMNS,
} from '../../../interchange/hxl.js';
import { IatiQuerySchema } from '../../../interchange/iati.js';
import { ProblemSchema } from '../../http.js';

const HxlQueryField = {
  hxl: Type.Optional(
    Type.Boolean({
      default: true,
      description: 'false drops the HXL hashtag row, leaving one header row of field names',
    }),
  ),
};

const withHxl = (filters: TObject) =>
  Type.Object({ ...filters.properties, ...HxlQueryField }, { additionalProperties: false });

const csvResponse = (what: string) => ({
  description: `${what} as CSV (RFC 4180, UTF-8, CRLF), sent as an attachment`,
  content: {
    'text/csv; charset=utf-8': {
      schema: Type.String({
        description:
          'Row 1: field names; row 2: HXL hashtags (unless hxl=false); then one row per record. Text ' +
          'starting with =, +, -, @, tab or CR is prefixed with an apostrophe against formula injection',
      }),
    },
  },
});

const FORMAT_NOTE =
  'HXL (hxlstandard.org) tags the columns for HDX, the HXL Proxy and OCHA dashboards; every hashtag ' +
  'is an HXL 1.1 core hashtag and attributes are core ones or the custom ones named in the table. ' +
  'Synthetic demo records are marked in the `synthetic` column (#meta +synthetic).';

const columnsDoc = (columns: readonly HxlColumn<never>[]) => `${FORMAT_NOTE}\n\n${describeColumns(columns)}`;

/**
 * Sends the chunks as a CSV attachment. The first chunk is awaited before anything is sent, so a
 * failing first query still answers problem+json; a failure later cuts the download short.
 */
async function sendCsv(
  reply: FastifyReply,
  chunks: AsyncGenerator<string>,
  kind: ExportKind,
  by?: GapDimension,
): Promise<FastifyReply> {
  const first = await chunks.next();
  async function* all(): AsyncGenerator<string> {
    if (!first.done) yield first.value;
    yield* chunks;
  }
  return reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${exportFileName(kind, new Date(), by)}"`)
    .send(Readable.from(all()));
}

export function exportsRoutes(app: FastifyInstance, exports: ExportService): void {
  app.get(
    '/exports/needs.csv',
    {
      schema: {
        tags: ['exports'],
        summary: 'Needs as HXL-tagged CSV, with the filters of GET /needs, every page',
        description: columnsDoc(NEED_COLUMNS as readonly HxlColumn<never>[]),
        querystring: withHxl(NeedFiltersSchema),
        response: { 200: csvResponse('The needs'), 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { hxl, ...filters } = request.query as Record<string, unknown> & { hxl?: boolean };
      return sendCsv(reply, exports.needs(filters, { hxl }), 'needs');
    },
  );

  app.get(
    '/exports/pledges.csv',
    {
      schema: {
        tags: ['exports'],
        summary: 'Pledges as HXL-tagged CSV, with the filters of GET /pledges, every page',
        description: columnsDoc(PLEDGE_COLUMNS as readonly HxlColumn<never>[]),
        querystring: withHxl(PledgeFiltersSchema),
        response: { 200: csvResponse('The pledges'), 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { hxl, ...filters } = request.query as Record<string, unknown> & { hxl?: boolean };
      return sendCsv(reply, exports.pledges(filters, { hxl }), 'pledges');
    },
  );

  const gapDoc = (['category', 'item', 'region', 'donor'] as const)
    .map((by) => `By ${by}:\n\n${describeColumns(gapColumns(by) as readonly HxlColumn<never>[])}`)
    .join('\n\n');
  app.get(
    '/exports/gaps.csv',
    {
      schema: {
        tags: ['exports'],
        summary: 'The gap report’s groups as HXL-tagged CSV (no totals row), with the query of GET /gaps',
        description: `${FORMAT_NOTE} Totals are left out: HXL tools add columns up themselves.\n\n${gapDoc}`,
        querystring: withHxl(GapQuerySchema),
        response: { 200: csvResponse('The gap groups'), 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const {
        hxl,
        by = 'category',
        category,
        region_id,
      } = request.query as {
        hxl?: boolean;
        by?: GapDimension;
        category?: string;
        region_id?: string;
      };
      return sendCsv(reply, exports.gaps(by, { category, region_id }, { hxl }), 'gaps', by);
    },
  );

  app.get(
    '/exports/iati.xml',
    {
      schema: {
        tags: ['exports'],
        summary: 'Pledges as IATI 2.03 activity XML, one activity per pledge',
        description:
          'Valid against the IATI 2.03 activity schema and codelists. Each pledge is an activity ' +
          '(identifier AIDGRID-PLEDGE-<id>; organisations AIDGRID-ORG-<id>, identifiers local to aidgrid) ' +
          'reported by its donor (participating-org role 1 funding; the recipient, when named, role 4 ' +
          'implementing), with recipient-country from the need’s region or else the recipient, the item ' +
          'category as sector (vocabulary 99) and, when the pledge has a money value, transactions in its ' +
          'original currency: 12 outgoing pledge (the whole value, on the announcement date), 2 commitment ' +
          '(the committed share, on the day of the last commit step) and 3 disbursement (the delivered ' +
          'share, on the day of the last delivery), pro rata to the quantities. Only pledges the reader ' +
          'may see; 404 no_activities when there is none, since an IATI file holds at least one activity.',
        querystring: IatiQuerySchema,
        response: {
          200: {
            description: 'IATI 2.03 iati-activities XML, UTF-8, sent as an attachment',
            content: {
              'application/xml; charset=utf-8': {
                schema: Type.String({ description: 'An iati-activities document, version 2.03' }),
              },
            },
          },
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const chunks = exports.iati(request.query as IatiExportFilters);
      const first = await chunks.next();
      async function* all(): AsyncGenerator<string> {
        if (!first.done) yield first.value;
        yield* chunks;
      }
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('Content-Type', 'application/xml; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="aidgrid-iati-${day}.xml"`)
        .send(Readable.from(all()));
    },
  );
}
