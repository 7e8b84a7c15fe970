import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Item } from '../../src/core/items/item.schema.js';
import type { Need } from '../../src/core/needs/need.schema.js';
import type { Organisation } from '../../src/core/organisations/organisation.schema.js';
import type { Region } from '../../src/core/regions/region.schema.js';
import { type BrowserWorld, describeBrowser, startBrowserWorld } from '../support/browser.js';

/*
 * Issue 16 in the browser: days are shown and typed as ISO 8601 whatever the browser's language,
 * and a record's page names who created and changed it, and a need by its reference.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describeBrowser('web UI: ISO days and names', () => {
  let world: BrowserWorld | undefined;
  const started = (): BrowserWorld => {
    if (!world) throw new Error('the browser world did not start');
    return world;
  };

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'coordinator' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('names who created a record, and a need by its reference', async () => {
    const [item] = (await started().api<{ items: Item[] }>('/api/v1/items?limit=1')).items;
    const [org] = (await started().api<{ items: Organisation[] }>('/api/v1/organisations?limit=1')).items;
    const [region] = (await started().api<{ items: Region[] }>('/api/v1/regions?limit=1')).items;
    const response = await started().send('POST', '/api/v1/needs', {
      recipient_org_id: org?.id,
      region_id: region?.id,
      item_id: item?.id,
      quantity: 3,
      priority: 'low',
      needed_by: '2027-01-15',
    });
    expect(response.status).toBe(201);
    const need = (await response.json()) as Need;
    const history = await started().api<{ items: { actor: string; actor_name: string }[] }>(
      `/api/v1/needs/${need.id}/history`,
    );
    const creator = history.items[0] as { actor: string; actor_name: string };
    expect(creator.actor).toMatch(UUID);

    const { page, problems } = await started().open(`/needs/${need.id}`);
    const created = page.locator('.detail-fields__row', { hasText: 'Created' }).locator('dd');
    await created.getByText(creator.actor_name).waitFor();
    expect(await created.textContent()).not.toContain(creator.actor);
    expect(await page.locator('.detail__head').textContent()).toContain(need.reference);
    expect(problems).toEqual([]);
  });

  it('shows and takes days as YYYY-MM-DD, with a sentence and an example for anything else', async () => {
    const readiness = await started().open('/readiness');
    const asOf = readiness.page.locator('#readiness-as-of');
    await asOf.waitFor();
    expect(await asOf.getAttribute('type')).toBe('text');
    await expect.poll(() => asOf.inputValue()).toBe('2022-11-24');
    await readiness.page.close();

    const { page } = await started().open('/needs/new', { allowFailedResources: true });
    const neededBy = page.getByLabel('Needed by');
    await neededBy.waitFor();
    expect(await neededBy.getAttribute('placeholder')).toBe('YYYY-MM-DD');
    await neededBy.fill('24/11/2022');
    await page.getByRole('button', { name: 'Create need' }).click();
    const error = page.locator('#field-needed_by-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/YYYY-MM-DD.*2022-11-24/);
  });
});
