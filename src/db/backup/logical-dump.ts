/**
 * Logical export of the whole database at one snapshot, and its import into a fresh database.
 *
 * A dump is a gzipped tar: dump.json (format, versions, the migration level with checksums, the
 * tables in foreign-key order with their columns, the sequences), then data/<table>.copy per table
 * (`COPY … TO` text format in primary-key order, UTC, ISO dates: the same bytes from any
 * PostgreSQL ≥ 15), then summary.json (rows and SHA-256 per table, the audit head). The import
 * creates the schema by the dump's own migrations, loads every table in one transaction with
 * triggers off (rows as they were, audit chain included), checks every count and checksum before
 * committing, then migrates to this version's level.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { migrateToLatest, readMigrations } from '../migrate.js';
import type { Database } from '../schema.js';
import { readTar, TarWriter } from './tar.js';

const FORMAT = 'aidgrid-dump/1';
const HEADER = 'dump.json';
const SUMMARY = 'summary.json';

export interface DumpTable {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface DumpHeader {
  readonly format: typeof FORMAT;
  readonly created_at: string;
  readonly aidgrid_version: string;
  readonly postgresql: string;
  readonly migrations: readonly { readonly name: string; readonly checksum: string }[];
  readonly tables: readonly DumpTable[];
  readonly sequences: readonly {
    readonly name: string;
    readonly last_value: string;
    readonly is_called: boolean;
  }[];
}

export interface DumpSummary {
  readonly tables: readonly { readonly name: string; readonly rows: number; readonly sha256: string }[];
  readonly audit_head: { readonly seq: number; readonly hash: string } | null;
}

export class DumpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DumpError';
  }
}

const SESSION = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
  "SET client_encoding = 'UTF8'",
];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  for (const statement of SESSION) await client.query(statement);
  return client;
}

/** Tables of schema public (partitions through their parent), parents before children. */
async function listTables(client: pg.Client): Promise<{ name: string; columns: string[]; key: string[] }[]> {
  const tables = await client.query<{ oid: number; name: string }>(
    `SELECT c.oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> 'schema_migration'
      ORDER BY c.relname`,
  );
  const edges = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = k.connamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND k.conrelid <> k.confrelid
      ORDER BY 1, 2`,
  );
  const order = dependencyOrder(
    tables.rows.map((row) => row.name),
    edges.rows.map((row) => [row.child, row.parent] as const),
  );
  const byName = new Map(tables.rows.map((row) => [row.name, row.oid]));
  const result: { name: string; columns: string[]; key: string[] }[] = [];
  for (const name of order) {
    const oid = byName.get(name) as number;
    const columns = await client.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute
        WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
        ORDER BY attnum`,
      [oid],
    );
    const key = await client.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = $1 AND i.indisprimary
        ORDER BY array_position(i.indkey, a.attnum)`,
      [oid],
    );
    result.push({ name, columns: columns.rows.map((row) => row.name), key: key.rows.map((row) => row.name) });
  }
  return result;
}

/** Tables ordered so that each comes after the tables it references (Kahn; a cycle falls back to name order). */
export function dependencyOrder(
  tables: readonly string[],
  references: readonly (readonly [string, string])[],
): string[] {
  const pending = new Map(tables.map((name) => [name, new Set<string>()]));
  for (const [child, parent] of references) {
    if (pending.has(child) && pending.has(parent) && child !== parent) pending.get(child)?.add(parent);
  }
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending.entries()].filter(([, parents]) => parents.size === 0).map(([name]) => name);
    const next = ready.length > 0 ? ready.sort() : [[...pending.keys()].sort()[0] as string];
    for (const name of next) {
      order.push(name);
      pending.delete(name);
      for (const parents of pending.values()) parents.delete(name);
    }
  }
  return order;
}

/** Writes a dump of the database at `url` to `outFile` (written under a temporary name, then renamed). */
export async function exportDump(options: {
  url: string;
  outFile: string;
  aidgridVersion: string;
  clock?: () => Date;
}): Promise<{ path: string; header: DumpHeader; summary: DumpSummary; size: number }> {
  const clock = options.clock ?? (() => new Date());
  const client = await connect(options.url);
  const scratch = await mkdtemp(join(tmpdir(), 'aidgrid-dump-'));
  const partial = `${options.outFile}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version =
      (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '';
    const migrations = await client
      .query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migration ORDER BY name')
      .catch(() => {
        throw new DumpError(
          'not_an_aidgrid_database',
          'the database has no schema_migration table: not an aidgrid database',
        );
      });
    const tables = await listTables(client);
    const sequences: { name: string; last_value: string; is_called: boolean }[] = [];
    const seqNames = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
    );
    for (const { name } of seqNames.rows) {
      const row = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text AS last_value, is_called FROM ${client.escapeIdentifier(name)}`,
      );
      sequences.push({ name, ...(row.rows[0] as { last_value: string; is_called: boolean }) });
    }
    const header: DumpHeader = {
      format: FORMAT,
      created_at: clock().toISOString(),
      aidgrid_version: options.aidgridVersion,
      postgresql: version,
      migrations: migrations.rows,
      tables: tables.map(({ name, columns }) => ({ name, columns })),
      sequences,
    };

    const gzip = createGzip({ level: 6 });
    const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
    const tar = new TarWriter(gzip);
    await tar.file(HEADER, Buffer.from(`${JSON.stringify(header, null, 2)}\n`));
    const counted: { name: string; rows: number; sha256: string }[] = [];
    for (const table of tables) {
      const file = join(scratch, `${table.name}.copy`);
      const hash = createHash('sha256');
      const columns = table.columns.map((column) => client.escapeIdentifier(column)).join(', ');
      const orderBy =
        table.key.length > 0
          ? ` ORDER BY ${table.key.map((k) => client.escapeIdentifier(k)).join(', ')}`
          : '';
      const stream = client.query(
        copyTo(`COPY (SELECT ${columns} FROM ${client.escapeIdentifier(table.name)}${orderBy}) TO STDOUT`),
      );
      const lines = { rows: 0 };
      await pipeline(stream, hashing(hash, lines), createWriteStream(file));
      const size = (await stat(file)).size;
      await tar.begin({
        path: `data/${table.name}.copy`,
        type: 'file',
        size,
        mode: 0o600,
        mtime: Date.now() / 1000,
      });
      for await (const chunk of createReadStream(file)) await tar.data(chunk as Buffer);
      await tar.pad(size);
      await rm(file);
      counted.push({ name: table.name, rows: lines.rows, sha256: hash.digest('hex') });
    }
    const head = await client
      .query<{ seq: string; hash: string }>(
        'SELECT seq::text AS seq, hash FROM audit_entry WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1',
      )
      .then((result) => result.rows[0]);
    await client.query('COMMIT');
    const summary: DumpSummary = {
      tables: counted,
      audit_head: head ? { seq: Number(head.seq), hash: head.hash } : null,
    };
    await tar.file(SUMMARY, Buffer.from(`${JSON.stringify(summary, null, 2)}\n`));
    await tar.finish();
    gzip.end();
    await written;
    const handle = await open(partial, 'r');
    await handle.sync();
    await handle.close();
    await rename(partial, options.outFile);
    return { path: options.outFile, header, summary, size: (await stat(options.outFile)).size };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Passes COPY text through, hashing it and counting its rows (one line each: newlines inside values
 * are escaped). Counted here because the stream's own rowCount comes with the server's CommandComplete,
 * which may arrive after the stream has ended (pg-copy-streams ends it at CopyDone): read then, it
 * was sometimes still 0, and the dump's summary said a table of 2,503 rows had none.
 */
function hashing(hash: ReturnType<typeof createHash>, counted: { rows: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) counted.rows++;
      done(null, chunk);
    },
  });
}

/**
 * Loads a dump into the fresh database at `url` (no tables yet) and returns what the dump
 * recorded, for the post-restore checks.
 */
export async function importDump(options: {
  url: string;
  db: Kysely<Database>;
  file: string;
  log?: (line: string) => void;
}): Promise<{ header: DumpHeader; summary: DumpSummary; rows: number }> {
  const log = options.log ?? (() => undefined);
  const client = await connect(options.url);
  try {
    const existing = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
    );
    if (existing.rows[0]?.n !== '0') {
      throw new DumpError(
        'database_not_empty',
        `the target database already has ${existing.rows[0]?.n} tables; import a dump only into a fresh database`,
      );
    }
    // Checked whole before anything is created: a damaged dump leaves the database as fresh as it was.
    const verified = await verifyDump(options.file);
    if (!verified.ok) throw new DumpError('dump_damaged', `${verified.summary}; nothing imported`);
    let header: DumpHeader | undefined;
    let summary: DumpSummary | undefined;
    const loaded = new Map<string, { rows: number; sha256: string }>();
    let began = false;
    let current = '(start)';
    try {
      await readTar(createReadStream(options.file).pipe(createGunzip()), async (entry) => {
        current = entry.path;
        if (entry.type === 'directory') return { data: () => undefined, end: () => undefined };
        if (entry.path === HEADER || entry.path === SUMMARY) {
          const chunks: Buffer[] = [];
          return {
            data: (chunk) => {
              chunks.push(Buffer.from(chunk));
            },
            end: async () => {
              const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
              if (entry.path === SUMMARY) {
                summary = value as DumpSummary;
                return;
              }
              header = checkHeader(value, await readMigrations());
              const level = header.migrations.at(-1)?.name;
              if (level) await migrateToLatest(options.db, { through: level });
              log(`schema created at migration ${level}; loading ${header.tables.length} tables`);
              await client.query('BEGIN');
              began = true;
              await client.query('SET LOCAL session_replication_role = replica').catch(() => {
                throw new DumpError(
                  'superuser_required',
                  'import-dump loads rows as they were, with triggers off: it needs a superuser connection',
                );
              });
              for (const statement of SESSION) await client.query(statement.replace(/^SET /, 'SET LOCAL '));
              await client.query(
                `TRUNCATE ${header.tables.map((t) => client.escapeIdentifier(t.name)).join(', ')}`,
              );
            },
          };
        }
        const match = /^data\/(.+)\.copy$/.exec(entry.path);
        const table = match ? header?.tables.find((t) => t.name === match[1]) : undefined;
        if (!table) throw new Error('not a table of the dump header');
        const columns = table.columns.map((column) => client.escapeIdentifier(column)).join(', ');
        const sink = client.query(
          copyFrom(`COPY ${client.escapeIdentifier(table.name)} (${columns}) FROM STDIN`),
        );
        let failure: unknown;
        const done = new Promise<void>((resolve, reject) => {
          sink.once('finish', resolve);
          sink.once('error', (error) => {
            failure = error;
            reject(error);
          });
        });
        // Awaited in end(); a failure before then surfaces at the next write.
        done.catch(() => undefined);
        const hash = createHash('sha256');
        return {
          data: async (chunk) => {
            if (failure) throw failure;
            hash.update(chunk);
            await writeTo(sink, Buffer.from(chunk));
          },
          end: async () => {
            sink.end();
            await done;
            loaded.set(table.name, { rows: sink.rowCount, sha256: hash.digest('hex') });
          },
        };
      });
      if (!header || !summary) throw new Error('the dump lacks its header or summary');
      for (const expected of summary.tables) {
        const got = loaded.get(expected.name);
        if (!got || got.rows !== expected.rows || got.sha256 !== expected.sha256) {
          current = `data/${expected.name}.copy`;
          throw new Error(
            got
              ? `${got.rows} rows loaded, the dump says ${expected.rows}, or its checksum differs`
              : 'missing from the dump',
          );
        }
      }
      for (const sequence of header.sequences) {
        await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
          client.escapeIdentifier(sequence.name),
          sequence.last_value,
          sequence.is_called,
        ]);
      }
      await client.query('COMMIT');
      began = false;
    } catch (error) {
      if (began) await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof DumpError) throw error;
      throw new DumpError(
        'dump_damaged',
        `cannot import ${options.file} at ${current}: ${describe(error)}; nothing imported`,
      );
    }
    const applied = await migrateToLatest(options.db);
    if (applied.length > 0) log(`migrated from the dump's level to ${applied.at(-1)}`);
    return { header, summary, rows: [...loaded.values()].reduce((sum, table) => sum + table.rows, 0) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Reads a dump through and compares each table's rows with its summary, naming the first bad part. */
export async function verifyDump(file: string): Promise<{ ok: boolean; summary: string }> {
  const hashes = new Map<string, string>();
  let summary: DumpSummary | undefined;
  let header = false;
  let current = '(start)';
  try {
    await readTar(createReadStream(file).pipe(createGunzip()), (entry) => {
      current = entry.path;
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      return {
        data: (chunk) => {
          if (entry.path === SUMMARY) chunks.push(Buffer.from(chunk));
          else hash.update(chunk);
        },
        end: () => {
          if (entry.path === HEADER) header = true;
          else if (entry.path === SUMMARY)
            summary = JSON.parse(Buffer.concat(chunks).toString('utf8')) as DumpSummary;
          else hashes.set(entry.path, hash.digest('hex'));
        },
      };
    });
  } catch (error) {
    return { ok: false, summary: `dump ${file} is damaged at ${current}: ${(error as Error).message}` };
  }
  if (!header || !summary)
    return { ok: false, summary: `${file} is not a whole aidgrid dump (no ${HEADER} or ${SUMMARY})` };
  for (const table of summary.tables) {
    if (hashes.get(`data/${table.name}.copy`) !== table.sha256) {
      return {
        ok: false,
        summary: `dump ${file} is damaged: data/${table.name}.copy differs from its checksum`,
      };
    }
  }
  return { ok: true, summary: `dump ${file} intact: ${summary.tables.length} tables` };
}

// A database error's text stays out of what the user reads; its SQLSTATE says enough to look it up.
function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code && /^[0-9A-Z]{5}$/.test(code)) return `the database refused the rows (SQLSTATE ${code})`;
  return (error as Error).message;
}

function writeTo(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(chunk)) {
      resolve();
      return;
    }
    const onDrain = () => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      stream.off('drain', onDrain);
      reject(error);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

function checkHeader(value: unknown, known: readonly { name: string; checksum: string }[]): DumpHeader {
  const header = value as Partial<DumpHeader>;
  if (header.format !== FORMAT || !Array.isArray(header.tables) || !Array.isArray(header.migrations)) {
    throw new DumpError('not_a_dump', `not an aidgrid dump (${FORMAT})`);
  }
  header.migrations.forEach((migration, index) => {
    const mine = known[index];
    if (!mine || mine.name !== migration.name) {
      throw new DumpError(
        'dump_too_new',
        `the dump is at migration ${header.migrations?.at(-1)?.name}, which this aidgrid does not know (${migration.name}); import it with the aidgrid that wrote it (${header.aidgrid_version})`,
      );
    }
    if (mine.checksum !== migration.checksum) {
      throw new DumpError(
        'migration_mismatch',
        `migration ${migration.name} of the dump differs from this aidgrid's`,
      );
    }
  });
  return header as DumpHeader;
}
