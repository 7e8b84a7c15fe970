import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { systemActor } from '../../core/auth/actor.js';
import { newId } from '../../core/shared/ids.js';
import { UnreadableFile } from './csv-source.js';
import { type ImportRequest, runImport } from './import.service.js';

let t: TestDatabase;
let dir: string;
let germany: string;
let poland: string;
const cli = systemActor('cli');

async function organisation(name: string, shortName: string): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('organisation')
    .values({ id, name, short_name: shortName, kind: 'state', created_by: 'test', updated_by: 'test' })
    .execute();
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-xlsx-'));
  germany = await organisation('Germany', 'DE');
  poland = await organisation('Poland', 'PL');
  for (const [code, name] of [
    ['GEN-100', 'Generator 100 kVA'],
    ['TRF-1', 'Transformer'],
  ] as const) {
    await t.db
      .insertInto('item')
      .values({
        id: newId(),
        code,
        name,
        category: 'energy/generator',
        unit: 'unit',
        created_by: 'test',
        updated_by: 'test',
      })
      .execute();
  }
});

afterAll(async () => {
  await t?.drop();
});

const HEADER = [
  'id_row',
  'donor',
  'item_code',
  'quantity',
  'announced_on',
  'value',
  'currency',
  'conditions',
];

/** A workbook of one sheet written by exceljs: header, then the rows (cells as exceljs takes them). */
async function workbook(name: string, rows: unknown[][], dateCells: string[] = []): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Pledges');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  for (const address of dateCells) sheet.getCell(address).numFmt = 'dd.mm.yyyy';
  const at = path.join(dir, name);
  await book.xlsx.writeFile(at);
  return at;
}

function run(filePath: string, overrides: Partial<ImportRequest> = {}) {
  return runImport(t.url, {
    path: filePath,
    entity: 'pledge',
    format: 'xlsx',
    mapping: { columns: { id_row: 'external_id' }, external_id_prefix: 'x:' },
    mode: 'all_or_nothing',
    apply: false,
    actor: cli,
    ...overrides,
  });
}

