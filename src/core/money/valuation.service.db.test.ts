import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { systemActor } from '../auth/actor.js';
import { newId } from '../shared/ids.js';
import { Decimal } from './decimal.js';
import { storeFxRates } from './fx.service.js';
import { createValuationService, MAX_RATE_AGE_DAYS, revaluePledges } from './valuation.service.js';

let t: TestDatabase;
let donor: string;

beforeAll(async () => {
  t = await createTestDatabase();
  donor = newId();
  await t.db
    .insertInto('organisation')
    .values({ id: donor, name: 'Donor', kind: 'state', created_by: 'test', updated_by: 'test' })
    .execute();
});
afterAll(async () => t?.drop());

beforeEach(async () => {
  await t.db.deleteFrom('pledge').execute();
  await t.db.deleteFrom('fx_rate').execute();
});

async function item(price: { amount: string; currency: string } | null = null): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('item')
    .values({
      id,
      code: `I-${id.slice(-12).toUpperCase()}`,
      name: 'Item',
      category: 'energy/generator',
      unit: 'unit',
      reference_price_amount: price?.amount ?? null,
      reference_price_currency: price?.currency ?? null,
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
  return id;
}

/** A pledge written straight to the table, so that no valuation has run on it yet. */
async function pledge(
  values: { item_id: string; announced_on: string; quantity?: string },
  value: { amount: string; currency: string } | null,
): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('pledge')
    .values({
      id,
      donor_org_id: donor,
      item_id: values.item_id,
      quantity: values.quantity ?? '1',
      announced_on: values.announced_on,
      value_amount: value?.amount ?? null,
      value_currency: value?.currency ?? null,
      owner_org_id: donor,
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
  return id;
}

async function rates(...list: [string, string, string][]): Promise<void> {
  await storeFxRates(
    t.db,
    list.map(([currency, rate_on, eur_per_unit]) => ({ currency, rate_on, eur_per_unit, source: 'test' })),
    systemActor('test'),
  );
}

async function valuation(id: string) {
  const row = await t.db
    .selectFrom('pledge')
    .select(['value_eur', 'value_fx_rate', 'value_fx_rate_on', 'price_list_eur'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    ...row,
    value_fx_rate:
      row.value_fx_rate === null ? null : Decimal.parse(row.value_fx_rate).normalise().toString(),
  };
}

describe('revaluePledges', () => {
  it('values a USD pledge at the rate of its announcement day, not the day before or after', async () => {
    const id = await pledge(
      { item_id: await item(), announced_on: '2022-11-29' },
      {
        amount: '12000000.00',
        currency: 'USD',
      },
    );
    await rates(
      ['USD', '2022-11-28', '0.9500'],
      ['USD', '2022-11-29', '0.9612'],
      ['USD', '2022-11-30', '0.5'],
    );
    expect(await revaluePledges(t.db, [id])).toBe(1);
    expect(await valuation(id)).toEqual({
      value_eur: '11534400.00',
      value_fx_rate: '0.9612',
      value_fx_rate_on: '2022-11-29',
      price_list_eur: null,
    });
  });

  it(`uses the latest earlier rate up to ${MAX_RATE_AGE_DAYS} days old, never a later one`, async () => {
    const itemId = await item();
    const usd = { amount: '1000.00', currency: 'USD' };
    const afterGap = await pledge({ item_id: itemId, announced_on: '2022-12-10' }, usd);
    const exactly31 = await pledge({ item_id: itemId, announced_on: '2022-12-02' }, usd);
    const only32 = await pledge({ item_id: itemId, announced_on: '2022-12-03' }, usd);
    const beforeFirstRate = await pledge({ item_id: itemId, announced_on: '2022-10-31' }, usd);
    await rates(['USD', '2022-11-01', '0.98'], ['USD', '2022-12-09', '0.96'], ['USD', '2022-12-20', '0.5']);
    await revaluePledges(t.db, 'all');

    expect(await valuation(afterGap)).toMatchObject({
      value_eur: '960.00',
      value_fx_rate: '0.96',
      value_fx_rate_on: '2022-12-09',
    });
    // 2022-11-01 is 31 days before 2022-12-02 and 32 days before 2022-12-03.
    expect(await valuation(exactly31)).toMatchObject({ value_eur: '980.00', value_fx_rate_on: '2022-11-01' });
    expect(await valuation(only32)).toEqual({
      value_eur: null,
      value_fx_rate: null,
      value_fx_rate_on: null,
      price_list_eur: null,
    });
    expect(await valuation(beforeFirstRate)).toMatchObject({ value_eur: null, value_fx_rate_on: null });

    const reasons = createValuationService({ db: t.db });
    expect((await reasons.pledgeValuation(only32)).donor_reported.reason).toBe(
      'no USD rate on 2022-12-03 or in the 31 days before it: the latest earlier rate is of 2022-11-01, 32 days before, too old to use',
    );
    expect((await reasons.pledgeValuation(beforeFirstRate)).donor_reported.reason).toBe(
      'no USD rate on 2022-10-31 or in the 31 days before it, and no earlier one',
    );
    expect((await reasons.pledgeValuation(afterGap)).donor_reported).toEqual({
      method: 'donor_reported',
      amount: usd,
      eur: '960.00',
      fx_rate: '0.96',
      fx_rate_on: '2022-12-09',
      reason:
        '1000.00 USD × 0.96 EUR per USD, the USD rate of 2022-12-09, the latest on or before the announcement on 2022-12-10 (1 day earlier)',
    });
  });

  it('takes a EUR pledge as it is, at rate 1 on its announcement day, and leaves a pledge without value null', async () => {
    const itemId = await item();
    const eur = await pledge(
      { item_id: itemId, announced_on: '2023-01-20' },
      { amount: '2500000.50', currency: 'EUR' },
    );
    const none = await pledge({ item_id: itemId, announced_on: '2023-01-20' }, null);
    await revaluePledges(t.db, [eur, none]);
    expect(await valuation(eur)).toEqual({
      value_eur: '2500000.50',
      value_fx_rate: '1',
      value_fx_rate_on: '2023-01-20',
      price_list_eur: null,
    });
    expect(await valuation(none)).toEqual({
      value_eur: null,
      value_fx_rate: null,
      value_fx_rate_on: null,
      price_list_eur: null,
    });
    const reasons = createValuationService({ db: t.db });
    expect((await reasons.pledgeValuation(none)).donor_reported.reason).toBe('the donor reported no value');
    expect((await reasons.pledgeValuation(eur)).donor_reported.reason).toBe('reported in EUR; no conversion');
  });

  it('values at the price list: quantity × reference price × the rate of its currency', async () => {
    const inEur = await item({ amount: '85000.00', currency: 'EUR' });
    const inGbp = await item({ amount: '1000.00', currency: 'GBP' });
    const unpriced = await item(null);
    await rates(['GBP', '2022-11-29', '1.1601']);
    const a = await pledge({ item_id: inEur, announced_on: '2022-11-29', quantity: '2.5' }, null);
    const b = await pledge({ item_id: inGbp, announced_on: '2022-12-05', quantity: '3' }, null);
    const c = await pledge({ item_id: unpriced, announced_on: '2022-11-29', quantity: '3' }, null);
    const d = await pledge({ item_id: inGbp, announced_on: '2022-11-28', quantity: '3' }, null);
    expect(await revaluePledges(t.db, [a, b, c, d])).toBe(4);
    expect((await valuation(a)).price_list_eur).toBe('212500.00');
    expect((await valuation(b)).price_list_eur).toBe('3480.30');
    expect((await valuation(c)).price_list_eur).toBeNull();
    expect((await valuation(d)).price_list_eur).toBeNull(); // the only GBP rate is a day later

    const reasons = createValuationService({ db: t.db });
    expect((await reasons.pledgeValuation(b)).price_list).toEqual({
      method: 'price_list',
      quantity: 3,
      reference_price: { amount: '1000.00', currency: 'GBP' },
      eur: '3480.30',
      fx_rate: '1.1601',
      fx_rate_on: '2022-11-29',
      reason:
        '3 × 1000.00 GBP reference price × 1.1601 EUR per GBP, the GBP rate of 2022-11-29, the latest on or before the announcement on 2022-12-05 (6 days earlier)',
    });
    expect((await reasons.pledgeValuation(c)).price_list.reason).toBe('the item has no reference price');
    expect((await reasons.pledgeValuation(a)).price_list.reason).toBe('2.5 × 85000.00 EUR reference price');
  });

  it('rounds half away from zero to the cent, as the Decimal type does', async () => {
    const itemId = await item();
    const id = await pledge(
      { item_id: itemId, announced_on: '2022-11-29' },
      { amount: '0.01', currency: 'USD' },
    );
    const big = await pledge(
      { item_id: itemId, announced_on: '2022-11-29' },
      {
        amount: '999999999999999.99',
        currency: 'USD',
      },
    );
    await rates(['USD', '2022-11-29', '0.5']);
    await revaluePledges(t.db, [id, big]);
    expect((await valuation(id)).value_eur).toBe(
      Decimal.parse('0.01').multiplyRounded(Decimal.parse('0.5'), 2).toString(),
    );
    expect((await valuation(id)).value_eur).toBe('0.01');
    expect((await valuation(big)).value_eur).toBe('500000000000000.00');
  });

  it('touches only the pledges named, and all of them with "all"', async () => {
    const itemId = await item({ amount: '10.00', currency: 'EUR' });
    const ids = [
      await pledge({ item_id: itemId, announced_on: '2022-11-29' }, null),
      await pledge({ item_id: itemId, announced_on: '2022-11-29' }, null),
      await pledge({ item_id: itemId, announced_on: '2022-11-29' }, null),
    ];
    expect(await revaluePledges(t.db, [ids[0]!])).toBe(1);
    expect((await valuation(ids[1]!)).price_list_eur).toBeNull();
    expect(await revaluePledges(t.db, [])).toBe(0);
    expect(await revaluePledges(t.db, 'all')).toBe(3);
    expect((await valuation(ids[2]!)).price_list_eur).toBe('10.00');
  });

  it('revalues the pledges of a currency when its rates are stored, and only those', async () => {
    const itemId = await item();
    const usd = await pledge(
      { item_id: itemId, announced_on: '2022-11-29' },
      { amount: '100.00', currency: 'USD' },
    );
    const gbp = await pledge(
      { item_id: itemId, announced_on: '2022-11-29' },
      { amount: '100.00', currency: 'GBP' },
    );
    const first = await storeFxRates(
      t.db,
      [{ currency: 'USD', rate_on: '2022-11-29', eur_per_unit: '0.97', source: 'test' }],
      systemActor('test'),
    );
    expect(first).toMatchObject({ inserted: 1, updated: 0, currencies: ['USD'], pledges_revalued: 1 });
    expect((await valuation(usd)).value_eur).toBe('97.00');
    expect((await valuation(gbp)).value_eur).toBeNull();

    const changed = await storeFxRates(
      t.db,
      [
        { currency: 'USD', rate_on: '2022-11-29', eur_per_unit: '0.98', source: 'test' },
        { currency: 'GBP', rate_on: '2022-11-29', eur_per_unit: '1.16', source: 'test' },
      ],
      systemActor('test'),
    );
    expect(changed).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, currencies: ['GBP', 'USD'] });
    expect((await valuation(usd)).value_eur).toBe('98.00');
    expect((await valuation(gbp)).value_eur).toBe('116.00');

    const same = await storeFxRates(
      t.db,
      [{ currency: 'USD', rate_on: '2022-11-29', eur_per_unit: '0.9800', source: 'test' }],
      systemActor('test'),
    );
    expect(same).toEqual({
      rates: 1,
      inserted: 0,
      updated: 0,
      unchanged: 1,
      currencies: [],
      pledges_revalued: 0,
    });

    // A pledge without a value of its own, of an item priced in CHF, is revalued with CHF rates.
    const priced = await pledge(
      {
        item_id: await item({ amount: '200.00', currency: 'CHF' }),
        announced_on: '2022-11-29',
        quantity: '2',
      },
      null,
    );
    const chf = await storeFxRates(
      t.db,
      [{ currency: 'CHF', rate_on: '2022-11-29', eur_per_unit: '1.0152', source: 'test' }],
      systemActor('test'),
    );
    expect(chf.pledges_revalued).toBe(1);
    expect((await valuation(priced)).price_list_eur).toBe('406.08');
  });
});
