import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { type BrowserWorld, describeBrowser, screenshot, startBrowserWorld } from '../support/browser.js';

// Issue 17's acceptance flow in Chromium: a coordinator records a strike, sees the needs the rules
// derive from it (with their arithmetic) and the region's figure change on the map, then proposes
// and accepts an allocation to one of those needs. Every new screen is checked with axe-core in
// English and Ukrainian, photographed at 1440×900 and 768×1024, and must not scroll sideways at 768 px.

interface Region {
  id: string;
  code: string;
  name: string;
}
interface Need {
  id: string;
  reference: string;
  item_id: string;
  quantity: number;
  stages: { allocated: number; met: number };
}
interface Pledge {
  id: string;
  status: string;
  stages: { committed: number; allocated: number };
}
interface Readiness {
  regions: { region_id: string; people_without_heat: number }[];
}

/** Waits until nothing on the page is still loading. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor();
  await page
    .waitForFunction(() => !document.querySelector('.state--loading'), undefined, { timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

describeBrowser('incidents and allocations in Chromium (demo)', () => {
  let world: BrowserWorld | undefined;
  const started = () => {
    if (!world) throw new Error('the browser world did not start');
    return world;
  };
  // Filled by the first test, walked by the last.
  let incidentId = '';
  let needId = '';
  let allocationId = '';

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('records a strike in the browser, sees its derived needs with their arithmetic, and the region on the heat map', async () => {
    const { as_of: today } = await started().api<{ as_of: string }>('/api/v1/clock');
    const regions = (await started().api<{ items: Region[] }>('/api/v1/regions?limit=500')).items;
    const readiness = await started().api<Readiness>(`/api/v1/readiness?as_of=${today}`);
    // A region on the readiness report where nobody is without heat yet: the map's figure is the strike's own.
    const calm = readiness.regions.find((row) => row.people_without_heat === 0);
    const region = regions.find((candidate) => candidate.id === calm?.region_id);
    if (!region) throw new Error('every demo region already has people without heat');
    const gapOf = async () => {
      const gap = await started().api<{ groups: { key: string; value: { unmet: { amount: string } } }[] }>(
        '/api/v1/gaps?by=region',
      );
      return Number(gap.groups.find((group) => group.key === region.id)?.value.unmet.amount ?? 0);
    };
    const unmetBefore = await gapOf();

    const { page, problems } = await started().open('/incidents');
    await settled(page);
    await page.getByRole('link', { name: 'Record an incident' }).click();
    await page.waitForURL('**/incidents/new');
    await settled(page);
    await screenshot(page, 'incident-form-empty', { fullPage: true });
    await page.getByLabel('Title').fill('Browser test: strike on the heating plant (synthetic)');
    await page.getByLabel('Day (UTC)').fill(today);
    await page.getByLabel('Time (UTC)').fill('06:30');
    await page.getByLabel('Region (row 1)').selectOption(region.id);
    await page.getByLabel('Service (row 1)').selectOption('heat');
    await page.getByLabel('People without it (row 1)').fill('25000');
    await screenshot(page, 'incident-form-filled', { fullPage: true });
    await page.getByRole('button', { name: 'Record and derive needs' }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    incidentId = new URL(page.url()).pathname.split('/').at(-1) ?? '';

    // The needs the rules derived, as the API lists them, each shown with its arithmetic.
    const derived = (await started().api<{ items: Need[] }>(`/api/v1/needs?incident_id=${incidentId}`)).items;
    expect(derived.length).toBeGreaterThanOrEqual(2);
    const shown = page.getByTestId('derived-need');
    await shown.first().waitFor();
    expect(await shown.count()).toBe(derived.length);
    for (const need of derived) {
      await expect.poll(() => shown.filter({ hasText: need.reference }).count()).toBe(1);
    }
    // HEAT-GEN-30KVA: ceil(25,000 / 10,000) = 3 units × 4 generators = 12; restoration unknown.
    const generators = shown.filter({ hasText: 'HEAT-GEN-30KVA' });
    await expect
      .poll(() => generators.textContent())
      .toContain('25,000 ÷ 10,000 people per unit, rounded up = 3 units');
    expect(await generators.textContent()).toContain('= 12');
    const generatorNeed = derived.find((need) => need.quantity === 12);
    if (!generatorNeed) throw new Error(`no derived need of 12 generators: ${JSON.stringify(derived)}`);
    needId = generatorNeed.id;
    await screenshot(page, 'incident-detail', { fullPage: true });
    // Deriving again (as after a change of rules) finds the same needs and changes none of them.
    await page.getByRole('button', { name: 'Derive again' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Derived again: ${derived.length} needs, 0 changed.` })
      .waitFor();
    await expect.poll(() => shown.count()).toBe(derived.length);

    // The region's people without heat on the map's table, and the gap's unmet value, grew.
    await page.goto(`${started().baseUrl}/map?figure=heat`);
    await settled(page);
    const row = page.locator('tr', { has: page.locator('td', { hasText: new RegExp(`^${region.code}$`) }) });
    await expect.poll(() => row.textContent()).toContain('25,000');
    expect(await gapOf()).toBeGreaterThan(unmetBefore);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('proposes an allocation from the derived need and accepts it', async () => {
    expect(needId).not.toBe('');
    const need = await started().api<Need>(`/api/v1/needs/${needId}`);
    const pledges = (
      await started().api<{ items: Pledge[] }>(`/api/v1/pledges?item_id=${need.item_id}&limit=500`)
    ).items;
    const pledge = pledges.find(
      (candidate) =>
        candidate.status !== 'cancelled' &&
        candidate.status !== 'expired' &&
        candidate.stages.committed - candidate.stages.allocated >= 2,
    );
    if (!pledge) throw new Error('no demo pledge of the item has 2 committed units free');

    const { page, problems } = await started().open(`/needs/${needId}`);
    await settled(page);
    await page.getByRole('link', { name: 'Propose allocation' }).click();
    await page.waitForURL(`**/allocations/new?need=${needId}`);
    await page.getByLabel('Pledge').selectOption(pledge.id);
    await page.getByLabel(/^Quantity/).fill('2');
    await page.getByRole('button', { name: 'Propose', exact: true }).click();
    await page.waitForURL(/\/allocations\/[0-9a-f-]{36}$/);
    allocationId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await page.getByRole('heading', { level: 2, name: /\(Proposed\)$/ }).waitFor();
    await screenshot(page, 'allocation-proposed', { fullPage: true });

    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'The allocation is accepted' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /\(Accepted\)$/ }).waitFor();
    // Accepted: the need's allocated quantity grew by 2, and only Release is left to do.
    expect((await started().api<Need>(`/api/v1/needs/${needId}`)).stages.allocated).toBe(
      need.stages.allocated + 2,
    );
    expect(await page.getByRole('button', { name: 'Accept', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Release', exact: true }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows every new screen without a serious axe finding in English and Ukrainian, and without sideways scrolling at 768 px', async () => {
    expect(allocationId).not.toBe('');
    const screens = [
      ['incidents', '/incidents'],
      ['incident', `/incidents/${incidentId}`],
      ['incident-new', '/incidents/new'],
      ['incident-edit', `/incidents/${incidentId}/edit`],
      ['allocations', '/allocations'],
      ['allocation', `/allocations/${allocationId}`],
      ['allocation-new', `/allocations/new?need=${needId}`],
    ] as const;
    const findings: string[] = [];
    const { page, problems } = await started().open('/');
    for (const locale of ['en', 'uk'] as const) {
      for (const [name, url] of screens) {
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.goto(`${started().baseUrl}${url}${url.includes('?') ? '&' : '?'}lang=${locale}`);
        await settled(page);
        const lang = await page.evaluate(() => document.documentElement.lang);
        if (lang !== locale) findings.push(`${url}: lang is ${lang}`);
        for (const violation of await seriousViolations(page))
          findings.push(`${url} [${locale}] axe: ${violation}`);
        await screenshot(page, `incidents-${name}-${locale}-1440`, { fullPage: true });
        await page.setViewportSize({ width: 768, height: 1024 });
        await page.waitForTimeout(200);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        if (overflow > 0) findings.push(`${url} [${locale}] scrolls sideways by ${overflow} px at 768 px`);
        await screenshot(page, `incidents-${name}-${locale}-768`, { fullPage: true });
      }
    }
    expect(findings).toEqual([]);
    expect(problems.filter((problem) => !problem.includes('status of 503'))).toEqual([]);
    await page.close();
  }, 300_000);
});
