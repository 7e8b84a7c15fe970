import { afterAll, beforeAll, expect, it } from 'vitest';
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
});
