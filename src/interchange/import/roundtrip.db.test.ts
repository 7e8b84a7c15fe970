import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { systemActor } from '../../core/auth/actor.js';
import { createNeedService } from '../../core/needs/need.service.js';
import { createPledgeService } from '../../core/pledges/pledge.service.js';
import { newId } from '../../core/shared/ids.js';
import { createExportService, exportDependencies } from '../export.service.js';
import { runImport } from './import.service.js';

let t: TestDatabase;
let dir: string;
const cli = systemActor('cli');

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-roundtrip-'));
  const org = async (name: string, kind = 'state') => {
    const id = newId();
    await t.db
      .insertInto('organisation')
      .values({ id, name, kind, created_by: 't', updated_by: 't' })
      .execute();
    return id;
  };
  const donor = await org('Donor, "quoted"');
  const other = await org('Kingdom of Examples');
  const ministry = await org('Ministry of Energy of Ukraine', 'ministry');
  const item = newId();
  await t.db
    .insertInto('item')
    .values({
      id: item,
      code: 'GEN-1',
      name: 'Generator',
      category: 'energy/generator',
      unit: 'unit',
      reference_price_amount: '1000',
      reference_price_currency: 'EUR',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  const region = newId();
  await t.db
    .insertInto('region')
    .values({
      id: region,
      code: 'UA-32',
      name: 'Kyiv Oblast',
      country_code: 'UA',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  const event = newId();
  await t.db
    .insertInto('event')
    .values({
      id: event,
      name: 'Ramstein 9',
      kind: 'ministerial',
      starts_on: '2023-02-14',
      ends_on: '2023-02-14',
      owner_org_id: donor,
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  const needs = createNeedService({ db: t.db });
  const need = await needs.create(
    {
      recipient_org_id: ministry,
      region_id: region,
      item_id: item,
      quantity: 40,
      priority: 'critical',
      needed_by: '2023-03-01',
      justification: '=SUM(A1) is text, not a formula',
      classification: 'public',
    },
    cli,
  );
  await needs.create(
    {
      recipient_org_id: ministry,
      region_id: region,
      item_id: item,
      quantity: 2.5,
      priority: 'low',
      needed_by: '2023-04-01',
    },
    cli,
  );
  const pledges = createPledgeService({ db: t.db });
  await pledges.create(
    {
      donor_org_id: donor,
      item_id: item,
      quantity: 12.5,
      need_id: need.entity.id,
      recipient_org_id: ministry,
      event_id: event,
      announced_on: '2023-02-14',
      available_from: '2023-02-20',
      value: { amount: '1000.50', currency: 'PLN' },
      conditions: '-10% if late, "as agreed"\nsecond line',
      classification: 'restricted',
    },
    cli,
  );
  await pledges.create({ donor_org_id: other, item_id: item, quantity: 3, announced_on: '2023-01-05' }, cli);
});

afterAll(async () => {
  await t?.drop();
});

describe('what aidgrid exports, it imports', () => {
  it('imports its own pledges export (HXL, with computed columns) back as all unchanged', async () => {
    const exported = await text(createExportService(exportDependencies(t.db)).pledges({}, { hxl: true }));
    const file = path.join(dir, 'pledges.csv');
    await writeFile(file, exported);
    const report = await runImport(t.url, {
      path: file,
      entity: 'pledge',
      format: 'hxl',
      mapping: {},
      mode: 'all_or_nothing',
      apply: true,
      actor: cli,
    });
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(report.unknown_columns).toEqual([]);
  });

  it('imports its own needs export back as all unchanged', async () => {
    const exported = await text(createExportService(exportDependencies(t.db)).needs({}, { hxl: true }));
    const file = path.join(dir, 'needs.csv');
    await writeFile(file, exported);
    const report = await runImport(t.url, {
      path: file,
      entity: 'need',
      format: 'hxl',
      mapping: {},
      mode: 'all_or_nothing',
      apply: false,
      actor: cli,
    });
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
  });

  it('an edited export updates exactly the rows edited', async () => {
    const exported = await text(createExportService(exportDependencies(t.db)).pledges({}, { hxl: false }));
    const edited = exported.replace(',3,', ',4,');
    const file = path.join(dir, 'pledges-edited.csv');
    await writeFile(file, edited);
    const report = await runImport(t.url, {
      path: file,
      entity: 'pledge',
      format: 'csv',
      mapping: {},
      mode: 'all_or_nothing',
      apply: true,
      actor: cli,
    });
    expect(report.counts).toEqual({ created: 0, updated: 1, unchanged: 1, rejected: 0 });
  });
});
