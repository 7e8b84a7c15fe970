import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildItem, buildNeed, buildOrganisation, buildRegion } from '../../../../test/support/factories.js';

let t: TestApp;
let refs: { recipient_org_id: string; region_id: string; item_id: string };

beforeAll(async () => {
  t = await createTestApp({ bodyLimit: 16 * 1024 });
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  refs = { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
});
afterAll(async () => t?.close());

async function needCount(): Promise<number> {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/needs?limit=500' });
  return response.json().items.length;
}

describe('needs API', () => {
  it('creates, reads with an ETag, lists and filters a need', async () => {
    const need = await buildNeed(t.app, refs, { quantity: 40, priority: 'critical' });
    expect(need).toMatchObject({ quantity: 40, priority: 'critical', status: 'open', version: 1 });
    expect(need.owner_org_id).toBe(refs.recipient_org_id);

    const read = await t.app.inject({ method: 'GET', url: `/api/v1/needs/${need.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');

    const filtered = await t.app.inject({
      method: 'GET',
      url: `/api/v1/needs?priority=critical&category=energy`,
    });
    expect(filtered.json().items.map((n: { id: string }) => n.id)).toContain(need.id);
    const none = await t.app.inject({ method: 'GET', url: `/api/v1/needs?category=military` });
    expect(none.json().items).toEqual([]);
  });

  it('takes useful_until on or after needed_by, and refuses one before it naming the field', async () => {
    const need = await buildNeed(t.app, refs, { needed_by: '2023-01-10', useful_until: '2023-03-31' });
    expect(need.useful_until).toBe('2023-03-31');
    expect((await buildNeed(t.app, refs)).useful_until).toBeNull();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      payload: { ...refs, quantity: 1, priority: 'low', needed_by: '2023-01-10', useful_until: '2023-01-09' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'useful_until' })]);
  });

  it('pages with a cursor in a stable order without repeats', async () => {
    for (let i = 0; i < 5; i++) await buildNeed(t.app, refs, { needed_by: `2023-01-0${i + 1}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/needs?limit=2&sort=needed_by${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url })).json();
      seen.push(...page.items.map((n: { id: string }) => n.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await needCount());
  });

  it('answers 422 with every unknown reference named and stores nothing', async () => {
    const before = await needCount();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      payload: {
        ...refs,
        item_id: '01890000-0000-7000-8000-000000000001',
        region_id: '01890000-0000-7000-8000-000000000002',
        quantity: 1,
        priority: 'low',
        needed_by: '2023-01-01',
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('unknown_reference');
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['item_id', 'region_id']);
    expect(await needCount()).toBe(before);
  });

  it.each([
    ['a wrong type', { quantity: '12' }, 400, 'validation_failed', 'quantity'],
    ['an unknown field', { colour: 'red' }, 400, 'validation_failed', 'colour'],
    ['a negative quantity', { quantity: -5 }, 400, 'validation_failed', 'quantity'],
    ['a zero quantity', { quantity: 0 }, 422, 'invalid_record', 'quantity'],
    ['more than 3 decimals', { quantity: 1.2345 }, 422, 'invalid_record', 'quantity'],
    ['an impossible date', { needed_by: '2023-02-30' }, 400, 'validation_failed', 'needed_by'],
    ['an unknown priority', { priority: 'urgent' }, 400, 'validation_failed', 'priority'],
  ])('rejects %s with a problem and changes nothing', async (_label, change, status, code, field) => {
    const before = await needCount();
    const payload = { ...refs, quantity: 5, priority: 'high', needed_by: '2023-01-10', ...change };
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/needs', payload });
    expect(response.statusCode).toBe(status);
    const problem = response.json();
    expect(problem).toMatchObject({ status, code });
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await needCount()).toBe(before);
  });

  it('rejects malformed JSON and oversized bodies as problems', async () => {
    const before = await needCount();
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      headers: { 'content-type': 'application/json' },
      payload: '{"quantity": 5,',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformed_json');
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...refs, justification: 'x'.repeat(20_000) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
    expect(await needCount()).toBe(before);
  });

  it('needs If-Match to update: 428 without, 412 when stale, and the audit trail keeps both versions', async () => {
    const need = await buildNeed(t.app, refs);
    const url = `/api/v1/needs/${need.id}`;
    const missing = await t.app.inject({ method: 'PATCH', url, payload: { quantity: 7 } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('precondition_required');

    const ok = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { quantity: 7 },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ quantity: 7, version: 2 });

    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { quantity: 9 },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('stale_version');

    const history = (await t.app.inject({ method: 'GET', url: `${url}/history` })).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    expect(history.items[1].before.quantity).toBe(100);
    expect(history.items[1].after.quantity).toBe(7);
  });

  it('lets exactly one of two concurrent updates with the same If-Match win', async () => {
    const need = await buildNeed(t.app, refs);
    const url = `/api/v1/needs/${need.id}`;
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { quantity: 11 } }),
      t.app.inject({ method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { quantity: 22 } }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 412]);
    const winner = a.statusCode === 200 ? a.json() : b.json();
    const stored = (await t.app.inject({ method: 'GET', url })).json();
    expect(stored).toMatchObject({ quantity: winner.quantity, version: 2 });
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another body', async () => {
    const payload = { ...refs, quantity: 3, priority: 'medium', needed_by: '2023-02-01' };
    const headers = { 'idempotency-key': 'need-create-1' };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers, payload });
    const before = await needCount();
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/needs', headers, payload });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await needCount()).toBe(before);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      headers,
      payload: { ...payload, quantity: 4 },
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
  });

  it('deletes with If-Match and then answers 404', async () => {
    const need = await buildNeed(t.app, refs);
    const url = `/api/v1/needs/${need.id}`;
    const deleted = await t.app.inject({ method: 'DELETE', url, headers: { 'if-match': '"1"' } });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('not_found');
  });
});
