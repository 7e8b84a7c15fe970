import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { type Static, Type } from 'typebox';
import type { Actor } from '../../../core/auth/actor.js';
import { DomainError, NotFound } from '../../../core/errors.js';
import { newId } from '../../../core/shared/ids.js';
import type { Database, ImportRunRow } from '../../../db/schema.js';
import { UnreadableFile } from '../../../interchange/import/csv-source.js';
import { findImport, runImport } from '../../../interchange/import/import.service.js';
import { type ImportMapping, MappingError } from '../../../interchange/import/mapping.js';
import type { SavedMappingService } from '../../../interchange/import/saved-mapping.service.js';
import { actorOf, IdParamsSchema, ProblemSchema } from '../../http.js';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XML = 'application/xml';
/** The media types a file may be uploaded as: what it is, is told from its bytes (docs/import.md). */
const UPLOAD_TYPES = [CSV, XLSX, XML, 'text/xml'];
const isWorkbook = (type: string | undefined) => (type ?? '').toLowerCase().startsWith(XLSX);
/** Uploads larger than this are refused (413); the CLI imports files of any size. */
const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

const Count = (description: string) => Type.Integer({ minimum: 0, description });

const ImportQuerySchema = Type.Object(
  {
    entity: Type.Optional(
      Type.Union(
        ['pledges', 'needs', 'organisations', 'items', 'events', 'shipments', 'receipts'].map((e) =>
          Type.Literal(e),
        ),
        {
          description:
            'What the rows are: pledges, needs, the catalogue (organisations, items, events: admins and coordinators only), shipment lines (shipments: coordinators and donors) or receipt lines (receipts: coordinators and recipients); default: the saved mapping’s entity, else pledges',
        },
      ),
    ),
    format: Type.Union(
      [Type.Literal('csv'), Type.Literal('hxl'), Type.Literal('xlsx'), Type.Literal('iati')],
      {
        description:
          'csv (columns by name), hxl (the hashtag row maps the columns), xlsx (a workbook: its first sheet) or iati (IATI 2.03 activity XML, pledges only); a workbook or IATI file sent as csv is recognised',
        default: 'csv',
      },
    ),
    mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('skip_invalid')], {
      description:
        'all_or_nothing: one bad row and nothing is written; skip_invalid: the valid rows are written',
      default: 'all_or_nothing',
    }),
    mapping: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$',
        description:
          'The name of a mapping saved for your organisation (PUT /import-mappings/{name}): columns, dictionaries, number and date notation',
        examples: ['ministry-needs'],
      }),
    ),
    file_name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The file’s name, for the import’s source',
        examples: ['pledges-2023.csv'],
      }),
    ),
  },
  { additionalProperties: false },
);
type ImportQuery = Static<typeof ImportQuerySchema>;

const ProblemRowSchema = Type.Object(
  {
    row: Type.Integer({
      minimum: 1,
      description: 'Line of the file the row starts on (1: the header)',
      examples: [7],
    }),
    column: Type.String({
      description: 'The column as the file names it; empty for the row as a whole',
      examples: ['donor'],
    }),
    value: Type.Union([Type.String(), Type.Null()], {
      description: 'The cell as written',
      examples: ['Germny'],
    }),
    reason: Type.String({
      description: 'What is wrong, in words',
      examples: ['no organisation of that name; did you mean Germany?'],
    }),
  },
  { additionalProperties: false },
);

const ImportSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Import id' }),
    status: Type.Union(
      ['staging', 'checked', 'applying', 'applied', 'failed', 'interrupted'].map((s) => Type.Literal(s)),
      {
        description:
          'staging (reading and checking) → checked (the dry run: nothing written) → applying → applied; failed (nothing written); interrupted (its process died: nothing written)',
      },
    ),
    entity: Type.Union(
      ['pledge', 'need', 'organisation', 'item', 'event', 'shipment', 'receipt'].map((e) => Type.Literal(e)),
      { description: 'What the rows are' },
    ),
    format: Type.Union(
      [
        Type.Literal('csv'),
        Type.Literal('hxl'),
        Type.Literal('tracker'),
        Type.Literal('xlsx'),
        Type.Literal('iati'),
      ],
      { description: 'How the file was read and its columns mapped' },
    ),
    mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('skip_invalid')], {
      description: 'all_or_nothing or skip_invalid',
    }),
    file: Type.Object(
      {
        name: Type.String({ description: 'The file’s name', examples: ['pledges-2023.csv'] }),
        sha256: Type.Union(
          [
            Type.String({
              pattern: '^[0-9a-f]{64}$',
              examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
            }),
            Type.Null(),
          ],
          {
            description: 'SHA-256 of the file’s bytes (hex), as the import’s source and audit entry name it',
          },
        ),
        bytes: Type.Integer({ minimum: 0, description: 'Size of the file in bytes' }),
        encoding: Type.Union([Type.String({ examples: ['utf-8'] }), Type.Null()], {
          description: 'utf-8, utf-8 (BOM) or windows-1252, as detected',
        }),
      },
      { additionalProperties: false, description: 'The file imported' },
    ),
    progress: Type.Object(
      { rows: Count('Rows read so far'), total: Count('Rows of the file, once read') },
      { additionalProperties: false, description: 'How far the reading has got' },
    ),
    counts: Type.Union(
      [
        Type.Object(
          {
            created: Count('Rows that create a record'),
            updated: Count('Rows that change a record'),
            unchanged: Count('Rows equal to their record'),
            rejected: Count('Rows with problems'),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: 'What the import would do (checked) or did (applied); null until checked' },
    ),
    problems: Type.Array(ProblemRowSchema, {
      description: 'A page of the first 100 problems, in file order',
    }),
    problem_count: Count('All problems of the file'),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why it failed or was interrupted' }),
    created_at: Type.String({ format: 'date-time', description: 'When it was uploaded' }),
    applied_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When its rows were written; null until applied',
    }),
  },
  { additionalProperties: false },
);

