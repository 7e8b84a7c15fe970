import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { systemActor } from '../../core/auth/actor.js';
import { createPledgeService } from '../../core/pledges/pledge.service.js';
import { newId } from '../../core/shared/ids.js';
import { createExportService, exportDependencies } from '../export.service.js';
import { type ImportRequest, runImport } from './import.service.js';

let t: TestDatabase;
let dir: string;
let germany: string;
let ministry: string;
const cli = systemActor('cli');

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-iati-'));
  const org = async (name: string, kind = 'state') => {
    const id = newId();
    await t.db
      .insertInto('organisation')
      .values({ id, name, kind, created_by: 't', updated_by: 't' })
      .execute();
    return id;
  };
  germany = await org('Germany');
  const other = await org('Kingdom of Examples: "quoted" & <angled>');
  ministry = await org('Ministry of Energy of Ukraine', 'ministry');
  const item = newId();
  await t.db
    .insertInto('item')
    .values({
      id: item,
      code: 'GEN-1',
      name: 'Generator: 100 kVA',
      category: 'energy/generator',
      unit: 'unit',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  const pledges = createPledgeService({ db: t.db });
  await pledges.create(
    {
      donor_org_id: germany,
      item_id: item,
      quantity: 12.5,
      recipient_org_id: ministry,
      announced_on: '2023-02-14',
      available_from: '2023-02-20',
      value: { amount: '1000.50', currency: 'PLN' },
      conditions: 'as agreed',
    },
    cli,
  );
  await pledges.create({ donor_org_id: other, item_id: item, quantity: 3, announced_on: '2023-01-05' }, cli);
});

afterAll(async () => {
  await t?.drop();
});

async function file(name: string, content: string): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, content);
  return at;
}

function run(filePath: string, overrides: Partial<ImportRequest> = {}) {
  return runImport(t.url, {
    path: filePath,
    entity: 'pledge',
    format: 'iati',
    mapping: {},
    mode: 'all_or_nothing',
    apply: false,
    actor: cli,
    ...overrides,
  });
}

