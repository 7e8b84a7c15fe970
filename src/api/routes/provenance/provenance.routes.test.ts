import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../../test/support/factories.js';
import { flagPossibleDuplicates } from '../../../core/provenance/duplicate.service.js';
import { verificationStatuses } from '../../../core/provenance/verification.service.js';

let t: TestApp;
let donor: { id: string };
let recipient: { id: string };
let bystander: { id: string };
let item: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  donor = await buildOrganisation(t.app, { name: 'Ministry of Defence of Norway' });
  recipient = await buildOrganisation(t.app, { name: 'Ministry of Defence of Ukraine', country_code: 'UA' });
  bystander = await buildOrganisation(t.app, { name: 'Kiel Institute' });
  item = await buildItem(t.app, { code: 'GEN-220', name: 'Generator 220 kVA' });
});
afterAll(async () => t?.close());

async function attachSource(
  entity: { type: string; id: string },
  source: { publisher: string; kind?: 'primary' | 'secondary'; owner: string },
): Promise<void> {
  const created = await post(t.app, '/sources', {
    title: `Report by ${source.publisher}`,
    publisher: source.publisher,
    kind: source.kind ?? 'secondary',
    owner_org_id: source.owner,
  });
  const link = await t.app.inject({
    method: 'POST',
    url: `/api/v1/sources/${created.id}/links`,
    payload: { entity_type: entity.type, entity_id: entity.id },
  });
  expect(link.statusCode).toBe(200);
}

async function verification(type: string, id: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/verification/${type}/${id}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('verification status', () => {
  it('goes from unverified to single source, corroborated and confirmed as sources are added', async () => {
    const pledge = await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id });
    const entity = { type: 'pledge', id: pledge.id };
    expect(await verification('pledge', pledge.id)).toEqual({
      entity_type: 'pledge',
      entity_id: pledge.id,
      status: 'unverified',
      sources: 0,
      publishers: [],
      reason: 'no source is attached',
    });

    await attachSource(entity, { publisher: 'Reuters', owner: bystander.id });
    await attachSource(entity, { publisher: '  reuters ', owner: bystander.id });
    await attachSource(entity, { publisher: 'R E U T E R S', owner: bystander.id });
    expect(await verification('pledge', pledge.id)).toMatchObject({
      status: 'single_source',
      sources: 3,
      publishers: ['Reuters'],
      reason: '3 sources, all published by Reuters',
    });

    await attachSource(entity, { publisher: 'Kyiv Independent', owner: bystander.id });
    // A primary source recorded by someone who is not a party confirms nothing.
    await attachSource(entity, { publisher: 'Kiel Institute', kind: 'primary', owner: bystander.id });
    // A party's secondary source does not confirm either.
    await attachSource(entity, { publisher: 'Norwegian press office', owner: donor.id });
    const corroborated = await verification('pledge', pledge.id);
    expect(corroborated).toMatchObject({
      status: 'corroborated',
      sources: 6,
      publishers: ['Kiel Institute', 'Kyiv Independent', 'Norwegian press office', 'Reuters'],
    });
    expect(corroborated.reason).toBe(
      '6 sources from 4 independent publishers: Kiel Institute, Kyiv Independent, Norwegian press office, Reuters',
    );

    await attachSource(entity, { publisher: 'Government of Norway', kind: 'primary', owner: donor.id });
    const confirmed = await verification('pledge', pledge.id);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.reason).toBe(
      'the primary source "Report by Government of Norway" was recorded by Ministry of Defence of Norway, ' +
        "the pledge's donor; 7 sources from 5 independent publishers: Government of Norway, Kiel Institute, " +
        'Kyiv Independent, Norwegian press office, Reuters',
    );
  });

  it('is confirmed by a primary source of the recipient, of a pledge or of a need', async () => {
    const region = await buildRegion(t.app);
    const need = await buildNeed(t.app, {
      recipient_org_id: recipient.id,
      region_id: region.id,
      item_id: item.id,
    });
    const viaNeed = await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id, need_id: need.id });
    const named = await buildPledge(
      t.app,
      { donor_org_id: donor.id, item_id: item.id },
      { recipient_org_id: recipient.id },
    );
    const primary = {
      publisher: 'Ministry of Defence of Ukraine',
      kind: 'primary' as const,
      owner: recipient.id,
    };
    await attachSource({ type: 'need', id: need.id }, primary);
    await attachSource({ type: 'pledge', id: viaNeed.id }, primary);
    await attachSource({ type: 'pledge', id: named.id }, primary);
    for (const [type, id] of [
      ['need', need.id],
      ['pledge', viaNeed.id],
      ['pledge', named.id],
    ] as const) {
      const status = await verification(type, id);
      expect(status.status, `${type} ${id}`).toBe('confirmed');
      expect(status.reason).toContain(`the ${type}'s recipient`);
    }
  });

  it('is confirmed for other records by a primary source of their owner', async () => {
    const event = await post(t.app, '/events', {
      name: 'Ukraine Defense Contact Group',
      kind: 'ministerial',
      starts_on: '2022-11-16',
      ends_on: '2022-11-16',
      owner_org_id: bystander.id,
    });
    await attachSource(
      { type: 'event', id: event.id },
      { publisher: 'NATO', kind: 'primary', owner: donor.id },
    );
    expect((await verification('event', event.id)).status).toBe('single_source');
    await attachSource(
      { type: 'event', id: event.id },
      { publisher: 'Kiel', kind: 'primary', owner: bystander.id },
    );
    const status = await verification('event', event.id);
    expect(status.status).toBe('confirmed');
    expect(status.reason).toContain("the event's owner");
  });

  it('answers 404 for a record that does not exist and 400 for an unknown kind', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/verification/pledge/01890000-0000-7000-8000-000000000001',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/verification/planet/${donor.id}` });
    expect(unknown.statusCode).toBe(400);
  });

  it('gives the statuses of many records in one call, unverified for those without sources', async () => {
    const sourced = await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id });
    const bare = await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id });
    await attachSource({ type: 'pledge', id: sourced.id }, { publisher: 'AP', owner: bystander.id });
    await attachSource({ type: 'pledge', id: sourced.id }, { publisher: 'AFP', owner: bystander.id });
    const statuses = await verificationStatuses(t.database.db, 'pledge', [sourced.id, bare.id, sourced.id]);
    expect([...statuses.keys()]).toEqual([sourced.id, bare.id]);
    expect(statuses.get(sourced.id)).toMatchObject({
      status: 'corroborated',
      sources: 2,
      publishers: ['AFP', 'AP'],
    });
    expect(statuses.get(bare.id)).toMatchObject({ status: 'unverified', sources: 0 });
    expect((await verificationStatuses(t.database.db, 'pledge', [])).size).toBe(0);
  });
});

