import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PlanRun } from '../../src/core/planning/plan.schema.js';
import { type BrowserWorld, describeBrowser, screenshot, startBrowserWorld } from '../support/browser.js';

/**
 * The inbox in Chromium: the demo's recipient is signed in; a coordinator plans and accepts a plan
 * through the API; the recipient's bell counts the news and the inbox says "Your need … was
 * allocated …" for a need of the recipient's organisation that the plan allocated, linking to it.
 */
describeBrowser('web UI inbox in Chromium (signed in as recipient)', () => {
  let world: BrowserWorld | undefined;

  function started(): BrowserWorld {
    if (!world) throw new Error('the browser world did not start');
    return world;
  }

  beforeAll(async () => {
    world = await startBrowserWorld({ signedInAs: 'recipient' });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('tells the recipient that its need was allocated after a coordinator accepts a plan', async () => {
    const w = started();
    const { page, problems } = await w.open('/inbox');
    await page.locator('#inbox-title').waitFor();
    const before = await w.api<{ unread: number }>('/api/v1/notifications/unread');

    const startedRun = await w.send(
      'POST',
      '/api/v1/plans',
      { method: 'greedy', start_week: '2022-W47', horizon: 26 },
      {
        as: 'coordinator',
      },
    );
    expect(startedRun.status, await startedRun.clone().text()).toBe(202);
    const { id } = (await startedRun.json()) as PlanRun;
    let run = await w.api<PlanRun>(`/api/v1/plans/${id}`, { as: 'coordinator' });
    for (let i = 0; i < 1200 && (run.status === 'queued' || run.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = await w.api<PlanRun>(`/api/v1/plans/${id}`, { as: 'coordinator' });
    }
    expect(run.status).toBe('succeeded');
    const accepted = await w.send('POST', `/api/v1/plans/${id}/accept`, {}, { as: 'coordinator' });
    expect(accepted.status, await accepted.clone().text()).toBe(200);

    // The recipient's organisation and the needs of it the plan allocated.
    const me = await w.api<{ user: { org_id: string } }>('/api/v1/auth/session');
    const needIds = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { need_id: string }[]; next_cursor: string | null } = await w.api(
        `/api/v1/plans/${id}/allocations?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'coordinator' },
      );
      for (const a of page.items) needIds.add(a.need_id);
      cursor = page.next_cursor;
    } while (cursor);
    const mine: string[] = [];
    for (const needId of needIds) {
      const need = await w.api<{ recipient_org_id: string }>(`/api/v1/needs/${needId}`, {
        as: 'coordinator',
      });
      if (need.recipient_org_id === me.user.org_id) mine.push(needId);
    }
    expect(mine.length, 'the demo plan allocates to a need of the demo recipient').toBeGreaterThan(0);

    // The bell counts the news (it asks every 30 s: a reload asks now), and the inbox tells it.
    await page.reload();
    const bell = page.locator('.notification-bell');
    await bell.waitFor();
    await page.waitForFunction(
      (least) => Number(document.querySelector('[data-testid="unread-count"]')?.textContent ?? 0) > least,
      before.unread,
      { timeout: 60_000 },
    );
    const allocated = page.locator('.inbox__item a', { hasText: /^Your need .+ was allocated / }).first();
    await allocated.waitFor({ timeout: 60_000 });
    const href = await allocated.getAttribute('href');
    expect(mine.map((needId) => `/needs/${needId}`)).toContain(href);
    await screenshot(page, 'inbox');

    // Marking everything read empties the bell.
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.locator('[data-testid="unread-count"]').waitFor({ state: 'detached' });
    expect((await w.api<{ unread: number }>('/api/v1/notifications/unread')).unread).toBe(0);
    expect(problems).toEqual([]);
  });
});
