import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { Kysely, PostgresDialect, type PostgresPool, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Actor } from '../../core/auth/actor.js';
import { readerOf } from '../../core/auth/visibility.js';
import { DomainError } from '../../core/errors.js';
import {
  MAX_RATE_AGE_DAYS,
  revaluePledges,
  revaluePledgesOfItems,
} from '../../core/money/valuation.service.js';
import {
  DUPLICATE_MAX_DAYS,
  DUPLICATE_MAX_QUANTITY_SHARE,
  duplicateReason,
} from '../../core/provenance/duplicate.service.js';
import { newId } from '../../core/shared/ids.js';
import { matchName } from '../../core/shared/resolve.js';
import { changeShipmentStatus } from '../../core/shipments/shipment.service.js';
import { meetNeeds, moveAllocations, movePledges } from '../../core/shipments/shipment-stages.js';
import { statusAfterReceipt } from '../../core/shipments/shipment-status.js';
import { deadRunnerKeys } from '../../db/plan-queue.js';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  type DuplicateCandidateRow,
  insertDuplicateFlags,
} from '../../db/repositories/duplicate.repository.js';
import {
  applyChecked,
  buildReferenceMap,
  type CheckCounts,
  checkStagedRows,
  countChecked,
  createdReceipts,
  createStageTable,
  dropImportTables,
  dropImportTablesOf,
  firstProblems,
  linkCheckedToSource,
  REFERENCE_COLUMNS,
  type RowProblem,
  rejectedRows,
  STAGE_COLUMNS,
  setReferenceReasons,
  sourceOwnerOf,
  stageCopyStatement,
  unresolvedReferences,
  visibleNames,
  writtenIds,
} from '../../db/repositories/import.repository.js';
import { sumReceiptBy } from '../../db/repositories/receipt.repository.js';
import { isEveryLineReceived, lockShipment } from '../../db/repositories/shipment.repository.js';
import type { Database } from '../../db/schema.js';
import { csvRow } from '../csv.js';
import {
  type Encoding,
  examineFile,
  type RecordSource,
  readCsvRecords,
  sniffSource,
  UnreadableFile,
} from './csv-source.js';
import type { ImportEntity } from './fields.js';
import { readIatiRecords } from './iati-source.js';
import { type ColumnPlan, type ImportMapping, planColumns, stageRow } from './mapping.js';
import { readXlsxRecords } from './xlsx-source.js';

export type ImportFormat = 'csv' | 'hxl' | 'tracker' | 'xlsx' | 'iati';
export type ImportMode = 'all_or_nothing' | 'skip_invalid';

export interface ImportRequest {
  readonly path: string;
  /** The name the file is known by (the upload's name); defaults to the path's base name. */
  readonly fileName?: string;
  readonly entity: ImportEntity;
  readonly format: ImportFormat;
  readonly mapping: ImportMapping;
  readonly mode: ImportMode;
  /** false: a dry run (counts and problems, nothing written). */
  readonly apply: boolean;
  readonly actor: Actor;
  /** Where the rejected rows go with --skip-invalid (CSV with a reason column). */
  readonly rejectsPath?: string;
  readonly onProgress?: (progress: { rows: number; bytes: number; total: number; stage: string }) => void;
  /** Re-run this import (checked by a dry run) instead of starting a new one: POST /imports/{id}/apply. */
  readonly importId?: string;
  /** The id of a new import (default: a fresh one). */
  readonly newImportId?: string;
  /** Called once the import's row exists (it can be read from then on). */
  readonly onStarted?: (id: string) => void;
  /** XLSX: the sheet to read, by name (default: the first). */
  readonly sheet?: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportReport {
  readonly id: string;
  readonly status: 'checked' | 'applied' | 'failed';
  readonly entity: ImportEntity;
  readonly file: { name: string; sha256: string; bytes: number; encoding: Encoding };
  readonly rows: number;
  readonly counts: ImportCounts;
  readonly problems: RowProblem[];
  readonly problem_count: number;
  readonly ignored_columns: readonly string[];
  readonly unknown_columns: readonly string[];
  readonly rejects_file: string | null;
  readonly source_id: string | null;
  readonly duplicates_flagged: number;
  readonly error: string | null;
}

/** Roles that may create each entity one by one, and the organisation field that confines them. */
const WRITERS: Readonly<
  Record<ImportEntity, { roles: readonly string[]; own: Readonly<Record<string, true>> }>
> = {
  pledge: { roles: ['coordinator', 'donor'], own: { donor: true } },
  need: { roles: ['coordinator', 'recipient'], own: { recipient: true } },
  // The catalogue (permissions.ts, CATALOGUE): admins and coordinators, on any organisation's behalf.
  organisation: { roles: ['admin', 'coordinator'], own: {} },
  item: { roles: ['admin', 'coordinator'], own: {} },
  event: { roles: ['admin', 'coordinator'], own: {} },
  // A donor ships its own consignments against its own allocations (permissions.ts, shipperWrite).
  shipment: { roles: ['coordinator', 'donor'], own: { donor: true } },
  // The recipient the goods go to confirms receipt (permissions.ts, receiverWrite).
  receipt: { roles: ['coordinator', 'recipient'], own: { recipient: true } },
};

type Db = Kysely<Database>;

/** One connection for the whole import: COPY needs the raw client, the SQL runs through Kysely on it. */
async function connectOne(url: string): Promise<{ client: pg.Client; db: Db; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url, application_name: 'aidgrid import' });
  await client.connect();
  client.on('error', () => undefined);
  // A backend whose client died mid-statement notices within a second and rolls back (PostgreSQL ≥ 14).
  await client.query("SET client_connection_check_interval = '1s'");
  const pool: PostgresPool = {
    connect: async () => Object.assign(client, { release: () => undefined }),
    end: async () => undefined,
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { client, db, close: () => client.end() };
}

