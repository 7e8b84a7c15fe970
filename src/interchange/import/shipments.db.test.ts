import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { buildOrganisation, buildRegion } from '../../../test/support/factories.js';
import {
  type BuiltAllocation,
  buildAllocation,
  buildWorld,
  type LifecycleWorld,
} from '../../../test/support/lifecycle-factories.js';
import { type Actor, systemActor } from '../../core/auth/actor.js';
import { type ImportRequest, runImport } from './import.service.js';

let t: TestApp;
let dir: string;
let world: LifecycleWorld;
let region: { code: string; name: string };
const cli = systemActor('cli');

async function file(name: string, content: string): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, content);
  return at;
}

function run(filePath: string, overrides: Partial<ImportRequest> = {}) {
  return runImport(t.database.url, {
    path: filePath,
    entity: 'shipment',
    format: 'csv',
    mapping: {},
    mode: 'all_or_nothing',
    apply: false,
    actor: cli,
    ...overrides,
  });
}

async function count(
  table: 'shipment' | 'shipment_line' | 'receipt' | 'receipt_line' | 'audit_entry' | 'source_link',
): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function tally() {
  return {
    shipments: await count('shipment'),
    lines: await count('shipment_line'),
    audit: await count('audit_entry'),
    links: await count('source_link'),
  };
}

function donor(orgId: string): Actor {
  return { id: 'user:donor', kind: 'user', orgId, role: 'donor', clearance: 'coalition' };
}

const HEADER = 'reference,origin_hub,destination,eta,allocation_id,quantity,owner\n';

beforeAll(async () => {
  t = await createTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-import-shipments-'));
  world = await buildWorld(t);
  region = await t.database.db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('id', '=', world.region_id)
    .executeTakeFirstOrThrow();
});

afterAll(async () => {
  await t?.close();
});

