import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemPlugin } from '../../src/api/plugins/problem.js';
import { webPlugin } from '../../src/api/plugins/web.js';
import type { GapReport } from '../../src/core/gaps/gap.schema.js';
import { formatMoneyShort } from '../../web/src/components/charts/money.js';
import { formatCoverage } from '../../web/src/format.js';
import { type BrowserWorld, describeBrowser, screenshot, startBrowserWorld } from '../support/browser.js';

describe('web UI serving without a build', () => {
  let app: FastifyInstance;
  let emptyDir: string;

  beforeAll(async () => {
    emptyDir = await mkdtemp(path.join(tmpdir(), 'aidgrid-no-web-'));
    app = Fastify();
    await app.register(problemPlugin);
    app.get('/api/health', async () => ({ status: 'ok' }));
    await app.register(webPlugin, { distDir: emptyDir });
  });

  afterAll(async () => {
    await app?.close();
    if (emptyDir) await rm(emptyDir, { recursive: true, force: true });
  });

  it('answers GET / with a text saying how to build the UI, and nothing else', async () => {
    const root = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/plain/);
    expect(root.body).toContain('the web UI is not built — run npm run build');

    const page = await app.inject({ method: 'GET', url: '/overview', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.json()).toMatchObject({ code: 'route_not_found' });
  });
});