/**
 * Imports that were staging or applying in a process that has died: marked `interrupted` (their
 * apply transaction never committed, so none of their rows exist) and their tables dropped.
 */
export async function recoverImports(db: Db): Promise<number> {
  const running = await db
    .selectFrom('import_run')
    .select(['id', 'runner_key', 'status', 'runner'])
    .where('status', 'in', ['staging', 'applying'])
    .execute();
  const keys = running.map((r) => r.runner_key).filter((k): k is string => k !== null);
  const dead = new Set(await deadRunnerKeys(db, keys));
  let interrupted = 0;
  for (const run of running) {
    if (run.runner_key !== null && !dead.has(run.runner_key)) continue;
    const updated = await db
      .updateTable('import_run')
      .set({
        status: 'interrupted',
        error: `the process ${run.status === 'applying' ? 'applying' : 'reading'} it (${run.runner ?? 'unknown'}) stopped; nothing of it was written; import the file again`,
        updated_at: new Date(),
      })
      .where('id', '=', run.id)
      .where('status', '=', run.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) interrupted++;
    // A reader acting as the application role may not drop them: the next import process does.
    await dropImportTablesOf(db, run.id).catch(() => undefined);
  }
  return interrupted;
}

export class ImportRefused extends DomainError {}

/** Rows staged per COPY write: large enough that the COPY stream, not the calls, sets the pace. */
const COPY_BATCH = 2000;
const PROBLEMS_KEPT = 100;

/** One text-format COPY field: \N for null; backslash, tab and line ends escaped. */
function copyField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * The import pipeline (docs/import.md): the file streamed into the staging table with COPY, checked
 * in set-based SQL, and (with `apply`) written in one transaction with one audit entry and one
 * source. All or nothing by default; with skip_invalid the valid rows are written and the rejected
 * ones go to a rejects file. A process killed while applying leaves nothing written, and the
 * import `interrupted` once anyone reads it.
 */
