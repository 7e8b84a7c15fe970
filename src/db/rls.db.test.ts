import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';

/*
 * Row-level security on its own: records inserted as the table owner, then read with raw SQL as
 * the application's role with each reader's settings, and compared with an oracle written here
 * (not src/core/auth/visibility.ts). No service code runs.
 */

type Level = 'public' | 'coalition' | 'restricted';
const LEVELS: readonly Level[] = ['public', 'coalition', 'restricted'];
const rank = (level: Level) => LEVELS.indexOf(level);

interface Row {
  id: string;
  owner: string;
  classification: Level;
  embargo: string | null;
  parties: string[];
}

interface ReaderCase {
  name: string;
  org: string | null;
  clearance: Level;
}

const FUTURE = '2999-01-01';
const PAST = '2000-01-01';

function oracle(reader: ReaderCase, row: Row): boolean {
  if (reader.org !== null && (row.owner === reader.org || row.parties.includes(reader.org))) return true;
  const embargoed = row.embargo !== null && row.embargo > new Date().toISOString().slice(0, 10);
  const level: Level = row.classification === 'public' && embargoed ? 'coalition' : row.classification;
  return rank(level) <= rank(reader.clearance);
}

let database: TestDatabase;
let admin: pg.Client;
const orgs = { a: randomUUID(), b: randomUUID(), c: randomUUID(), hidden: randomUUID() };
const needs: (Row & { quantity: number })[] = [];
const pledges: (Row & { quantity: number; need: string })[] = [];
const transitions: { id: string; pledge: string }[] = [];
let allocation: Row;
let shipment: Row;
let shipmentLine: string;

async function connectAs(reader: ReaderCase | 'no settings'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('SET ROLE aidgrid_app');
  if (reader !== 'no settings') {
    await client.query(
      "SELECT set_config('aidgrid.org_id', $1, false), set_config('aidgrid.clearance', $2, false)",
      [reader.org ?? '', reader.clearance],
    );
  }
  return client;
}

async function ids(client: pg.Client, query: string): Promise<string[]> {
  const result = await client.query<{ id: string }>(query);
  return result.rows.map((row) => row.id).sort();
}

const visibleIds = (reader: ReaderCase, rows: readonly Row[]) =>
  rows
    .filter((row) => oracle(reader, row))
    .map((row) => row.id)
    .sort();

