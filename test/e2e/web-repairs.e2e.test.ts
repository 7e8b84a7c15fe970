import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { type BrowserWorld, describeBrowser, screenshot, startBrowserWorld } from '../support/browser.js';

interface Ranking {
  items: { id: string; name: string }[];
}
interface Project {
  id: string;
  name: string;
  equipment: { need_id: string; item_id: string; quantity: number; met: number }[];
  funding: { gap_eur: string };
}

interface ProgressCell {
  week: string;
  key: string;
  projects: number;
  people_reconnected: number;
  capacity: { unit: string; capacity: number }[];
}
interface Progress {
  total: ProgressCell[];
  by_region: ProgressCell[];
  by_funder: ProgressCell[];
}

/** axe, screenshots at 1440×900 and 768×1024, and no sideways scrolling at 768 px. */
async function inspect(page: Page, name: string): Promise<string[]> {
  const findings: string[] = [];
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.waitForTimeout(300);
  for (const violation of await seriousViolations(page)) findings.push(`${name} axe: ${violation}`);
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

describeBrowser('grid repair pages in Chromium (demo)', () => {
  let world: BrowserWorld | undefined;
  const started = () => {
    if (!world) throw new Error('the browser world did not start');
    return world;
  };

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('opens a project, sees its missing equipment and money, follows a missing transformer to its need and the pledges of its item', async () => {
    const ranking = await started().api<Ranking>('/api/v1/repair-projects/ranking');
    expect(ranking.items.length).toBeGreaterThan(0);
    const first = ranking.items[0] as Ranking['items'][number];
    const project = await started().api<Project>(`/api/v1/repair-projects/${first.id}`);
    const line = project.equipment[0];
    if (!line) throw new Error('the demo project has no equipment');

    const { page, problems } = await started().open('/repairs');
    await page.getByRole('link', { name: first.name }).click();
    await page.getByRole('heading', { level: 2, name: first.name }).waitFor();
    // The missing equipment: one row per need, with what is still missing.
    const rows = page.locator('table.data-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(project.equipment.length);
    // The money still missing, as the API computes it for this reader.
    const gap = await page.getByTestId('funding-gap').textContent();
    expect(gap?.replace(/[^\d]/g, '')).toBe(String(Math.round(Number(project.funding.gap_eur))));
    await screenshot(page, 'repair-project');

    // Follow the transformer to its need.
    await rows.first().getByRole('link', { name: 'Open the need' }).click();
    await page.waitForURL(`**/needs/${line.need_id}`);
    await page.getByRole('heading', { level: 2 }).filter({ hasText: 'Need' }).first().waitFor();

    // Back to the project, then to the pledges that could meet it: the open pledges of the item.
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: first.name }).waitFor();
    await page
      .locator('table.data-table tbody tr')
      .first()
      .getByRole('link', { name: 'Pledges of this item' })
      .click();
    await page.waitForURL(`**/pledges?item_id=${line.item_id}`);
    const pledges = await started().api<{ items: unknown[] }>(
      `/api/v1/pledges?item_id=${line.item_id}&limit=500`,
    );
    if (pledges.items.length > 0) {
      await page.locator('table.data-table tbody tr').first().waitFor();
    }
    expect(problems).toEqual([]);
  });
  it('shows progress per week as a chart with a table, repairs in the readiness of each region and damaged assets on the map, in English and Ukrainian', async () => {
    const progress = await started().api<Progress>('/api/v1/reconstruction/progress');
    expect(progress.total.length).toBeGreaterThan(0);
    const findings: string[] = [];
    const { page, problems } = await started().open('/repairs/progress?lang=uk');
    for (const locale of ['uk', 'en'] as const) {
      await page.goto(`${started().baseUrl}/repairs/progress?lang=${locale}`);
      await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
      // The table alternative: one row per week and region, as the API counts them for this reader.
      const rows = page.locator('table.repair-progress__table tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(progress.by_region.length);
      // The chart, drawn lazily, in people by default with its unit on the axis.
      await page.locator('.repair-progress__chart .echart svg').first().waitFor();
      findings.push(...(await inspect(page, `repairs-progress-${locale}`)));
    }
    // One unit at a time: capacity in MVA, never added to Gcal/h.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByLabel('Figure').selectOption('MVA');
    await page.waitForURL('**measure=MVA**');
    await page.locator('.repair-progress__chart figcaption', { hasText: 'in MVA' }).waitFor();
    await page.getByLabel('Grouped by').selectOption('funder');
    await page.waitForURL('**by=funder**');
    await expect
      .poll(() => page.locator('table.repair-progress__table tbody tr').count())
      .toBe(progress.by_funder.length);
    await screenshot(page, 'repairs-progress-funder-mva-en');

    // Readiness: each region with repairs still to energise says how many, when and for whom.
    const readiness = await started().api<{
      as_of: string;
      regions: { region_name: string; repairs: { open: number; under_way: number } }[];
    }>('/api/v1/readiness');
    const withRepairs = readiness.regions.filter((r) => r.repairs.open > 0);
    expect(withRepairs.length).toBeGreaterThan(0);
    await page.goto(`${started().baseUrl}/readiness`);
    const rows = page.locator('table.readiness-repairs-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(withRepairs.length);
    const first = withRepairs[0] as (typeof withRepairs)[number];
    const row = page.locator('table.readiness-repairs-table tbody tr', {
      has: page.getByRole('rowheader', { name: first.region_name, exact: true }),
    });
    expect(await row.locator('td').nth(0).textContent()).toBe(String(first.repairs.open));
    expect(await row.locator('td').nth(1).textContent()).toBe(String(first.repairs.under_way));
    findings.push(...(await inspect(page, 'repairs-readiness-en')));

    // The map: assets out of service counted by region, from the region counts only.
    const counts = await started().api<{ items: { region_id: string; status: string; assets: number }[] }>(
      '/api/v1/assets/region-counts',
    );
    const perRegion = new Map<string, number>();
    for (const row of counts.items) {
      if (['damaged', 'destroyed', 'under_repair'].includes(row.status))
        perRegion.set(row.region_id, (perRegion.get(row.region_id) ?? 0) + row.assets);
    }
    const [topId, topCount] = [...perRegion].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    expect(topCount).toBeGreaterThan(0);
    const region = await started().api<{ name: string }>(`/api/v1/regions/${topId}`);
    await page.goto(`${started().baseUrl}/map?figure=assets`);
    await page
      .locator(`a[aria-label="${region.name}: Grid assets damaged, destroyed or under repair ${topCount}"]`)
      .waitFor();
    await page.getByText('Grid assets are counted by region only').waitFor();
    findings.push(...(await inspect(page, 'repairs-map-assets-en')));
    await page.goto(`${started().baseUrl}/map?figure=assets&lang=uk`);
    await page.waitForFunction(() => document.documentElement.lang === 'uk');
    await page.locator('.choropleth__svg').waitFor();
    findings.push(...(await inspect(page, 'repairs-map-assets-uk')));
    await page.goto(`${started().baseUrl}/readiness`);
    await page.locator('table.readiness-repairs-table tbody tr').first().waitFor();
    findings.push(...(await inspect(page, 'repairs-readiness-uk')));
    // Back to English for the other tests of the world's user.
    await page.goto(`${started().baseUrl}/repairs?lang=en`);
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
  }, 240_000);
});
