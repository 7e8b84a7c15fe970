import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GapReport } from '../../src/core/gaps/gap.schema.js';
import type { ReadinessReport } from '../../src/core/incidents/readiness.schema.js';
import type { Need } from '../../src/core/needs/need.schema.js';
import type { Pledge } from '../../src/core/pledges/pledge.schema.js';
import type { Shipment } from '../../src/core/shipments/shipment.schema.js';
import { formatCount, formatQuantity } from '../../web/src/format.js';
import { type BrowserWorld, describeBrowser, screenshot, startBrowserWorld } from '../support/browser.js';

interface Page_<T> {
  items: T[];
  next_cursor: string | null;
}

describeBrowser('web UI lists and detail pages in Chromium', () => {
  let world: BrowserWorld | undefined;

  function started(): BrowserWorld {
    if (!world) throw new Error('the browser world did not start');
    return world;
  }

  /** The data table's body rows once they are there. */
  async function rows(page: Page) {
    await page.locator('table.data-table tbody tr').first().waitFor();
    return page.locator('table.data-table tbody tr');
  }

  /** The texts of one column (0-based) of the data table. */
  async function column(page: Page, index: number): Promise<string[]> {
    return (await rows(page)).evaluateAll(
      (trs, at) => trs.map((tr) => tr.querySelectorAll('td')[at]?.textContent ?? ''),
      index,
    );
  }

  /** Waits until the data table shows exactly these quantities in column `index`. */
  async function waitForColumn(page: Page, index: number, expected: string[]): Promise<void> {
    await page.waitForFunction(
      ({ at, want }) => {
        const cells = [...document.querySelectorAll('table.data-table tbody tr')].map(
          (tr) => tr.querySelectorAll('td')[at]?.textContent ?? '',
        );
        return JSON.stringify(cells) === JSON.stringify(want);
      },
      { at: index, want: expected },
    );
  }

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('measures how long the overview takes to become interactive (reported, not asserted)', async () => {
    const page = await started().browser.newPage();
    // The overview is interactive when its gap table has rows to click: mark that moment with
    // the Performance API from inside the page.
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('table.gap-table tbody tr a')) {
          performance.mark('aidgrid:overview-interactive');
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${started().baseUrl}/`);
    await page.locator('table.gap-table tbody tr a').first().waitFor();
    const timing = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as
        | PerformanceNavigationTiming
        | undefined;
      const mark = performance.getEntriesByName('aidgrid:overview-interactive')[0];
      return {
        domInteractive: navigation?.domInteractive ?? null,
        domContentLoaded: navigation?.domContentLoadedEventEnd ?? null,
        interactive: mark?.startTime ?? null,
      };
    });
    console.info(
      `overview time to interactive on loopback: ${timing.interactive?.toFixed(0)} ms ` +
        `(gap table clickable; DOM interactive ${timing.domInteractive?.toFixed(0)} ms, ` +
        `DOMContentLoaded ${timing.domContentLoaded?.toFixed(0)} ms)`,
    );
    expect(timing.interactive).not.toBeNull();

    // What the first screen really fetched, once the charts have loaded too: every script the
    // Performance API saw, gzipped here as a compressing proxy would send it.
    await page.waitForLoadState('networkidle');
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => new URL(name).pathname.endsWith('.js')),
    );
    let gzipped = 0;
    for (const url of scripts) {
      gzipped += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
    }
    console.info(
      `overview JavaScript fetched: ${(gzipped / 1024).toFixed(1)} kB gzipped in ${scripts.length} files`,
    );
    expect(gzipped).toBeLessThan(400 * 1024);
    await page.close();
  });

  it('leads from a category in the gap table to the needs of that category, as the API lists them', async () => {
    const { page, problems } = await started().open('/');
    const report = await started().api<GapReport>('/api/v1/gaps?by=category');
    const group = report.groups[0];
    if (!group) throw new Error('the demo has no gaps');

    // Shown by its catalogue name (GET /item-categories) when it has one.
    const named = (
      await started().api<{ data: { code: string; name: string }[] }>('/api/v1/item-categories')
    ).data.find((entry) => entry.code === group.key)?.name;
    // The name replaces the path once the catalogue has loaded.
    const link = page.locator('table.gap-table tbody th[scope="row"] a').first();
    await page
      .locator('table.gap-table tbody th[scope="row"] a', {
        hasText: new RegExp(`^${(named ?? group.label).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
      })
      .first()
      .waitFor();
    expect(await link.textContent()).toBe(named ?? group.label);
    await link.click();
    await page.waitForURL((url) => url.pathname === '/needs');
    expect(new URL(page.url()).searchParams.get('category')).toBe(group.key);

    const expected = await started().api<Page_<Need>>(
      `/api/v1/needs?category=${encodeURIComponent(group.key)}`,
    );
    expect(expected.items.length).toBeGreaterThan(0);
    await waitForColumn(
      page,
      4,
      expected.items.map((need) => formatQuantity(need.quantity)),
    );
    // Every row's item is of that category, by name once the catalogue is loaded.
    await page.waitForFunction(
      () => !document.querySelector('table.data-table tbody td:nth-child(2)')?.textContent?.includes('…'),
    );
    const categories = await column(page, 1);
    expect(new Set(categories)).toEqual(new Set([named ?? group.key]));
    expect(await page.getByLabel('Category').inputValue()).toBe(group.key);
    expect(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').textContent()).toBe('Needs');
    await screenshot(page, 'needs-list');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('pages forward and back with the cursor in the URL', async () => {
    const { page, problems } = await started().open('/needs');
    const first = await started().api<Page_<Need>>('/api/v1/needs');
    expect(first.next_cursor).not.toBeNull();
    const firstQuantities = first.items.map((need) => formatQuantity(need.quantity));
    await waitForColumn(page, 4, firstQuantities);
    expect(await page.getByRole('button', { name: 'First page' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL((url) => url.searchParams.get('cursor') === first.next_cursor);
    const second = await started().api<Page_<Need>>(
      `/api/v1/needs?cursor=${encodeURIComponent(first.next_cursor ?? '')}`,
    );
    const secondQuantities = second.items.map((need) => formatQuantity(need.quantity));
    await waitForColumn(page, 4, secondQuantities);
    expect(await page.getByRole('button', { name: 'First page' }).isDisabled()).toBe(false);

    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    await waitForColumn(page, 4, firstQuantities);
    await page.goForward();
    await waitForColumn(page, 4, secondQuantities);
    await page.getByRole('button', { name: 'First page' }).click();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    await waitForColumn(page, 4, firstQuantities);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps filters and sort in the URL: they survive a reload and match the API', async () => {
    const { page, problems } = await started().open('/needs');
    await rows(page);
    await page.getByLabel('Status').selectOption('open');
    await page.waitForURL((url) => url.searchParams.get('status') === 'open');
    await page.getByRole('button', { name: /^Quantity/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'quantity');
    await page.getByRole('button', { name: /^Quantity/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-quantity');

    const expected = await started().api<Page_<Need>>('/api/v1/needs?status=open&sort=-quantity');
    const quantities = expected.items.map((need) => formatQuantity(need.quantity));
    await waitForColumn(page, 4, quantities);

    await page.reload();
    await waitForColumn(page, 4, quantities);
    expect(await page.getByLabel('Status').inputValue()).toBe('open');
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Quantity');
    expect(new Set(await column(page, 8))).toEqual(new Set(['open']));
    await screenshot(page, 'needs-list-filtered');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.searchParams.has('status'));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-quantity');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("opens a need's detail page with its lifecycle, sources and history", async () => {
    const first = (await started().api<Page_<Need>>('/api/v1/needs')).items[0];
    if (!first) throw new Error('the demo has no needs');
    // The demo is loaded in bulk without an audit trail; one change through the API makes one.
    const patched = await started().send(
      'PATCH',
      `/api/v1/needs/${first.id}`,
      { justification: 'Reviewed by the coordination cell in the browser test.' },
      { headers: { 'if-match': `"${first.version}"` } },
    );
    expect(patched.status).toBe(200);

    const { page, problems } = await started().open('/needs');
    await rows(page);
    await page.locator('table.data-table tbody tr a.row-link').first().click();
    await page.waitForURL((url) => url.pathname === `/needs/${first.id}`);

    await page.getByRole('heading', { name: 'History' }).waitFor();
    const history = page.locator('.history-list__entry');
    await history.first().waitFor();
    expect(await history.first().textContent()).toMatch(/update by [^—]+ — changed justification/);
    expect(await page.getByText('Reviewed by the coordination cell in the browser test.').count()).toBe(1);
    expect(await page.locator('.stage-bar__stage').count()).toBe(2);
    expect(await page.locator('.stage-bar__stage').first().textContent()).toContain(
      formatQuantity(first.stages.allocated),
    );
    await page.getByText(/^Verification:/).waitFor();
    await page.getByRole('heading', { name: /^Need: / }).waitFor();
    await screenshot(page, 'need-detail');
    await screenshot(page, 'need-detail-full', { fullPage: true });

    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/needs');
    await rows(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a pledge's stages with numbers and its lifecycle steps", async () => {
    const pledges = await started().api<Page_<Pledge>>('/api/v1/pledges?status=delivered&limit=1');
    const pledge = pledges.items[0];
    if (!pledge) throw new Error('the demo has no delivered pledge');
    const { page, problems } = await started().open(`/pledges/${pledge.id}`);
    await page.locator('.stage-bar__stage').first().waitFor();
    const stages = await page.locator('.stage-bar__stage').allTextContents();
    expect(stages).toHaveLength(5);
    expect(stages[0]).toContain(formatQuantity(pledge.stages.committed));
    expect(stages[3]).toContain(formatQuantity(pledge.stages.delivered));
    const steps = page.locator('table.data-table').filter({ hasText: 'Lifecycle steps' }).locator('tbody tr');
    await steps.first().waitFor();
    expect(await steps.count()).toBeGreaterThan(0);
    await page.getByText('No change is recorded for this record.').waitFor();
    await screenshot(page, 'pledge-detail');
    await screenshot(page, 'pledge-detail-full', { fullPage: true });

    await page.goto(`${started().baseUrl}/pledges?donor_org_id=${pledge.donor_org_id}`);
    await rows(page);
    await screenshot(page, 'pledges-list');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a shipment with its lines and receipts', async () => {
    const shipments = await started().api<Page_<Shipment>>('/api/v1/shipments?status=received&limit=1');
    const shipment = shipments.items[0];
    if (!shipment) throw new Error('the demo has no received shipment');
    const { page, problems } = await started().open(`/shipments/${shipment.id}`);
    await page.getByRole('heading', { name: `Shipment ${shipment.reference}` }).waitFor();
    await page
      .locator('table.data-table')
      .filter({ hasText: 'What the shipment carries' })
      .locator('tbody tr')
      .first()
      .waitFor();
    await page.locator('.receipts li').first().waitFor();
    await screenshot(page, 'shipment-detail');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lists shipments, events, organisations and items with names, not ids', async () => {
    const { page, problems } = await started().open('/shipments');
    await rows(page);
    await screenshot(page, 'shipments-list');

    for (const [path, name] of [
      ['/events', 'events-list'],
      ['/organisations', 'organisations-list'],
      ['/items', 'items-list'],
    ] as const) {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: path.slice(1), exact: false })
        .click();
      await page.waitForURL((url) => url.pathname === path);
      await page.getByRole('heading', { level: 2, name: new RegExp(`^${path.slice(1)}$`, 'i') }).waitFor();
      await rows(page);
      const text = await page.locator('table.data-table tbody').textContent();
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
      await screenshot(page, name);
    }

    await page.getByRole('link', { name: /^Avenger/ }).click();
    await page.getByText('No change is recorded for this record.').waitFor();
    await screenshot(page, 'item-detail');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('ranks regions by readiness on the demo date as the API does', async () => {
    const { page, problems } = await started().open('/readiness');
    const report = await started().api<ReadinessReport>('/api/v1/readiness?as_of=2022-11-24');
    const table = page.locator('table.readiness-table');
    await table.locator('tbody tr').first().waitFor();
    expect(await page.getByLabel('As of').inputValue()).toBe('2022-11-24');
    const names = await table.locator('tbody th[scope="row"]').allTextContents();
    expect(names).toEqual(report.regions.map((region) => region.region_name));
    const first = report.regions[0];
    if (!first) throw new Error('no readiness figures');
    expect(await table.locator('tbody tr').first().locator('td').nth(2).textContent()).toBe(
      formatCount(first.people_without_power),
    );
    await screenshot(page, 'readiness');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows an empty list and the API problem's detail", async () => {
    const { page } = await started().open('/needs?category=no-such-category');
    await page.getByText('No needs match these filters.').waitFor();
    await screenshot(page, 'needs-list-empty');

    await page.goto(`${started().baseUrl}/needs?sort=bogus`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('sort by one of created, needed_by, quantity, priority');
    await screenshot(page, 'needs-list-error');

    await page.goto(`${started().baseUrl}/needs/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').waitFor();
    await page.close();
  });

  it('is usable with the keyboard: Tab to a navigation link and Enter opens its list', async () => {
    const { page } = await started().open('/');
    await page.locator('table.gap-table tbody tr').first().waitFor();
    let focused = '';
    for (let presses = 0; presses < 10 && focused !== 'Pledges'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toBe('Pledges');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/pledges');
    await rows(page);
    await page.close();
  });
});
