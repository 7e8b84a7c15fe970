import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type BrowserWorld,
  describeBrowser,
  screenshot,
  seriousViolations,
  startBrowserWorld,
} from '../support/browser.js';

// The registry screens (issue 17): FX rates, sources, duplicate review, admin accounts and tokens.
// Each is walked in English and Ukrainian: axe finds nothing serious or critical, screenshots at
// 1440×900 and 768×1024 (test-results/screenshots/registry-*), no sideways scrolling at 768 px.

describeBrowser('registry screens in Chromium (demo)', () => {
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

  /** Waits until nothing on the page is still loading. */
  async function settled(page: Page): Promise<void> {
    await page.locator('main h2').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.state--loading'), undefined, {
      timeout: 15_000,
    });
  }

  /** `url` in both languages at both widths: what axe finds serious and any sideways scrolling. */
  async function inspect(page: Page, name: string, url: string): Promise<string[]> {
    const findings: string[] = [];
    for (const locale of ['uk', 'en'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${started().baseUrl}${url}${url.includes('?') ? '&' : '?'}lang=${locale}`);
      await settled(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      for (const violation of await seriousViolations(page))
        findings.push(`${url} [${locale}] axe: ${violation}`);
      await screenshot(page, `registry-${name}-${locale}-1440`, { fullPage: true });
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0)
        findings.push(`${url} [${locale}] at 768 px the page scrolls sideways by ${overflow} px`);
      await screenshot(page, `registry-${name}-${locale}-768`, { fullPage: true });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    return findings;
  }

  it('a coordinator sets an FX rate and finds it in the filtered list; the screen passes axe in both languages', async () => {
    const { page, problems } = await started().open('/fx?lang=en');
    await page.getByRole('heading', { level: 2, name: 'Exchange rates to EUR' }).waitFor();
    await page.getByLabel('Currency', { exact: false }).last().fill('chf');
    await page.getByLabel('Day').fill('2026-11-30');
    await page.getByLabel('EUR per unit', { exact: false }).fill('1.0625');
    await page.getByLabel('Source', { exact: false }).fill('Browser test rate (synthetic)');
    await page.getByLabel('Approximate (synthetic) rate', { exact: false }).check();
    await page.getByRole('button', { name: 'Save the rate' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: 1 CHF' }).waitFor();

    // Filter the list to that currency and day: the new rate is the one row.
    await page.locator('#filter-currency').fill('CHF');
    await page.locator('#filter-from').fill('2026-11-30');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/currency=CHF/);
    const row = page.locator('table.data-table tbody tr').filter({ hasText: 'Browser test rate' });
    await row.waitFor();
    expect(await row.locator('th').textContent()).toBe('CHF');
    expect(await row.locator('td.num').textContent()).toBe('1.0625');
    const stored = await started().api<{ items: { eur_per_unit: string; synthetic: boolean }[] }>(
      '/api/v1/fx-rates?currency=CHF&from=2026-11-30&to=2026-11-30',
    );
    expect(stored.items).toEqual([expect.objectContaining({ eur_per_unit: '1.0625', synthetic: true })]);

    expect(await inspect(page, 'fx', '/fx?currency=CHF')).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('opens a source from the list and sees the records it supports with their verification status; list and detail pass axe in both languages', async () => {
    const sources = await started().api<{ items: { id: string; title: string }[] }>(
      '/api/v1/sources?limit=50',
    );
    const first = sources.items[0];
    if (!first) throw new Error('the demo has no sources');
    const links = await started().api<{ items: { entity_type: string; entity_id: string }[] }>(
      `/api/v1/sources/${first.id}/links`,
    );

    const { page, problems } = await started().open('/sources?lang=en');
    await page.getByRole('link', { name: first.title }).first().click();
    await page.getByRole('heading', { level: 2, name: first.title }).waitFor();
    await settled(page);
    const rows = page.locator('table.data-table tbody tr');
    expect(await rows.count()).toBe(links.items.length);
    const link = links.items[0];
    if (link) {
      const verification = await started().api<{ status: string }>(
        `/api/v1/verification/${link.entity_type}/${link.entity_id}`,
      );
      const words: Record<string, string> = {
        unverified: 'Unverified',
        single_source: 'Single source',
        corroborated: 'Corroborated',
        confirmed: 'Confirmed',
      };
      await rows
        .first()
        .locator('.badge')
        .filter({ hasText: words[verification.status] ?? '?' })
        .waitFor();
    }

    expect([
      ...(await inspect(page, 'sources', '/sources')),
      ...(await inspect(page, 'source', `/sources/${first.id}`)),
    ]).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);
});
