import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { buildItem, buildNeed, buildOrganisation, buildRegion } from '../../test/support/factories.js';

// A public record with an embargo is public only from its embargo date: before it, readers who are
// neither its owner nor a party see it only with coalition clearance; anonymous readers not at all.

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('embargo', () => {
  let t: TestApp;
  let embargoed: { id: string };
  let released: { id: string };
  let recipientToken: string;
  let otherToken: string;
  let analystToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    const recipient = await buildOrganisation(t.app, {
      name: 'Recipient ministry',
      kind: 'recipient_agency',
    });
    const other = await buildOrganisation(t.app, { name: 'Another donor' });
    const region = await buildRegion(t.app);
    const item = await buildItem(t.app);
    const refs = { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
    embargoed = await buildNeed(t.app, refs, {
      owner_org_id: recipient.id,
      classification: 'public',
      embargo_until: isoDay(30),
    });
    released = await buildNeed(t.app, refs, {
      owner_org_id: recipient.id,
      classification: 'public',
      embargo_until: isoDay(-1),
    });
    recipientToken = await t.tokenFor({ role: 'recipient', orgId: recipient.id });
    otherToken = await t.tokenFor({ role: 'donor', orgId: other.id, clearance: 'coalition' });
    analystToken = await t.tokenFor({ role: 'analyst', orgId: other.id });
  });
  afterAll(() => t.close());

  async function listedIds(authorization: string | undefined): Promise<string[]> {
    const request = { method: 'GET' as const, url: '/api/v1/needs?limit=100' };
    const response = authorization
      ? await t.app.inject({ ...request, headers: { authorization } })
      : await t.injectAnonymous(request);
    expect(response.statusCode).toBe(200);
    return response.json().items.map((need: { id: string }) => need.id);
  }

  it('stores the embargo date and answers it', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/needs/${embargoed.id}` });
    expect(response.json()).toMatchObject({ classification: 'public', embargo_until: isoDay(30) });
  });

  it('hides an embargoed public record from anonymous readers and analysts until its date', async () => {
    for (const reader of [undefined, analystToken]) {
      const ids = await listedIds(reader);
      expect(ids).toContain(released.id);
      expect(ids).not.toContain(embargoed.id);
    }
    const byId = await t.injectAnonymous({ method: 'GET', url: `/api/v1/needs/${embargoed.id}` });
    expect(byId.statusCode).toBe(404);
  });

  it('shows it to its owner and to coalition readers before its date', async () => {
    expect(await listedIds(recipientToken)).toContain(embargoed.id);
    expect(await listedIds(otherToken)).toContain(embargoed.id);
  });

  it('lifts the embargo by a patch to null', async () => {
    const current = await t.app.inject({ method: 'GET', url: `/api/v1/needs/${embargoed.id}` });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/needs/${embargoed.id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { embargo_until: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(await listedIds(undefined)).toContain(embargoed.id);
  });
});
