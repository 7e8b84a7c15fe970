import { type Kysely, sql } from 'kysely';
import { currentActor } from '../../db/actor-context.js';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import type { Database } from '../../db/schema.js';
import { DomainError, NotFound } from '../errors.js';
import type { Clock } from '../shared/clock.js';
import { type Changelog, changelogOf, type KeyedTables, keyed } from './changelog.js';
import { packageFiles } from './package.js';
import { GAP_DIMENSIONS, type SnapshotTables, takeSnapshot } from './snapshot.js';

/** Arbitrary constant: the transaction-level advisory lock that serialises publishing. */
const PUBLISH_LOCK_KEY = 7_346_512_031;

export interface ReleaseFileInfo {
  readonly name: string;
  readonly media_type: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Release {
  readonly number: number;
  readonly published_at: string;
  readonly data_as_of: string;
  readonly changelog: Changelog;
  readonly counts: Record<string, number>;
  readonly files: ReleaseFileInfo[];
}

export interface ReleaseFileContent extends ReleaseFileInfo {
  readonly release: number;
  readonly published_at: Date;
  readonly content: Buffer;
}

/** The records of each table of a release, keyed for the changelog. */
function keyedTables(tables: SnapshotTables): KeyedTables {
  const result: KeyedTables = {
    needs: keyed(tables.needs, (n) => n.id),
    pledges: keyed(tables.pledges, (p) => p.id),
    events: keyed(tables.events, (e) => e.id),
  };
  for (const by of GAP_DIMENSIONS) result[`gaps_by_${by}`] = keyed(tables.gaps[by].groups, (g) => g.key);
  result.gap_weekly = keyed(tables.gap_weekly.weeks, (w) => w.week);
  return result;
}

function countsOf(tables: KeyedTables): Record<string, number> {
  return Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, rows.size]));
}

/** Only coordinators and admins publish; the operator's own tools (CLI) too. */
function assertMayPublish(): void {
  const actor = currentActor();
  if (!actor || actor.kind === 'system') return;
  if (actor.role !== 'coordinator' && actor.role !== 'admin') {
    throw new DomainError('forbidden', 403, 'only coordinators and admins publish open data');
  }
}

const RELEASE_REF = /^(latest|[1-9]\d{0,8})$/;

export type ReleaseService = ReturnType<typeof createReleaseService>;

/**
 * Open data releases (docs/open-data.md): numbered, frozen snapshots of what is public, with a
 * changelog against the previous release. Publishing is audited and tells `release.published`.
 */
export function createReleaseService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;

  async function previousTables(
    executor: Kysely<Database>,
  ): Promise<{ number: number; tables: KeyedTables } | null> {
    const last = await executor
      .selectFrom('open_data_release as r')
      .innerJoin('open_data_file as f', 'f.release_id', 'r.id')
      .where('f.name', '=', 'aidgrid.json')
      .select(['r.number', 'f.content'])
      .orderBy('r.number', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return null;
    const tables = JSON.parse(last.content.toString('utf8')) as SnapshotTables;
    return { number: last.number, tables: keyedTables(tables) };
  }

  return {
    /**
     * Takes the snapshot and, unless `dryRun`, stores it as the next release, in one transaction
     * with its audit entry and its `release.published` event. A dry run answers what would be
     * published (number, counts, changelog, files) and stores nothing.
     */
    async publish(options: { dryRun?: boolean } = {}): Promise<Release> {
      assertMayPublish();
      const snapshot = await takeSnapshot(db, clock);
      const current = keyedTables(snapshot.tables);
      const data_as_of = clock.today();
      const build = async (executor: Kysely<Database>, publishedAt: Date) => {
        const previous = await previousTables(executor);
        const number = (previous?.number ?? 0) + 1;
        const changelog = changelogOf(previous, current);
        const published_at = publishedAt.toISOString();
        const files = packageFiles(snapshot, { number, published_at, data_as_of, changelog });
        return { number, published_at, data_as_of, changelog, counts: countsOf(current), files };
      };
      const info = (r: Awaited<ReturnType<typeof build>>): Release => ({
        ...r,
        files: r.files.map((f) => ({
          name: f.name,
          media_type: f.media_type,
          sha256: f.sha256,
          bytes: f.content.length,
        })),
      });
      if (options.dryRun) return info(await build(db, new Date()));
      return db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`.execute(trx);
        const now = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
        const release = await build(trx, now.rows[0]?.now ?? new Date());
        const createdBy = currentActor()?.id ?? 'cli';
        const row = await trx
          .insertInto('open_data_release')
          .values({
            number: release.number,
            published_at: release.published_at,
            data_as_of: release.data_as_of,
            changelog: JSON.stringify(release.changelog),
            counts: JSON.stringify(release.counts),
            created_by: createdBy,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('open_data_file')
          .values(
            release.files.map((f) => ({
              release_id: row.id,
              name: f.name,
              media_type: f.media_type,
              sha256: f.sha256,
              bytes: f.content.length,
              content: f.content,
            })),
          )
          .execute();
        const published = info(release);
        await insertAuditEntry(trx, {
          actor: createdBy,
          action: 'create',
          entity_type: 'open_data_release',
          entity_id: row.id,
          before: null,
          after: {
            number: published.number,
            data_as_of: published.data_as_of,
            counts: published.counts,
            files: published.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
          },
        });
        await sql`SELECT aidgrid_outbox_emit('release.published', 'open_data_release', ${row.id}::uuid,
          ${JSON.stringify({ number: published.number })}::jsonb)`.execute(trx);
        return published;
      });
    },

    /** Every release, newest first. */
    async list(): Promise<Release[]> {
      const releases = await db
        .selectFrom('open_data_release')
        .select(['id', 'number', 'published_at', 'data_as_of', 'changelog', 'counts'])
        .orderBy('number', 'desc')
        .execute();
      const files = await db
        .selectFrom('open_data_file')
        .select(['release_id', 'name', 'media_type', 'sha256', 'bytes'])
        .orderBy('name')
        .execute();
      return releases.map((r) => ({
        number: r.number,
        published_at: r.published_at.toISOString(),
        data_as_of: r.data_as_of,
        changelog: r.changelog as Changelog,
        counts: r.counts,
        files: files
          .filter((f) => f.release_id === r.id)
          .map(({ name, media_type, sha256, bytes }) => ({ name, media_type, sha256, bytes })),
      }));
    },

    /** One file of a release; `release` is its number or `latest`. */
    async file(release: string, name: string): Promise<ReleaseFileContent> {
      if (!RELEASE_REF.test(release)) throw NotFound('open_data_release', release);
      let query = db
        .selectFrom('open_data_file as f')
        .innerJoin('open_data_release as r', 'r.id', 'f.release_id')
        .where('f.name', '=', name)
        .select(['r.number', 'r.published_at', 'f.name', 'f.media_type', 'f.sha256', 'f.bytes', 'f.content']);
      query =
        release === 'latest'
          ? query.where('r.number', '=', (eb) =>
              eb.selectFrom('open_data_release').select(eb.fn.max('number').as('n')),
            )
          : query.where('r.number', '=', Number(release));
      const row = await query.executeTakeFirst();
      if (!row) throw NotFound('open_data_file', `${release}/${name}`);
      return {
        release: row.number,
        published_at: row.published_at,
        name: row.name,
        media_type: row.media_type,
        sha256: row.sha256,
        bytes: row.bytes,
        content: row.content,
      };
    },
  };
}
