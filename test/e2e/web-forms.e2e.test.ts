import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GapReport } from '../../src/core/gaps/gap.schema.js';
import type { Item } from '../../src/core/items/item.schema.js';
import type { Need } from '../../src/core/needs/need.schema.js';
import type { Organisation } from '../../src/core/organisations/organisation.schema.js';
import type { Region } from '../../src/core/regions/region.schema.js';
import type { DonorFunnelReport } from '../../src/core/reports/conversion.schema.js';
import { formatMoney, formatMoneyShort } from '../../web/src/format.js';
import {
  type BrowserWorld,
  chromiumPath,
  describeBrowser,
  hasChromium,
  screenshotsDir as screenshots,
  startBrowserWorld,
} from '../support/browser.js';

if (!hasChromium) console.warn(`browser tests of the forms and charts skipped: ${chromiumPath} not found`);

/** "1,234.5" → 1234.5 */
function parseFigure(text: string | null): number {
  return Number((text ?? '').replaceAll(',', '').trim());
}

/** A funnel bar prints the quantity of a one-item funnel, else (quantity null) its EUR value, shortened. */
function expectStage(text: string | null, quantity: number | null, value: { amount: string }) {
  if (quantity === null) expect(text).toBe(formatMoneyShort(Number(value.amount).toFixed(2), 'EUR'));
  else expect(parseFigure(text)).toBe(quantity);
}

