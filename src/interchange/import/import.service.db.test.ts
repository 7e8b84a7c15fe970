import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { type Actor, systemActor } from '../../core/auth/actor.js';
import { revaluePledges } from '../../core/money/valuation.service.js';
import { newId } from '../../core/shared/ids.js';
import { type ImportRequest, runImport } from './import.service.js';

let t: TestDatabase;
let dir: string;
let germany: string;
let poland: string;
const cli = systemActor('cli');

async function organisation(name: string, shortName: string | null = null): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('organisation')
    .values({ id, name, short_name: shortName, kind: 'state', created_by: 'test', updated_by: 'test' })
    .execute();
  return id;
}

async function item(code: string, name: string): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('item')
    .values({
      id,
      code,
      name,
      category: 'energy/generator',
      unit: 'unit',
      reference_price_amount: '1000',
      reference_price_currency: code === 'TRF-1' ? 'USD' : 'EUR',
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
  return id;
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, content);
  return at;
}

function run(filePath: string, overrides: Partial<ImportRequest> = {}) {
  return runImport(t.url, {
    path: filePath,
    entity: 'pledge',
    format: 'csv',
    mapping: {},
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
  const links = await t.db
    .selectFrom('source_link')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { pledges: Number(pledges.n), audit: Number(audit.n), links: Number(links.n) };
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-import-'));
  germany = await organisation('Germany', 'DE');
  poland = await organisation('Poland', 'PL');
  await item('GEN-100', 'Generator 100 kVA');
  await item('TRF-1', 'Transformer');
  await t.db
    .insertInto('fx_rate')
    .values({
      currency: 'USD',
      rate_on: '2023-02-28',
      eur_per_unit: '0.94',
      source: 'test',
      created_by: 'test',
    })
    .execute();
});

afterAll(async () => {
  await t?.drop();
});

const GOOD = [
  'id_row,donor,item_code,quantity,announced_on,value,currency,conditions',
  '1,Germany,GEN-100,"1.234,5",24.02.2023,"€ 1.500.000,00",,"said ""soon"", in Berlin"',
  '2,PL,TRF-1,12,2023-03-01,,,',
  '3,germany,gen-100,7,44986,250000,USD,',
].join('\r\n');

describe('pledges from CSV', () => {
  it('counts in a dry run and writes nothing', async () => {
    const before = await tally();
    const report = await run(await file('good.csv', GOOD), {
      mapping: { columns: { id_row: 'external_id' } },
    });
    expect(report.status).toBe('checked');
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await tally()).toEqual(before);
  });

  it('applies in one go with one audit entry, a source naming the file hash, and links', async () => {
    const before = await tally();
    const report = await run(await file('good.csv', GOOD), {
      apply: true,
      mapping: { columns: { id_row: 'external_id' }, external_id_prefix: 'test:' },
    });
    expect(report.status).toBe('applied');
    expect(report.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    const after = await tally();
    expect(after).toEqual({ pledges: before.pledges + 3, audit: before.audit + 1, links: before.links + 3 });
    const rows = await t.db
      .selectFrom('pledge')
      .select([
        'donor_org_id',
        'quantity',
        'announced_on',
        'value_amount',
        'value_currency',
        'conditions',
        'external_id',
      ])
      .where('import_id', '=', report.id)
      .orderBy('external_id')
      .execute();
    expect(rows).toEqual([
      {
        donor_org_id: germany,
        quantity: '1234.500',
        announced_on: '2023-02-24',
        value_amount: '1500000.00',
        value_currency: 'EUR',
        conditions: 'said "soon", in Berlin',
        external_id: 'test:1',
      },
      {
        donor_org_id: poland,
        quantity: '12.000',
        announced_on: '2023-03-01',
        value_amount: null,
        value_currency: null,
        conditions: null,
        external_id: 'test:2',
      },
      {
        donor_org_id: germany,
        quantity: '7.000',
        announced_on: '2023-03-01',
        value_amount: '250000.00',
        value_currency: 'USD',
        conditions: null,
        external_id: 'test:3',
      },
    ]);
    // Valued as inserted exactly as the valuation service values them.
    const valuations = () =>
      t.db
        .selectFrom('pledge')
        .select(['id', 'value_eur', 'value_fx_rate', 'value_fx_rate_on', 'price_list_eur'])
        .where('import_id', '=', report.id)
        .orderBy('id')
        .execute();
    const asInserted = await valuations();
    expect(asInserted.map((v) => v.value_eur).sort()).toEqual(['1500000.00', '235000.00', null]);
    expect(asInserted.map((v) => v.price_list_eur).sort()).toEqual(['11280.00', '1234500.00', '7000.00']);
    await revaluePledges(t.db, 'all');
    expect(await valuations()).toEqual(asInserted);
    const source = await t.db
      .selectFrom('source')
      .selectAll()
      .where('id', '=', report.source_id)
      .executeTakeFirstOrThrow();
    expect(source.notes).toContain(report.file.sha256);
    expect(source.notes).toContain(report.id);
    const audit = await t.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('entity_type', '=', 'import')
      .where('entity_id', '=', report.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ sha256: report.file.sha256, counts: report.counts });
  });

  it('re-imports idempotently: unchanged rows stay, changed rows update, nothing is duplicated', async () => {
    const mapping = { columns: { id_row: 'external_id' }, external_id_prefix: 'test:' };
    const same = await run(await file('good.csv', GOOD), { apply: true, mapping });
    expect(same.counts).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    const changed = GOOD.replace('2,PL,TRF-1,12,', '2,PL,TRF-1,15,');
    const before = await tally();
    const report = await run(await file('changed.csv', changed), { apply: true, mapping });
    expect(report.counts).toEqual({ created: 0, updated: 1, unchanged: 2, rejected: 0 });
    expect((await tally()).pledges).toBe(before.pledges);
    const updated = await t.db
      .selectFrom('pledge')
      .select(['quantity', 'version'])
      .where('external_id', '=', 'test:2')
      .executeTakeFirstOrThrow();
    expect(updated).toEqual({ quantity: '15.000', version: 2 });
  });

  it('gives per-row problems and writes nothing when one row is bad (all or nothing)', async () => {
    const bad = [
      'donor,item_code,quantity,announced_on,conditions',
      'Germny,GEN-100,5,2023-02-24,',
      'Poland,GEN-100,"1,500",2023-02-24,',
      'Poland,GEN-100,5,2023-02-30,',
      'Poland,GEN-100,5,2023-04-01,x,extra',
      `Poland,GEN-100,5,2023-04-02,${'x'.repeat(1_000_000)}`,
      'Poland,TRF-1,2,2023-05-01,',
      'Poland,TRF-1,3,2023-05-01,',
    ].join('\n');
    const before = await tally();
    const report = await run(await file('bad.csv', bad), { apply: true });
    expect(report.status).toBe('failed');
    expect(await tally()).toEqual(before);
    const byRow = (row: number) =>
      report.problems.filter((p) => p.row === row).map((p) => `${p.column}: ${p.reason}`);
    expect(byRow(2)).toEqual([
      'donor: no organisation of that name; did you mean Germany?'.replace('Germany', 'DE'),
    ]);
    expect(byRow(3)[0]).toMatch(/^quantity: could be a decimal comma or a thousands separator/);
    expect(byRow(4)).toEqual(['announced_on: is not a real date (2023-02-30)']);
    expect(byRow(5)).toEqual([': the row has 6 fields, the header 5']);
    expect(byRow(6)).toEqual(['conditions: must be at most 4000 characters (it has 1000000)']);
    expect(byRow(7)[0]).toBe('external_id: the same key as row 8 of the file');
    expect(byRow(8)[0]).toBe('external_id: the same key as row 7 of the file');
    expect(report.counts.rejected).toBe(7);
  });

  it('with skip-invalid writes the valid rows and a rejects file with the reasons', async () => {
    const mixed = [
      'donor,item_code,quantity,announced_on',
      'Poland,GEN-100,9,2024-01-10',
      'Atlantis,GEN-100,9,2024-01-10',
    ].join('\n');
    const rejects = path.join(dir, 'rejects.csv');
    const before = await tally();
    const report = await run(await file('mixed.csv', mixed), {
      apply: true,
      mode: 'skip_invalid',
      rejectsPath: rejects,
    });
    expect(report.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect((await tally()).pledges).toBe(before.pledges + 1);
    const text = await readFile(rejects, 'utf8');
    expect(text).toBe(
      '\ufeffdonor,item_code,quantity,announced_on,reason\r\nAtlantis,GEN-100,9,2024-01-10,"donor: no organisation of that name (""Atlantis"")"\r\n',
    );
  });

  it('runs the duplicate-pledge detector on the imported rows', async () => {
    const near = [
      'external_id,donor,item_code,quantity,announced_on',
      'd1,Poland,TRF-1,100,2025-06-01',
      'd2,Poland,TRF-1,95,2025-06-05',
    ].join('\n');
    const report = await run(await file('near.csv', near), { apply: true });
    expect(report.duplicates_flagged).toBe(1);
    const flags = await t.db.selectFrom('duplicate_flag').select(['reason']).execute();
    expect(flags.map((f) => f.reason)).toContainEqual(
      expect.stringMatching(/^same donor and item; announced 2025-06-0[15] and 2025-06-0[15], 4 days apart/),
    );
  });

  it('reads Windows-1252 and UTF-8 with a byte order mark, and says which', async () => {
    await organisation('Česko', 'CZ');
    const text = 'donor,item_code,quantity,announced_on\r\nČesko,GEN-100,4,2024-02-01\r\n';
    const bom = await run(
      await file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
    );
    expect(bom.file.encoding).toBe('utf-8 (BOM)');
    expect(bom.counts.created).toBe(1);
    await organisation('Müller Stiftung');
    const latin = Buffer.from(
      'donor,item_code,quantity,announced_on\r\nM\xfcller Stiftung,GEN-100,4,2024-02-01\r\n',
      'latin1',
    );
    const cp1252 = await run(await file('cp1252.csv', latin));
    expect(cp1252.file.encoding).toBe('windows-1252');
    expect(cp1252.problems).toEqual([]);
  });

  it('refuses an import by a role that could not create pledges, and confines a donor to its own', async () => {
    const analyst: Actor = {
      id: 'u1',
      kind: 'user',
      orgId: germany,
      role: 'analyst',
      clearance: 'restricted',
    };
    await expect(run(await file('good.csv', GOOD), { actor: analyst })).rejects.toMatchObject({
      status: 403,
    });
    const donor: Actor = { id: 'u2', kind: 'user', orgId: germany, role: 'donor', clearance: 'coalition' };
    const report = await run(await file('good.csv', GOOD), {
      actor: donor,
      mapping: { columns: { id_row: 'external_id' } },
    });
    expect(report.problems).toEqual([
      { row: 3, column: 'donor', value: 'PL', reason: "you may import only your own organisation's pledges" },
    ]);
  });
});