describeBrowser('web UI in Chromium', () => {
  let world: BrowserWorld | undefined;
  let baseUrl = '';

  function started(): BrowserWorld {
    if (!world) throw new Error('the browser world did not start');
    return world;
  }

  async function apiGaps(by: string): Promise<GapReport> {
    return started().api<GapReport>(`/api/v1/gaps?by=${by}`);
  }

  /** A fresh tab on `url` that fails the test on any script error or console error. */
  function open(url: string) {
    return started().open(url);
  }

  async function headerOfFirstColumn(page: Page, text: string): Promise<void> {
    await page.waitForFunction(
      (expected) => document.querySelector('table.gap-table thead th')?.textContent === expected,
      text,
    );
  }

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
    baseUrl = world.baseUrl;
  });

  afterAll(async () => {
    await world?.close();
  });

  it('shows the overview: health, the synthetic-data banner and the gaps by category as the API counts them', async () => {
    const { page, problems } = await open('/');
    await page.locator('table.gap-table tbody tr').first().waitFor();

    expect(await page.title()).toBe('aidgrid — coordination picture');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'aidgrid — coordination picture',
    );
    const banner = page.getByText('Demo data is synthetic');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.isVisible()).toBe(true);
    await page.getByText('API status: ok').waitFor();
    // One clock: the header says what day the demo's data is as of.
    await page.locator('.app-header .data-as-of').getByText('Data as of 24 Nov 2022').waitFor();

    const table = page.locator('table.gap-table');
    expect(await table.locator('caption').textContent()).toMatch(/^Gaps by category/);
    expect(await table.locator('thead th[scope="col"]').allTextContents()).toEqual([
      'Category',
      'Unit',
      'Needed',
      'Pledged',
      'Committed',
      'Delivered',
      'Unmet',
      'Coverage',
      'Needs',
      'Pledges',
    ]);

    const report = await apiGaps('category');
    expect(report.groups.length).toBeGreaterThanOrEqual(3);
    const categories = (await (await fetch(`${baseUrl}/api/v1/item-categories`)).json()) as {
      data: { code: string; name: string }[];
    };
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(report.groups.length);
    for (const [index, group] of report.groups.slice(0, 3).entries()) {
      const row = rows.nth(index);
      // Categories are shown by their catalogue name (GET /item-categories), the path otherwise.
      const named = categories.data.find((category) => category.code === group.key)?.name ?? group.label;
      const label = row.locator('th[scope="row"] .truncate');
      expect(await label.textContent()).toBe(named);
      expect(await label.getAttribute('title')).toBe(named);
      const cells = row.locator('td');
      // Categories span items: their figures are EUR values, never quantities of mixed units.
      expect(group.needed).toBeNull();
      expect(await cells.nth(0).textContent()).toBe('EUR');
      expect(await cells.nth(1).textContent()).toBe(formatMoneyShort(group.value.needed));
      expect(await cells.nth(2).textContent()).toBe(formatMoneyShort(group.value.pledged));
      expect(await cells.nth(3).textContent()).toBe(formatMoneyShort(group.value.committed));
      expect(await cells.nth(4).textContent()).toBe(formatMoneyShort(group.value.delivered));
      expect(await cells.nth(5).textContent()).toBe(formatMoneyShort(group.value.unmet));
      expect(await cells.nth(6).locator('.coverage__text').textContent()).toBe(
        formatCoverage(group.coverage.by_announcements_pct),
      );
      // Numbers line up on the right.
      expect(await cells.nth(1).evaluate((cell) => getComputedStyle(cell).textAlign)).toBe('right');
    }

    await screenshot(page, 'overview');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switches the grouping to region with the select, keeps it in the URL, and goes back', async () => {
    const { page, problems } = await open('/');
    await page.locator('table.gap-table tbody tr').first().waitFor();

    await page.getByLabel('Group by').selectOption('region');
    await page.waitForURL((url) => url.search === '?by=region');
    await headerOfFirstColumn(page, 'Region');
    const regions = await apiGaps('region');
    const labels = await page.locator('table.gap-table tbody th[scope="row"]').allTextContents();
    expect(labels).toEqual(regions.groups.map((group) => group.label));
    await screenshot(page, 'overview-region');

    await page.goBack();
    await page.waitForURL((url) => url.search === '');
    await headerOfFirstColumn(page, 'Category');
    expect(await page.getByLabel('Group by').inputValue()).toBe('category');

    // A shared link opens on its grouping.
    await page.goto(`${baseUrl}/?by=donor`);
    await headerOfFirstColumn(page, 'Donor');
    expect(await page.getByLabel('Group by').inputValue()).toBe('donor');

    // Any other page path falls back to the app, which says it knows no such page.
    await page.goto(`${baseUrl}/no-such-page/later`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lets a keyboard user reach the select with Tab and change the grouping', async () => {
    const { page } = await open('/');
    await page.locator('table.gap-table tbody tr').first().waitFor();

    let focused = '';
    for (let presses = 0; presses < 30 && focused !== 'gap-dimension'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('gap-dimension');

    await page.keyboard.press('ArrowDown');
    await page.waitForURL((url) => url.search === '?by=item');
    await headerOfFirstColumn(page, 'Item');
    await page.close();
  });

  it("shows loading, the API problem's detail, an empty report, and truncates long labels", async () => {
    const page = await started().browser.newPage();
    const longLabel = `Mobile water purification units, containerised, ${'very long description '.repeat(6)}`;
    let answer: 'slow' | 'problem' | 'empty' | 'long' = 'problem';
    await page.route(
      (url) => url.pathname === '/api/v1/gaps',
      async (route) => {
        switch (answer) {
          case 'slow':
            // Never answered: the page stays in its loading state.
            return;
          case 'problem':
            return route.fulfill({
              status: 503,
              contentType: 'application/problem+json',
              body: JSON.stringify({
                type: 'urn:aidgrid:problem:database_unavailable',
                title: 'Service Unavailable',
                status: 503,
                detail: 'the database did not answer within 10 s',
                code: 'database_unavailable',
              }),
            });
          case 'empty':
            return route.fulfill({ json: { by: 'category', groups: [], notes: [] } });
          case 'long':
            return route.fulfill({
              json: {
                by: 'item',
                groups: [
                  {
                    key: 'b0b7a3a4-2f1e-4a5c-9a9e-000000000001',
                    label: longLabel,
                    unit: 'unit',
                    needed: 1234567.5,
                    pledged: 1000,
                    committed: 800,
                    allocated: 600,
                    shipped: 500,
                    delivered: 400,
                    unmet: 1233567.5,
                    coverage: { by_announcements_pct: 0.1, by_commitments_pct: 0.1, basis: 'quantity' },
                    value: {
                      needed: { amount: '1234567.50', currency: 'EUR' },
                      pledged: { amount: '1000.00', currency: 'EUR' },
                      committed: { amount: '800.00', currency: 'EUR' },
                      allocated: { amount: '600.00', currency: 'EUR' },
                      shipped: { amount: '500.00', currency: 'EUR' },
                      delivered: { amount: '400.00', currency: 'EUR' },
                      unmet: { amount: '1233567.50', currency: 'EUR' },
                    },
                    unvalued_need_count: 0,
                    unvalued_pledge_count: 0,
                    need_count: 12,
                    pledge_count: 1,
                  },
                ],
                notes: ['Unmet is floored at zero per need before summing.'],
              },
            });
        }
      },
    );

    await page.goto(`${baseUrl}/`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('the database did not answer within 10 s');
    await screenshot(page, 'overview-error');

    answer = 'empty';
    await page.reload();
    await page.getByText('No needs or pledges are recorded yet').waitFor();

    answer = 'slow';
    await page.reload();
    await page.getByText('Loading the gap report…').waitFor();

    answer = 'long';
    await page.goto(`${baseUrl}/?by=item`);
    const label = page.locator('table.gap-table tbody th[scope="row"] .truncate').first();
    await label.waitFor();
    expect(await label.getAttribute('title')).toBe(longLabel);
    const clipped = await label.evaluate(
      (element) =>
        getComputedStyle(element).textOverflow === 'ellipsis' && element.scrollWidth > element.clientWidth,
    );
    expect(clipped).toBe(true);
    expect(await page.locator('table.gap-table tbody td').nth(1).textContent()).toBe('1,234,567.5');
    await screenshot(page, 'overview-long-label');
    await page.close();
  });

  it('keeps /api/* answering JSON problems and serves the built assets', async () => {
    const missing = await fetch(`${baseUrl}/api/v1/nothing-here`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ code: 'route_not_found' });

    const index = await fetch(`${baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${baseUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');

    const notHtml = await fetch(`${baseUrl}/plans`, { headers: { accept: 'application/json' } });
    expect(notHtml.status).toBe(404);
  });
});
