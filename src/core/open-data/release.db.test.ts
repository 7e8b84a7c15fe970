import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../test/support/factories.js';
import { runAsActor } from '../../db/actor-context.js';
import { parseCsv } from '../../interchange/csv.js';
import { systemActor } from '../auth/actor.js';
import { fixedClock } from '../shared/clock.js';
import { createEventRecordReader, linkOf } from '../webhooks/events.js';
import datapackageProfile from './frictionless/datapackage.json' with { type: 'json' };
import dataresourceProfile from './frictionless/dataresource.json' with { type: 'json' };
import tabledialectProfile from './frictionless/tabledialect.json' with { type: 'json' };
import tableschemaProfile from './frictionless/tableschema.json' with { type: 'json' };
import { createReleaseService, type ReleaseService } from './release.service.js';
import { checkCsvAgainstSchema, type TableSchema } from './table-check.js';

let t: TestApp;
let releases: ReleaseService;
const ids = {} as {
  open: string;
  embargoed: string;
  restricted: string;
  pledge: string;
  hiddenPledge: string;
};
const today = new Date().toISOString().slice(0, 10);

function ajv() {
  const validator = new Ajv({ strict: false, allErrors: true });
  addFormats.default(validator);
  // A form hint of the profiles' editors, not a constraint.
  validator.addFormat('textarea', true);
  return validator;
}

beforeAll(async () => {
  t = await createTestApp();
  releases = createReleaseService({ db: t.database.db, clock: fixedClock('2022-11-24', 'data_set') });
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const donor = await buildOrganisation(t.app);
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  const refs = { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
  ids.open = (await buildNeed(t.app, refs, { classification: 'public', quantity: 40 })).id;
  ids.embargoed = (
    await buildNeed(t.app, refs, { classification: 'public', embargo_until: '2999-12-31', quantity: 7 })
  ).id;
  ids.restricted = (await buildNeed(t.app, refs, { classification: 'restricted', quantity: 1000 })).id;
  await post(t.app, '/events', {
    name: 'Ramstein, 8th meeting',
    kind: 'ministerial',
    starts_on: '2022-11-29',
    organiser_org_id: donor.id,
    classification: 'public',
  });
  ids.pledge = (
    await buildPledge(
      t.app,
      { donor_org_id: donor.id, item_id: item.id, need_id: ids.open },
      { classification: 'public', quantity: 12 },
    )
  ).id;
  ids.hiddenPledge = (
    await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id }, { classification: 'coalition' })
  ).id;
});
afterAll(async () => t?.close());

async function fileText(release: string, name: string): Promise<string> {
  return (await releases.file(release, name)).content.toString('utf8');
}

async function releaseJson(release: string) {
  return JSON.parse(await fileText(release, 'aidgrid.json')) as {
    needs: { id: string }[];
    pledges: { id: string; stages: unknown }[];
    events: unknown[];
    gaps: Record<string, unknown>;
    gap_weekly: { weeks: unknown[] };
  };
}