beforeAll(async () => {
  database = await createTestDatabase();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const insertOrg = (id: string, name: string, classification: Level, owner: string | null) =>
    admin.query(
      `INSERT INTO organisation (id, name, kind, classification, owner_org_id, created_by, updated_by)
       VALUES ($1, $2, 'state', $3, $4, 'test', 'test')`,
      [id, name, classification, owner],
    );
  await insertOrg(orgs.a, 'Org A', 'public', null);
  await insertOrg(orgs.b, 'Org B', 'public', null);
  await insertOrg(orgs.c, 'Org C', 'public', null);
  await insertOrg(orgs.hidden, 'Org Hidden', 'restricted', orgs.a);
  const region = randomUUID();
  const item = randomUUID();
  await admin.query(
    `INSERT INTO region (id, code, name, country_code, created_by, updated_by) VALUES ($1, 'UA-KY', 'Kyiv', 'UA', 't', 't')`,
    [region],
  );
  await admin.query(
    `INSERT INTO item (id, code, name, category, unit, created_by, updated_by)
     VALUES ($1, 'GEN', 'Generator', 'energy', 'unit', 't', 't')`,
    [item],
  );

  const owners = [orgs.a, orgs.b, orgs.c];
  let quantity = 1;
  for (const [o, owner] of owners.entries()) {
    for (const classification of LEVELS) {
      for (const embargo of [null, PAST, FUTURE]) {
        const recipient = owners[(o + 1) % 3] as string;
        const need = {
          id: randomUUID(),
          owner,
          classification,
          embargo,
          parties: [recipient],
          quantity: quantity++,
        };
        await admin.query(
          `INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by,
                             owner_org_id, classification, embargo_until, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, 'high', '2023-01-01', $6, $7, $8, 't', 't')`,
          [need.id, recipient, region, item, need.quantity, owner, classification, embargo],
        );
        needs.push(need);
        // A pledge of the next organisation against this need, owned by the third, to the need's recipient.
        const donor = owners[(o + 2) % 3] as string;
        const pledge = {
          id: randomUUID(),
          owner: recipient,
          classification,
          embargo,
          parties: [donor],
          quantity: quantity++,
          need: need.id,
        };
        await admin.query(
          `INSERT INTO pledge (id, donor_org_id, item_id, quantity, need_id, announced_on,
                               owner_org_id, classification, embargo_until, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, '2022-12-01', $6, $7, $8, 't', 't')`,
          [pledge.id, donor, item, pledge.quantity, need.id, pledge.owner, classification, embargo],
        );
        pledges.push(pledge);
        const transition = { id: randomUUID(), pledge: pledge.id };
        await admin.query(
          `INSERT INTO pledge_transition (id, pledge_id, action, quantity, from_status, to_status, actor)
           VALUES ($1, $2, 'commit', 0, 'announced', 'committed', 't')`,
          [transition.id, pledge.id],
        );
        transitions.push(transition);
      }
    }
  }

  // A restricted allocation and a restricted shipment owned by A, of a restricted pledge owned by B
  // to its need: their parties are the pledge's donor and the need's recipient.
  const restrictedPledge = pledges.find((p) => p.classification === 'restricted' && p.owner === orgs.b);
  const restrictedNeed = needs.find((n) => n.id === restrictedPledge?.need);
  if (!restrictedPledge || !restrictedNeed) throw new Error('fixture');
  const allocationParties = [...restrictedPledge.parties, ...restrictedNeed.parties];
  allocation = {
    id: randomUUID(),
    owner: orgs.a,
    classification: 'restricted',
    embargo: null,
    parties: allocationParties,
  };
  await admin.query(
    `INSERT INTO allocation (id, pledge_id, need_id, quantity, week, status, owner_org_id, classification, created_by, updated_by)
     VALUES ($1, $2, $3, 1, '2022-W50', 'accepted', $4, 'restricted', 't', 't')`,
    [allocation.id, restrictedPledge.id, restrictedNeed.id, orgs.a],
  );
  shipment = {
    id: randomUUID(),
    owner: orgs.a,
    classification: 'restricted',
    embargo: null,
    parties: allocationParties,
  };
  await admin.query(
    `INSERT INTO shipment (id, reference, origin_hub, destination_region_id, owner_org_id, classification, created_by, updated_by)
     VALUES ($1, 'SHIP-1', 'Rzeszow', $2, $3, 'restricted', 't', 't')`,
    [shipment.id, region, orgs.a],
  );
  shipmentLine = randomUUID();
  await admin.query(
    `INSERT INTO shipment_line (id, shipment_id, allocation_id, pledge_id, need_id, item_id, quantity)
     VALUES ($1, $2, $3, $4, $5, $6, 1)`,
    [shipmentLine, shipment.id, allocation.id, restrictedPledge.id, restrictedNeed.id, item],
  );
  await admin.query(
    `INSERT INTO audit_entry (seq, actor, action, entity_type, entity_id, prev_hash, hash)
     VALUES (1, 't', 'create', 'need', $1, repeat('0', 64), repeat('1', 64))`,
    [needs[0]?.id],
  );
});

afterAll(async () => {
  await admin?.end();
  await database?.drop();
});

const readers: ReaderCase[] = [
  { name: 'anonymous', org: null, clearance: 'public' },
  { name: 'A public', org: orgs.a, clearance: 'public' },
  { name: 'A coalition', org: orgs.a, clearance: 'coalition' },
  { name: 'B public', org: orgs.b, clearance: 'public' },
  { name: 'C coalition', org: orgs.c, clearance: 'coalition' },
  { name: 'C restricted', org: orgs.c, clearance: 'restricted' },
];

