import { type Static, Type } from 'typebox';

const Sha256 = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 of the file, hex; also its ETag',
  examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
});

export const ReleaseFileInfoSchema = Type.Object(
  {
    name: Type.String({ description: 'File name', examples: ['needs.csv'] }),
    media_type: Type.String({ description: 'Media type', examples: ['text/csv'] }),
    sha256: Sha256,
    bytes: Type.Integer({ minimum: 0, description: 'Size in bytes', examples: [20481] }),
  },
  { additionalProperties: false },
);

const Ids = (what: string) =>
  Type.Array(Type.String(), {
    description: what,
    examples: [['7c9e6679-7425-40de-944b-e07fc1f90ae7']],
  });

export const TableChangesSchema = Type.Object(
  {
    added: Ids('Ids (group keys, weeks) in this release and not in the previous one'),
    removed: Ids('Ids in the previous release and not in this one (no longer public, or removed)'),
    changed: Ids('Ids in both whose record differs'),
  },
  { additionalProperties: false },
);

export const ChangelogSchema = Type.Object(
  {
    previous: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'The release compared against; null for the first release',
      examples: [1],
    }),
    tables: Type.Record(Type.String(), TableChangesSchema, {
      description:
        'Per table (needs, pledges, events, gaps_by_category, gaps_by_item, gaps_by_region, gaps_by_donor, gap_weekly)',
    }),
  },
  { additionalProperties: false, description: 'What changed against the previous release, per table, by id' },
);

export const ReleaseSchema = Type.Object(
  {
    number: Type.Integer({ minimum: 1, description: 'Release number, 1 for the first', examples: [2] }),
    published_at: Type.String({
      format: 'date-time',
      description: 'When it was published',
      examples: ['2022-11-24T09:30:00.000Z'],
    }),
    data_as_of: Type.String({
      format: 'date',
      description: 'The data set’s day the release is about',
      examples: ['2022-11-24'],
    }),
    changelog: ChangelogSchema,
    counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
      description: 'Records per table',
      examples: [{ needs: 120, pledges: 87, events: 4 }],
    }),
    files: Type.Array(ReleaseFileInfoSchema, {
      description: 'Its files; download at /open-data/{number}/{name}',
    }),
  },
  { additionalProperties: false, description: 'An open data release: a frozen snapshot of what was public' },
);

export const ReleaseListSchema = Type.Object(
  { items: Type.Array(ReleaseSchema, { description: 'Releases, newest first' }) },
  { additionalProperties: false },
);

export const PublishSchema = Type.Object(
  {
    dry_run: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Answer what would be published (number, counts, changelog, files) and store nothing',
        examples: [false],
      }),
    ),
  },
  { additionalProperties: false, examples: [{ dry_run: false }] },
);

export const ReleaseFileParamsSchema = Type.Object(
  {
    release: Type.String({
      pattern: '^(latest|[1-9][0-9]{0,8})$',
      description: 'Release number, or `latest`',
      examples: ['latest'],
    }),
    file: Type.String({
      pattern: '^[a-z0-9][a-z0-9._-]*$',
      description: 'File name, e.g. datapackage.json, needs.csv, aidgrid.json',
      examples: ['datapackage.json'],
    }),
  },
  { additionalProperties: false },
);

export type Publish = Static<typeof PublishSchema>;
