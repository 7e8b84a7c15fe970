import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { createTestToken } from '../../test/support/auth.js';

/*
 * Visibility through the API, property-based: random organisations, needs and pledges (random
 * owners, parties, classifications and embargoes) written as the system, then random readers. For
 * each reader, what the lists (every page), reads by id, the gap report and the CSV exports answer
 * must be exactly what the oracle below allows. The oracle is written here from DESIGN.md, on
 * purpose without src/core/auth/visibility.ts.
 */

const LEVELS = ['public', 'coalition', 'restricted'] as const;
type Level = (typeof LEVELS)[number];
const ROLES = ['admin', 'coordinator', 'recipient', 'donor', 'manufacturer', 'analyst'] as const;
type Role = (typeof ROLES)[number];
const PAST = '2001-02-03';
const FUTURE = '2999-12-31';
const TODAY = new Date().toISOString().slice(0, 10);

interface Stored {
  id: string;
  owner: string | null;
  parties: (string | null)[];
  classification: Level;
  embargo: string | null;
}
interface StoredNeed extends Stored {
  quantity: number;
  cancelled: boolean;
}
interface StoredPledge extends Stored {
  quantity: number;
  need: string | null;
  live: boolean;
}
type Reader = { kind: 'anonymous' } | { kind: 'token'; role: Role; org: string; clearance: Level };

/** The rule, restated: owner, party, or cleared for the classification (embargoed public = coalition). */
function oracle(reader: Reader, record: Stored): boolean {
  const seen: Level =
    record.classification === 'public' && record.embargo !== null && record.embargo > TODAY
      ? 'coalition'
      : record.classification;
  if (reader.kind === 'anonymous' || reader.role === 'analyst') return seen === 'public';
  if (record.owner === reader.org || record.parties.includes(reader.org)) return true;
  return LEVELS.indexOf(seen) <= LEVELS.indexOf(reader.clearance);
}

const level = fc.constantFrom(...LEVELS);
const embargo = fc.constantFrom(null, PAST, FUTURE);

const worldArb = fc.integer({ min: 3, max: 5 }).chain((orgCount) => {
  const org = fc.nat({ max: orgCount - 1 });
  return fc.record({
    orgCount: fc.constant(orgCount),
    // Organisations are records too: one the reader may not see is left out of the donor report,
    // and its name out of the export rows that name it.
    orgClassifications: fc.array(level, { minLength: orgCount, maxLength: orgCount }),
    needs: fc.array(
      fc.record({
        owner: org,
        recipient: org,
        classification: level,
        embargo,
        quantity: fc.integer({ min: 1, max: 1000 }),
        cancelled: fc.boolean(),
      }),
      { maxLength: 7 },
    ),
    pledges: fc.array(
      fc.record({
        owner: org,
        donor: org,
        recipient: fc.option(org, { nil: null }),
        need: fc.option(fc.nat({ max: 6 }), { nil: null }),
        classification: level,
        embargo,
        quantity: fc.integer({ min: 1, max: 1000 }),
        cancelled: fc.boolean(),
      }),
      { maxLength: 7 },
    ),
    readers: fc.array(
      fc.oneof(
        { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
        {
          weight: 5,
          arbitrary: fc.record({
            kind: fc.constant('token' as const),
            role: fc.constantFrom(...ROLES),
            org,
            clearance: level,
          }),
        },
      ),
      { minLength: 2, maxLength: 3 },
    ),
  });
});
type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp();
});

afterAll(async () => {
  await testApp?.close();
});

