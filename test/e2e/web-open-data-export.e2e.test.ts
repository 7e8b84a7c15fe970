import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCsv } from '../../src/interchange/csv.js';
import { seriousViolations } from '../support/axe.js';
import {
  type BrowserWorld,
  describeBrowser,
  screenshot,
  signIn,
  startBrowserWorld,
} from '../support/browser.js';

// Issue 19's "Open data" page and issue 17's exports: a release published through the API shows on
// /open-data to a signed-out reader, whose download is the file the API lists (same SHA-256); a
// coordinator previews and publishes the next one from the page; the needs list's "Download CSV"
// holds exactly the needs GET /needs answers for the filter on screen (and the shipments list, which
// has no server export, every shipment GET /shipments answers; the donors report, its rows); the
// overview prints on A4 landscape. Axe (no serious or critical violation) and screenshots in English and Ukrainian.

interface Release {
  number: number;
  counts: Record<string, number>;
  files: { name: string; sha256: string; bytes: number }[];
}
interface Need {
  id: string;
  region_id: string;
  quantity: number;
}

/** Screenshots at 1440×900 and 768×1024, axe, and no sideways scrolling at 768 px. */
async function inspect(page: Page, name: string): Promise<string[]> {
  const findings: string[] = [];
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.waitForTimeout(200);
  findings.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
  await screenshot(page, `${name}-1440`, { fullPage: true });
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) findings.push(`${name}: at 768 px the page scrolls sideways by ${overflow} px`);
  await screenshot(page, `${name}-768`, { fullPage: true });
  return findings;
}

