import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import {
  type BrowserWorld,
  describeBrowser,
  screenshot,
  signIn,
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

    // A CSV import goes to the API as text/csv; what it did is reported.
    await page
      .getByLabel('CSV text', { exact: false })
      .fill('currency,date,eur_per_unit,source\nSEK,2026-11-30,0.0871,Browser test CSV (synthetic)\n');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 1 rates: 1 new' }).waitFor();
    const imported = await started().api<{ items: { eur_per_unit: string }[] }>(
      '/api/v1/fx-rates?currency=SEK&from=2026-11-30&to=2026-11-30',
    );
    expect(imported.items).toEqual([expect.objectContaining({ eur_per_unit: '0.0871' })]);

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

  it('a coordinator reviews a flagged pair of pledges side by side and marks it not a duplicate; the queue passes axe in both languages', async () => {
    // Two pledges of one donor and item, five days and 5 % apart: the pair is flagged.
    const pledges = await started().api<{ items: { donor_org_id: string; item_id: string }[] }>(
      '/api/v1/pledges?limit=1',
    );
    const model = pledges.items[0];
    if (!model) throw new Error('the demo has no pledges');
    const created: string[] = [];
    for (const [quantity, announced_on] of [
      [1000, '2022-11-20'],
      [1050, '2022-11-25'],
    ] as const) {
      const response = await started().send('POST', '/api/v1/pledges', {
        donor_org_id: model.donor_org_id,
        item_id: model.item_id,
        quantity,
        announced_on,
        conditions: 'browser test: a possible duplicate (synthetic)',
      });
      expect(response.status, await response.clone().text()).toBe(201);
      created.push(((await response.json()) as { id: string }).id);
    }
    const [first, second] = created as [string, string];
    const open = await started().api<{
      items: { id: string; pledge: { id: string }; other_pledge: { id: string } }[];
    }>('/api/v1/duplicates?status=open&limit=500');
    const index = open.items.findIndex((flag) =>
      [flag.pledge.id, flag.other_pledge.id].every((id) => created.includes(id)),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(50);
    const flagId = open.items[index]?.id;

    const { page, problems } = await started().open('/duplicates?lang=en');
    await page.getByRole('heading', { level: 2, name: 'Possible duplicate pledges' }).waitFor();
    const card = page
      .locator('article.duplicate-card')
      .filter({ has: page.locator(`a[href="/pledges/${first}"]`) })
      .filter({ has: page.locator(`a[href="/pledges/${second}"]`) });
    await card.waitFor();
    // Side by side: the quantities differ and are marked so; donor and item are the same.
    const quantityRow = card.locator('tbody tr').filter({ hasText: 'Quantity' });
    expect(await quantityRow.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['1,000', '1,050']),
    );
    expect(await quantityRow.textContent()).toContain('(differs)');
    expect(await card.locator('tbody tr').filter({ hasText: 'Donor' }).textContent()).not.toContain(
      '(differs)',
    );
    await screenshot(page, 'registry-duplicate-pair');

    await card.getByRole('button', { name: 'Not a duplicate' }).click();
    await page.getByRole('status').filter({ hasText: 'Marked as not a duplicate.' }).waitFor();
    await card.waitFor({ state: 'detached' });
    const dismissed = await started().api<{
      items: { id: string; status: string; reviewed_by: string | null }[];
    }>('/api/v1/duplicates?status=dismissed&limit=500');
    expect(dismissed.items.find((flag) => flag.id === flagId)).toMatchObject({ status: 'dismissed' });

    expect(await inspect(page, 'duplicates', '/duplicates?status=all')).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('a coordinator creates an API token: the secret is shown once, then only its masked prefix; the token works', async () => {
    const { page, problems } = await started().open('/?lang=en');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 2, name: 'API tokens' }).waitFor();
    await page.getByLabel('Name', { exact: false }).fill('Browser test feed');
    await page.getByLabel('Role', { exact: false }).selectOption('analyst');
    await page.getByLabel('Valid for (days)', { exact: false }).fill('7');
    await page.getByRole('button', { name: 'Create the token' }).click();

    const secretBox = page.locator('#token-secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, 'registry-token-secret');
    const row = page.locator('table.data-table tbody tr').filter({ hasText: 'Browser test feed' });
    await row.waitFor();
    const masked = (await row.locator('code').textContent()) ?? '';
    expect(masked).toMatch(/•+$/);
    expect(secret.startsWith(masked.replace(/•+$/, ''))).toBe(true);
    expect(masked).not.toContain(secret);

    // The token works as a Bearer token: an analyst reads public data with it.
    const answer = await fetch(`${started().baseUrl}/api/v1/needs?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(answer.status).toBe(200);

    // Once dismissed, and after a reload, the secret is nowhere on the page: only the masked prefix.
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.body.innerHTML)).not.toContain(secret);
    await page.reload();
    await row.waitFor();
    expect(await page.evaluate(() => document.body.innerHTML)).not.toContain(secret);
    expect(await row.locator('code').textContent()).toBe(masked);

    // Revoke it: it stops working.
    await row.getByRole('button', { name: 'Revoke Browser test feed' }).click();
    await row.getByText('revoked').waitFor();
    const refused = await fetch(`${started().baseUrl}/api/v1/needs?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(refused.status).toBe(401);

    expect(await inspect(page, 'tokens', '/admin/tokens')).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  it('an admin creates an account and disables it; accounts, tokens and backups tabs pass axe in both languages', async () => {
    // Sign out on the overview (an account page would send the signed-out reader to /login at once).
    const { page, problems } = await started().open('/?lang=en', { allowFailedResources: true });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.locator('.user-panel__name').waitFor({ state: 'detached' });
    await signIn(page, 'admin');
    await page.goto(`${started().baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 2, name: 'Accounts' }).waitFor();
    const organisations = await started().api<{ items: { id: string; name: string }[] }>(
      '/api/v1/organisations?limit=1',
    );
    const organisation = organisations.items[0];
    if (!organisation) throw new Error('the demo has no organisations');

    await page.getByLabel('Email').fill('new.analyst@demo.aidgrid.test');
    await page.getByLabel('Name', { exact: false }).fill('New analyst (synthetic)');
    await page.getByLabel('Organisation', { exact: false }).selectOption(organisation.id);
    await page.getByLabel('Role', { exact: false }).selectOption('analyst');
    await page.getByLabel('First password', { exact: false }).fill('a-long-browser-test-passphrase');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Account new.analyst@demo.aidgrid.test created.' })
      .waitFor();
    const row = page
      .locator('table.data-table tbody tr')
      .filter({ hasText: 'new.analyst@demo.aidgrid.test' });
    await row.getByText('active').waitFor();
    await row.getByRole('button', { name: 'Disable new.analyst@demo.aidgrid.test' }).click();
    await row.getByText('disabled').waitFor();
    const login = await fetch(`${started().baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'new.analyst@demo.aidgrid.test',
        password: 'a-long-browser-test-passphrase',
      }),
    });
    expect(login.status).not.toBe(200);

    expect([
      ...(await inspect(page, 'users', '/admin/users')),
      ...(await inspect(page, 'admin-tokens', '/admin/tokens')),
      ...(await inspect(page, 'backups', '/admin/backups')),
    ]).toEqual([]);
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  }, 120_000);
});
