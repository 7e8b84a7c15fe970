import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import {
  type BrowserWorld,
  describeBrowser,
  repoRoot,
  screenshot,
  startBrowserWorld,
} from '../support/browser.js';

// Issue 17's acceptance in Chromium on the demo: /capacity shows the production lines, the
// forecast chart with its table, the input graph; an outage scenario run from the page shows the
// units lost that the API computes; axe finds nothing serious in English or Ukrainian.

interface Forecast {
  item: { code: string; unit: string };
  coverage: { coverage_days: number | null }[];
  months: { month: string; demand: number; shortfall: number }[];
  first_shortfall_month: string | null;
}
interface Outage {
  items: {
    item: { code: string };
    total_capacity_lost: number;
    available_share: number;
    needs_unmet: { need_id: string }[];
  }[];
}
interface Risk {
  items: { item: { id: string; code: string } }[];
}
interface FuelRisk {
  items: { russian_energy: { exposed_share: number; unknown_share: number; donors: unknown[] } | null }[];
}
interface Lines {
  items: { id: string; name: string }[];
}

const AS_OF = '2023-01';
/** Digits only: "1,321,920 round" and "1 321 920 постріл" both read 1321920. */
const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describeBrowser('capacity page in Chromium (demo)', () => {
  let world: BrowserWorld | undefined;
  let ammoId = '';
  const started = () => {
    if (!world) throw new Error('the browser world did not start');
    return world;
  };

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
    const risk = await world.api<Risk>('/api/v1/risk');
    ammoId = risk.items.find((entry) => entry.item.code === 'AMMO-155')?.item.id ?? '';
    if (!ammoId) throw new Error('the demo has no capacity data for AMMO-155');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows lines, the forecast chart and table, the input graph; an outage of Chinese cotton linters shows the units lost the API computes', async () => {
    const forecast = await started().api<Forecast>(`/api/v1/forecast?item_id=${ammoId}&as_of=${AS_OF}`);
    const { page, problems } = await started().open(`/capacity?item=${ammoId}&from=${AS_OF}`);
    await page.getByRole('heading', { level: 2, name: 'Production capacity' }).waitFor();

    // Production lines: every line the API lists for this reader.
    const lines = await started().api<Lines>('/api/v1/production-lines?limit=500');
    const lineRows = page.locator('table.capacity-lines tbody tr');
    await lineRows.first().waitFor();
    expect(await lineRows.count()).toBe(lines.items.length);

    // The forecast: the chart (an image with its words) and the same figures as a table.
    const chart = page.locator('.capacity__chart .echart[role="img"]');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('Chart of monthly demand against supply');
    await page.locator('.capacity__chart svg').first().waitFor();
    // The tooltip of a month names every figure in the item's unit.
    await chart.hover({ position: { x: 200, y: 200 } });
    await page.locator('.capacity__chart').getByText('Demand met').waitFor();
    await page
      .locator('.capacity__chart')
      .screenshot({ path: path.join(repoRoot, 'test-results/screenshots/capacity-chart-en.png') });
    await page.getByText('The forecast as a table').click();
    const monthRows = page.getByTestId('forecast-table').locator('tbody tr');
    expect(await monthRows.count()).toBe(forecast.months.length);
    const january = forecast.months[0];
    if (!january) throw new Error('the forecast has no months');
    expect(digits(await monthRows.first().locator('td').nth(3).textContent())).toBe(
      Math.round(january.shortfall),
    );
    if (forecast.first_shortfall_month) {
      await expect
        .poll(() => page.getByTestId('forecast-summary').textContent())
        .toContain('First shortfall in Jan 2023');
    }

    // How long the stock at the front lasts, as the API computes it.
    const days = forecast.coverage[0]?.coverage_days;
    if (days) await page.locator('.capacity__coverage').getByText(`lasts ${days} days`).waitFor();

    // The input graph: cotton linters, 72 % from China, is named a concentrated input.
    await page.locator('table.capacity-inputs').getByText('COTTON-LINTERS').first().waitFor();
    await page.getByText('COTTON-LINTERS: 72% comes from China').waitFor();

    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'capacity-en-1440', { fullPage: true });

    // The outage: China stops supplying cotton linters from June 2023.
    const expected = await started().send('POST', '/api/v1/risk/outage', {
      country_code: 'CN',
      material_code: 'COTTON-LINTERS',
      from: '2023-06',
      as_of: AS_OF,
      months: 24,
    });
    expect(expected.status).toBe(200);
    const outage = (await expected.json()) as Outage;
    const ammo = outage.items.find((entry) => entry.item.code === 'AMMO-155');
    if (!ammo) throw new Error('the outage costs AMMO-155 nothing');
    expect(ammo.total_capacity_lost).toBeGreaterThan(0);

    await page.getByLabel('Country', { exact: true }).selectOption('CN');
    await page.getByLabel('Input', { exact: true }).selectOption('COTTON-LINTERS');
    await page.getByLabel('Outage from').fill('2023-06');
    await page.getByRole('button', { name: 'Run the scenario' }).click();
    const lost = page.getByTestId('units-lost-AMMO-155');
    await lost.waitFor();
    expect(digits(await lost.textContent())).toBe(ammo.total_capacity_lost);
    expect(await lost.textContent()).toContain('round');
    await page.getByRole('heading', { name: /What is left: COTTON-LINTERS from China/ }).waitFor();
    const row = page.locator('table.capacity-outage tbody tr').filter({ has: lost });
    expect(await row.locator('td').first().textContent()).toContain('28%');
    // The needs that go unmet, each a link to its need.
    await page.getByText('Capacity lost by month and needs unmet: 155 mm artillery shell').click();
    const needLinks = page.locator('.capacity__needs a');
    expect(await needLinks.count()).toBe(ammo.needs_unmet.length);
    if (ammo.needs_unmet[0]) {
      expect(await needLinks.first().getAttribute('href')).toBe(`/needs/${ammo.needs_unmet[0].need_id}`);
    }

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'capacity-outage-en-1440', { fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, 'capacity-outage-en-768', { fullPage: true });
    expect(problems).toEqual([]);
  });

  it('adds a production line through the form (a bad share is refused beside its field), then changes its capacity', async () => {
    const { page, problems } = await started().open(`/capacity?item=${ammoId}&from=${AS_OF}`, {
      allowFailedResources: true,
    });
    await page.locator('table.capacity-lines tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Add a production line' }).click();
    const form = page.getByRole('form', { name: 'New production line' });
    await form.getByLabel('Item it makes').selectOption(ammoId);
    await form.getByLabel('Name of the line').fill('Browser test line (synthetic)');
    await form.locator('#field-manufacturer').fill('Synthetic test works');
    await form.getByLabel('Plant or site').fill('Testfield');
    await form.getByLabel('Country code').fill('cz');
    await form.getByLabel('Step 1: from month').fill('2023-03');
    await form.getByLabel('Step 1: units a month').fill('1500');
    await form.getByLabel('Lead time (months)').fill('4');
    await form.getByLabel('Coalition share').fill('1.5');
    await form.getByRole('button', { name: 'Save the line' }).click();
    // The API refuses a share above 1; the message sits beside the share.
    await form.locator('#field-coalition_share-error').waitFor();
    await form.screenshot({
      path: path.join(repoRoot, 'test-results/screenshots/capacity-line-form-en.png'),
    });
    await form.getByLabel('Coalition share').fill('0.5');
    await form.getByRole('button', { name: 'Save the line' }).click();
    const row = page
      .locator('table.capacity-lines tbody tr')
      .filter({ hasText: 'Browser test line (synthetic)' });
    await row.waitFor();
    // From January 2023 the line makes nothing yet: its first step is March.
    expect(await row.locator('td').nth(4).textContent()).toBe('0 round');
    const lines = await started().api<Lines>('/api/v1/production-lines?limit=500');
    const created = lines.items.find((line) => line.name === 'Browser test line (synthetic)');
    expect(created).toBeDefined();

    await row.getByRole('button', { name: 'Edit Browser test line (synthetic)' }).click();
    const edit = page.getByRole('form', { name: 'Change Browser test line (synthetic)' });
    await edit.getByLabel('Step 1: from month').fill('2023-01');
    await edit.getByRole('button', { name: 'Save the line' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('1,500 round');
    const changed = await started().api<{ capacity_schedule: { from: string; per_month: number }[] }>(
      `/api/v1/production-lines/${created?.id}`,
    );
    expect(changed.capacity_schedule).toEqual([{ from: '2023-01', per_month: 1500 }]);
    expect(problems.filter((problem) => !problem.includes('422'))).toEqual([]);
  });

  it('reads the same in Ukrainian: the outage of the Valleyfield plant, axe clean at 1440 and 768 px', async () => {
    const { page, problems } = await started().open(`/capacity?item=${ammoId}&from=${AS_OF}&lang=uk`);
    await page.getByRole('heading', { level: 2, name: 'Виробничі потужності' }).waitFor();
    await page.locator('.capacity__chart svg').first().waitFor();
    await page.locator('table.capacity-lines tbody tr').first().waitFor();
    await page.getByRole('radio', { name: 'Завод' }).check();
    await page.locator('#outage-plant').selectOption('Valleyfield');
    await page.getByRole('button', { name: 'Запустити сценарій' }).click();
    const lost = page.getByTestId('units-lost-AMMO-155');
    await lost.waitFor();
    const expected = await started().send('POST', '/api/v1/risk/outage', {
      plant: 'Valleyfield',
      from: AS_OF,
      as_of: AS_OF,
      months: 24,
    });
    const outage = (await expected.json()) as Outage;
    const ammo = outage.items.find((entry) => entry.item.code === 'AMMO-155');
    expect(digits(await lost.textContent())).toBe(ammo?.total_capacity_lost);
    expect(await lost.textContent()).toContain('постріл');

    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'capacity-uk-1440', { fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'capacity-uk-768', { fullPage: true });
    expect(problems).toEqual([]);
  });

  it('a fuel (diesel) shows the Russian energy behind its pledges, the figures the API returns', async () => {
    const risk = await started().api<Risk>('/api/v1/risk');
    const dieselId = risk.items.find((entry) => entry.item.code === 'FUEL-DIESEL')?.item.id;
    if (!dieselId) throw new Error('the demo has no capacity data for FUEL-DIESEL');
    const one = await started().api<FuelRisk>(`/api/v1/risk?item_id=${dieselId}`);
    const energy = one.items[0]?.russian_energy;
    if (!energy) throw new Error('the API gives diesel no Russian energy figure');
    expect(energy.exposed_share).toBeGreaterThan(0);
    const { page, problems } = await started().open(`/capacity?item=${dieselId}&from=${AS_OF}&lang=en`);
    const summary = page.getByTestId('russian-energy-summary');
    await summary.waitFor();
    const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
    expect(await summary.textContent()).toContain(
      `Exposed share: ${percent.format(energy.exposed_share)} (of`,
    );
    expect(await summary.textContent()).toContain(`Unknown share: ${percent.format(energy.unknown_share)}`);
    await page.getByText('synthetic demo figures', { exact: false }).waitFor();
    expect(await page.locator('table.capacity-energy tbody tr').count()).toBe(energy.donors.length);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('russian-energy').screenshot({
      path: path.join(repoRoot, 'test-results/screenshots/capacity-energy-en.png'),
    });
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);

    // In Ukrainian at 768 px: the same figure, no horizontal scroll, axe clean.
    const uk = await started().open(`/capacity?item=${dieselId}&from=${AS_OF}&lang=uk`);
    await uk.page.setViewportSize({ width: 768, height: 1024 });
    const ukSummary = uk.page.getByTestId('russian-energy-summary');
    await ukSummary.waitFor();
    const ukPercent = new Intl.NumberFormat('uk', { style: 'percent', maximumFractionDigits: 1 });
    expect(await ukSummary.textContent()).toContain(ukPercent.format(energy.exposed_share));
    expect(
      await uk.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).toBeLessThanOrEqual(0);
    expect(await seriousViolations(uk.page)).toEqual([]);
    await uk.page.getByTestId('russian-energy').screenshot({
      path: path.join(repoRoot, 'test-results/screenshots/capacity-energy-uk-768.png'),
    });
    expect(uk.problems).toEqual([]);
  });

  it('signed out, shows the public figures and says why the outage scenario and the line form need an account', async () => {
    // The last test of the file: the browser profile forgets its session.
    await started().browser.clearCookies();
    const { page, problems } = await started().open(`/capacity?item=${ammoId}&from=${AS_OF}&lang=en`);
    await page.locator('.capacity__chart svg').first().waitFor();
    await page.locator('table.capacity-lines tbody tr').first().waitFor();
    expect(await page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run the scenario' }).count()).toBe(0);
    await page.getByText('Sign in to run an outage scenario.').waitFor();
    await page.getByText('Sign in to add a production line.').waitFor();
    // Another first month: the URL keeps it and the forecast starts there.
    await page.getByLabel('From month').fill('2023-03');
    await page.waitForURL((url) => url.searchParams.get('from') === '2023-03');
    await page.getByText('The forecast as a table').click();
    await page.getByTestId('forecast-table').locator('tbody tr').first().getByText('Mar 2023').waitFor();
    expect(problems).toEqual([]);
  });
});