/** Empties the database of records (and the tokens of the last run) and writes the world as the system. */
async function store(world: World) {
  const db = testApp.database.db;
  await sql`TRUNCATE organisation, region, item, need, pledge, audit_entry, idempotency_key CASCADE`.execute(
    db,
  );
  const orgs = Array.from({ length: world.orgCount }, () => randomUUID());
  const organisations: Stored[] = [];
  for (const [n, id] of orgs.entries()) {
    const classification = world.orgClassifications[n] ?? 'public';
    await db
      .insertInto('organisation')
      .values({ id, name: `Org ${n}`, kind: 'state', classification, created_by: 'test', updated_by: 'test' })
      .execute();
    organisations.push({ id, owner: null, parties: [id], classification, embargo: null });
  }
  const region = randomUUID();
  const item = randomUUID();
  await db
    .insertInto('region')
    .values({ id: region, code: 'UA-30', name: 'Kyiv', country_code: 'UA', created_by: 't', updated_by: 't' })
    .execute();
  await db
    .insertInto('item')
    .values({
      id: item,
      code: 'GEN',
      name: 'Generator',
      category: 'energy',
      unit: 'unit',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  const org = (index: number) => orgs[index] as string;

  const needs: StoredNeed[] = [];
  for (const spec of world.needs) {
    const need: StoredNeed = {
      id: randomUUID(),
      owner: org(spec.owner),
      parties: [org(spec.recipient)],
      classification: spec.classification,
      embargo: spec.embargo,
      quantity: spec.quantity,
      cancelled: spec.cancelled,
    };
    await db
      .insertInto('need')
      .values({
        id: need.id,
        recipient_org_id: org(spec.recipient),
        region_id: region,
        item_id: item,
        quantity: spec.quantity,
        priority: 'high',
        needed_by: '2023-01-15',
        status: spec.cancelled ? 'cancelled' : 'open',
        owner_org_id: need.owner,
        classification: spec.classification,
        created_by: 'test',
        updated_by: 'test',
      })
      .execute();
    await sql`UPDATE need SET embargo_until = ${spec.embargo}::date WHERE id = ${need.id}`.execute(db);
    needs.push(need);
  }
  const pledges: StoredPledge[] = [];
  for (const spec of world.pledges) {
    const recipient = spec.recipient === null ? null : org(spec.recipient);
    const need =
      spec.need === null || needs.length === 0 ? null : (needs[spec.need % needs.length] as StoredNeed).id;
    const pledge: StoredPledge = {
      id: randomUUID(),
      owner: org(spec.owner),
      parties: [org(spec.donor), recipient],
      classification: spec.classification,
      embargo: spec.embargo,
      quantity: spec.quantity,
      need,
      live: !spec.cancelled,
    };
    await db
      .insertInto('pledge')
      .values({
        id: pledge.id,
        donor_org_id: org(spec.donor),
        recipient_org_id: recipient,
        item_id: item,
        quantity: spec.quantity,
        need_id: need,
        announced_on: '2022-12-01',
        status: spec.cancelled ? 'cancelled' : 'announced',
        owner_org_id: pledge.owner,
        classification: spec.classification,
        created_by: 'test',
        updated_by: 'test',
      })
      .execute();
    await sql`UPDATE pledge SET embargo_until = ${spec.embargo}::date WHERE id = ${pledge.id}`.execute(db);
    pledges.push(pledge);
  }
  const readers: Reader[] = world.readers.map((reader) =>
    reader.kind === 'anonymous' ? reader : { ...reader, org: org(reader.org) },
  );
  return { organisations, needs, pledges, readers };
}

async function headersOf(reader: Reader): Promise<Record<string, string>> {
  if (reader.kind === 'anonymous') return {};
  const token = await createTestToken(testApp.database.db, {
    role: reader.role,
    orgId: reader.org,
    clearance: reader.clearance,
  });
  return { authorization: token.authorization };
}

async function get(url: string, headers: Record<string, string>) {
  return testApp.injectAnonymous({ method: 'GET', url: `/api/v1${url}`, headers });
}

/** Every id of a list, walking its pages two at a time. */
async function listAll(path: string, headers: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { items: { id: string }[]; next_cursor: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.next_cursor;
  } while (cursor !== null);
  return ids.sort();
}

/** The `#meta +id` column of an HXL CSV export. */
async function exportedIds(path: string, headers: Record<string, string>): Promise<string[]> {
  const response = await get(path, headers);
  expect(response.statusCode, response.body).toBe(200);
  const lines = response.body.trim().split(/\r?\n/);
  const tags = (lines[1] ?? '').split(',');
  const column = tags.findIndex((tag) => tag.startsWith('#meta') && tag.includes('+id'));
  expect(column).toBeGreaterThanOrEqual(0);
  return lines
    .slice(2)
    .map((line) => line.split(',')[column] as string)
    .sort();
}

const idsOf = (records: readonly Stored[]) => records.map((record) => record.id).sort();

it('every reader gets exactly the records and totals the rule allows, from lists, reads, reports and exports', async () => {
  await fc.assert(
    fc.asyncProperty(worldArb, async (world) => {
      const { organisations, needs, pledges, readers } = await store(world);
      for (const reader of readers) {
        const headers = await headersOf(reader);
        const seenNeeds = needs.filter((need) => oracle(reader, need));
        const seenPledges = pledges.filter((pledge) => oracle(reader, pledge));
        const seenOrganisations = new Set(idsOf(organisations.filter((org) => oracle(reader, org))));

        expect(await listAll('/organisations', headers)).toEqual([...seenOrganisations].sort());

        expect(await listAll('/needs', headers)).toEqual(idsOf(seenNeeds));
        expect(await listAll('/pledges', headers)).toEqual(idsOf(seenPledges));

        for (const need of needs) {
          const response = await get(`/needs/${need.id}`, headers);
          expect(response.statusCode, `need ${need.id}`).toBe(oracle(reader, need) ? 200 : 404);
        }
        for (const pledge of pledges) {
          const response = await get(`/pledges/${pledge.id}`, headers);
          expect(response.statusCode, `pledge ${pledge.id}`).toBe(oracle(reader, pledge) ? 200 : 404);
        }

        // Totals: only visible needs and pledges count; unmet nets a need against visible pledges only.
        const liveNeeds = seenNeeds.filter((need) => !need.cancelled);
        const livePledges = seenPledges.filter((pledge) => pledge.live);
        const pledgedTo = (need: StoredNeed) =>
          livePledges
            .filter((pledge) => pledge.need === need.id)
            .reduce((sum, pledge) => sum + pledge.quantity, 0);
        const report = await get('/gaps?by=item', headers);
        expect(report.statusCode, report.body).toBe(200);
        expect(report.json().totals).toMatchObject({
          needed: liveNeeds.reduce((sum, need) => sum + need.quantity, 0),
          need_count: liveNeeds.length,
          pledged: livePledges.reduce((sum, pledge) => sum + pledge.quantity, 0),
          pledge_count: livePledges.length,
          unmet: liveNeeds.reduce((sum, need) => sum + Math.max(0, need.quantity - pledgedTo(need)), 0),
        });

        // Promises kept per donor: every visible pledge counts as announced, cancelled ones included.
        const donors = await get('/reports/donors', headers);
        expect(donors.statusCode, donors.body).toBe(200);
        const byDonor = new Map<string, { announced: number; pledge_count: number }>();
        for (const pledge of seenPledges) {
          const donor = pledge.parties[0] as string;
          if (!seenOrganisations.has(donor)) continue;
          const figures = byDonor.get(donor) ?? { announced: 0, pledge_count: 0 };
          byDonor.set(donor, {
            announced: figures.announced + pledge.quantity,
            pledge_count: figures.pledge_count + 1,
          });
        }
        const reported = donors.json().donors as {
          donor_org_id: string;
          announced: number;
          pledge_count: number;
        }[];
        expect(
          new Map(
            reported.map((d) => [d.donor_org_id, { announced: d.announced, pledge_count: d.pledge_count }]),
          ),
        ).toEqual(byDonor);

        expect(await exportedIds('/exports/needs.csv', headers)).toEqual(idsOf(seenNeeds));
        expect(await exportedIds('/exports/pledges.csv', headers)).toEqual(idsOf(seenPledges));
      }
    }),
    { numRuns: 15 },
  );
}, 120_000);

/*
 * Derived records created by other organisations (issue 13): allocations, shipments with their
 * lines, and receipts, each with a random owner and classification, against random readers. Their
 * parties come from what they are derived from: an allocation's are its pledge's donor and recipient
 * and its need's recipient; a shipment's are those of its lines' allocations; a receipt's are its
 * shipment's and its receiving organisation.
 */

const derivedWorldArb = fc.integer({ min: 3, max: 4 }).chain((orgCount) => {
  const org = fc.nat({ max: orgCount - 1 });
  const record = { owner: org, classification: level, embargo };
  return fc.record({
    orgCount: fc.constant(orgCount),
    needs: fc.array(fc.record({ ...record, recipient: org }), { minLength: 1, maxLength: 3 }),
    pledges: fc.array(fc.record({ ...record, donor: org, recipient: fc.option(org, { nil: null }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    allocations: fc.array(fc.record({ ...record, pledge: fc.nat(), need: fc.nat() }), {
      minLength: 1,
      maxLength: 4,
    }),
    shipments: fc.array(
      fc.record({
        ...record,
        lines: fc.uniqueArray(fc.nat({ max: 3 }), { minLength: 1, maxLength: 2 }),
        receipts: fc.array(fc.record({ ...record, receivedBy: org }), { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
    readers: fc.array(
      fc.oneof(
        { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
        {
          weight: 5,
          arbitrary: fc.record({
            kind: fc.constant('token' as const),
            role: fc.constantFrom(...ROLES),
            org,
            clearance: level,
          }),
        },
      ),
      { minLength: 2, maxLength: 3 },
    ),
  });
});
type DerivedWorld = typeof derivedWorldArb extends fc.Arbitrary<infer W> ? W : never;

interface StoredAllocation extends Stored {
  pledge: string;
}
interface StoredShipment extends Stored {
  lines: string[];
  receipts: Stored[];
}

/** Empties the database and writes the derived world as the system; every organisation is public. */
async function storeDerived(world: DerivedWorld) {
  const db = testApp.database.db;
  await sql`TRUNCATE organisation, region, item, need, pledge, audit_entry, idempotency_key CASCADE`.execute(
    db,
  );
  const orgs = Array.from({ length: world.orgCount }, () => randomUUID());
  for (const [n, id] of orgs.entries()) {
    await db
      .insertInto('organisation')
      .values({
        id,
        name: `Org ${n}`,
        kind: 'state',
        classification: 'public',
        created_by: 't',
        updated_by: 't',
      })
      .execute();
  }
  const org = (index: number) => orgs[index] as string;
  const region = randomUUID();
  const item = randomUUID();
  await db
    .insertInto('region')
    .values({ id: region, code: 'UA-30', name: 'Kyiv', country_code: 'UA', created_by: 't', updated_by: 't' })
    .execute();
  await db
    .insertInto('item')
    .values({
      id: item,
      code: 'GEN',
      name: 'Generator',
      category: 'energy',
      unit: 'unit',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
  const meta = (spec: { owner: number; classification: Level; embargo: string | null }) => ({
    owner_org_id: org(spec.owner),
    classification: spec.classification,
    embargo_until: spec.embargo,
    created_by: 'test',
    updated_by: 'test',
  });

  const needs = await Promise.all(
    world.needs.map(async (spec) => {
      const id = randomUUID();
      await db
        .insertInto('need')
        .values({
          id,
          recipient_org_id: org(spec.recipient),
          region_id: region,
          item_id: item,
          quantity: 100,
          priority: 'high',
          needed_by: '2023-01-15',
          ...meta(spec),
        })
        .execute();
      return { id, parties: [org(spec.recipient)] };
    }),
  );
  const pledges = await Promise.all(
    world.pledges.map(async (spec) => {
      const id = randomUUID();
      const recipient = spec.recipient === null ? null : org(spec.recipient);
      await db
        .insertInto('pledge')
        .values({
          id,
          donor_org_id: org(spec.donor),
          recipient_org_id: recipient,
          item_id: item,
          quantity: 100,
          announced_on: '2022-12-01',
          ...meta(spec),
        })
        .execute();
      return { id, parties: [org(spec.donor), recipient] };
    }),
  );
  const allocations: (StoredAllocation & { need: string })[] = [];
  for (const spec of world.allocations) {
    const pledge = pledges[spec.pledge % pledges.length] as (typeof pledges)[number];
    const need = needs[spec.need % needs.length] as (typeof needs)[number];
    const id = randomUUID();
    await db
      .insertInto('allocation')
      .values({ id, pledge_id: pledge.id, need_id: need.id, quantity: 10, week: '2022-W50', ...meta(spec) })
      .execute();
    allocations.push({
      id,
      pledge: pledge.id,
      need: need.id,
      owner: org(spec.owner),
      parties: [...pledge.parties, ...need.parties],
      classification: spec.classification,
      embargo: spec.embargo,
    });
  }
  const shipments: StoredShipment[] = [];
  for (const [n, spec] of world.shipments.entries()) {
    const id = randomUUID();
    await db
      .insertInto('shipment')
      .values({
        id,
        reference: `CMR-${n}`,
        origin_hub: 'Rzeszów',
        destination_region_id: region,
        ...meta(spec),
      })
      .execute();
    const carried = [...new Set(spec.lines.map((line) => allocations[line % allocations.length]))];
    const lines: string[] = [];
    for (const allocation of carried) {
      if (!allocation) continue;
      const line = randomUUID();
      await db
        .insertInto('shipment_line')
        .values({
          id: line,
          shipment_id: id,
          allocation_id: allocation.id,
          pledge_id: allocation.pledge,
          need_id: allocation.need,
          item_id: item,
          quantity: 1,
        })
        .execute();
      lines.push(line);
    }
    const parties = carried.flatMap((allocation) => allocation?.parties ?? []);
    const receipts: Stored[] = [];
    for (const receipt of spec.receipts) {
      const receiptId = randomUUID();
      await db
        .insertInto('receipt')
        .values({
          id: receiptId,
          shipment_id: id,
          received_on: '2022-12-20',
          received_by_org_id: org(receipt.receivedBy),
          ...meta(receipt),
        })
        .execute();
      receipts.push({
        id: receiptId,
        owner: org(receipt.owner),
        parties: [...parties, org(receipt.receivedBy)],
        classification: receipt.classification,
        embargo: receipt.embargo,
      });
    }
    shipments.push({
      id,
      owner: org(spec.owner),
      parties,
      classification: spec.classification,
      embargo: spec.embargo,
      lines: lines.sort(),
      receipts,
    });
  }
  const readers: Reader[] = world.readers.map((reader) =>
    reader.kind === 'anonymous' ? reader : { ...reader, org: org(reader.org) },
  );
  return { pledges, allocations, shipments, readers };
}

/** Every id of a filtered list, page by page. */
async function listFiltered(
  path: string,
  filter: string,
  headers: Record<string, string>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`${path}?${filter}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { items: { id: string }[]; next_cursor: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.next_cursor;
  } while (cursor !== null);
  return ids.sort();
}

it('every reader gets exactly the allocations, shipments, lines and receipts of other organisations the rule allows', async () => {
  await fc.assert(
    fc.asyncProperty(derivedWorldArb, async (world) => {
      const { pledges, allocations, shipments, readers } = await storeDerived(world);
      for (const reader of readers) {
        const headers = await headersOf(reader);
        const seenAllocations = allocations.filter((allocation) => oracle(reader, allocation));
        expect(await listAll('/allocations', headers)).toEqual(idsOf(seenAllocations));
        for (const pledge of pledges) {
          expect(await listFiltered('/allocations', `pledge_id=${pledge.id}`, headers)).toEqual(
            idsOf(seenAllocations.filter((allocation) => allocation.pledge === pledge.id)),
          );
        }
        for (const allocation of allocations) {
          const response = await get(`/allocations/${allocation.id}`, headers);
          expect(response.statusCode, `allocation ${allocation.id}`).toBe(
            oracle(reader, allocation) ? 200 : 404,
          );
        }

        expect(await listAll('/shipments', headers)).toEqual(
          idsOf(shipments.filter((shipment) => oracle(reader, shipment))),
        );
        for (const shipment of shipments) {
          const visible = oracle(reader, shipment);
          const read = await get(`/shipments/${shipment.id}`, headers);
          expect(read.statusCode, `shipment ${shipment.id}`).toBe(visible ? 200 : 404);
          const lines = await get(`/shipments/${shipment.id}/lines`, headers);
          expect(lines.statusCode, `lines of ${shipment.id}`).toBe(visible ? 200 : 404);
          if (visible) {
            expect((lines.json().items as { id: string }[]).map((line) => line.id).sort()).toEqual(
              shipment.lines,
            );
          }
          const receipts = await get(`/shipments/${shipment.id}/receipts`, headers);
          expect(receipts.statusCode, `receipts of ${shipment.id}`).toBe(visible ? 200 : 404);
          if (visible) {
            expect((receipts.json().items as { id: string }[]).map((receipt) => receipt.id).sort()).toEqual(
              idsOf(shipment.receipts.filter((receipt) => oracle(reader, receipt))),
            );
          }
        }
      }
    }),
    { numRuns: 12 },
  );
}, 180_000);