export async function runImport(url: string, asked: ImportRequest): Promise<ImportReport> {
  const source = await sniffSource(asked.path);
  if (asked.format === 'xlsx' && source !== 'xlsx')
    throw new UnreadableFile(
      'the file is not an XLSX workbook (it is no ZIP archive)',
      'import CSV with --format csv',
    );
  if (asked.format === 'iati' && source !== 'iati')
    throw new UnreadableFile('the file is not IATI activity XML (no <iati-activities> element at its start)');
  // A workbook or IATI file given as CSV is read as what it is (a workbook's hashtag row or mapping still apply).
  const request: ImportRequest & { source: RecordSource } = {
    ...asked,
    format: asked.format === 'csv' && source !== 'csv' ? source : asked.format,
    source,
  };
  const { actor, entity } = request;
  if (source === 'iati' && entity !== 'pledge')
    throw new UnreadableFile(
      `IATI activity XML is read as pledges, not ${entity}s`,
      `leave out --entity ${entity}s`,
    );
  const writers = WRITERS[entity];
  if (actor.kind !== 'system' && (actor.role === null || !writers.roles.includes(actor.role))) {
    throw new ImportRefused(
      'forbidden',
      403,
      `a ${actor.role ?? 'reader'} may not create ${entity}s, so may not import them (roles: ${writers.roles.join(', ')})`,
    );
  }
  const reader = readerOf(actor);
  const ownOrg = actor.kind !== 'system' && actor.role !== 'coordinator' ? actor.orgId : null;
  const facts = await examineFile(request.path, { binary: source === 'xlsx' });
  const fileName = request.fileName ?? basename(request.path);
  const { client, db, close } = await connectOne(url);
  const importId = request.importId ?? request.newImportId ?? newId();
  const runnerKey = randomBytes(6).readUIntBE(0, 6).toString();
  try {
    await recoverImports(db);
    await sql`SELECT pg_advisory_lock(${runnerKey}::bigint)`.execute(db);
    if (request.importId) {
      const again = await db
        .updateTable('import_run')
        .set({
          status: 'staging',
          error: null,
          file_sha256: facts.sha256,
          file_bytes: facts.bytes,
          encoding: facts.encoding,
          runner: `${hostname()} pid ${process.pid}`,
          runner_key: runnerKey,
          updated_at: new Date(),
        })
        .where('id', '=', importId)
        .where('status', '=', 'checked')
        .executeTakeFirst();
      if (Number(again.numUpdatedRows) === 0) {
        throw new ImportRefused(
          'import_not_checked',
          409,
          'only an import checked by a dry run can be applied',
        );
      }
    } else {
      await db
        .insertInto('import_run')
        .values({
          id: importId,
          entity,
          format: request.format,
          file_name: fileName.slice(0, 500),
          file_sha256: facts.sha256,
          file_bytes: facts.bytes,
          encoding: facts.encoding,
          mode: request.mode,
          status: 'staging',
          mapping: JSON.stringify(request.mapping),
          runner: `${hostname()} pid ${process.pid}`,
          runner_key: runnerKey,
          actor: actor.id,
          actor_org_id: actor.orgId,
          actor_role: actor.role,
          actor_clearance: actor.clearance,
        })
        .execute();
    }
    request.onStarted?.(importId);
    await createStageTable(db, importId, entity);

    // 1. Stream the rows into the staging table.
    const columns = STAGE_COLUMNS[entity].map((c) => c.name);
    let plan: ColumnPlan | undefined;
    let pending: string[] | undefined;
    let rows = 0;
    const copy = client.query(copyFrom(stageCopyStatement(importId, entity)));
    const copied = new Promise<void>((resolve, reject) => {
      copy.once('finish', resolve);
      copy.once('error', reject);
    });
    copied.catch(() => undefined);
    let batch = '';
    let batched = 0;
    try {
      for await (const record of readRecords(request, facts.encoding)) {
        if (!plan) {
          if (record.fields.every((f) => f.trim() === '') && !record.error) continue;
          if (pending === undefined) {
            pending = record.fields;
            continue;
          }
          plan = planColumns(entity, pending, record.fields, request.mapping);
          if (plan.headerRows === 1) {
            // The second row was data.
          } else {
            continue;
          }
        }
        if (record.fields.every((f) => f.trim() === '') && !record.error) continue;
        const staged = stageRow(plan, request.mapping, record.line, record.fields);
        // An IATI record with an error is not a pledge at all (a delivery, a broken file): that says all.
        if (record.error && request.source === 'iati') staged.problems.length = 0;
        if (record.error)
          staged.problems.unshift({ row: record.line, column: '', value: null, reason: record.error });
        if (record.cellProblems) {
          // A refused cell (a formula) is its column's problem; not also "is required".
          const refused = new Set(record.cellProblems.map((p) => p.column));
          const others = staged.problems.filter((p) => !refused.has(p.column));
          staged.problems.length = 0;
          staged.problems.push(
            ...record.cellProblems.map((p) => ({
              row: record.line,
              column: p.column,
              value: null,
              reason: p.reason,
            })),
            ...others,
          );
        }
        staged.values.problems = staged.problems.length > 0 ? JSON.stringify(staged.problems) : null;
        batch += `${columns.map((c) => copyField(staged.values[c])).join('\t')}\n`;
        rows++;
        if (++batched >= COPY_BATCH) {
          await write(copy, batch);
          batch = '';
          batched = 0;
          request.onProgress?.({ rows, bytes: 0, total: facts.bytes, stage: 'reading' });
        }
      }
      if (!plan && pending !== undefined) plan = planColumns(entity, pending, undefined, request.mapping);
      if (batch !== '') await write(copy, batch);
      copy.end();
      await copied;
    } catch (error) {
      copy.destroy();
      await copied.catch(() => undefined);
      throw error;
    }
    if (!plan) throw new ImportRefused('empty_file', 422, 'the file has no header row and no data');
    await sql`ANALYZE ${sql.table(`import_stage_${importId.replaceAll('-', '')}`)}`.execute(db);
    request.onProgress?.({ rows, bytes: facts.bytes, total: facts.bytes, stage: 'checking' });

    // 2. Resolve the names and check every row, set-based.
    for (const { column, table } of REFERENCE_COLUMNS[entity]) {
      await buildReferenceMap(db, importId, column, table, reader);
      const unresolved = await unresolvedReferences(db, importId, column, 1000);
      if (unresolved.length > 0) {
        const names = await visibleNames(db, table, reader);
        const kind = table === 'organisation' ? 'organisation' : table;
        const reasons = unresolved.map(({ ref }) => {
          try {
            matchName(kind as 'organisation', ref, names);
            return { ref, reason: `no ${kind} of that name` };
          } catch (error) {
            return { ref, reason: error instanceof Error ? error.message : `no ${kind} of that name` };
          }
        });
        await setReferenceReasons(db, importId, column, reasons);
      }
    }
    request.onProgress?.({ rows, bytes: facts.bytes, total: facts.bytes, stage: 'checking rows' });
    await checkStagedRows(db, entity, {
      importId,
      reader,
      ownOrg,
      header: plan.header,
      present: plan.present,
    });
    request.onProgress?.({ rows, bytes: facts.bytes, total: facts.bytes, stage: 'counting' });
    const checked: CheckCounts = await countChecked(db, importId);
    const problems = await firstProblems(db, importId, PROBLEMS_KEPT);
    const counts: ImportCounts = {
      created: checked.created,
      updated: checked.updated,
      unchanged: checked.unchanged,
      rejected: checked.rejected,
    };
    const base = {
      id: importId,
      entity,
      file: { name: fileName, sha256: facts.sha256, bytes: facts.bytes, encoding: facts.encoding },
      rows,
      problems,
      problem_count: checked.problems,
      ignored_columns: plan.ignored,
      unknown_columns: plan.unknown,
    };
    await db
      .updateTable('import_run')
      .set({
        rows_total: rows,
        rows_done: rows,
        counts: JSON.stringify(counts),
        problems: JSON.stringify(problems),
        problem_count: checked.problems,
        updated_at: new Date(),
      })
      .where('id', '=', importId)
      .execute();

    let rejectsFile: string | null = null;
    if (request.mode === 'skip_invalid' && counts.rejected > 0 && request.rejectsPath) {
      await writeRejects(db, importId, request, facts.encoding, plan);
      rejectsFile = request.rejectsPath;
    }

    if (!request.apply || (request.mode === 'all_or_nothing' && counts.rejected > 0)) {
      const failed = request.apply;
      const error = failed
        ? `${counts.rejected} of ${rows} rows have problems; nothing was written (all or nothing; --skip-invalid writes the valid rows)`
        : null;
      await db
        .updateTable('import_run')
        .set({ status: failed ? 'failed' : 'checked', error, runner_key: null, updated_at: new Date() })
        .where('id', '=', importId)
        .execute();
      return {
        ...base,
        status: failed ? 'failed' : 'checked',
        counts,
        rejects_file: rejectsFile,
        source_id: null,
        duplicates_flagged: 0,
        error,
      };
    }

    // 3. Apply in one transaction: the records, their source and links, valuations, duplicate flags, one audit entry.
    await db
      .updateTable('import_run')
      .set({ status: 'applying', updated_at: new Date() })
      .where('id', '=', importId)
      .execute();
    request.onProgress?.({ rows, bytes: facts.bytes, total: facts.bytes, stage: 'applying' });
    const sourceId = newId();
    const flagged = await db.transaction().execute(async (trx) => {
      const written = await applyChecked(trx, entity, {
        importId,
        actor: actor.id,
        present: plan.present,
        maxRateAgeDays: MAX_RATE_AGE_DAYS,
      });
      const sourceOwner = actor.orgId ?? (await sourceOwnerOf(trx, importId, entity));
      if (sourceOwner === null && counts.created + counts.updated + counts.unchanged > 0) {
        throw new ImportRefused(
          'no_owner',
          422,
          `the import's source needs an organisation to own it: give the ${entity}s an owner column, or "defaults": {"owner_org": "…"} in the mapping; nothing was written`,
        );
      }
      let linked = 0;
      if (sourceOwner !== null) {
        await trx
          .insertInto('source')
          .values({
            id: sourceId,
            url: null,
            title: `Import of ${fileName}`.slice(0, 500),
            publisher: 'aidgrid import',
            kind: 'primary',
            notes: `File ${fileName} (${facts.bytes} bytes, SHA-256 ${facts.sha256}), import ${importId}, ${rows} rows`,
            owner_org_id: sourceOwner,
            classification: 'coalition',
            created_by: actor.id,
            updated_by: actor.id,
          })
          .execute();
        linked = await linkCheckedToSource(trx, entity, { importId, sourceId, actor: actor.id });
      }
      if (entity === 'item') {
        // Price-list valuations of the items' pledges follow their reference prices (as one by one).
        const changed = (await writtenIds(trx, importId, 0, 1_000_000)).filter((r) => r.action === 'update');
        await revaluePledgesOfItems(
          trx,
          changed.map((r) => r.id),
        );
      }
      if (entity === 'receipt') await afterReceiptWrites(trx, importId, actor);
      let duplicates = 0;
      request.onProgress?.({ rows, bytes: facts.bytes, total: facts.bytes, stage: 'valuing and duplicates' });
      if (entity === 'pledge') duplicates = await afterPledgeWrites(trx, importId);
      request.onProgress?.({ rows, bytes: facts.bytes, total: facts.bytes, stage: 'audit' });
      await insertAuditEntry(trx, {
        actor: actor.id,
        action: 'load',
        entity_type: 'import',
        entity_id: importId,
        before: null,
        after: {
          entity,
          file: fileName,
          sha256: facts.sha256,
          bytes: facts.bytes,
          encoding: facts.encoding,
          mode: request.mode,
          rows,
          counts,
          written: { ...written, linked },
          source_id: sourceOwner === null ? null : sourceId,
          duplicates_flagged: duplicates,
        },
      });
      await trx
        .updateTable('import_run')
        .set({
          status: 'applied',
          source_id: sourceOwner === null ? null : sourceId,
          applied_at: new Date(),
          updated_at: new Date(),
          runner_key: null,
        })
        .where('id', '=', importId)
        .execute();
      return duplicates;
    });
    return {
      ...base,
      status: 'applied',
      counts,
      rejects_file: rejectsFile,
      source_id: sourceId,
      duplicates_flagged: flagged,
      error: null,
    };
  } catch (error) {
    await db
      .updateTable('import_run')
      .set({
        status: 'failed',
        error:
          error instanceof DomainError || error instanceof Error ? safeMessage(error) : 'the import failed',
        runner_key: null,
        updated_at: new Date(),
      })
      .where('id', '=', importId)
      .where('status', 'in', ['staging', 'applying'])
      .execute()
      .catch(() => undefined);
    throw error;
  } finally {
    await dropImportTables(db, importId, entity).catch(() => undefined);
    await close().catch(() => undefined);
  }
}

