import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { buildItem, buildNeed, buildOrganisation, buildRegion } from '../../test/support/factories.js';

// Issue 13, hole 3: text PostgreSQL cannot store and cursors of the wrong type were answered 500.

let t: TestApp;
let refs: { recipient_org_id: string; region_id: string; item_id: string };
let donor: string;
beforeAll(async () => {
  t = await createTestApp();
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  donor = (await buildOrganisation(t.app)).id;
  refs = {
    recipient_org_id: recipient.id,
    region_id: (await buildRegion(t.app)).id,
    item_id: (await buildItem(t.app)).id,
  };
  // Two needs, so that a list of one per page has a next cursor.
  await buildNeed(t.app, refs);
  await buildNeed(t.app, refs, { quantity: 7 });
});
afterAll(async () => t?.close());

const post = (url: string, payload: object | string | Buffer) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    headers: { 'content-type': 'application/json' },
  });

function expectInvalidCharacter(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  field: string,
) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(422);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ code: 'invalid_character', errors: [{ field }] });
}

describe('text the database cannot store', () => {
  it('answers 422 invalid_character naming the field, for a NUL in any text field', async () => {
    expectInvalidCharacter(await post('/organisations', { name: 'nul\u0000org', kind: 'state' }), 'name');
    const need = await post('/needs', {
      ...refs,
      quantity: 1,
      priority: 'high',
      needed_by: '2023-01-01',
      justification: 'cold\u0000',
    });
    expectInvalidCharacter(need, 'justification');
    const pledge = await post('/pledges', {
      donor_org_id: donor,
      item_id: refs.item_id,
      quantity: 1,
      announced_on: '2022-11-29',
      conditions: 'only\u0000if',
    });
    expectInvalidCharacter(pledge, 'conditions');
    const source = await post('/sources', {
      title: 'a\u0000b',
      publisher: 'p',
      kind: 'primary',
      owner_org_id: t.orgId,
    });
    expectInvalidCharacter(source, 'title');
  });

  it('refuses unpaired surrogates, nested values and keys, and invalid UTF-8 bytes, in creates and patches', async () => {
    // JSON.stringify escapes a lone surrogate as \udc00, which JSON.parse turns back into one.
    expectInvalidCharacter(await post('/organisations', { name: 'x\udc00', kind: 'state' }), 'name');
    const item = await buildItem(t.app);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/items/${item.id}`,
      payload: { name: '\ud800' },
      headers: { 'if-match': `"${item.version}"` },
    });
    expectInvalidCharacter(patched, 'name');
    const nested = await post('/items', {
      code: 'NESTED-1',
      name: 'n',
      category: 'energy',
      unit: 'unit',
      reference_price: { amount: '1\u0000', currency: 'EUR' },
    });
    expectInvalidCharacter(nested, 'reference_price.amount');
    expectInvalidCharacter(await post('/organisations', { name: 'k', kind: 'state', 'x\u0000': 1 }), 'body');
    const bytes = Buffer.concat([
      Buffer.from('{"name":"bad '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","kind":"state"}'),
    ]);
    expectInvalidCharacter(await post('/organisations', bytes), 'name');
    // Valid multi-byte text, including U+FFFD sent on purpose, is stored as sent.
    const fine = await post('/organisations', { name: 'Міністерство \uFFFD 😀', kind: 'state' });
    expect(fine.statusCode).toBe(201);
    expect(fine.json().name).toBe('Міністерство \uFFFD 😀');
  });

  it('checks query strings too', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/organisations?q=a%00b' });
    expectInvalidCharacter(response, 'querystring.q');
  });
});

describe('cursors', () => {
  const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
  const uuid = '0190b7d8-8a0e-7000-8000-000000000000';

  it('pages with the cursors it issues', async () => {
    const first = (await t.app.inject({ url: '/api/v1/needs?sort=quantity&limit=1' })).json();
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await t.app.inject({
      url: `/api/v1/needs?sort=quantity&limit=1&cursor=${first.next_cursor}`,
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().items[0].id).not.toBe(first.items[0].id);
  });

  it.each([
    ['a text for a numeric column', 'needs?sort=quantity', ['quantity', 'abc', uuid]],
    ['an impossible date', 'needs?sort=needed_by', ['needed_by', '2023-02-30', uuid]],
    ['a number for a date', 'needs?sort=needed_by', ['needed_by', 20230101, uuid]],
    ['an unknown priority', 'needs?sort=priority', ['priority', 'urgent', uuid]],
    ['a text for a timestamp', 'incidents?sort=occurred_at', ['occurred_at', 'yesterday', uuid]],
    ['an id that is not a UUID', 'needs', ['created', uuid, 'not-a-uuid']],
    ['a NUL in a text value', 'organisations?sort=name', ['name', 'a\u0000', uuid]],
    ['another sort order', 'needs?sort=quantity', ['created', uuid, uuid]],
    ['a run id that is not a UUID', 'plans', 'x'],
    ['an impossible rate date', 'fx-rates', ['EUR', '2023-13-01']],
    ['a duplicate id that is not a UUID', 'duplicates', ['duplicate', 'zz']],
  ])('refuses %s with 400 invalid_cursor', async (_, list, values) => {
    const separator = list.includes('?') ? '&' : '?';
    const response = await t.app.inject({
      url: `/api/v1/${list}${separator}cursor=${cursorOf(values as unknown[])}`,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'invalid_cursor', errors: [{ field: 'cursor' }] });
  });
});