describe('row-level security as the application role', () => {
  it.each(readers)('$name sees exactly the rows, totals and joins the rule allows', async (reader) => {
    const client = await connectAs(reader);
    try {
      expect(await ids(client, 'SELECT id FROM need')).toEqual(visibleIds(reader, needs));
      expect(await ids(client, 'SELECT id FROM pledge')).toEqual(visibleIds(reader, pledges));

      const visiblePledges = pledges.filter((p) => oracle(reader, p));
      const totals = await client.query<{ n: string; total: string | null }>(
        'SELECT count(*) AS n, sum(quantity)::int::text AS total FROM pledge',
      );
      expect(totals.rows[0]).toEqual({
        n: String(visiblePledges.length),
        total: visiblePledges.length ? String(visiblePledges.reduce((s, p) => s + p.quantity, 0)) : null,
      });

      const joined = await client.query<{ pledge: string; need: string }>(
        'SELECT p.id AS pledge, n.id AS need FROM pledge p JOIN need n ON n.id = p.need_id ORDER BY p.id',
      );
      const visibleNeedIds = new Set(visibleIds(reader, needs));
      expect(joined.rows).toEqual(
        visiblePledges
          .filter((p) => visibleNeedIds.has(p.need))
          .map((p) => ({ pledge: p.id, need: p.need }))
          .sort((x, y) => (x.pledge < y.pledge ? -1 : 1)),
      );

      const visiblePledgeIds = new Set(visiblePledges.map((p) => p.id));
      expect(await ids(client, 'SELECT id FROM pledge_transition')).toEqual(
        transitions
          .filter((t) => visiblePledgeIds.has(t.pledge))
          .map((t) => t.id)
          .sort(),
      );

      expect(await ids(client, 'SELECT id FROM allocation')).toEqual(visibleIds(reader, [allocation]));
      expect(await ids(client, 'SELECT id FROM shipment')).toEqual(visibleIds(reader, [shipment]));
      expect(await ids(client, 'SELECT id FROM shipment_line')).toEqual(
        oracle(reader, shipment) ? [shipmentLine] : [],
      );

      const orgIds = await ids(client, 'SELECT id FROM organisation');
      expect(orgIds.includes(orgs.hidden)).toBe(reader.org === orgs.a || reader.clearance === 'restricted');
    } finally {
      await client.end();
    }
  });

  it('shows the parties of an allocation and a shipment what their clearance alone would not', async () => {
    const donor = allocation.parties[0] as string;
    expect(donor).not.toBe(orgs.a);
    const client = await connectAs({ name: 'donor', org: donor, clearance: 'public' });
    try {
      expect(await ids(client, 'SELECT id FROM allocation')).toEqual([allocation.id]);
      expect(await ids(client, 'SELECT id FROM shipment_line')).toEqual([shipmentLine]);
    } finally {
      await client.end();
    }
  });

  it('shows public records only when the settings are missing', async () => {
    const client = await connectAs('no settings');
    try {
      const publicReader: ReaderCase = { name: 'nobody', org: null, clearance: 'public' };
      expect(await ids(client, 'SELECT id FROM need')).toEqual(visibleIds(publicReader, needs));
      expect(await ids(client, 'SELECT id FROM pledge')).toEqual(visibleIds(publicReader, pledges));
      expect(await ids(client, 'SELECT id FROM allocation')).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('cannot change or delete the audit log, but can read it', async () => {
    const client = await connectAs({ name: 'C restricted', org: orgs.c, clearance: 'restricted' });
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0]).toEqual({ n: 1 });
      await expect(client.query("UPDATE audit_entry SET actor = 'forged'")).rejects.toMatchObject({
        code: '42501',
      });
      await expect(client.query('DELETE FROM audit_entry')).rejects.toMatchObject({ code: '42501' });
      await expect(client.query('TRUNCATE audit_entry')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.end();
    }
  });

  it('cannot read or change accounts, sessions, tokens or login throttles at all', async () => {
    const client = await connectAs({ name: 'C restricted', org: orgs.c, clearance: 'restricted' });
    try {
      for (const table of ['app_user', 'user_session', 'api_token', 'login_throttle']) {
        await expect(client.query(`SELECT count(*) FROM ${table}`)).rejects.toMatchObject({ code: '42501' });
        await expect(client.query(`DELETE FROM ${table}`)).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await client.end();
    }
  });

  it('cannot write a row it could not read, nor touch rows it cannot see', async () => {
    const reader: ReaderCase = { name: 'A public', org: orgs.a, clearance: 'public' };
    const client = await connectAs(reader);
    try {
      const template = needs.find((n) => n.owner === orgs.a) as Row;
      const insert = (owner: string, classification: Level) =>
        client.query(
          `INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by,
                             owner_org_id, classification, created_by, updated_by)
           SELECT $1, $2, region_id, item_id, 1, 'low', '2023-01-01', $2, $3, 't', 't' FROM need WHERE id = $4`,
          [randomUUID(), owner, classification, template.id],
        );
      await expect(insert(orgs.b, 'restricted')).rejects.toMatchObject({ code: '42501' });
      await expect(insert(orgs.a, 'restricted')).resolves.toMatchObject({ rowCount: 1 });

      const hidden = needs.filter((n) => !oracle(reader, n)).map((n) => n.id);
      expect(hidden.length).toBeGreaterThan(0);
      const updated = await client.query('UPDATE need SET quantity = quantity + 1 WHERE id = ANY ($1)', [
        hidden,
      ]);
      expect(updated.rowCount).toBe(0);
      const deleted = await client.query('DELETE FROM pledge_transition WHERE pledge_id = ANY ($1)', [
        pledges.filter((p) => !oracle(reader, p)).map((p) => p.id),
      ]);
      expect(deleted.rowCount).toBe(0);
      // Making a visible record invisible to oneself is refused too.
      const own = needs.find((n) => n.owner === orgs.b && oracle(reader, n)) as Row;
      await expect(
        client.query("UPDATE need SET classification = 'restricted' WHERE id = $1", [own.id]),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.end();
    }
  });
});