/** Our own messages pass; a database error is summarised, never shown as PostgreSQL wrote it. */
function safeMessage(error: Error): string {
  if (error instanceof DomainError) return error.message;
  if ('code' in error && typeof (error as { code?: unknown }).code === 'string') {
    return 'the database refused the import; nothing was written';
  }
  return error.message;
}

/**
 * What each receipt an import created does, as the receipt service does it (receipt.service.ts):
 * its allocations' delivered and its pledges' delivered quantities grow, its needs are met, and its
 * shipment becomes arrived, or received once every line is complete — receipt by receipt, in the
 * import's transaction (these steps take locks and write history records one by one).
 */
async function afterReceiptWrites(trx: Kysely<Database>, importId: string, actor: Actor): Promise<void> {
  for (const { receipt_id, shipment_id } of await createdReceipts(trx, importId)) {
    const shipment = await lockShipment(trx, shipment_id);
    if (!shipment)
      throw new ImportRefused('not_found', 404, `shipment ${shipment_id} is gone; nothing was written`);
    const note = `receipt ${receipt_id} of shipment ${shipment.reference} (${shipment_id}), import ${importId}`;
    await moveAllocations(trx, await sumReceiptBy(trx, receipt_id, 'allocation_id'), 'delivered', {
      exceedsCode: 'exceeds_shipped',
      actor,
    });
    await movePledges(trx, await sumReceiptBy(trx, receipt_id, 'pledge_id'), 'deliver', {
      note,
      cause: { type: 'receipt', id: receipt_id },
      exceedsCode: 'exceeds_shipped',
      actor,
    });
    await meetNeeds(trx, await sumReceiptBy(trx, receipt_id, 'need_id'), actor);
    const status = statusAfterReceipt(await isEveryLineReceived(trx, shipment_id));
    if (status !== shipment.status) await changeShipmentStatus(trx, shipment, { status }, actor);
  }
}

