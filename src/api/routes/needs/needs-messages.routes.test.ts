import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildItem, buildNeed, buildOrganisation, buildRegion } from '../../../../test/support/factories.js';

/* The walk of issue 16: errors a person can act on, as the API answers them. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('need validation messages', () => {
  it('names each missing field of an empty need form in words', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/needs', payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual([
      { field: 'recipient_org_id', message: 'recipient organisation is required' },
      { field: 'region_id', message: 'region is required' },
      { field: 'item_id', message: 'item is required' },
      { field: 'quantity', message: 'quantity is required' },
      { field: 'priority', message: 'priority is required' },
      { field: 'needed_by', message: 'needed by is required' },
    ]);
    expect(problem.detail).not.toMatch(/must have required property|schema/);
  });

  it('lists the allowed values of a bad priority', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      payload: {
        recipient_org_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        region_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        item_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        quantity: 10,
        priority: 'urgent',
        needed_by: '2022-11-29',
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe('priority must be one of critical, high, medium, low');
    expect(response.json().errors).toEqual([
      { field: 'priority', message: 'priority must be one of critical, high, medium, low' },
    ]);
  });

  it('names who made each change in the history', async () => {
    const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
    const region = await buildRegion(t.app);
    const item = await buildItem(t.app);
    const need = await buildNeed(t.app, {
      recipient_org_id: recipient.id,
      region_id: region.id,
      item_id: item.id,
    });
    const history = (await t.app.inject({ method: 'GET', url: `/api/v1/needs/${need.id}/history` })).json();
    expect(history.items[0]).toMatchObject({ action: 'create', actor: t.actorId });
    expect(history.items[0].actor_name).toMatch(/^API token “.+” of /);
  });

  it('says which value a query parameter takes', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/needs?priority=urgent' });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe('priority must be one of critical, high, medium, low');
  });

  it('refuses a query day not written YYYY-MM-DD, or not in the calendar, with a sentence and an example', async () => {
    for (const url of [
      '/api/v1/needs?needed_by_from=24/11/2022',
      '/api/v1/needs?needed_by_to=2022-02-30',
      '/api/v1/readiness?as_of=2022-11-24T00:00:00Z',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toContain('application/problem+json');
      const problem = response.json();
      expect(problem.errors?.[0]?.message, url).toMatch(/must be a date \(YYYY-MM-DD\), e\.g\. 2022-11-24$/);
      expect(problem.detail, url).not.toMatch(/format|schema/);
    }
  });

  it('gives each need a reference people can name it by', async () => {
    const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
    const region = await buildRegion(t.app);
    const item = await buildItem(t.app);
    const need = await buildNeed(t.app, {
      recipient_org_id: recipient.id,
      region_id: region.id,
      item_id: item.id,
    });
    expect(need.reference).toMatch(/^N-\d{6}$/);
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/needs/${need.id}` })).json();
    expect(read.reference).toBe(need.reference);
  });
});