async function tally() {
  const pledges = await t.db
    .selectFrom('pledge')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const audit = await t.db
    .selectFrom('audit_entry')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { pledges: Number(pledges.n), audit: Number(audit.n) };
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * The good rows: a date cell, dates as text in three notations, an Excel serial number without a
 * date format, a decimal number stored with binary noise (0.1 + 0.2), rich text, an empty row.
 */
const GOOD_ROWS: unknown[][] = [
  [
    1,
    'Germany',
    'GEN-100',
    1234.5,
    day('2023-02-24'),
    1_500_000,
    'EUR',
    { richText: [{ text: 'said "soon", ' }, { font: { bold: true }, text: 'in Berlin' }] },
  ],
  [2, 'PL', 'TRF-1', 12, '2023-03-01', null, null, null],
  [],
  [3, 'germany', 'gen-100', 0.1 + 0.2, '02.03.2023', 250_000.75, 'EUR', null],
  [4, 'Poland', 'TRF-1', 7, '03/03/2023', null, null, 'slash notation'],
  [5, 'DE', 'GEN-100', 2, 44986, null, null, 'serial'],
];

/** The same rows as CSV (what the workbook's rows mean, written as a spreadsheet would export them). */
const GOOD_CSV = [
  HEADER.join(','),
  '1,Germany,GEN-100,1234.5,2023-02-24,1500000,EUR,"said ""soon"", in Berlin"',
  '2,PL,TRF-1,12,2023-03-01,,,',
  '3,germany,gen-100,0.3,02.03.2023,250000.75,EUR,',
  '4,Poland,TRF-1,7,03/03/2023,,,slash notation',
  '5,DE,GEN-100,2,44986,,,serial',
].join('\r\n');

describe('pledges from XLSX', () => {
  it('reads a workbook as the CSV equivalent: numbers, date cells, dates as text, rich text', async () => {
    const file = await workbook('good.xlsx', GOOD_ROWS, ['E2']);
    const before = await tally();
    const dry = await run(file);
    expect(dry.problems).toEqual([]);
    expect(dry.status).toBe('checked');
    expect(dry.file.encoding).toBe('xlsx');
    expect(dry.rows).toBe(5);
    expect(dry.counts).toEqual({ created: 5, updated: 0, unchanged: 0, rejected: 0 });
    expect(await tally()).toEqual(before);

    const applied = await run(file, { apply: true });
    expect(applied.status).toBe('applied');
    expect(applied.counts).toEqual({ created: 5, updated: 0, unchanged: 0, rejected: 0 });
    expect(await tally()).toEqual({ pledges: before.pledges + 5, audit: before.audit + 1 });
    const rows = await t.db
      .selectFrom('pledge')
      .select(['external_id', 'donor_org_id', 'quantity', 'announced_on', 'value_amount', 'conditions'])
      .where('import_id', '=', applied.id)
      .orderBy('external_id')
      .execute();
    expect(rows).toEqual([
      {
        external_id: 'x:1',
        donor_org_id: germany,
        quantity: '1234.500',
        announced_on: '2023-02-24',
        value_amount: '1500000.00',
        conditions: 'said "soon", in Berlin',
      },
      {
        external_id: 'x:2',
        donor_org_id: poland,
        quantity: '12.000',
        announced_on: '2023-03-01',
        value_amount: null,
        conditions: null,
      },
      {
        external_id: 'x:3',
        donor_org_id: germany,
        quantity: '0.300',
        announced_on: '2023-03-02',
        value_amount: '250000.75',
        conditions: null,
      },
      {
        external_id: 'x:4',
        donor_org_id: poland,
        quantity: '7.000',
        announced_on: '2023-03-03',
        value_amount: null,
        conditions: 'slash notation',
      },
      {
        external_id: 'x:5',
        donor_org_id: germany,
        quantity: '2.000',
        announced_on: '2023-03-01',
        value_amount: null,
        conditions: 'serial',
      },
    ]);

    // The CSV equivalent changes nothing: the workbook was read as the CSV is.
    const csv = path.join(dir, 'good.csv');
    await writeFile(csv, GOOD_CSV);
    const same = await run(csv, { format: 'csv' });
    expect(same.problems).toEqual([]);
    expect(same.counts).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 0 });
  });

  it('counts created, updated, unchanged and rejected in a dry run of a changed workbook', async () => {
    const rows = GOOD_ROWS.map((r) => [...r]);
    (rows[1] as unknown[])[3] = 15; // row 2: quantity changed
    rows.push([6, 'DE', 'TRF-1', 1, '2023-04-01', null, null, null]); // new
    rows.push([7, 'Germny', 'TRF-1', 1, '2023-04-01', null, null, null]); // unknown donor
    const before = await tally();
    const report = await run(await workbook('changed.xlsx', rows, ['E2']));
    expect(report.counts).toEqual({ created: 1, updated: 1, unchanged: 4, rejected: 1 });
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      '9 donor: no organisation of that name; did you mean DE?',
    ]);
    expect(await tally()).toEqual(before);
  });

  it('refuses formula cells with their address, and writes nothing (all or nothing)', async () => {
    const file = await workbook('formula.xlsx', [
      [11, 'DE', 'TRF-1', 4, '2023-05-01', null, null, null],
      [12, 'DE', 'TRF-1', 5, '2023-05-02', null, null, null],
      [13, 'DE', 'TRF-1', { formula: 'SUM(D2:D3)', result: 9 }, '2023-05-03', null, null, null],
    ]);
    const before = await tally();
    const report = await run(file, { apply: true });
    expect(report.status).toBe('failed');
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      '4 quantity: D4: formula cells are not imported (=SUM(D2:D3)); paste values instead',
    ]);
    // The valid rows are counted as what they would be; none of them was written.
    expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.error).toContain('nothing was written');
    expect(await tally()).toEqual(before);
  });

  it('takes numbers as numbers whatever the decimal mark the mapping gives for text', async () => {
    const report = await run(
      await workbook('comma.xlsx', [[21, 'DE', 'TRF-1', 1234.5, '24.02.2023', 1234, 'EUR', null]]),
      { mapping: { columns: { id_row: 'external_id' }, external_id_prefix: 'x:', decimal: ',' } },
    );
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
  });

  it('reads a workbook given as CSV as the workbook it is, and refuses text given as XLSX', async () => {
    const file = await workbook('detected.xlsx', [[31, 'DE', 'TRF-1', 3, '2023-06-01', null, null, null]]);
    const report = await run(file, { format: 'csv' });
    expect(report.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    const csv = path.join(dir, 'not.xlsx');
    await writeFile(csv, 'donor,item_code\nDE,TRF-1\n');
    await expect(run(csv)).rejects.toBeInstanceOf(UnreadableFile);
  });
});
