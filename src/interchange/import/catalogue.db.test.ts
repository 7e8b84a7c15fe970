import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { type Actor, systemActor } from '../../core/auth/actor.js';
import { newId } from '../../core/shared/ids.js';
import type { ImportEntity } from './fields.js';
import { type ImportRequest, runImport } from './import.service.js';

let t: TestDatabase;
let dir: string;
let germany: string;
const cli = systemActor('cli');

async function file(name: string, content: string): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, content);
  return at;
}

function run(entity: ImportEntity, filePath: string, overrides: Partial<ImportRequest> = {}) {
  return runImport(t.url, {
    path: filePath,
    entity,
    format: 'csv',
    mapping: {},
    mode: 'all_or_nothing',
    apply: false,
    actor: cli,
    ...overrides,
  });
}

async function count(
  table: 'organisation' | 'item' | 'event' | 'audit_entry' | 'source_link',
): Promise<number> {
  const row = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function tally() {
  return {
    organisations: await count('organisation'),
    items: await count('item'),
    events: await count('event'),
    audit: await count('audit_entry'),
    links: await count('source_link'),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-import-catalogue-'));
  germany = newId();
  await t.db
    .insertInto('organisation')
    .values({
      id: germany,
      name: 'Germany',
      short_name: 'DE',
      kind: 'state',
      created_by: 't',
      updated_by: 't',
    })
    .execute();
});

afterAll(async () => {
  await t?.drop();
});

describe('importing organisations', () => {
  it('creates by name, matches by name the second time (unchanged), updates what changed, one audit entry per import', async () => {
    const csv = await file(
      'orgs.csv',
      'name,short_name,kind,country,parent\nPoland,PL,state,pl,\nPolish Ministry of Defence,MON,Ministry,PL,Poland (the state)\n',
    );
    const mapping = { values: { organisation: { 'Poland (the state)': 'Poland' } } };
    // The parent names an organisation the same file creates: unknown until the first rows are written.
    const first = await run('organisation', csv, { mapping, apply: true });
    expect(first.status).toBe('failed');
    expect(first.problems).toEqual([
      { row: 3, column: 'parent', value: 'Poland', reason: expect.stringContaining('no organisation') },
    ]);
    expect(await count('organisation')).toBe(1);

    const states = await file('states.csv', 'name,short_name,kind,country\nPoland,PL,state,pl\n');
    const before = await tally();
    const created = await run('organisation', states, { apply: true });
    expect(created).toMatchObject({
      status: 'applied',
      counts: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(await tally()).toEqual({
      ...before,
      organisations: before.organisations + 1,
      audit: before.audit + 1,
      links: before.links + 1,
    });
    const poland = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('name', '=', 'Poland')
      .executeTakeFirstOrThrow();
    expect(poland).toMatchObject({
      short_name: 'PL',
      kind: 'state',
      country_code: 'PL',
      classification: 'public',
    });

    const both = await run('organisation', csv, { mapping, apply: true });
    expect(both).toMatchObject({
      status: 'applied',
      counts: { created: 1, updated: 0, unchanged: 1, rejected: 0 },
    });
    const ministry = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('name', '=', 'Polish Ministry of Defence')
      .executeTakeFirstOrThrow();
    expect(ministry).toMatchObject({ kind: 'ministry', parent_id: poland.id });

    const again = await run('organisation', csv, { mapping });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });

    const renamed = await file('renamed.csv', 'Name,Acronym,Kind\npoland,POL,state\n');
    const update = await run('organisation', renamed, { apply: true });
    expect(update.counts).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const after = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', poland.id)
      .executeTakeFirstOrThrow();
    // Columns absent from the file keep their stored values.
    expect(after).toMatchObject({ short_name: 'POL', country_code: 'PL', version: 2 });
  });

  it('rejects bad rows with their problems and writes nothing (rows and audit entries counted)', async () => {
    const csv = await file(
      'bad-orgs.csv',
      [
        'name,kind,country_code,parent',
        'Lithuania,state,LTU,',
        'Latvia,country,LV,',
        'Estonia,state,EE,Germny',
        'estonia,state,EE,',
        ',state,EE,',
      ].join('\n'),
    );
    const before = await tally();
    const report = await run('organisation', csv, { apply: true });
    expect(report.status).toBe('failed');
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 5 });
    const reasons = report.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`);
    expect(reasons).toEqual([
      '2 country_code: must be an ISO 3166-1 alpha-2 country code (two letters, e.g. DE)',
      expect.stringMatching(/^3 kind: must be one of state, international_organisation, ngo/),
      '4 parent: no organisation of that name; did you mean DE?',
      '4 name: the same name as row 5 of the file',
      '5 name: the same name as row 4 of the file',
      '6 name: is required',
    ]);
    expect(await tally()).toEqual(before);
  });

  it('lets only who may create organisations one by one import them', async () => {
    const csv = await file('donor-orgs.csv', 'name,kind\nCzechia,state\n');
    const donor: Actor = { id: 'u1', kind: 'user', orgId: germany, role: 'donor', clearance: 'coalition' };
    await expect(run('organisation', csv, { actor: donor })).rejects.toThrow(
      /a donor may not create organisations, so may not import them \(roles: admin, coordinator\)/,
    );
    const coordinator: Actor = {
      id: 'u2',
      kind: 'user',
      orgId: germany,
      role: 'coordinator',
      clearance: 'coalition',
    };
    const report = await run('organisation', csv, { actor: coordinator, apply: true });
    expect(report.status).toBe('applied');
    const czechia = await t.db
      .selectFrom('organisation')
      .selectAll()
      .where('name', '=', 'Czechia')
      .executeTakeFirstOrThrow();
    // The importer's organisation owns what the file gives no owner for; it owns the source too.
    expect(czechia.owner_org_id).toBe(germany);
    const source = await t.db
      .selectFrom('source')
      .selectAll()
      .where('id', '=', report.source_id)
      .executeTakeFirstOrThrow();
    expect(source).toMatchObject({ owner_org_id: germany, title: 'Import of donor-orgs.csv' });
  });
});

describe('importing items', () => {
  it('matches items by code, reads prices as Europeans write them, and keeps the catalogue rules', async () => {
    const csv = await file(
      'items.csv',
      'code,name,category,unit,reference_price,currency\ngen-200,Generator 200 kVA,energy/generator,unit,"25.000,50",EUR\n',
    );
    const before = await tally();
    const created = await run('item', csv, {
      apply: true,
      mapping: { decimal: ',', defaults: { owner_org: 'Germany' } },
    });
    expect(created).toMatchObject({ status: 'applied', counts: { created: 1 } });
    expect(await tally()).toMatchObject({ items: before.items + 1, audit: before.audit + 1 });
    const gen = await t.db
      .selectFrom('item')
      .selectAll()
      .where('code', '=', 'GEN-200')
      .executeTakeFirstOrThrow();
    expect(gen).toMatchObject({
      owner_org_id: germany,
      name: 'Generator 200 kVA',
      reference_price_amount: '25000.50',
      reference_price_currency: 'EUR',
    });

    const changed = await file(
      'items2.csv',
      'code,name,category,unit\nGEN-200,Generator 200 kVA,energy/generator,unit\nGEN-300,Generator 300 kVA,Energy/Generator,unit\nGEN-200,Generator (again),energy/generator,set\n',
    );
    const bad = await run('item', changed, { apply: true });
    expect(bad.status).toBe('failed');
    expect(bad.problems.map((p) => `${p.row} ${p.column} ${p.reason}`)).toEqual([
      '2 code the same code as row 4 of the file',
      '3 category must be a category path in lower case, e.g. non-lethal/winter',
      '4 code the same code as row 2 of the file',
    ]);
    expect(await count('item')).toBe(before.items + 1);

    const good = await file(
      'items3.csv',
      'code,name,category,unit\nGEN-200,Generator 200 kVA,energy/generator,set\n',
    );
    // The item's owner owns the source: the file has no owner column, the stored owner stays.
    expect((await run('item', good, { apply: true })).counts).toEqual({
      created: 0,
      updated: 1,
      unchanged: 0,
      rejected: 0,
    });
    // Absent price columns keep the stored price.
    expect(
      await t.db.selectFrom('item').selectAll().where('code', '=', 'GEN-200').executeTakeFirstOrThrow(),
    ).toMatchObject({ unit: 'set', reference_price_amount: '25000.50' });
  });

  it('needs an owner for the source when the CLI imports items without one; nothing is written', async () => {
    const csv = await file(
      'noowner.csv',
      'code,name,category,unit\nTRF-9,Transformer,energy/transformer,unit\n',
    );
    const before = await tally();
    await expect(run('item', csv, { apply: true })).rejects.toThrow(/needs an organisation to own it/);
    expect(await tally()).toEqual(before);
    const owned = await run('item', csv, { apply: true, mapping: { defaults: { owner_org: 'Germany' } } });
    expect(owned.status).toBe('applied');
  });
});

describe('importing events', () => {
  it('matches events by name and first day, needs an owner, checks the dates', async () => {
    const csv = await file(
      'events.csv',
      [
        'name,kind,starts_on,ends_on,organiser,location',
        'Ramstein 25,ministerial,12.02.2025,,Germany,Brussels',
        'Ramstein 25,ministerial,2025-04-11,2025-04-10,Germany,',
        'Donor conference,conference,2025-05-01,,,',
        'Winter summit,summit,2025-06-01,,Germani,',
      ].join('\n'),
    );
    const before = await tally();
    const report = await run('event', csv, { apply: true });
    expect(report.status).toBe('failed');
    expect(report.problems.map((p) => `${p.row} ${p.column} ${p.reason}`)).toEqual([
      '3 ends_on must not be before starts_on',
      '4 owner_org every event has an owner: give an owner or organiser column (or defaults in the mapping)',
      '5 organiser no organisation of that name; did you mean DE?',
    ]);
    expect(await tally()).toEqual(before);

    const skipped = await run('event', csv, {
      apply: true,
      mode: 'skip_invalid',
      rejectsPath: path.join(dir, 'events.rejects.csv'),
    });
    expect(skipped).toMatchObject({ status: 'applied', counts: { created: 1, rejected: 3 } });
    const ramstein = await t.db
      .selectFrom('event')
      .selectAll()
      .where('name', '=', 'Ramstein 25')
      .executeTakeFirstOrThrow();
    expect(ramstein).toMatchObject({
      starts_on: '2025-02-12',
      ends_on: '2025-02-12',
      owner_org_id: germany,
      organiser_org_id: germany,
    });

    const same = await file(
      'events2.csv',
      'name,kind,starts_on,location\nRamstein 25,ministerial,2025-02-12,Brussels\n',
    );
    expect((await run('event', same)).counts).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    const moved = await file(
      'events3.csv',
      'name,kind,starts_on,location\nRamstein 25,ministerial,2025-02-12,Ramstein\n',
    );
    expect((await run('event', moved, { apply: true })).counts).toEqual({
      created: 0,
      updated: 1,
      unchanged: 0,
      rejected: 0,
    });
  });
});

describe('visibility', () => {
  it('never matches an event the importer cannot see, and refuses rows they could not read once written', async () => {
    const france = newId();
    await t.db
      .insertInto('organisation')
      .values({ id: france, name: 'France', kind: 'state', created_by: 't', updated_by: 't' })
      .execute();
    await t.db
      .insertInto('event')
      .values({
        id: newId(),
        name: 'Closed meeting',
        kind: 'bilateral',
        starts_on: '2025-07-01',
        ends_on: '2025-07-01',
        owner_org_id: france,
        classification: 'restricted',
        created_by: 't',
        updated_by: 't',
      })
      .execute();
    const coordinator: Actor = {
      id: 'u3',
      kind: 'user',
      orgId: germany,
      role: 'coordinator',
      clearance: 'coalition',
    };
    const csv = await file(
      'closed.csv',
      'name,kind,starts_on,owner,classification\nClosed meeting,bilateral,2025-07-01,,\nSecret talks,bilateral,2025-07-02,France,restricted\n',
    );
    const report = await run('event', csv, { actor: coordinator });
    expect(report.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.problems).toEqual([
      {
        row: 3,
        column: 'classification',
        value: 'restricted',
        reason:
          'you could not read this record once written: above your clearance, and not your organisation’s',
      },
    ]);
  });
});
