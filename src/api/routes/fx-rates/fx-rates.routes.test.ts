import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildItem, buildOrganisation, buildPledge } from '../../../../test/support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const CSV = { 'content-type': 'text/csv' };
const HEADER = 'currency,date,eur_per_unit,source';

async function listRates(query = '') {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/fx-rates${query}` });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    items: { currency: string; rate_on: string; eur_per_unit: string; source: string }[];
    next_cursor: string | null;
  };
}

function importCsv(payload: string, headers: Record<string, string> = CSV) {
  return t.app.inject({ method: 'POST', url: '/api/v1/fx-rates/import', headers, payload });
}

describe('FX rates API', () => {
  it('sets a rate with PUT: 201 when new, 200 when replaced, and lists it', async () => {
    const url = '/api/v1/fx-rates/NOK/2022-11-29';
    const created = await t.app.inject({
      method: 'PUT',
      url,
      payload: { eur_per_unit: '0.0970', source: 'Norges Bank' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      currency: 'NOK',
      rate_on: '2022-11-29',
      eur_per_unit: '0.097',
      source: 'Norges Bank',
      synthetic: false,
      created_by: t.actorId,
    });
    const replaced = await t.app.inject({
      method: 'PUT',
      url,
      payload: { eur_per_unit: '0.0971', source: 'Norges Bank' },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().eur_per_unit).toBe('0.0971');
    expect((await listRates('?currency=NOK')).items).toMatchObject([
      { rate_on: '2022-11-29', eur_per_unit: '0.0971' },
    ]);
  });

  it.each([
    ['EUR itself', '/EUR/2022-11-29', { eur_per_unit: '1', source: 'x' }, 422, 'invalid_record', 'currency'],
    [
      'a zero rate',
      '/USD/2022-11-29',
      { eur_per_unit: '0.000', source: 'x' },
      422,
      'invalid_record',
      'eur_per_unit',
    ],
    [
      'a float',
      '/USD/2022-11-29',
      { eur_per_unit: 0.97, source: 'x' },
      400,
      'validation_failed',
      'eur_per_unit',
    ],
    [
      'a blank source',
      '/USD/2022-11-29',
      { eur_per_unit: '0.97', source: '  ' },
      422,
      'invalid_record',
      'source',
    ],
    [
      'a lower-case code',
      '/usd/2022-11-29',
      { eur_per_unit: '0.97', source: 'x' },
      400,
      'validation_failed',
      'currency',
    ],
    [
      'an impossible day',
      '/USD/2022-02-30',
      { eur_per_unit: '0.97', source: 'x' },
      400,
      'validation_failed',
      'date',
    ],
  ])('refuses %s', async (_label, path, payload, status, code, field) => {
    const response = await t.app.inject({ method: 'PUT', url: `/api/v1/fx-rates${path}`, payload });
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('imports a CSV file, then tells new, replaced and unchanged rates apart', async () => {
    const file = [
      HEADER,
      'USD,2022-11-01,0.9882,ECB',
      'USD,2022-12-01,0.9608,ECB',
      'GBP,2022-11-01,1.1631,"Bank of England, spot"',
    ].join('\n');
    const first = await importCsv(file);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      rates: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      currencies: ['GBP', 'USD'],
      pledges_revalued: 0,
    });
    const again = await importCsv(`${file.replace('0.9608', '0.9610')}\nCHF,2022-11-01,1.0101,SNB\n`, {
      'content-type': 'text/csv; charset=utf-8',
    });
    expect(again.json()).toMatchObject({
      rates: 4,
      inserted: 1,
      updated: 1,
      unchanged: 2,
      currencies: ['CHF', 'USD'],
    });
    const usd = await listRates('?currency=USD&from=2022-11-01&to=2022-12-31');
    expect(usd.items.map((r) => [r.rate_on, r.eur_per_unit])).toEqual([
      ['2022-11-01', '0.9882'],
      ['2022-12-01', '0.961'],
    ]);
    expect((await listRates('?currency=GBP')).items[0]?.source).toBe('Bank of England, spot');
  });

  it('reports every bad line as a 422 and stores nothing', async () => {
    const before = await listRates('?limit=5000');
    const response = await importCsv(
      [
        HEADER,
        'USD,2022-11-01,0.5,overwrite attempt',
        'GBP,2022-13-01,1.16,x',
        'EUR,2022-11-01,1,x',
        'PLN,2022-11-01,-0.21,x',
      ].join('\n'),
    );
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('invalid_csv');
    expect(problem.detail).toBe('3 lines of the file are not valid; nothing was imported');
    expect(problem.errors).toEqual([
      { field: 'line 3: date', message: 'must be a real date YYYY-MM-DD' },
      { field: 'line 4: currency', message: 'EUR is the base currency; its rate is 1 by definition' },
      { field: 'line 5: eur_per_unit', message: '"-0.21" is not a decimal number such as 0.9712' },
    ]);
    expect(await listRates('?limit=5000')).toEqual(before);
  });

  it('accepts CSV only on the import route, and the import only as CSV', async () => {
    const json = await importCsv(JSON.stringify(`${HEADER}\nUSD,2022-11-01,0.98,x`), {
      'content-type': 'application/json',
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      headers: CSV,
      payload: `${HEADER}\n`,
    });
    expect(elsewhere.statusCode).toBe(415);
    const empty = await importCsv('');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('line 1');
  });

  it('pages through the rates in order with a cursor', async () => {
    const all = (await listRates('?limit=5000')).items;
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listRates>> = await listRates(
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((r) => `${r.currency} ${r.rate_on}`));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => `${r.currency} ${r.rate_on}`));
    expect([...seen].sort()).toEqual(seen);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/fx-rates?cursor=nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_cursor', errors: [{ field: 'cursor' }] });
  });

  it('gives a USD pledge the EUR value of its announcement day, and revalues it when the rate changes', async () => {
    const donor = await buildOrganisation(t.app);
    const item = await buildItem(t.app, { reference_price: { amount: '1000.00', currency: 'USD' } });
    const pledge = await buildPledge(
      t.app,
      { donor_org_id: donor.id, item_id: item.id },
      { quantity: 4, announced_on: '2023-01-20', value: { amount: '12000000.00', currency: 'USD' } },
    );
    await importCsv(
      `${HEADER}\nUSD,2023-01-19,0.9300,ECB\nUSD,2023-01-20,0.9235,ECB\nUSD,2023-01-23,0.5,ECB\n`,
    );
    const url = `/api/v1/pledges/${pledge.id}/valuation`;
    const valued = (await t.app.inject({ method: 'GET', url })).json();
    expect(valued.donor_reported).toMatchObject({
      eur: '11082000.00',
      fx_rate: '0.9235',
      fx_rate_on: '2023-01-20',
      reason: '12000000.00 USD × 0.9235 EUR per USD, the USD rate of the announcement day 2023-01-20',
    });
    expect(valued.price_list).toMatchObject({ eur: '3694.00', fx_rate: '0.9235', fx_rate_on: '2023-01-20' });

    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/fx-rates/USD/2023-01-20',
      payload: { eur_per_unit: '0.92', source: 'ECB, corrected' },
    });
    expect(put.statusCode).toBe(200);
    const revalued = (await t.app.inject({ method: 'GET', url })).json();
    expect(revalued.donor_reported.eur).toBe('11040000.00');
    expect(revalued.price_list.eur).toBe('3680.00');

    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/pledges/01890000-0000-7000-8000-000000000001/valuation',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps an audit entry of every change of rates', async () => {
    const entries = await t.database.db
      .selectFrom('audit_entry')
      .select(['action', 'actor'])
      .where('entity_type', '=', 'fx_rate')
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'load', 'load', 'load', 'update']);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set([t.actorId]));
  });
});
