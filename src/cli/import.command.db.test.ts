import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { newId } from '../core/shared/ids.js';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-import-cli-'));
  await t.db
    .insertInto('organisation')
    .values({
      id: newId(),
      name: 'Germany',
      short_name: 'DE',
      kind: 'state',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  await t.db
    .insertInto('item')
    .values({
      id: newId(),
      code: 'GEN-100',
      name: 'Generator',
      category: 'energy/generator',
      unit: 'unit',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
});

afterAll(async () => {
  await t?.drop();
});

const cli = (...args: string[]) => runCli(['--database-url', t.url, 'import', ...args]);

describe('aidgrid import', () => {
  it('dry-runs by default, applies with --apply, and says unchanged the second time (--json field names)', async () => {
    const file = path.join(dir, 'p.csv');
    await writeFile(file, 'donor,item,quantity,announced_on\nGermany,GEN-100,"1,5",24.02.2023\n');
    const dry = await cli(file, '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      status: 'checked',
      counts: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(await t.db.selectFrom('pledge').select('id').execute()).toHaveLength(0);
    const applied = await cli(file, '--apply');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(
      /^imported: p\.csv \(utf-8, SHA-256 [0-9a-f]{16}…\), 1 rows of pledges\n {2}created 1, updated 0, unchanged 0, rejected 0/,
    );
    const again = await cli(file, '--apply', '--json');
    expect(JSON.parse(again.stdout).counts).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it('exits 1 with the problems when a row is bad, 2 on a file without the required columns, 3 without the file', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'donor,item,quantity,announced_on\nGermny,GEN-100,1,2023-02-30\n');
    const failed = await cli(bad, '--apply');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('row 2, donor "Germny": no organisation of that name; did you mean DE?');
    expect(failed.stdout).toContain('row 2, announced_on "2023-02-30": is not a real date (2023-02-30)');
    expect(failed.stdout).toContain('nothing was written');
    const columns = path.join(dir, 'columns.csv');
    await writeFile(columns, 'who,what\nGermany,GEN-100\n');
    const usage = await cli(columns);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(
      /^aidgrid: the file has no column for donor, item, quantity, announced_on \(required\); its columns: who, what\nhint: map the columns with --mapping FILE/,
    );
    const missing = await cli(path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(3);
  });

  it('writes a rejects file with --skip-invalid', async () => {
    const mixed = path.join(dir, 'mixed.csv');
    await writeFile(
      mixed,
      'donor,item,quantity,announced_on\nGermany,GEN-100,2,2023-05-01\nGermany,NOPE,2,2023-05-02\n',
    );
    const result = await cli(mixed, '--apply', '--skip-invalid');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`rejected rows with their reasons: ${mixed}.rejects.csv`);
    expect(await readFile(`${mixed}.rejects.csv`, 'utf8')).toContain(
      'Germany,NOPE,2,2023-05-02,"item: no item of that name (""NOPE"")"',
    );
  });

  it('saves a mapping under a name, lists it, imports with --mapping NAME, and deletes it', async () => {
    const mappingFile = path.join(dir, 'ministry.json');
    await writeFile(
      mappingFile,
      JSON.stringify({
        entity: 'item',
        columns: { Код: 'code', Назва: 'name', Категорія: 'category', Одиниця: 'unit' },
      }),
    );
    const saved = await runCli([
      '--database-url',
      t.url,
      'import',
      'mappings',
      'save',
      'ministry-items',
      mappingFile,
    ]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toBe('saved mapping ministry-items\n');
    const replaced = await runCli([
      '--database-url',
      t.url,
      'import',
      'mappings',
      'save',
      'Ministry-Items',
      mappingFile,
    ]);
    expect(replaced.stdout).toBe('replaced mapping Ministry-Items\n');
    const listed = await runCli(['--database-url', t.url, 'import', 'mappings', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        name: 'Ministry-Items',
        mapping: expect.objectContaining({ entity: 'item' }),
      }),
    ]);

    const items = path.join(dir, 'items-uk.csv');
    await writeFile(items, 'Код,Назва,Категорія,Одиниця\nHTR-2,Обігрівач,non-lethal/winter,шт\n');
    const dry = await cli(items, '--mapping', 'ministry-items', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ entity: 'item', counts: { created: 1, rejected: 0 } });

    const unknown = await cli(items, '--mapping', 'no-such-mapping');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(
      /^aidgrid: --mapping no-such-mapping: no such file, and no saved mapping of that name/,
    );

    const bad = path.join(dir, 'bad-mapping.json');
    await writeFile(bad, JSON.stringify({ entity: 'allocation', colums: {} }));
    const refused = await runCli(['--database-url', t.url, 'import', 'mappings', 'save', 'bad', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^aidgrid: the mapping: unknown key "colums"; entity must be one of/);

    const deleted = await runCli(['--database-url', t.url, 'import', 'mappings', 'delete', 'MINISTRY-items']);
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await runCli(['--database-url', t.url, 'import', 'mappings', 'list']);
    expect(gone.stdout).toMatch(/^no saved mappings/);
  });
});
