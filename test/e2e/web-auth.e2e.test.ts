import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Need } from '../../src/core/needs/need.schema.js';
import {
  type BrowserWorld,
  DEMO_PASSWORD,
  demoEmail,
  describeBrowser,
  screenshot,
  signIn,
  startBrowserWorld,
} from '../support/browser.js';

const SIGNED_OUT = 'Signed out — showing public data only.';
const WRONG = 'The email address or the password is not right.';

describeBrowser('web UI sign-in in Chromium', () => {
  let world: BrowserWorld | undefined;

  function started(): BrowserWorld {
    if (!world) throw new Error('the browser world did not start');
    return world;
  }

  /** A tab on `url`; a refused sign-in answers 401 on purpose, so failed resources are allowed. */
  function open(url: string) {
    return started().open(url, { allowFailedResources: true });
  }

  async function typeCredentials(page: Page, email: string, password: string): Promise<void> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** What GET /auth/session answers to the page, cookie included. */
  function sessionSeenBy(
    page: Page,
  ): Promise<{ status: number; body: { csrf_token?: string; code?: string } }> {
    return page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/session', { credentials: 'same-origin' });
      return { status: response.status, body: await response.json() };
    });
  }

  beforeAll(async () => {
    world = await startBrowserWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  // Every test starts signed out: the tabs share one browser profile.
  beforeEach(async () => {
    await started().browser.clearCookies();
  });

  it('refuses a wrong password, and says the same for an address without an account', async () => {
    const { page, problems } = await open('/login');
    await typeCredentials(page, demoEmail('coordinator'), 'not-the-password-at-all');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(WRONG);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await screenshot(page, 'login-wrong-password');

    await typeCredentials(page, 'nobody-here@demo.aidgrid.test', 'not-the-password-at-all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(WRONG);
    expect(page.url()).toMatch(/\/login$/);
    expect(await page.locator('.user-panel__sign-in').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says how long to wait when the API throttles sign-in attempts', async () => {
    const { page, problems } = await open('/login');
    await page.route('**/api/v1/auth/login', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'retry-after': '90', 'content-type': 'application/problem+json' },
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Too Many Requests',
          status: 429,
          code: 'too_many_attempts',
          detail: 'too many failed sign-ins; try again later',
        }),
      }),
    );
    await typeCredentials(page, demoEmail('coordinator'), DEMO_PASSWORD);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Too many sign-in attempts\. Wait 1 min (29|30) s/);
    const button = page.getByRole('button', { name: /^Sign in \(wait/ });
    expect(await button.isDisabled()).toBe(true);
    await screenshot(page, 'login-throttled');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('browses public data signed out, signs in from the header and comes back signed in', async () => {
    const { page, problems } = await open('/needs');
    await page.getByText(SIGNED_OUT).waitFor();
    // The action is shown, disabled, with the reason.
    expect(await page.locator('.action-gate__reason').textContent()).toBe('Sign in to post a need.');
    await page.locator('table.data-table tbody tr').first().waitFor();
    await screenshot(page, 'needs-signed-out');

    // A public need's page shows its record; its audit trail is for members, with a way to sign in.
    await page.locator('table.data-table tbody tr a.row-link').first().click();
    await page.getByText('Only signed-in members can see the history.').waitFor();
    await screenshot(page, 'need-detail-signed-out', { fullPage: true });
    await page.goto(`${started().baseUrl}/`);
    await page.locator('table.gap-table tbody tr').first().waitFor();
    await page.locator('.overview-charts .echart svg').first().waitFor();
    expect(await page.locator('.overview-charts .chart-card__error').count()).toBe(0);
    await screenshot(page, 'overview-signed-out');
    await page.goto(`${started().baseUrl}/needs`);
    await page.locator('table.data-table tbody tr').first().waitFor();

    await page.locator('.user-panel__sign-in').click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/needs');
    await screenshot(page, 'login');
    await typeCredentials(page, demoEmail('coordinator'), DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/needs');

    const session = await sessionSeenBy(page);
    expect(session.status).toBe(200);
    const panel = page.locator('.user-panel');
    await panel.locator('.user-panel__name').waitFor();
    const user = (session.body as unknown as { user: { display_name: string; org_id: string } }).user;
    expect(await panel.locator('.user-panel__name').textContent()).toBe(user.display_name);
    const organisation = await started().api<{ name: string }>(`/api/v1/organisations/${user.org_id}`);
    await page.waitForFunction(
      (name) => document.querySelector('.user-panel__org')?.textContent === name,
      organisation.name,
    );
    expect(await panel.locator('.user-panel__role').textContent()).toBe('coordinator');
    expect(await panel.locator('.user-panel__clearance').textContent()).toBe('clearance: restricted');
    expect(await page.getByText(SIGNED_OUT).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New need' }).isVisible()).toBe(true);
    await screenshot(page, 'needs-signed-in');
    // On a tablet the user and the API status move to their own row under the title.
    await page.setViewportSize({ width: 768, height: 1024 });
    const header = await page.locator('.app-header').boundingBox();
    const title = await page.locator('.app-header h1').boundingBox();
    const panelBox = await page.locator('.user-panel').boundingBox();
    if (!header || !title || !panelBox) throw new Error('the header is not laid out');
    expect(panelBox.y).toBeGreaterThanOrEqual(title.y + title.height);
    expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(header.x + header.width);
    await screenshot(page, 'header-tablet');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sends the session’s CSRF token with a write, and the API refuses a write without it', async () => {
    const { page, problems } = await open('/');
    await signIn(page, 'coordinator');
    const csrf = (await sessionSeenBy(page)).body.csrf_token;
    expect(csrf).toBeTruthy();

    const needs = await started().api<{ items: Need[] }>('/api/v1/needs?status=open&limit=1', {
      as: 'coordinator',
    });
    const need = needs.items[0];
    if (!need) throw new Error('the demo has no open need');
    await page.goto(`${started().baseUrl}/needs/${need.id}/edit`);
    const quantity = page.getByLabel('Quantity');
    await quantity.waitFor();
    await quantity.fill(String(need.quantity + 3));
    const patch = page.waitForRequest((request) => request.method() === 'PATCH');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect((await patch).headers()['x-csrf-token']).toBe(csrf);
    await page.waitForURL(new RegExp(`/needs/${need.id}$`));
    const stored = await started().api<Need>(`/api/v1/needs/${need.id}`, { as: 'coordinator' });
    expect(stored.quantity).toBe(need.quantity + 3);

    // The same write without the header: the cookie alone does not do.
    const refused = await page.evaluate(
      async ({ id, version }) => {
        const response = await fetch(`/api/v1/needs/${id}`, {
          method: 'PATCH',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
          body: JSON.stringify({ quantity: 1 }),
        });
        return { status: response.status, body: await response.json() };
      },
      { id: need.id, version: stored.version },
    );
    expect(refused).toMatchObject({ status: 403, body: { code: 'csrf_failed' } });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sends a write whose session has gone to sign in, and back to the form afterwards', async () => {
    const needs = await started().api<{ items: Need[] }>('/api/v1/needs?status=open&limit=1', {
      as: 'coordinator',
    });
    const need = needs.items[0];
    if (!need) throw new Error('the demo has no open need');
    const { page, problems } = await open('/');
    await signIn(page, 'coordinator');
    await page.goto(`${started().baseUrl}/needs/${need.id}/edit`);
    await page.getByLabel('Quantity').waitFor();
    // The session ends behind the page's back (as when it times out or is ended elsewhere).
    await started().browser.clearCookies();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/login' && url.searchParams.get('next') === `/needs/${need.id}/edit`,
    );
    await page.getByText('Your session was ended').waitFor();
    await typeCredentials(page, demoEmail('coordinator'), DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === `/needs/${need.id}/edit`);
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the session in a __Host- cookie that is HttpOnly, Secure and SameSite=Lax', async () => {
    const { page } = await open('/');
    await signIn(page, 'coordinator');
    const cookies = await started().browser.cookies(started().baseUrl);
    const session = cookies.find((cookie) => cookie.name === '__Host-aidgrid_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(session?.domain).toBe(new URL(started().baseUrl).hostname);
    // HttpOnly: scripts of the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('aidgrid_session');
    await page.close();
  });

  it('signs out to public data only, stays signed out after a reload, and sends account pages to sign in', async () => {
    const { page, problems } = await open('/pledges');
    await signIn(page, 'coordinator');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText(SIGNED_OUT).waitFor();
    expect(await page.locator('.user-panel__sign-in').isVisible()).toBe(true);
    expect((await sessionSeenBy(page)).status).toBe(401);
    await page.locator('table.data-table tbody tr').first().waitFor();
    await screenshot(page, 'pledges-signed-out');

    await page.reload();
    await page.getByText(SIGNED_OUT).waitFor();
    expect(await page.locator('.user-panel__name').count()).toBe(0);

    await page.goto(`${started().baseUrl}/needs/new`);
    await page.waitForURL(
      (url) => url.pathname === '/login' && url.searchParams.get('next') === '/needs/new',
    );
    await typeCredentials(page, demoEmail('recipient'), DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/needs/new');
    await page.getByRole('button', { name: 'Create need' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('ends every session of the user with “sign out everywhere”', async () => {
    const other = await fetch(`${started().baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demoEmail('donor'), password: DEMO_PASSWORD }),
    });
    expect(other.status).toBe(200);
    const otherCookie = (other.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const sessionOf = (cookie: string) =>
      fetch(`${started().baseUrl}/api/v1/auth/session`, { headers: { cookie } }).then((r) => r.status);
    expect(await sessionOf(otherCookie)).toBe(200);

    const { page, problems } = await open('/');
    await signIn(page, 'donor');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByText(SIGNED_OUT).waitFor();
    expect(await sessionOf(otherCookie)).toBe(401);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('explains what a role may not do, and says so when a session has expired', async () => {
    const { page, problems } = await open('/needs');
    await signIn(page, 'analyst');
    const reason = page.locator('.action-gate__reason');
    await reason.waitFor();
    expect(await reason.textContent()).toBe(
      'Your role (analyst) may not post a need; coordinators and recipients may.',
    );
    await page.goto(`${started().baseUrl}/pledges/new`);
    await page
      .getByText('Your role (analyst) may not record a pledge; coordinators and donors may.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Create pledge' }).count()).toBe(0);
    await screenshot(page, 'pledge-form-analyst');
    // Plans are not offered to an analyst; the address itself says why.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Plans' }).count()).toBe(0);
    await page.goto(`${started().baseUrl}/plans`);
    await page
      .getByText('Your role (analyst) may not see allocation plans; admins and coordinators may.')
      .waitFor();

    // The UI asks GET /auth/state (200 whether or not signed in); an ended session says `ended`.
    await page.route('**/api/v1/auth/state', (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ signed_in: false, session: null, ended: true, preferences: null }),
      }),
    );
    await page.goto(`${started().baseUrl}/needs`);
    await page.getByText('Your session expired: signed out — showing public data only.').waitFor();
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.getByText('Your session expired. Sign in again to continue.').waitFor();
    await screenshot(page, 'login-session-expired');
    expect(problems).toEqual([]);
    await page.close();
  });
});
