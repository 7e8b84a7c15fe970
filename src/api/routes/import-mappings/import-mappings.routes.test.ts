import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildItem, buildOrganisation } from '../../../../test/support/factories.js';

let t: TestApp;
let mine: string;
let other: string;
let donorName: string;
let itemCode: string;
beforeAll(async () => {
  t = await createTestApp();
  const donor = await buildOrganisation(t.app);
  donorName = donor.name as string;
  mine = await t.tokenFor({ role: 'donor', orgId: donor.id });
  other = await t.tokenFor({ role: 'coordinator', orgId: (await buildOrganisation(t.app)).id });
  itemCode = (await buildItem(t.app)).code as string;
});
afterAll(async () => t?.close());

const mapping = {
  entity: 'pledge',
  columns: { Донор: 'donor', Товар: 'item', Кількість: 'quantity', Дата: 'announced_on' },
};

describe('saved import mappings API', () => {
  it('saves (201), replaces (200), lists and reads a mapping for its organisation only, and deletes it (204)', async () => {
    const put = (authorization: string, body: unknown, name = 'kyiv-pledges') =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/import-mappings/${name}`,
        headers: { authorization },
        payload: body as object,
      });
    const created = await put(mine, mapping);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'kyiv-pledges', mapping });
    expect((await put(mine, { ...mapping, decimal: ',' }, 'Kyiv-Pledges')).statusCode).toBe(200);

    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/import-mappings',
      headers: { authorization: mine },
    });
    expect(listed.json().items).toEqual([
      expect.objectContaining({ name: 'Kyiv-Pledges', mapping: { ...mapping, decimal: ',' } }),
    ]);
    // Another organisation's member sees none of them.
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/import-mappings',
      headers: { authorization: other },
    });
    expect(theirs.json().items).toEqual([]);
    const notTheirs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/import-mappings/kyiv-pledges',
      headers: { authorization: other },
    });
    expect(notTheirs.statusCode).toBe(404);

    const bad = await put(mine, { entity: 'allocation', colums: {} }, 'bad');
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().detail).toMatch(/unknown key "colums"/);

    // An upload names the saved mapping: its columns and entity apply.
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?mapping=kyiv-pledges',
      headers: { 'content-type': 'text/csv', authorization: mine },
      payload: `Донор,Товар,Кількість,Дата\r\n${donorName},${itemCode},"2,5",01.03.2023\r\n`,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(202);
    const id = uploaded.json().id as string;
    let view = uploaded.json();
    for (let i = 0; i < 200 && ['staging', 'applying'].includes(view.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = (
        await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: { authorization: mine } })
      ).json();
    }
    expect(view).toMatchObject({ status: 'checked', entity: 'pledge', counts: { created: 1, rejected: 0 } });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?mapping=nope',
      headers: { 'content-type': 'text/csv', authorization: mine },
      payload: 'a\r\n',
    });
    expect(unknown.statusCode).toBe(404);

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/import-mappings/KYIV-pledges',
      headers: { authorization: mine },
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({
      method: 'GET',
      url: '/api/v1/import-mappings/kyiv-pledges',
      headers: { authorization: mine },
    });
    expect(gone.statusCode).toBe(404);
  });

  it('refuses analysts and anonymous callers', async () => {
    const analyst = await t.tokenFor({ role: 'analyst' });
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/import-mappings',
          headers: { authorization: analyst },
        })
      ).statusCode,
    ).toBe(403);
  });
});