describe('importing shipments (one row per line)', () => {
  let a: BuiltAllocation;
  let b: BuiltAllocation;

  it('creates one preparing shipment per reference with its lines; a re-import is unchanged and adds nothing', async () => {
    a = await buildAllocation(t, world, { quantity: 100 });
    b = await buildAllocation(t, world, { quantity: 50 });
    const owner = world.donor_org_id;
    const csv = await file(
      'lines.csv',
      `${HEADER}WB-1,Rzeszów,${region.code},2026-12-20,${a.allocation_id},60,${owner}\n` +
        `WB-1,Rzeszów,${region.code},2026-12-20,${b.allocation_id},50,${owner}\n` +
        `WB-2,Rzeszów,${region.name},,${a.allocation_id},40,${owner}\n`,
    );
    const before = await tally();
    const dry = await run(csv);
    expect(dry).toMatchObject({ status: 'checked', counts: { created: 3, unchanged: 0, rejected: 0 } });
    expect(await tally()).toEqual(before);

    const applied = await run(csv, { apply: true });
    expect(applied).toMatchObject({ status: 'applied', counts: { created: 3, rejected: 0 }, problems: [] });
    expect(await tally()).toEqual({
      shipments: before.shipments + 2,
      lines: before.lines + 3,
      audit: before.audit + 1,
      links: before.links + 2,
    });
    const shipments = await t.database.db
      .selectFrom('shipment')
      .select(['reference', 'status', 'origin_hub', 'eta', 'owner_org_id', 'destination_region_id'])
      .where('reference', 'in', ['WB-1', 'WB-2'])
      .orderBy('reference')
      .execute();
    expect(shipments).toEqual([
      {
        reference: 'WB-1',
        status: 'preparing',
        origin_hub: 'Rzeszów',
        eta: '2026-12-20',
        owner_org_id: owner,
        destination_region_id: world.region_id,
      },
      {
        reference: 'WB-2',
        status: 'preparing',
        origin_hub: 'Rzeszów',
        eta: null,
        owner_org_id: owner,
        destination_region_id: world.region_id,
      },
    ]);

    const again = await run(csv, { apply: true });
    expect(again).toMatchObject({ status: 'applied', counts: { created: 0, unchanged: 3, rejected: 0 } });
    expect(await count('shipment_line')).toBe(before.lines + 3);
    expect(await count('shipment')).toBe(before.shipments + 2);
  });

  it('refuses, row by row, lines beyond the allocation, unknown or unaccepted allocations, another region, a misspelt region, repeated keys; nothing written', async () => {
    const c = await buildAllocation(t, world, { quantity: 30 });
    const proposed = await buildAllocation(t, world, { quantity: 10, status: 'proposed' });
    const elsewhere = await buildRegion(t.app);
    const far = await buildAllocation(t, world, { quantity: 10, region_id: elsewhere.id as string });
    const owner = world.donor_org_id;
    const misspelt = `${region.name.slice(0, -1)}x`;
    const csv = await file(
      'bad.csv',
      `${HEADER}WB-3,Rzeszów,${region.code},,${c.allocation_id},20,${owner}\n` +
        `WB-4,Rzeszów,${region.code},,${c.allocation_id},20,${owner}\n` +
        `WB-3,Rzeszów,${region.code},,00000000-0000-7000-8000-000000000000,5,${owner}\n` +
        `WB-3,Rzeszów,${region.code},,${proposed.allocation_id},5,${owner}\n` +
        `WB-3,Rzeszów,${region.code},,${far.allocation_id},5,${owner}\n` +
        `WB-5,Rzeszów,${misspelt},,${far.allocation_id},1,${owner}\n` +
        // The first row of file already ships 60 of a's 100 and WB-2 40: nothing left.
        `WB-1,Rzeszów,${region.code},2026-12-20,${a.allocation_id},60,${owner}\n` +
        `WB-6,Lublin,${region.code},,${a.allocation_id},1,${owner}\n` +
        `WB-6,Lublin,${region.code},,${a.allocation_id},1,${owner}\n`,
    );
    const before = await tally();
    const report = await run(csv, { apply: true });
    expect(report.status).toBe('failed');
    expect(report.counts).toMatchObject({ created: 0, unchanged: 1, rejected: 8 });
    const reasons = report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(
        /^2 quantity: the allocation has 30 left to ship; the file ships 40 against it \(rows 2, 3\)$/,
      ),
      expect.stringMatching(/^3 quantity: the allocation has 30 left to ship/),
      '4 allocation_id: no allocation with this id that you may see',
      '5 allocation_id: the allocation is proposed; only accepted allocations can be shipped',
      '6 allocation_id: the allocation answers a need in another region than the shipment goes to',
      expect.stringMatching(
        new RegExp(`^7 destination: .*${region.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      ),
      expect.stringMatching(/^9 quantity: the allocation has 0 left to ship/),
      expect.stringMatching(/^9 allocation_id: the same shipment and allocation as row 10 of the file$/),
      expect.stringMatching(/^10 quantity: the allocation has 0 left to ship/),
      expect.stringMatching(/^10 allocation_id: the same shipment and allocation as row 9 of the file$/),
    ]);
    expect(await tally()).toEqual(before);

    // With --skip-invalid the valid rows are written (none here but the unchanged one): still no new line.
    const skipped = await run(csv, { apply: true, mode: 'skip_invalid' });
    expect(skipped).toMatchObject({ status: 'applied', counts: { created: 0, unchanged: 1, rejected: 8 } });
    expect(await count('shipment_line')).toBe(before.lines);
  });

  it('adds no line to a shipment no longer preparing, and says so', async () => {
    const d = await buildAllocation(t, world, { quantity: 10 });
    await t.database.db
      .updateTable('shipment')
      .set({ status: 'in_transit', dispatched_on: '2026-12-01' })
      .where('reference', '=', 'WB-2')
      .execute();
    const csv = await file(
      'late.csv',
      `${HEADER}WB-2,Rzeszów,${region.code},,${d.allocation_id},10,${world.donor_org_id}\n`,
    );
    const report = await run(csv, { apply: true });
    expect(report.status).toBe('failed');
    expect(report.problems).toEqual([
      {
        row: 2,
        column: 'reference',
        value: 'WB-2',
        reason: 'the shipment is in_transit; lines can be added only while it is preparing',
      },
    ]);

    const changed = await file(
      'changed.csv',
      `${HEADER}WB-1,Rzeszów,${region.code},2026-12-20,${a.allocation_id},61,${world.donor_org_id}\n`,
    );
    const refused = await run(changed, { apply: true, mode: 'skip_invalid' });
    expect(refused.problems.map((p) => p.reason)).toEqual([
      'the shipment already has a line for this allocation, of 60; change it one by one',
    ]);
    expect(refused.counts).toMatchObject({ created: 0, rejected: 1 });
  });

  it('lets a donor ship only its own allocations, as its own organisation; a recipient may not import shipments', async () => {
    const e = await buildAllocation(t, world, { quantity: 10 });
    const other = await buildOrganisation(t.app, { kind: 'state', country_code: 'FR' });
    const csv = await file(
      'donor.csv',
      `reference,origin_hub,destination,allocation_id,quantity\nWB-7,Rzeszów,${region.code},${e.allocation_id},10\n`,
    );
    const before = await tally();
    const foreign = await run(csv, { apply: true, actor: donor(other.id as string) });
    expect(foreign.status).toBe('failed');
    expect(foreign.problems.map((p) => p.reason)).toContain(
      'you may ship only allocations of your own organisation’s pledges',
    );
    expect(await tally()).toEqual(before);

    const own = await run(csv, { apply: true, actor: donor(world.donor_org_id) });
    expect(own).toMatchObject({ status: 'applied', counts: { created: 1 } });
    const shipment = await t.database.db
      .selectFrom('shipment')
      .select(['owner_org_id', 'classification'])
      .where('reference', '=', 'WB-7')
      .executeTakeFirstOrThrow();
    expect(shipment.owner_org_id).toBe(world.donor_org_id);
    // Classified as the allocation it carries, as one by one (classification.ts).
    await t.database.db
      .updateTable('allocation')
      .set({ classification: 'restricted' })
      .where('id', '=', e.allocation_id)
      .execute();
    const more = await buildAllocation(t, world, { quantity: 5 });
    await t.database.db
      .updateTable('allocation')
      .set({ classification: 'restricted' })
      .where('id', '=', more.allocation_id)
      .execute();
    const secret = await file(
      'secret.csv',
      `reference,origin_hub,destination,allocation_id,quantity\nWB-8,Rzeszów,${region.code},${more.allocation_id},5\n`,
    );
    expect(await run(secret, { apply: true })).toMatchObject({ status: 'applied', counts: { created: 1 } });
    const classified = await t.database.db
      .selectFrom('shipment')
      .select('classification')
      .where('reference', '=', 'WB-8')
      .executeTakeFirstOrThrow();
    expect(classified.classification).toBe('restricted');
    // Another donor of coalition clearance does not see a restricted allocation: it is unknown to them.
    const hidden = await run(secret, { actor: donor(other.id as string) });
    expect(hidden.problems.map((p) => p.reason)).toContain('no allocation with this id that you may see');

    await expect(
      run(csv, {
        actor: {
          id: 'user:r',
          kind: 'user',
          orgId: world.recipient_org_id,
          role: 'recipient',
          clearance: 'coalition',
        },
      }),
    ).rejects.toThrow(/may not create shipments/);
  });
});

describe('importing receipts (one row per line received)', () => {
  let recipientName: string;
  let a: BuiltAllocation;
  let b: BuiltAllocation;
  let shipmentId: string;
  let c: BuiltAllocation;

  async function receiptTally() {
    return {
      receipts: await count('receipt'),
      lines: await count('receipt_line'),
      audit: await count('audit_entry'),
    };
  }

  function receipts(filePath: string, overrides: Partial<ImportRequest> = {}) {
    return run(filePath, { entity: 'receipt', ...overrides });
  }

  beforeAll(async () => {
    recipientName = (
      await t.database.db
        .selectFrom('organisation')
        .select('name')
        .where('id', '=', world.recipient_org_id)
        .executeTakeFirstOrThrow()
    ).name;
    a = await buildAllocation(t, world, { quantity: 10 });
    b = await buildAllocation(t, world, { quantity: 5 });
    const csv = await file(
      'r-lines.csv',
      `${HEADER}WB-R1,Rzeszów,${region.code},,${a.allocation_id},10,${world.donor_org_id}\n` +
        `WB-R1,Rzeszów,${region.code},,${b.allocation_id},5,${world.donor_org_id}\n` +
        `WB-R2,Rzeszów,${region.code},,${b.allocation_id},0.5,${world.donor_org_id}\n`,
    );
    // b has 5 only: WB-R2 gets its own allocation instead.
    c = await buildAllocation(t, world, { quantity: 1 });
    await writeFile(
      csv,
      `${HEADER}WB-R1,Rzeszów,${region.code},,${a.allocation_id},10,${world.donor_org_id}\n` +
        `WB-R1,Rzeszów,${region.code},,${b.allocation_id},5,${world.donor_org_id}\n` +
        `WB-R2,Rzeszów,${region.code},,${c.allocation_id},1,${world.donor_org_id}\n`,
    );
    expect(await run(csv, { apply: true })).toMatchObject({ status: 'applied', counts: { created: 3 } });
    shipmentId = (
      await t.database.db
        .selectFrom('shipment')
        .select('id')
        .where('reference', '=', 'WB-R1')
        .executeTakeFirstOrThrow()
    ).id;
    const dispatched = await t.app.inject({
      method: 'POST',
      url: `/api/v1/shipments/${shipmentId}/dispatch`,
      payload: { dispatched_on: '2026-12-01' },
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
  });

  it('records a receipt per shipment, day and receiver, moves deliveries on; a re-import is unchanged', async () => {
    const csv = await file(
      'receipts.csv',
      `shipment,allocation_id,received_on,received_by,quantity,discrepancy_reason\n` +
        `WB-R1,${a.allocation_id},2026-12-03,${recipientName},6,short\n` +
        `WB-R1,${b.allocation_id},2026-12-03,${recipientName},5,\n`,
    );
    const before = await receiptTally();
    expect(await receipts(csv)).toMatchObject({ status: 'checked', counts: { created: 2, rejected: 0 } });
    expect(await receiptTally()).toEqual(before);
    const applied = await receipts(csv, { apply: true });
    expect(applied).toMatchObject({ status: 'applied', counts: { created: 2, rejected: 0 }, problems: [] });
    const after = await receiptTally();
    expect(after.receipts).toBe(before.receipts + 1);
    expect(after.lines).toBe(before.lines + 2);
    const lines = await t.database.db
      .selectFrom('shipment_line')
      .select(['allocation_id', 'received_quantity'])
      .where('shipment_id', '=', shipmentId)
      .execute();
    expect(Object.fromEntries(lines.map((l) => [l.allocation_id, Number(l.received_quantity)]))).toEqual({
      [a.allocation_id]: 6,
      [b.allocation_id]: 5,
    });
    const allocation = await t.database.db
      .selectFrom('allocation')
      .select('delivered_quantity')
      .where('id', '=', a.allocation_id)
      .executeTakeFirstOrThrow();
    expect(Number(allocation.delivered_quantity)).toBe(6);
    const need = await t.database.db
      .selectFrom('need')
      .select('met_quantity')
      .where('id', '=', a.need_id)
      .executeTakeFirstOrThrow();
    expect(Number(need.met_quantity)).toBe(6);
    const status = async () =>
      (
        await t.database.db
          .selectFrom('shipment')
          .select('status')
          .where('id', '=', shipmentId)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe('arrived');

    const again = await receipts(csv, { apply: true });
    expect(again).toMatchObject({ status: 'applied', counts: { created: 0, unchanged: 2, rejected: 0 } });
    expect((await receiptTally()).receipts).toBe(after.receipts);
    expect((await receiptTally()).lines).toBe(after.lines);

    const rest = await file(
      'rest.csv',
      `shipment,allocation_id,received_on,received_by,quantity\nWB-R1,${a.allocation_id},2026-12-05,${recipientName},4\n`,
    );
    expect(await receipts(rest, { apply: true })).toMatchObject({
      status: 'applied',
      counts: { created: 1 },
    });
    expect(await status()).toBe('received');
  });

  it('refuses a receipt beyond what was shipped, unknown shipments and lines, a day before dispatch, a preparing shipment, a misspelt receiver; nothing written', async () => {
    const misspelt = `${recipientName.slice(0, -1)}x`;
    const csv = await file(
      'bad-receipts.csv',
      `shipment,allocation_id,received_on,received_by,quantity\n` +
        `WB-R1,${a.allocation_id},2026-12-06,${recipientName},1\n` +
        `WB-NONE,${a.allocation_id},2026-12-06,${recipientName},1\n` +
        `WB-R1,${b.allocation_id},2026-12-07,${misspelt},1\n` +
        `WB-R2,${a.allocation_id},2026-11-20,${recipientName},1\n`,
    );
    const before = await receiptTally();
    const report = await receipts(csv, { apply: true });
    expect(report.status).toBe('failed');
    expect(report.counts).toMatchObject({ created: 0, rejected: 4 });
    expect(report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      '2 shipment: the shipment is received; goods can be received only from a shipment in transit or arrived',
      '2 quantity: the line carried 10, of which 10 is received; the file receives 1',
      '3 shipment: no shipment with this reference or id that you may see',
      expect.stringMatching(/^4 received_by: .*did you mean/),
      '4 shipment: the shipment is received; goods can be received only from a shipment in transit or arrived',
      '4 quantity: the line carried 5, of which 5 is received; the file receives 1',
      '5 allocation_id: the shipment has no line for this allocation',
      '5 shipment: the shipment is preparing; goods can be received only from a shipment in transit or arrived',
    ]);
    expect(await receiptTally()).toEqual(before);
  });

  it('lets a recipient confirm only as its own organisation; a donor may not import receipts', async () => {
    const other = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
    const csv = await file(
      'mine.csv',
      `shipment,allocation_id,received_on,quantity\nWB-R2,${c.allocation_id},2026-12-06,1\n`,
    );
    const asOther = await file(
      'as-other.csv',
      `shipment,allocation_id,received_on,received_by,quantity\nWB-R2,${c.allocation_id},2026-12-06,${recipientName},1\n`,
    );
    const recipient = (orgId: string): Actor => ({
      id: 'user:recipient',
      kind: 'user',
      orgId,
      role: 'recipient',
      clearance: 'coalition',
    });
    const foreign = await receipts(csv, { actor: recipient(other.id as string) });
    expect(foreign.problems.map((p) => p.reason)).toContain(
      'the line answers another organisation’s need; only its recipient confirms its receipt',
    );
    const pretending = await receipts(asOther, { actor: recipient(other.id as string) });
    expect(pretending.problems.map((p) => p.reason)).toContain(
      'you may confirm receipts only as your own organisation',
    );
    // The line's own recipient meets neither refusal (only the shipment's status, still preparing).
    const theirs = await receipts(csv, { actor: recipient(world.recipient_org_id) });
    expect(theirs.problems.map((p) => p.reason)).toEqual([
      'the shipment is preparing; goods can be received only from a shipment in transit or arrived',
    ]);
    await expect(receipts(csv, { actor: donor(world.donor_org_id) })).rejects.toThrow(
      /may not create receipts/,
    );
  });
});
