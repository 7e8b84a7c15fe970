import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type BrowserWorld,
  describeBrowser,
  screenshot,
  signIn,
  startBrowserWorld,
} from '../support/browser.js';

describeBrowser('web UI backups panel in Chromium', () => {
  let world: BrowserWorld | undefined;

  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows admins the backup state, and leaves Backups out of everyone else’s navigation', async () => {
    if (!world) throw new Error('the browser world did not start');
    // Signed out, the session check answers 401 on purpose.
    const { page, problems } = await world.open('/', { allowFailedResources: true });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Backups' }).count()).toBe(0);

    await signIn(page, 'coordinator');
    expect(await nav.getByRole('link', { name: 'Backups' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.locator('.user-panel__name').waitFor({ state: 'detached' });

    await signIn(page, 'admin');
    // Backups is a tab of the Admin section, beside accounts and API tokens.
    await nav.getByRole('link', { name: 'Admin' }).click();
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Backups' })
      .click();
    await page.getByRole('heading', { name: 'Backups' }).waitFor();
    const fields = page.locator('.detail-fields');
    await expect.poll(() => fields.textContent()).toContain('Last verified restore');
    const text = (await fields.textContent()) ?? '';
    expect(text).toContain('off (aidgrid backup schedule --daily HH:MM)');
    expect(text).toContain('none yet');
    await page.getByText('No base backup or restore test has run yet.').waitFor();
    await screenshot(page, 'admin-backups');
    expect(problems).toEqual([]);
  });
});
