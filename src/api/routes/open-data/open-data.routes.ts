import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  type Publish,
  PublishSchema,
  ReleaseFileParamsSchema,
  ReleaseListSchema,
  ReleaseSchema,
} from '../../../core/open-data/release.schema.js';
import type { Release, ReleaseService } from '../../../core/open-data/release.service.js';
import { ProblemSchema } from '../../http.js';

const tags = ['open-data'];
/** A numbered release never changes (migration 0031 refuses it): caches may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** `latest` moves with each release. */
const LATEST = 'public, max-age=300';

function xml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** The Atom feed (RFC 4287) of releases, newest first; links are relative to the API root. */
export function atomFeed(releases: readonly Release[]): string {
  const updated = releases[0]?.published_at ?? new Date(0).toISOString();
  const entries = releases.map((r) => {
    const tables = Object.entries(r.changelog.tables)
      .map(([name, c]) => `${name}: +${c.added.length} −${c.removed.length} ~${c.changed.length}`)
      .join('; ');
    const links = r.files
      .map(
        (f) =>
          `    <link rel="enclosure" type="${xml(f.media_type)}" length="${f.bytes}" href="/api/v1/open-data/${r.number}/${xml(f.name)}"/>`,
      )
      .join('\n');
    return [
      '  <entry>',
      `    <id>urn:aidgrid:open-data:release:${r.number}</id>`,
      `    <title>aidgrid open data, release ${r.number} (data as of ${r.data_as_of})</title>`,
      `    <updated>${r.published_at}</updated>`,
      `    <link rel="alternate" type="application/json" href="/api/v1/open-data/${r.number}/datapackage.json"/>`,
      links,
      `    <summary>${xml(`Changes since ${r.changelog.previous === null ? 'nothing (first release)' : `release ${r.changelog.previous}`}: ${tables}`)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <id>urn:aidgrid:open-data</id>',
    '  <title>aidgrid open data releases</title>',
    '  <author><name>aidgrid</name></author>',
    '  <rights>CC BY 4.0</rights>',
    `  <updated>${updated}</updated>`,
    '  <link rel="self" type="application/atom+xml" href="/api/v1/open-data/feed.atom"/>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** Whether an If-None-Match header names the entity tag (weak comparison, RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** Open data releases (docs/open-data.md). */
export function openDataRoutes(app: FastifyInstance, releases: ReleaseService): void {
  app.post(
    '/open-data',
    {
      schema: {
        tags,
        summary: 'Publish an open data release (coordinators and admins)',
        description:
          'Takes a snapshot of everything public now (classification public, embargo passed), read as an ' +
          'anonymous reader, and stores it as the next numbered release with a changelog against the ' +
          'previous one. Audited; tells `release.published`. With `dry_run` it answers 200 with what would ' +
          'be published and stores nothing.',
        body: PublishSchema,
        response: {
          200: ReleaseSchema,
          201: ReleaseSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Publish;
      const release = await releases.publish({ dryRun: body.dry_run ?? false });
      if (body.dry_run) return reply.status(200).send(release);
      return reply
        .status(201)
        .header('location', `/api/v1/open-data/${release.number}/datapackage.json`)
        .send(release);
    },
  );

  app.get(
    '/open-data',
    {
      schema: {
        tags,
        summary: 'Open data releases, newest first, with their files and changelogs',
        response: { 200: ReleaseListSchema },
      },
    },
    async () => ({ items: await releases.list() }),
  );

  app.get(
    '/open-data/feed.atom',
    {
      schema: {
        tags,
        summary: 'Atom feed of the open data releases',
        response: {
          200: {
            description: 'An Atom 1.0 feed, one entry per release with its files as enclosures',
            content: {
              'application/atom+xml; charset=utf-8': { schema: Type.String({ examples: ['<feed/>'] }) },
            },
          },
        },
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', 'application/atom+xml; charset=utf-8')
        .header('cache-control', LATEST)
        .send(atomFeed(await releases.list())),
  );

  app.get(
    '/open-data/:release/:file',
    {
      schema: {
        tags,
        summary: 'One file of a release (`latest` for the newest release)',
        description:
          'ETag is the file’s SHA-256; If-None-Match with it answers 304. A numbered release is immutable ' +
          `(Cache-Control: ${IMMUTABLE}); \`latest\` is cached briefly (${LATEST}).`,
        params: ReleaseFileParamsSchema,
        response: {
          200: {
            description:
              'The file: datapackage.json, aidgrid.json or a CSV table (two header rows: fields, HXL)',
            content: {
              'text/csv': {
                schema: Type.String({ examples: ['id,quantity\r\n#meta +id,#targeted +num\r\n'] }),
              },
              'application/json': {
                schema: Type.Object(
                  {},
                  { additionalProperties: true, examples: [{ name: 'aidgrid-open-data' }] },
                ),
              },
            },
          },
          304: { description: 'Not modified: the copy named by If-None-Match is current', type: 'null' },
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { release, file } = request.params as { release: string; file: string };
      const found = await releases.file(release, file);
      const etag = `"${found.sha256}"`;
      reply
        .header('etag', etag)
        .header('last-modified', found.published_at.toUTCString())
        .header('cache-control', release === 'latest' ? LATEST : IMMUTABLE)
        .header('x-aidgrid-release', String(found.release));
      if (matches(request.headers['if-none-match'], etag)) return reply.status(304).send();
      const type =
        found.media_type === 'text/csv' ? 'text/csv; charset=utf-8' : `${found.media_type}; charset=utf-8`;
      return reply.header('content-type', type).send(found.content);
    },
  );
}