/** Valuations and duplicate flags of the pledges an import wrote, a page of ids at a time. */
async function afterPledgeWrites(trx: Kysely<Database>, importId: string): Promise<number> {
  let after = 0;
  let flagged = 0;
  for (;;) {
    const page = await writtenIds(trx, importId, after, 50_000);
    if (page.length === 0) break;
    const ids = page.map((r) => r.id);
    // New pledges were valued as they were inserted; changed ones are revalued here.
    await revaluePledges(
      trx,
      page.filter((r) => r.action === 'update').map((r) => r.id),
    );
    const pairs = await sql<DuplicateCandidateRow>`
      SELECT DISTINCT
        least(p.id, o.id) AS entity_id, greatest(p.id, o.id) AS other_id,
        CASE WHEN p.id < o.id THEN p.announced_on ELSE o.announced_on END AS entity_announced_on,
        CASE WHEN p.id < o.id THEN o.announced_on ELSE p.announced_on END AS other_announced_on,
        CASE WHEN p.id < o.id THEN p.quantity ELSE o.quantity END AS entity_quantity,
        CASE WHEN p.id < o.id THEN o.quantity ELSE p.quantity END AS other_quantity,
        abs(o.announced_on - p.announced_on) AS days_apart
      FROM pledge p
      JOIN pledge o ON o.donor_org_id = p.donor_org_id AND o.item_id = p.item_id AND o.id <> p.id
      WHERE p.id = ANY (${ids}::uuid[])
        AND p.status <> 'cancelled' AND o.status <> 'cancelled'
        AND abs(o.announced_on - p.announced_on) <= ${DUPLICATE_MAX_DAYS}::integer
        AND abs(o.quantity - p.quantity) <= ${DUPLICATE_MAX_QUANTITY_SHARE}::numeric * greatest(o.quantity, p.quantity)`.execute(
      trx,
    );
    for (let i = 0; i < pairs.rows.length; i += 10_000) {
      flagged += await insertDuplicateFlags(
        trx,
        pairs.rows.slice(i, i + 10_000).map((pair) => ({
          id: newId(),
          entity_id: pair.entity_id,
          other_id: pair.other_id,
          reason: duplicateReason(pair),
        })),
      );
    }
    after = Number(page.at(-1)?.row_no ?? after);
  }
  return flagged;
}