describeBrowser('web UI: charts, forms and reports in Chromium', () => {
  let world: BrowserWorld | undefined;
  let baseUrl = '';

  function api<T>(url: string): Promise<T> {
    if (!world) throw new Error('the browser world did not start');
    return world.api<T>(url);
  }

  /** A fresh tab on `url`; a rejected save answers 4xx on purpose, so failed resources are allowed. */
  function open(url: string) {
    if (!world) throw new Error('the browser world did not start');
    return world.open(url, { allowFailedResources: true });
  }

  /** The Needed figure the overview's gap table shows for a category. */
  async function neededShownFor(category: string): Promise<number> {
    // Categories are shown by their catalogue name (GET /item-categories) when they have one.
    const named = (await api<{ data: { code: string; name: string }[] }>('/api/v1/item-categories')).data;
    const shown = named.find((entry) => entry.code === category)?.name ?? category;
    const { page } = await open('/');
    const row = page.locator('table.gap-table tbody tr').filter({
      has: page.locator('th[scope="row"]', { hasText: new RegExp(`^${shown}$`) }),
    });
    await row.waitFor();
    const figure = parseFigure(await row.locator('td').nth(1).textContent());
    await page.close();
    return figure;
  }

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
    baseUrl = world.baseUrl;
  });

  afterAll(async () => {
    await world?.close();
  });

  it('draws the overview charts: gap bars, a map of the 27 regions with their counts, the trend and urgent needs', async () => {
    const { page, problems } = await open('/');
    const charts = page.locator('.overview-charts');
    await charts.locator('.echart svg').first().waitFor();
    await charts.locator('.choropleth__link').first().waitFor();
    await charts.locator('.urgent-list__item').first().waitFor();

    // Every region of the catalogue is a link on the map; the units it lacks (Crimea, Sevastopol)
    // are drawn too, hatched, and say "no data" rather than 0.
    const regions = await api<{ items: Region[] }>('/api/v1/regions?limit=500');
    expect(await charts.locator('.choropleth__link').count()).toBe(regions.items.length);
    expect(await charts.locator('.choropleth__unit').count()).toBe(27);
    expect(
      await charts
        .locator('g[role="img"][aria-label^="Autonomous Republic of Crimea:"]')
        .getAttribute('aria-label'),
    ).toMatch(/no data$/);

    // Each region prints the number of its critical needs still waiting for allocations.
    const critical = await api<{ items: Need[] }>('/api/v1/needs?priority=critical&limit=500');
    const waiting = critical.items.filter(
      (need) => need.status !== 'met' && need.status !== 'cancelled' && need.quantity > need.stages.allocated,
    );
    const lviv = regions.items.find((region) => region.code === 'UA-46');
    expect(lviv).toBeDefined();
    const lvivLink = charts.locator('.choropleth__link[aria-label^="Lviv Oblast:"]');
    const expected = waiting.filter((need) => need.region_id === lviv?.id).length;
    expect(parseFigure((await lvivLink.getAttribute('aria-label'))?.split(' ').at(-1) ?? null)).toBe(
      expected,
    );
    expect(await lvivLink.getAttribute('href')).toBe(`/needs?region_id=${lviv?.id}&priority=critical`);

    // The gap chart says in words what it draws.
    const gaps = await api<GapReport>('/api/v1/gaps?by=category');
    const label = await charts.locator('.echart[role="img"]').first().getAttribute('aria-label');
    const named = (await api<{ data: { code: string; name: string }[] }>('/api/v1/item-categories')).data;
    const largest = gaps.groups[0];
    expect(label).toContain(named.find((entry) => entry.code === largest?.key)?.name ?? largest?.label);

    // The most urgent need leads to its record.
    const first = charts.locator('.urgent-list__link').first();
    expect(await first.getAttribute('href')).toMatch(/^\/needs\/[0-9a-f-]{36}$/);

    await charts.locator('.outage__figure').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(screenshots, 'overview-charts.png'), fullPage: false });
    await page.screenshot({ path: path.join(screenshots, 'overview-charts-full.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('creates a need through the form, lands on its page, and the overview gap grows by its quantity', async () => {
    const items = await api<{ items: Item[] }>('/api/v1/items?limit=500');
    const gaps = await api<GapReport>('/api/v1/gaps?by=category');
    // A category of one item shows quantities (one of several items shows EUR values instead).
    const item = items.items.find((candidate) =>
      gaps.groups.some((group) => group.key === candidate.category && group.unit !== null),
    );
    if (!item) throw new Error('no demo item alone in a category of the gap report');
    const organisations = await api<{ items: Organisation[] }>('/api/v1/organisations?limit=500');
    const recipient = organisations.items.find((organisation) => organisation.kind === 'ministry');
    const regions = await api<{ items: Region[] }>('/api/v1/regions?limit=500');
    const region = regions.items[0];
    if (!recipient || !region) throw new Error('the demo has no ministry or region');

    const before = await neededShownFor(item.category);
    const quantity = 1234;

    const { page, problems } = await open('/needs/new');
    await page.locator('#field-recipient_org_id option').nth(1).waitFor({ state: 'attached' });
    await page.getByLabel('Recipient').selectOption(recipient.id);
    await page.getByLabel('Region').selectOption(region.id);
    await page.getByLabel('Item').selectOption(item.id);
    await page.getByLabel('Quantity').fill(String(quantity));
    await page.getByLabel('Priority').selectOption('critical');
    await page.getByLabel('Needed by').fill('2027-01-15');
    await page.getByLabel('Justification').fill('Browser test: a need entered through the form.');
    await page.getByRole('button', { name: 'Create need' }).click();

    await page.waitForURL(/\/needs\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').at(-1) as string;
    const stored = await api<Need>(`/api/v1/needs/${id}`);
    expect(stored).toMatchObject({
      item_id: item.id,
      quantity,
      priority: 'critical',
      needed_by: '2027-01-15',
    });
    expect(problems).toEqual([]);
    await page.close();

    const after = await neededShownFor(item.category);
    expect(after - before).toBe(quantity);
  });

  it('shows the API’s validation errors beside their fields and focuses the first one', async () => {
    const items = await api<{ items: Item[] }>('/api/v1/items?limit=1');
    const organisations = await api<{ items: Organisation[] }>('/api/v1/organisations?limit=500');
    const regions = await api<{ items: Region[] }>('/api/v1/regions?limit=1');
    // The form offers only organisations that may receive (recipient agencies and ministries).
    const recipient = organisations.items.find((organisation) => organisation.kind === 'ministry');

    const { page, problems } = await open('/needs/new');
    await page.locator('#field-recipient_org_id option').nth(1).waitFor({ state: 'attached' });
    await page.getByLabel('Recipient').selectOption(recipient?.id ?? '');
    await page.getByLabel('Region').selectOption(regions.items[0]?.id ?? '');
    await page.getByLabel('Item').selectOption(items.items[0]?.id ?? '');

    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/needs')) posted.push(request.url());
    });
    // A missing date: the API's schema, checked in the browser, names the field in words before
    // anything is sent.
    await page.getByLabel('Quantity').fill('5');
    await page.getByRole('button', { name: 'Create need' }).click();
    const dateError = page.locator('#field-needed_by-error');
    await dateError.waitFor();
    expect(await dateError.textContent()).toContain('needed by is required');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-needed_by');
    expect(posted).toEqual([]);

    // Quantity 0: the domain rejects it (422 invalid_record) and the error sits by the quantity.
    await page.getByLabel('Needed by').fill('2027-02-01');
    await page.getByLabel('Quantity').fill('0');
    await page.getByRole('button', { name: 'Create need' }).click();
    const quantityError = page.locator('#field-quantity-error');
    await quantityError.waitFor();
    expect(await quantityError.textContent()).toContain('must be greater than zero');
    const input = page.locator('#field-quantity');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toContain('field-quantity-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-quantity');
    expect(await page.locator('#field-needed_by-error').count()).toBe(0);
    expect(await page.getByRole('alert').textContent()).toContain('must be greater than zero');
    expect(page.url()).toMatch(/\/needs\/new$/);
    expect(posted).toHaveLength(1);

    await page.screenshot({ path: path.join(screenshots, 'need-form-error.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('edits a need with its ETag and creates a pledge against it', async () => {
    const needs = await api<{ items: Need[] }>('/api/v1/needs?priority=high&status=open&limit=1');
    const need = needs.items[0];
    if (!need) throw new Error('the demo has no open high-priority need');

    const { page, problems } = await open(`/needs/${need.id}/edit`);
    const quantity = page.getByLabel('Quantity');
    await quantity.waitFor();
    expect(await quantity.inputValue()).toBe(String(need.quantity));
    await quantity.fill(String(need.quantity + 10));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/needs/${need.id}$`));
    expect((await api<Need>(`/api/v1/needs/${need.id}`)).quantity).toBe(need.quantity + 10);

    const organisations = await api<{ items: Organisation[] }>('/api/v1/organisations?kind=state&limit=1');
    await page.goto(`${baseUrl}/pledges/new`);
    await page.locator('#field-donor_org_id option').nth(1).waitFor({ state: 'attached' });
    await page.getByLabel('Donor').selectOption(organisations.items[0]?.id ?? '');
    await page.getByLabel('Item').selectOption(need.item_id);
    await page.locator(`#field-need_id option[value="${need.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Answers need').selectOption(need.id);
    await page.getByLabel('Quantity').fill('7');
    await page.getByLabel('Value').fill('70000.00');
    await page.screenshot({ path: path.join(screenshots, 'pledge-form.png'), fullPage: false });
    await page.getByRole('button', { name: 'Create pledge' }).click();
    await page.waitForURL(/\/pledges\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').at(-1) as string;
    expect(await api<{ need_id: string; quantity: number }>(`/api/v1/pledges/${id}`)).toMatchObject({
      need_id: need.id,
      quantity: 7,
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows per donor the funnel from announced to delivered: the United States committed more than delivered', async () => {
    const report = await api<DonorFunnelReport>('/api/v1/reports/donors');
    const us = report.donors.find((donor) => donor.name === 'United States');
    if (!us) throw new Error('the demo has no United States donor');

    const { page, problems } = await open('/donors');
    const card = page.locator('article.conversion').filter({
      has: page.locator('.conversion__title', { hasText: /^United States$/ }),
    });
    await card.waitFor();
    const figure = (stage: string) => card.locator(`.funnel__row--${stage} .funnel__value`).textContent();
    // The United States pledged many items: its funnel compares EUR values, never added quantities.
    expect(us.committed).toBeNull();
    expectStage(await figure('committed'), us.committed, us.committed_value);
    expectStage(await figure('delivered'), us.delivered, us.delivered_value);
    expect(Number(us.committed_value.amount)).toBeGreaterThan(Number(us.delivered_value.amount));
    // The exact amount in the title, whole euros with separators (the card shows it shortened).
    expect(await card.locator('.conversion__money dd').first().getAttribute('title')).toBe(
      formatMoney(us.announced_value.amount, 'EUR'),
    );

    await page.screenshot({ path: path.join(screenshots, 'donors.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reports, for an event, how much of what was announced there has arrived', async () => {
    const report = await api<{
      events: {
        event_id: string | null;
        name: string;
        delivered: number | null;
        delivered_value: { amount: string };
      }[];
    }>('/api/v1/reports/events');
    const event = report.events.find(
      (candidate) => candidate.event_id !== null && Number(candidate.delivered_value.amount) > 0,
    );
    if (!event?.event_id) throw new Error('no demo event with deliveries');

    const { page, problems } = await open(`/events/${event.event_id}/report`);
    const card = page.locator('article.conversion');
    await card.waitFor();
    expect(await card.locator('.conversion__title').textContent()).toBe(event.name);
    expectStage(
      await card.locator('.funnel__row--delivered .funnel__value').textContent(),
      event.delivered,
      event.delivered_value,
    );
    await page.screenshot({ path: path.join(screenshots, 'event-report.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });
});