describe('possible duplicates', () => {
  it('lists open flags with both pledges, and records a dismissal or a confirmation once', async () => {
    const dupDonor = await buildOrganisation(t.app, { name: 'Donor with duplicates' });
    const dupItem = await buildItem(t.app, { code: 'AMMO-155-DUP', name: '155 mm round' });
    const refs = { donor_org_id: dupDonor.id, item_id: dupItem.id };
    const a = await buildPledge(t.app, refs, { quantity: 1000, announced_on: '2022-11-16' });
    const b = await buildPledge(t.app, refs, {
      quantity: 950,
      announced_on: '2022-11-23',
      value: { amount: '3000000.00', currency: 'EUR' },
    });
    // c is 15 days after a: a and c are never a pair, whichever pledge is checked.
    const c = await buildPledge(t.app, refs, { quantity: 1050, announced_on: '2022-12-01' });
    await flagPossibleDuplicates(t.database.db, b.id);

    const open = await t.app.inject({ method: 'GET', url: '/api/v1/duplicates?status=open' });
    expect(open.statusCode).toBe(200);
    // Pledges written through the API are flagged as they are created, so earlier tests' pairs are listed too.
    const ours = new Set([a.id, b.id, c.id]);
    const flags = (
      open.json().items as {
        id: string;
        reason: string;
        pledge: { id: string };
        other_pledge: { id: string };
      }[]
    ).filter((f) => ours.has(f.pledge.id));
    const pairs = flags.map((f) => [f.pledge.id, f.other_pledge.id].sort().join(' ')).sort();
    expect(pairs).toEqual([[a.id, b.id].sort().join(' '), [b.id, c.id].sort().join(' ')].sort());
    const withB = flags[0] as unknown as { pledge: { id: string }; other_pledge: { id: string } };
    expect(withB).toMatchObject({
      entity_type: 'pledge',
      status: 'open',
      reviewed_at: null,
      reviewed_by: null,
    });
    const pledgeB = [withB.pledge, withB.other_pledge].find((p: { id: string }) => p.id === b.id);
    expect(pledgeB).toEqual({
      id: b.id,
      donor_org_id: dupDonor.id,
      donor_name: 'Donor with duplicates',
      item_id: dupItem.id,
      item_code: 'AMMO-155-DUP',
      item_name: '155 mm round',
      quantity: 950,
      announced_on: '2022-11-23',
      event_id: null,
      value: { amount: '3000000.00', currency: 'EUR' },
      status: 'announced',
    });

    const [first, second] = flags;
    const dismissed = await t.app.inject({ method: 'POST', url: `/api/v1/duplicates/${first!.id}/dismiss` });
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json()).toMatchObject({ id: first!.id, status: 'dismissed', reviewed_by: t.actorId });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/duplicates/${first!.id}/dismiss` });
    expect(again.statusCode).toBe(200);
    const contrary = await t.app.inject({ method: 'POST', url: `/api/v1/duplicates/${first!.id}/confirm` });
    expect(contrary.statusCode).toBe(409);
    expect(contrary.json().code).toBe('already_reviewed');
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/duplicates/${second!.id}/confirm` });
    expect(confirmed.json().status).toBe('confirmed');

    const stillOpen = (await t.app.inject({ method: 'GET', url: '/api/v1/duplicates?status=open' })).json();
    expect(stillOpen.items.map((f: { id: string }) => f.id)).not.toContain(first!.id);
    expect(stillOpen.items.map((f: { id: string }) => f.id)).not.toContain(second!.id);
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/duplicates' })).json();
    expect(all.items.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining([first!.id, second!.id]),
    );
    // Confirming records the judgement only: both pledges are still there, unchanged.
    for (const pledge of [a, b, c]) {
      const read = await t.app.inject({ method: 'GET', url: `/api/v1/pledges/${pledge.id}` });
      expect(read.statusCode).toBe(200);
      expect(read.json().quantity).toBe(pledge.quantity);
    }
  });

  it('answers 404 for an unknown flag and pages with a cursor', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/duplicates/01890000-0000-7000-8000-000000000001/confirm',
    });
    expect(missing.statusCode).toBe(404);
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/duplicates?limit=500' })).json().items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/duplicates?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url })).json();
      seen.push(...page.items.map((f: { id: string }) => f.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((f: { id: string }) => f.id));
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });
});
