import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { systemActor } from '../../core/auth/actor.js';
import { newId } from '../../core/shared/ids.js';
import { runImport } from './import.service.js';
import { checkMapping, type ImportMapping } from './mapping.js';

let t: TestDatabase;
let dir: string;
let ministry: string;
const cli = systemActor('cli');

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-formats-'));
  const org = async (name: string, shortName: string | null, kind = 'state') => {
    const id = newId();
    await t.db
      .insertInto('organisation')
      .values({ id, name, short_name: shortName, kind, created_by: 't', updated_by: 't' })
      .execute();
    return id;
  };
  await org('United States of America', 'USA');
  await org('Germany', 'DE');
  ministry = await org('Ministry of Energy of Ukraine', 'MoE', 'ministry');
  await t.db
    .insertInto('item')
    .values({
      id: newId(),
      code: 'GEN-100',
      name: 'Generator 100 kVA',
      category: 'energy/generator',
      unit: 'unit',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  await t.db
    .insertInto('region')
    .values({
      id: newId(),
      code: 'UA-32',
      name: 'Kyiv Oblast',
      country_code: 'UA',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
});

afterAll(async () => {
  await t?.drop();
});

async function file(name: string, content: string): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, content);
  return at;
}

describe('HXL-tagged CSV', () => {
  it('maps the columns by their hashtags, attributes in any order, whatever the header names', async () => {
    const text = [
      'Geber,Artikel,Menge,Datum,Bemerkung',
      '#org+name+funder,#item+code,#indicator+num+pledged,#date+announced,#description+conditions',
      'DE,GEN-100,"1.000,5",24.02.2023,über Polen',
      'DE,GEN-100,7,2023-02-25T00:00:00Z,',
      'DE,GEN-100,7,25.02.2023,again',
    ].join('\n');
    const report = await runImport(t.url, {
      path: await file('hxl.csv', text),
      entity: 'pledge',
      format: 'hxl',
      mapping: {},
      mode: 'all_or_nothing',
      apply: false,
      actor: cli,
    });
    // Without an id column, a row's key is a hash of donor, item and day: two rows of one donor, item
    // and day are the same key (one announcement written twice?), so both are rejected, never guessed.
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      '4 external_id: the same key as row 5 of the file',
      '5 external_id: the same key as row 4 of the file',
    ]);
    expect(report.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 2 });
  });
});

describe('the tracker layout', () => {
  it('imports with the shipped mapping: tracker ids as external ids, names through the dictionaries', async () => {
    const shipped = JSON.parse(
      await readFile(
        fileURLToPath(new URL('../../../docs/mappings/kiel-tracker.json', import.meta.url)),
        'utf8',
      ),
    ) as ImportMapping;
    expect(checkMapping(shipped)).toEqual([]);
    const text = [
      'ID,Country,Announcement Date,Type of Aid General,Item,Quantity,Value,Currency,Source link',
      '101,United States,24/02/2023,Humanitarian,Generators,50,"$1,250,000.00",,https://example.org/a',
      '102,Germny,01.03.2023,Humanitarian,Generators,5,,,https://example.org/b',
      '103,Germany,2023-03-02,Humanitarian,Power generators,5,"12,5",EUR,https://example.org/c',
    ].join('\r\n');
    const report = await runImport(t.url, {
      path: await file('tracker.csv', text),
      entity: 'pledge',
      format: 'tracker',
      mapping: shipped,
      mode: 'skip_invalid',
      apply: true,
      actor: cli,
      rejectsPath: path.join(dir, 'tracker.rejects.csv'),
    });
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      '3 Country: no organisation of that name; did you mean DE?',
    ]);
    expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const rows = await t.db
      .selectFrom('pledge')
      .select(['external_id', 'value_amount', 'value_currency', 'classification', 'announced_on'])
      .where('import_id', '=', report.id)
      .orderBy('external_id')
      .execute();
    expect(rows).toEqual([
      {
        external_id: 'kiel:101',
        value_amount: '1250000.00',
        value_currency: 'USD',
        classification: 'public',
        announced_on: '2023-02-24',
      },
      {
        external_id: 'kiel:103',
        value_amount: '12.50',
        value_currency: 'EUR',
        classification: 'public',
        announced_on: '2023-03-02',
      },
    ]);
  });
});

describe('needs', () => {
  it('imports needs by region code or name, checks priorities, and re-imports as unchanged', async () => {
    const text = [
      'recipient,region,item_code,quantity,priority,needed_by,justification',
      'MoE,UA-32,GEN-100,40,critical,2023-03-01,hospitals',
      'Ministry of Energy of Ukraine,Kyiv Oblast,GEN-100,"2,5",High,15.03.2023,',
      'MoE,UA-99,GEN-100,1,urgent,2023-03-01,',
    ].join('\n');
    const path1 = await file('needs.csv', text);
    const request = {
      path: path1,
      entity: 'need' as const,
      format: 'csv' as const,
      mapping: {},
      mode: 'skip_invalid' as const,
      apply: true,
      actor: cli,
    };
    const report = await runImport(t.url, request);
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      '4 priority: must be critical, high, medium or low',
      '4 region: no region of that name; did you mean UA-32 (Kyiv Oblast)?',
    ]);
    expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const needs = await t.db
      .selectFrom('need')
      .select(['quantity', 'priority', 'recipient_org_id'])
      .where('import_id', '=', report.id)
      .orderBy('quantity')
      .execute();
    expect(needs).toEqual([
      { quantity: '2.500', priority: 'high', recipient_org_id: ministry },
      { quantity: '40.000', priority: 'critical', recipient_org_id: ministry },
    ]);
    const again = await runImport(t.url, request);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
  });
});