describe('open data releases', () => {
  it('publishes only what the anonymous reader sees, and the embargo passing adds the record to the next', async () => {
    const cli = systemActor('cli');
    const dry = await runAsActor(cli, () => releases.publish({ dryRun: true }));
    expect(dry.number).toBe(1);
    expect(await releases.list()).toEqual([]);

    const first = await runAsActor(cli, () => releases.publish());
    expect(first).toMatchObject({ number: 1, data_as_of: '2022-11-24' });
    expect(first.changelog.previous).toBeNull();
    expect(first.changelog.tables.needs?.added).toEqual([ids.open]);
    const one = await releaseJson('1');
    expect(one.needs.map((n) => n.id)).toEqual([ids.open]);
    expect(one.pledges.map((p) => p.id)).toEqual([ids.pledge]);
    expect(one.pledges[0]?.stages).toBeDefined();
    expect(one.events).toHaveLength(1);
    const iati = await fileText('1', 'iati-activities.xml');
    expect(iati).toContain(`AIDGRID-PLEDGE-${ids.pledge}`);
    expect(iati).not.toContain(ids.hiddenPledge);
    const needsCsv = await fileText('1', 'needs.csv');
    expect(needsCsv).toContain(ids.open);
    for (const hidden of [ids.embargoed, ids.restricted, ids.hiddenPledge]) {
      for (const name of ['needs.csv', 'pledges.csv', 'aidgrid.json']) {
        expect(await fileText('1', name)).not.toContain(hidden);
      }
    }

    // The embargo passes: its day comes (the record's embargo is now today, UTC).
    const need = await t.app.inject({ method: 'GET', url: `/api/v1/needs/${ids.embargoed}` });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/needs/${ids.embargoed}`,
      headers: { 'if-match': String(need.headers.etag) },
      payload: { embargo_until: today },
    });
    expect(patched.statusCode).toBe(200);

    const second = await runAsActor(cli, () => releases.publish());
    expect(second.number).toBe(2);
    expect(second.changelog).toMatchObject({
      previous: 1,
      tables: { needs: { added: [ids.embargoed], removed: [], changed: [] } },
    });
    expect((await releaseJson('2')).needs.map((n) => n.id).sort()).toEqual([ids.open, ids.embargoed].sort());
    expect(await fileText('2', 'needs.csv')).toContain(ids.embargoed);
    expect(await fileText('2', 'aidgrid.json')).not.toContain(ids.restricted);
    // The first release is frozen: it still does not hold the record.
    expect(await fileText('1', 'needs.csv')).not.toContain(ids.embargoed);
    expect((await releases.file('latest', 'needs.csv')).release).toBe(2);
    expect((await releases.list()).map((r) => r.number)).toEqual([2, 1]);
  });

  it('holds the gap by every dimension exactly as the anonymous reader of the API sees it', async () => {
    const latest = await releaseJson('latest');
    expect(Object.keys(latest.gaps).sort()).toEqual(['category', 'donor', 'item', 'region']);
    for (const by of ['category', 'item', 'region', 'donor']) {
      const answer = await t.injectAnonymous({ method: 'GET', url: `/api/v1/gaps?by=${by}` });
      expect(answer.statusCode).toBe(200);
      expect(latest.gaps[by]).toEqual(answer.json());
    }
    const coordinator = await t.app.inject({ method: 'GET', url: '/api/v1/gaps?by=category' });
    // The coordinator sees the restricted need too: the release must not.
    expect(latest.gaps.category).not.toEqual(coordinator.json());
    expect(latest.gap_weekly.weeks.length).toBeGreaterThan(0);
  });

  it('writes an audit entry and a release.published event per release, and refuses changes to a release', async () => {
    const audit = await t.database.db
      .selectFrom('audit_entry')
      .where('entity_type', '=', 'open_data_release')
      .select(['actor', 'action'])
      .execute();
    expect(audit).toEqual([
      { actor: 'cli', action: 'create' },
      { actor: 'cli', action: 'create' },
    ]);
    const events = await t.database.db
      .selectFrom('outbox_event')
      .where('type', '=', 'release.published')
      .select('entity')
      .execute();
    expect(events).toHaveLength(2);
    // The webhook fan-out can read a release for any subscriber (it is public) and link to it.
    const emitted = await t.database.db
      .selectFrom('outbox_event')
      .where('type', '=', 'release.published')
      .select(['entity_id', 'detail'])
      .orderBy('seq')
      .execute();
    const reader = createEventRecordReader(t.database.db);
    const subscriber = {
      id: 'token:x',
      kind: 'token' as const,
      orgId: t.orgId,
      role: 'donor' as const,
      clearance: 'public' as const,
    };
    const read = await reader.read(subscriber, 'open_data_release', String(emitted[0]?.entity_id), {});
    expect(read).toMatchObject({ number: 1 });
    expect(
      linkOf(
        'open_data_release',
        String(emitted[1]?.entity_id),
        emitted[1]?.detail as Record<string, unknown>,
      ),
    ).toBe('/api/v1/open-data/2/datapackage.json');
    await expect(
      sql`UPDATE open_data_file SET sha256 = repeat('0', 64)`.execute(t.database.db),
    ).rejects.toThrow(/frozen/);
    await expect(sql`DELETE FROM open_data_release`.execute(t.database.db)).rejects.toThrow(/frozen/);
  });

  it('refuses publishing to anyone but coordinators, admins and the operator', async () => {
    const donor = {
      id: 'u',
      kind: 'user' as const,
      orgId: t.orgId,
      role: 'donor' as const,
      clearance: 'restricted' as const,
    };
    await expect(runAsActor(donor, () => releases.publish({ dryRun: true }))).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
  });

  it('makes a data package that validates against the Data Package v2 profiles, every CSV against its schema', async () => {
    const descriptor = JSON.parse(await fileText('latest', 'datapackage.json'));
    const validator = ajv();
    const checks = {
      package: validator.compile(datapackageProfile),
      resource: validator.compile(dataresourceProfile),
      schema: validator.compile(tableschemaProfile),
      dialect: validator.compile(tabledialectProfile),
    };
    expect(checks.package(descriptor), JSON.stringify(checks.package.errors)).toBe(true);
    expect(descriptor.licenses).toEqual([expect.objectContaining({ name: 'CC-BY-4.0' })]);
    expect(descriptor.description).toMatch(/CC BY 4\.0/);
    const latest = (await releases.list())[0];
    const names = descriptor.resources.map((r: { path: string }) => r.path).sort();
    expect(names).toEqual(
      latest?.files
        .map((f) => f.name)
        .filter((n) => n !== 'datapackage.json')
        .sort(),
    );
    for (const resource of descriptor.resources) {
      expect(checks.resource(resource), JSON.stringify(checks.resource.errors)).toBe(true);
      const content = (await releases.file('latest', resource.path)).content;
      const { createHash } = await import('node:crypto');
      expect(resource.hash).toBe(`sha256:${createHash('sha256').update(content).digest('hex')}`);
      expect(resource.bytes).toBe(content.length);
      if (resource.format !== 'csv') continue;
      expect(checks.schema(resource.schema), JSON.stringify(checks.schema.errors)).toBe(true);
      expect(checks.dialect(resource.dialect), JSON.stringify(checks.dialect.errors)).toBe(true);
      const csv = content.toString('utf8');
      expect(checkCsvAgainstSchema(csv, resource.schema as TableSchema, resource.dialect)).toEqual([]);
      const rows = parseCsv(csv);
      expect(rows[1]?.every((tag) => tag.startsWith('#'))).toBe(true);
    }
  });
});
