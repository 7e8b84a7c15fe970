import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Item } from '../../src/core/items/item.schema.js';
import type { Organisation } from '../../src/core/organisations/organisation.schema.js';
import { seriousViolations } from '../support/axe.js';
import { type BrowserWorld, describeBrowser, screenshot, startBrowserWorld } from '../support/browser.js';

// The Import screen: a coordinator uploads a CSV of pledges, reads the dry run (counts and the
// problems with row, column, value and reason), cannot apply it whole while a row is rejected,
// uploads it again to write the valid rows only, applies, and finds the pledges in the API.

describeBrowser('web import screen in Chromium', () => {
  let world: BrowserWorld | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
    dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-import-e2e-'));
  });
  afterAll(async () => {
    await world?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function started(): BrowserWorld {
    if (!world) throw new Error('the browser world did not start');
    return world;
  }

  async function upload(page: Page, file: string, mode: 'all' | 'skip'): Promise<void> {
    await page.getByLabel('File', { exact: true }).setInputFiles(file);
    await page.getByLabel('The rows are').selectOption('pledges');
    await page.getByLabel('Format').selectOption('csv');
    await page
      .getByLabel(
        mode === 'all'
          ? 'Write nothing (all or nothing)'
          : 'Write the valid rows and leave out the rejected ones',
      )
      .check();
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForURL((url) => /^\/imports\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('table', { name: 'What applying would do' }).waitFor();
  }

  async function counts(page: Page, caption: string): Promise<string[]> {
    return page.getByRole('table', { name: caption }).locator('tbody td').allTextContents();
  }

  it('checks a file, shows its problems, refuses to apply it whole, then writes the valid rows', async () => {
    const organisations = await started().api<{ items: Organisation[] }>('/api/v1/organisations?limit=500');
    const donor = organisations.items.find((org) => org.kind === 'state');
    const items = await started().api<{ items: Item[] }>('/api/v1/items?limit=500');
    const item = items.items[0];
    if (!donor || !item) throw new Error('the demo has no state donor or no item');
    // Two good rows (a decimal comma and a European date among them) and one misspelt donor.
    const csv =
      'donor,item_code,quantity,announced_on\r\n' +
      `${donor.name},${item.code},7,2026-11-02\r\n` +
      `"${donor.name}",${item.code},"1,5",03.11.2026\r\n` +
      `${donor.name}zz,${item.code},4,2026-11-04\r\n`;
    const file = path.join(dir as string, 'pledges-e2e.csv');
    await writeFile(file, csv);

    const { page, problems } = await started().open('/imports', { allowFailedResources: true });
    await page.getByRole('heading', { name: 'Import data' }).waitFor();
    // A coordinator may create every kind of record one by one, so may import each.
    expect(await page.getByLabel('The rows are').locator('option').allTextContents()).toEqual([
      'Pledges',
      'Needs',
      'Organisations',
      'Items (catalogue)',
      'Events',
      'Shipment lines',
      'Receipt lines',
    ]);
    await upload(page, file, 'all');
    expect(await counts(page, 'What applying would do')).toEqual(['2', '0', '0', '1']);
    const problemRows = page.getByRole('table', { name: /^1 problem$/ }).locator('tbody tr');
    expect(await problemRows.count()).toBe(1);
    const cells = await problemRows.first().locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['4', 'donor', `${donor.name}zz`]);
    expect(cells[3]).toContain('did you mean');
    // All or nothing with a rejected row: applying is offered disabled, with the reason beside it.
    const apply = page.getByRole('button', { name: 'Apply the import' });
    expect(await apply.isDisabled()).toBe(true);
    await page.getByText('Some rows are rejected, and this import writes all or nothing').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'imports-checked-en-1440', { fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await screenshot(page, 'imports-checked-en-768', { fullPage: true });

    const before = await started().api<{ items: unknown[] }>(
      `/api/v1/pledges?donor_org_id=${donor.id}&limit=500`,
    );
    await page.getByRole('link', { name: 'Import another file' }).click();
    await upload(page, file, 'skip');
    expect(await counts(page, 'What applying would do')).toEqual(['2', '0', '0', '1']);
    await page.getByRole('button', { name: 'Apply the import' }).click();
    await page.getByRole('table', { name: 'What the import did' }).waitFor({ timeout: 60_000 });
    expect(await counts(page, 'What the import did')).toEqual(['2', '0', '0', '1']);
    const after = await started().api<{ items: { quantity: number; announced_on: string }[] }>(
      `/api/v1/pledges?donor_org_id=${donor.id}&limit=500`,
    );
    expect(after.items.length).toBe(before.items.length + 2);
    expect(after.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ quantity: 7, announced_on: '2026-11-02' }),
        expect.objectContaining({ quantity: 1.5, announced_on: '2026-11-03' }),
      ]),
    );
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'imports-applied-en-1440', { fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads in Ukrainian, with nothing serious for axe', async () => {
    const { page } = await started().open('/imports?lang=uk');
    await page.getByRole('heading', { name: 'Імпорт даних' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('uk');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'imports-form-uk-1440', { fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'imports-form-uk-768', { fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Import data' }).waitFor();
    await page.close();
  });
});