async function pledgeCount(): Promise<number> {
  const row = await t.db
    .selectFrom('pledge')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('IATI activity XML', () => {
  it('imports its own IATI export back as all unchanged', async () => {
    let xml = '';
    for await (const chunk of createExportService(exportDependencies(t.db)).iati({})) xml += chunk;
    const before = await pledgeCount();
    // Given as CSV, the file is recognised by its <iati-activities> element.
    const report = await run(await file('export.xml', xml), { format: 'csv', apply: true });
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(await pledgeCount()).toBe(before);
  });

  it('imports it into a fresh database with the same reference data as the same pledges', async () => {
    let xml = '';
    for await (const chunk of createExportService(exportDependencies(t.db)).iati({})) xml += chunk;
    const fresh = await createTestDatabase();
    try {
      for (const table of ['organisation', 'item'] as const) {
        const rows = await t.db.selectFrom(table).selectAll().execute();
        await fresh.db.insertInto(table).values(rows).execute();
      }
      // The export's aidgrid ids mean nothing there: the id column is ignored, the activity
      // identifiers become the pledges' external ids (so importing again changes nothing).
      const request = {
        path: await file('fresh.xml', xml),
        entity: 'pledge',
        format: 'iati',
        mapping: { columns: { id: null } },
        mode: 'all_or_nothing',
        apply: true,
        actor: cli,
      } as const;
      const report = await runImport(fresh.url, request);
      expect(report.problems).toEqual([]);
      expect(report.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
      const fields = [
        'donor_org_id',
        'recipient_org_id',
        'item_id',
        'quantity',
        'announced_on',
        'value_amount',
        'value_currency',
      ] as const;
      const original = await t.db.selectFrom('pledge').select(fields).orderBy('announced_on').execute();
      const copied = await fresh.db.selectFrom('pledge').select(fields).orderBy('announced_on').execute();
      expect(copied).toEqual(original);
      const again = await runImport(fresh.url, request);
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    } finally {
      await fresh.drop();
    }
  });

  const FOREIGN = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a donor agency's file -->
<iati-activities version="2.03" generated-datetime="2023-05-01T00:00:00Z">
 <iati-activity default-currency="EUR">
  <iati-identifier>XM-DAC-5-7-2023-UA-1</iati-identifier>
  <reporting-org ref="XM-DAC-5-7" type="10"><narrative>Federal Foreign Office</narrative></reporting-org>
  <title><narrative>Winter support</narrative></title>
  <participating-org ref="XM-DAC-5-7" role="1"><narrative>Federal Foreign Office</narrative></participating-org>
  <participating-org role="4"><narrative>Ministry of Energy of Ukraine</narrative></participating-org>
  <recipient-country code="UA"/>
  <sector vocabulary="1" code="23630"/>
  <transaction ref="c-1">
   <transaction-type code="2"/>
   <transaction-date iso-date="2023-03-01"/>
   <value currency="USD" value-date="2023-03-01">250000.75</value>
  </transaction>
  <transaction>
   <transaction-type code="2"/>
   <value value-date="2023-03-05">1000</value>
  </transaction>
  <transaction ref="d-1">
   <transaction-type code="3"/>
   <transaction-date iso-date="2023-04-01"/>
   <value value-date="2023-04-01">500</value>
  </transaction>
 </iati-activity>
</iati-activities>
`;
  const MAPPING = {
    values: { organisation: { 'XM-DAC-5-7': 'Germany' }, item: { '23630': 'GEN-1' } },
    defaults: { quantity: '1' },
  };

  it('reads commitments of another donor as pledges; disbursements are problems of their own rows', async () => {
    const before = await pledgeCount();
    const xml = await file('foreign.xml', FOREIGN);
    const dry = await run(xml, { mapping: MAPPING });
    expect(dry.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(dry.problems.map((p) => `${p.row}: ${p.reason}`)).toEqual([
      '21: transaction XM-DAC-5-7-2023-UA-1#d-1 is a disbursement (type 3): deliveries are not imported from IATI (aidgrid records them as shipments and receipts); --skip-invalid imports the commitments',
    ]);
    const failed = await run(xml, { mapping: MAPPING, apply: true });
    expect(failed.status).toBe('failed');
    expect(await pledgeCount()).toBe(before);

    const applied = await run(xml, { mapping: MAPPING, apply: true, mode: 'skip_invalid' });
    expect(applied.status).toBe('applied');
    const rows = await t.db
      .selectFrom('pledge')
      .select([
        'external_id',
        'donor_org_id',
        'recipient_org_id',
        'quantity',
        'announced_on',
        'value_amount',
        'value_currency',
      ])
      .where('import_id', '=', applied.id)
      .orderBy('external_id')
      .execute();
    expect(rows).toEqual([
      {
        external_id: 'XM-DAC-5-7-2023-UA-1#2',
        donor_org_id: germany,
        recipient_org_id: ministry,
        quantity: '1.000',
        announced_on: '2023-03-05',
        value_amount: '1000.00',
        value_currency: 'EUR',
      },
      {
        external_id: 'XM-DAC-5-7-2023-UA-1#c-1',
        donor_org_id: germany,
        recipient_org_id: ministry,
        quantity: '1.000',
        announced_on: '2023-03-01',
        value_amount: '250000.75',
        value_currency: 'USD',
      },
    ]);
    const again = await run(xml, { mapping: MAPPING, mode: 'skip_invalid' });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
  });

  it('refuses a file that is not well-formed, as a problem of the file', async () => {
    const report = await run(await file('broken.xml', '<iati-activities><iati-activity>\n<x></y>'));
    expect(report.counts.rejected).toBe(1);
    expect(report.problems[0]?.reason).toBe('the XML is not well-formed at line 2: unexpected close tag.');
  });
});