const ProblemPageQuerySchema = Type.Object(
  {
    offset: Type.Integer({ minimum: 0, maximum: 99, default: 0, description: 'First problem of the page' }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Problems per page' }),
  },
  { additionalProperties: false },
);

/** Who may read an import: whoever started it, and the coordinators of the same organisation. */
function mayRead(actor: Actor, run: ImportRunRow): boolean {
  if (actor.kind === 'system') return true;
  return (
    run.actor === actor.id ||
    (actor.orgId !== null && run.actor_org_id === actor.orgId && actor.role === 'coordinator')
  );
}

function view(run: ImportRunRow, page: { offset: number; limit: number }) {
  const problems = (Array.isArray(run.problems) ? run.problems : []) as Static<typeof ProblemRowSchema>[];
  return {
    id: run.id,
    status: run.status,
    entity: run.entity,
    format: run.format,
    mode: run.mode,
    file: {
      name: run.file_name,
      sha256: run.file_sha256,
      bytes: Number(run.file_bytes ?? 0),
      encoding: run.encoding,
    },
    progress: { rows: Number(run.rows_done), total: Number(run.rows_total) },
    counts: (run.counts ?? null) as Static<typeof ImportSchema>['counts'],
    problems: problems.slice(page.offset, page.offset + page.limit),
    problem_count: Number(run.problem_count),
    error: run.error,
    created_at: run.created_at.toISOString(),
    applied_at: run.applied_at?.toISOString() ?? null,
  };
}

const ENTITY = {
  pledges: 'pledge',
  needs: 'need',
  organisations: 'organisation',
  items: 'item',
  events: 'event',
  shipments: 'shipment',
  receipts: 'receipt',
} as const;

function uploadPath(id: string): string {
  return join(tmpdir(), 'aidgrid-imports', `${id}.upload`);
}

/** What a failing import says over HTTP: our own refusals as they are, anything else as a failure. */
function asProblem(error: unknown): unknown {
  if (error instanceof MappingError) return new DomainError('invalid_mapping', 422, error.message);
  if (error instanceof UnreadableFile) return new DomainError('unreadable_file', 422, error.message);
  return error;
}

/**
 * Imports from files (docs/import.md): upload (a dry run starts at once), read the counts and
 * problems, apply. Imports run on a connection of their own (COPY), so the routes need the URL.
 */
export async function importsRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; url: string | undefined; mappings: SavedMappingService },
) {
  const started = (work: Promise<unknown>) => {
    work.catch(() => undefined);
  };

  await app.register(async (upload) => {
    // The bytes travel as a latin1 string (one character per byte, exactly), so that the body is a
    // string as the schema says and the file written back is byte for byte the one sent: its
    // encoding is detected from the bytes (UTF-8, with or without BOM, or Windows-1252).
    // A workbook is binary (NUL bytes, which the request checks refuse in any string): it travels
    // as base64 instead, as exactly.
    upload.addContentTypeParser(
      UPLOAD_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
      (request, body, done) =>
        done(
          null,
          (body as Buffer).toString(isWorkbook(request.headers['content-type']) ? 'base64' : 'latin1'),
        ),
    );
    upload.post(
      '/imports',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['imports'],
          summary:
            'Upload a file of pledges, needs, organisations, items, events, shipment or receipt lines; its dry run starts at once (202, follow Location)',
          description:
            'Body: the file as text/csv (RFC 4180, UTF-8 with or without BOM, or Windows-1252), as an XLSX workbook ' +
            `(${XLSX}) or as IATI 2.03 activity XML (${XML}). The dry run counts what ` +
            'would be created, updated, unchanged and rejected and lists the problems (GET the Location); nothing is ' +
            'written until POST /imports/{id}/apply. The importer’s organisation and clearance apply: an import cannot ' +
            'create what its importer could not create one by one.',
          consumes: UPLOAD_TYPES,
          querystring: ImportQuerySchema,
          body: Type.String({ description: 'The file: CSV, an XLSX workbook or IATI XML' }),
          response: {
            202: ImportSchema,
            400: ProblemSchema,
            403: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
            422: ProblemSchema,
            503: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const type = request.headers['content-type']?.toLowerCase() ?? '';
        if (!UPLOAD_TYPES.some((t) => type.startsWith(t))) {
          throw new DomainError(
            'unsupported_media_type',
            415,
            `send the file as ${CSV}, ${XLSX} (a workbook) or ${XML} (IATI)`,
          );
        }
        if (!deps.url) throw new DomainError('imports_unavailable', 503, 'this server cannot run imports');
        const query = request.query as ImportQuery;
        const actor = actorOf(request);
        const mapping = query.mapping ? (await deps.mappings.get(actor, query.mapping)).mapping : {};
        const id = newId();
        const file = uploadPath(id);
        await mkdir(join(tmpdir(), 'aidgrid-imports'), { recursive: true, mode: 0o700 });
        await writeFile(file, Buffer.from(request.body as string, isWorkbook(type) ? 'base64' : 'latin1'), {
          mode: 0o600,
        });
        const url = deps.url;
        const run = await new Promise<string>((resolve, reject) => {
          started(
            runImport(url, {
              path: file,
              fileName:
                query.file_name ??
                (type.startsWith(XLSX) ? 'upload.xlsx' : type.startsWith(CSV) ? 'upload.csv' : 'upload.xml'),
              entity: query.entity
                ? ENTITY[query.entity as keyof typeof ENTITY]
                : (mapping.entity ?? 'pledge'),
              format: query.format,
              mapping,
              mode: query.mode,
              apply: false,
              actor,
              newImportId: id,
              onStarted: resolve,
            }).catch(async (error: unknown) => {
              await rm(file, { force: true });
              reject(asProblem(error));
            }),
          );
        });
        // The upload is kept under the import's id until it is applied.
        const row = await findImport(deps.db, run);
        if (!row) throw NotFound('import', run);
        return reply
          .code(202)
          .header('Location', `/api/v1/imports/${run}`)
          .send(view(row, { offset: 0, limit: 20 }));
      },
    );
  });

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'An import: status, progress, counts and a page of its problems',
        params: IdParamsSchema,
        querystring: ProblemPageQuerySchema,
        response: { 200: ImportSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const run = await findImport(deps.db, id);
      if (!run || !mayRead(actorOf(request), run)) throw NotFound('import', id);
      return view(run, request.query as { offset: number; limit: number });
    },
  );

  app.post(
    '/imports/:id/apply',
    {
      schema: {
        tags: ['imports'],
        summary: 'Apply a checked import: the file is checked again and written in one transaction (202)',
        description:
          'All or nothing unless the import was uploaded with mode=skip_invalid. Only an import in `checked` can be ' +
          'applied (409 import_not_checked otherwise); follow Location for its progress.',
        params: IdParamsSchema,
        response: {
          202: ImportSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const actor = actorOf(request);
      const run = await findImport(deps.db, id);
      if (!run || !mayRead(actor, run)) throw NotFound('import', id);
      if (!deps.url) throw new DomainError('imports_unavailable', 503, 'this server cannot run imports');
      if (run.status !== 'checked') {
        throw new DomainError(
          'import_not_checked',
          409,
          `the import is ${run.status}; only a checked import can be applied`,
        );
      }
      const file = uploadPath(id);
      const url = deps.url;
      await new Promise<string>((resolve, reject) => {
        started(
          runImport(url, {
            path: file,
            fileName: run.file_name,
            entity: run.entity,
            format: run.format,
            mapping: (run.mapping ?? {}) as ImportMapping,
            mode: run.mode,
            apply: true,
            actor,
            importId: id,
            onStarted: resolve,
          })
            .then(() => rm(file, { force: true }))
            .catch((error: unknown) => reject(asProblem(error))),
        );
      });
      const row = await findImport(deps.db, id);
      if (!row) throw NotFound('import', id);
      return reply
        .code(202)
        .header('Location', `/api/v1/imports/${id}`)
        .send(view(row, { offset: 0, limit: 20 }));
    },
  );
}