/** The file's records, whatever its format: CSV lines or XLSX rows (row numbers as lines). */
function readRecords(
  request: ImportRequest & { source: RecordSource },
  encoding: Encoding,
): AsyncGenerator<{
  line: number;
  fields: string[];
  error?: string;
  cellProblems?: { column: string; reason: string }[];
}> {
  if (request.source === 'xlsx')
    return readXlsxRecords(request.path, { sheet: request.sheet, decimal: request.mapping.decimal });
  if (request.source === 'iati') return readIatiRecords(request.path, request.mapping);
  return readCsvRecords(request.path, encoding);
}

/** The rejected rows as the file had them, with a reason column, in a CSV file of their own. */
async function writeRejects(
  db: Db,
  importId: string,
  request: ImportRequest & { source: RecordSource },
  encoding: Encoding,
  plan: ColumnPlan,
): Promise<void> {
  const reasons = await rejectedRows(db, importId);
  const out = createWriteStream(request.rejectsPath as string);
  let headerLines = 0;
  await write(out, '\ufeff');
  for await (const record of readRecords(request, encoding)) {
    if (headerLines < plan.headerRows) {
      headerLines++;
      await write(
        out,
        csvRow([...record.fields, headerLines === 1 ? 'reason' : '#x_reason'], { formulaGuard: false }),
      );
      continue;
    }
    const reason = reasons.get(record.line);
    if (reason !== undefined) await write(out, csvRow([...record.fields, reason], { formulaGuard: false }));
  }
  out.end();
  await once(out, 'finish');
}

/** An import as GET /imports/{id} and `aidgrid import show` answer it. */
export async function findImport(db: Db, id: string) {
  await recoverImports(db);
  return db.selectFrom('import_run').selectAll().where('id', '=', id).executeTakeFirst();
}
