import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { NeedResult, PlanRun } from '../../src/core/planning/plan.schema.js';
import { REASON_IDS } from '../../web/src/components/plans/planWords.js';
import { formatQuantity } from '../../web/src/format.js';
import planWordsEn from '../../web/src/i18n/en/planWords.json' with { type: 'json' };
import {
  type BrowserWorld,
  describeBrowser,
  screenshot,
  screenshotsDir,
  startBrowserWorld,
} from '../support/browser.js';

describeBrowser('web UI plans in Chromium (signed in as coordinator)', () => {
  let world: BrowserWorld | undefined;

  function started(): BrowserWorld {
    if (!world) throw new Error('the browser world did not start');
    return world;
  }

  /** Starts a run from the /plans form and answers the id of the run page it lands on. */
  async function runPlan(page: Page, method: 'auto' | 'greedy', horizon: number): Promise<string> {
    await page.goto(`${started().baseUrl}/plans`);
    await page.getByLabel('Method').selectOption(method);
    await page.getByLabel('Horizon (weeks)').fill(String(horizon));
    await page.getByRole('button', { name: 'Run plan' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    return new URL(page.url()).pathname.split('/').at(-1) as string;
  }

  /** Waits for the run page to show the finished run's summary. */
  async function summaryShown(page: Page): Promise<void> {
    await page.locator('.plan-figures').waitFor({ timeout: 120_000 });
  }

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('runs a plan on the demo and shows its summary, shadow prices and why a need is unmet', async () => {
    const { page, problems } = await started().open('/plans');
    await page.getByText('No plan has been run yet.').waitFor();
    await screenshot(page, 'plans-empty');

    const id = await runPlan(page, 'auto', 26);
    await summaryShown(page);
    const run = await started().api<PlanRun>(`/api/v1/plans/${id}`);
    expect(run.status).toBe('succeeded');
    // On the demo the form plans from the first week of its winter, not from today.
    expect(run.start_week).toBe('2022-W47');
    const summary = run.summary;
    if (!summary) throw new Error('a succeeded run without a summary');
    const figures = page.locator('.plan-figures dd');
    expect(await figures.allTextContents()).toEqual([
      formatQuantity(Math.round(summary.objective)),
      formatQuantity(summary.unmet_weighted),
      formatQuantity(summary.unmet_quantity),
      formatQuantity(summary.late_weighted),
    ]);
    expect(await page.locator('.plan-timings').textContent()).toContain('Total');

    // An unmet need, filtered by its reason, is explained in words with the API's explanation.
    const needs = await started().api<{ items: NeedResult[] }>(`/api/v1/plans/${id}/needs?limit=500`);
    const unmet = needs.items.find((need) => need.reason !== null && need.unmet > 0);
    if (!unmet?.reason) throw new Error('the demo plan meets every need: nothing to explain');
    const needsSection = page.locator('section[aria-labelledby="plan-needs-title"]');
    await needsSection.locator('table.plan-needs tbody tr').first().waitFor();
    await needsSection.screenshot({ path: path.join(screenshotsDir, 'plan-run-needs.png') });
    await page.getByLabel('Show', { exact: true }).selectOption(unmet.reason);
    const rows = page.locator('table.plan-needs tbody tr');
    await rows.first().waitFor();
    const shownReasons = await rows.locator('.plan-why__reason').allTextContents();
    expect(new Set(shownReasons)).toEqual(
      new Set([
        `${(planWordsEn as Record<string, string>)[REASON_IDS[unmet.reason].replace('planWords.', '')]}.`,
      ]),
    );
    const texts = await rows.locator('.plan-why__text').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((text) => text.length > 0)).toBe(true);
    // Told from the fields in the page's language: what is planned, and what is unmet or late.
    expect(texts.every((text) => / planned\.|Nothing can be planned/.test(text))).toBe(true);
    expect(texts.every((text) => /[\d,.]+ (unmet|late)\./.test(text))).toBe(true);

    // What donors should send next: bars by critical unmet EUR, the top item first, its unit on its bar.
    const chart = page.locator('section[aria-labelledby="plan-items-title"] .echart');
    await chart.locator('svg').waitFor();
    const items = await started().api<{
      items: { name: string; unit: string; critical_unmet_value_eur: number | null }[];
    }>(`/api/v1/plans/${id}/items`);
    const top = items.items[0];
    expect(top?.critical_unmet_value_eur ?? 0).toBeGreaterThan(0);
    const label = (await chart.getAttribute('aria-label')) ?? '';
    expect(label).toContain(`${top?.name} €`);
    expect(label).toContain(` ${top?.unit} critical unmet`);

    await page.waitForTimeout(300);
    await screenshot(page, 'plan-run', { fullPage: true });
    await screenshot(page, 'plan-run-top');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('compares a greedy run with the optimal one, accepts one, and refuses the other as stale', async () => {
    const { page, problems } = await started().open('/plans', { allowFailedResources: true });
    const optimal = await runPlan(page, 'auto', 26);
    await summaryShown(page);
    const greedy = await runPlan(page, 'greedy', 26);
    await summaryShown(page);

    await page.getByLabel('Compare with', { exact: true }).selectOption(optimal);
    const comparison = page.locator('.plan-compare');
    await comparison.waitFor();
    expect(await comparison.textContent()).toContain('Objective from A to B');

    // Accepting asks first; the optimal run's allocations become accepted allocations.
    await page.goto(`${started().baseUrl}/plans/${optimal}`);
    await summaryShown(page);
    await page.getByRole('button', { name: 'Accept allocations…' }).click();
    await page.getByText('Accept this plan?').waitFor();
    await screenshot(page, 'plan-accept-confirm');
    await page.getByRole('button', { name: 'Yes, accept the allocations' }).click();
    const outcome = page
      .locator('section[aria-labelledby="plan-summary-title"]')
      .locator('[role="alert"], .notice')
      .first();
    await outcome.waitFor({ timeout: 120_000 });
    expect(await outcome.textContent()).toMatch(/^Accepted: \d+ allocations/);
    expect((await started().api<PlanRun>(`/api/v1/plans/${optimal}`)).accepted_at).not.toBeNull();

    // The greedy run planned the same supply: it no longer fits, and the page says so plainly.
    await page.goto(`${started().baseUrl}/plans/${greedy}`);
    await summaryShown(page);
    await page.getByRole('button', { name: 'Accept allocations…' }).click();
    await page.getByRole('button', { name: 'Yes, accept the allocations' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 120_000 });
    expect(await alert.textContent()).toContain('This run is out of date and was not accepted.');
    expect(
      await page.getByRole('button', { name: 'Run the plan again with the same settings' }).isVisible(),
    ).toBe(true);
    expect((await started().api<PlanRun>(`/api/v1/plans/${greedy}`)).accepted_at).toBeNull();
    await screenshot(page, 'plan-stale');

    await page.goto(`${started().baseUrl}/plans`);
    await page.locator('table.plan-runs tbody tr').nth(2).waitFor();
    await screenshot(page, 'plans-list');
    expect(problems).toEqual([]);
    await page.close();
  });
});