describeBrowser('open data page and list exports in Chromium (demo)', () => {
  let world: BrowserWorld | undefined;
  const started = () => {
    if (!world) throw new Error('the browser world did not start');
    return world;
  };

  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows a release published through the API to a signed-out reader; its download is the listed file (SHA-256); axe and screenshots in en and uk', async () => {
    const published = await started().send('POST', '/api/v1/open-data', {}, { as: 'coordinator' });
    expect(published.status).toBe(201);
    const release = (await published.json()) as Release;
    const needsFile = release.files.find((file) => file.name === 'needs.csv');
    if (!needsFile) throw new Error('the release has no needs.csv');

    const { page, problems } = await started().open('/open-data?lang=en');
    await page.getByRole('heading', { level: 3, name: `Release ${release.number} (newest)` }).waitFor();
    // Signed out: the publish button is not offered, and why is said.
    expect(await page.getByRole('button', { name: 'Preview the next release' }).count()).toBe(0);
    await page.getByText('Sign in to publish an open data release.').waitFor();
    expect(
      await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
    ).toBe('/api/v1/open-data/feed.atom');
    await page.getByRole('link', { name: /Creative Commons Attribution 4\.0/ }).waitFor();
    const row = page.locator('.open-data-files tbody tr').filter({ hasText: 'needs.csv' });
    expect(await row.locator('code').textContent()).toBe(needsFile.sha256);

    // Following the link downloads the file the API lists.
    const link = row.getByRole('link', { name: 'needs.csv' });
    const href = await link.getAttribute('href');
    expect(href).toBe(`/api/v1/open-data/${release.number}/needs.csv`);
    const answer = await fetch(`${started().baseUrl}${href}`);
    expect(answer.status).toBe(200);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = await readFile(await download.path());
    expect(bytes.length).toBe(needsFile.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(needsFile.sha256);

    const findings = await inspect(page, 'open-data-en');
    await page.goto(`${started().baseUrl}/open-data?lang=uk`);
    await page.getByRole('heading', { level: 3, name: `Випуск ${release.number} (найновіший)` }).waitFor();
    findings.push(...(await inspect(page, 'open-data-uk')));
    await page.goto(`${started().baseUrl}/open-data?lang=en`);
    await page.getByRole('heading', { level: 2, name: 'Open data' }).waitFor();
    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lets a coordinator preview the next release (nothing stored) and publish it from the page', async () => {
    const before = await started().api<{ items: Release[] }>('/api/v1/open-data');
    const { page, problems } = await started().open('/open-data');
    await signIn(page, 'coordinator');
    await page.getByRole('button', { name: 'Preview the next release' }).click();
    const next = (before.items[0]?.number ?? 0) + 1;
    await page
      .getByRole('heading', { level: 3, name: `Preview of release ${next} (not published)` })
      .waitFor({ timeout: 90_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'open-data-preview-failed', { fullPage: true });
        throw error;
      });
    // A preview stores nothing.
    expect((await started().api<{ items: Release[] }>('/api/v1/open-data')).items.length).toBe(
      before.items.length,
    );
    await screenshot(page, 'open-data-preview-en-1440', { fullPage: true });
    await page.getByRole('button', { name: `Publish release ${next}` }).click();
    // Publishing snapshots every public table: slow on a loaded machine.
    await page
      .getByText(`Release ${next} is published.`)
      .waitFor({ timeout: 90_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'open-data-publish-failed', { fullPage: true });
        throw error;
      });
    await page.getByRole('heading', { level: 3, name: `Release ${next} (newest)` }).waitFor();
    const after = await started().api<{ items: Release[] }>('/api/v1/open-data');
    expect(after.items.map((r) => r.number)).toEqual([next, ...before.items.map((r) => r.number)]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('downloads as CSV exactly the needs the list shows for a region, and prints the overview on A4 landscape', async () => {
    // Every need the coordinator sees, to choose a region that filters some out.
    const all: Need[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const pageOfNeeds: { items: Need[]; next_cursor: string | null } = await started().api(
        `/api/v1/needs?limit=500${query}`,
        { as: 'coordinator' },
      );
      all.push(...pageOfNeeds.items);
      cursor = pageOfNeeds.next_cursor;
    } while (cursor);
    const perRegion = new Map<string, number>();
    for (const need of all) perRegion.set(need.region_id, (perRegion.get(need.region_id) ?? 0) + 1);
    const [region] = [...perRegion].sort((a, b) => b[1] - a[1]).find(([, n]) => n < all.length) ?? [];
    if (!region) throw new Error('the demo has needs in one region only');
    const expected = await started().api<{ items: Need[]; next_cursor: string | null }>(
      `/api/v1/needs?region_id=${region}&limit=500`,
      { as: 'coordinator' },
    );
    expect(expected.next_cursor).toBeNull();
    expect(expected.items.length).toBeGreaterThan(0);

    const { page, problems } = await started().open('/needs');
    await page.locator('table.data-table tbody tr').first().waitFor();
    // The list and the API are read as the same coordinator (signed in by the test before, or here when run alone).
    if ((await page.locator('.user-panel__name').count()) === 0) await signIn(page, 'coordinator');
    await page.locator('table.data-table tbody tr').first().waitFor();
    await page.locator('#filter-region_id').selectOption(region);
    await page.waitForURL((url) => url.searchParams.get('region_id') === region);
    await page.locator('table.data-table tbody tr').first().waitFor();
    const csvLink = page.getByRole('link', { name: 'Download CSV' });
    expect(await csvLink.getAttribute('href')).toBe(
      `/api/v1/exports/needs.csv?region_id=${region}&hxl=false`,
    );
    expect(await page.getByRole('link', { name: 'Download HXL' }).getAttribute('href')).toBe(
      `/api/v1/exports/needs.csv?region_id=${region}`,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    const rows = parseCsv((await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, ''));
    const [header, ...records] = rows.filter((r) => r.length > 1 || r[0] !== '');
    if (!header) throw new Error('the download is empty');
    const id = header.indexOf('id');
    const quantity = header.indexOf('quantity');
    expect(id).toBeGreaterThanOrEqual(0);
    // One header row (no HXL hashtags) and one row per need of the region, the same quantities.
    expect(records.every((r) => !r[0]?.startsWith('#'))).toBe(true);
    const downloaded = new Map(records.map((r) => [r[id], Number(r[quantity])]));
    expect(downloaded).toEqual(new Map(expected.items.map((n) => [n.id, n.quantity])));
    await screenshot(page, 'needs-download-links-en-1440');

    // A list without a server export (shipments) writes the list's own records, every page, in the browser.
    const shipments: { id: string }[] = [];
    let next: string | null = null;
    do {
      const query: string = next ? `&cursor=${encodeURIComponent(next)}` : '';
      const pageOfShipments: { items: { id: string }[]; next_cursor: string | null } = await started().api(
        `/api/v1/shipments?limit=500${query}`,
        { as: 'coordinator' },
      );
      shipments.push(...pageOfShipments.items);
      next = pageOfShipments.next_cursor;
    } while (next);
    await page.goto(`${started().baseUrl}/shipments`);
    await page.locator('table.data-table tbody tr').first().waitFor();
    const [shipmentsCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    await screenshot(page, 'shipments-download-en-1440');
    const [shipmentHeader, ...shipmentRows] = parseCsv(await readFile(await shipmentsCsv.path(), 'utf8'));
    const shipmentId = shipmentHeader?.indexOf('id') ?? -1;
    expect(shipmentId).toBeGreaterThanOrEqual(0);
    expect(shipmentRows.map((r) => r[shipmentId]).sort()).toEqual(shipments.map((s) => s.id).sort());

    // A report (donors) writes the rows it shows.
    const donors = await started().api<{ donors: { donor_org_id: string }[] }>('/api/v1/reports/donors', {
      as: 'coordinator',
    });
    await page.goto(`${started().baseUrl}/donors`);
    const [donorsCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    await screenshot(page, 'donors-download-en-1440', { fullPage: true });
    const [donorHeader, ...donorRows] = parseCsv(await readFile(await donorsCsv.path(), 'utf8'));
    const donorId = donorHeader?.indexOf('donor_org_id') ?? -1;
    expect(donorRows.map((r) => r[donorId])).toEqual(donors.donors.map((d) => d.donor_org_id));

    // The overview prints on A4 landscape (841.89 × 595.28 pt), without the controls.
    await page.goto(`${started().baseUrl}/`);
    await page.getByRole('link', { name: 'Download CSV' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-nav').isVisible()).toBe(false);
    expect(await page.locator('.download-links').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(box && [Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([842, 595]);
    expect(problems).toEqual([]);
  });
});
