import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Allocation } from '../../src/core/allocations/allocation.schema.js';
import type { Need } from '../../src/core/needs/need.schema.js';
import type { Receipt } from '../../src/core/shipments/receipt.schema.js';
import type { Shipment, ShipmentLine } from '../../src/core/shipments/shipment.schema.js';
import { seriousViolations } from '../support/axe.js';
import {
  type BrowserWorld,
  describeBrowser,
  screenshot,
  signIn,
  startBrowserWorld,
} from '../support/browser.js';

// Issue 17: shipments and receipts in the browser. Signed out, the empty list says what signing in
// adds; signed in as a coordinator: prepare a shipment with a first line, add a second, dispatch,
// receive with one line damaged, and see the discrepancy; axe and screenshots on the new screens.

interface Page_<T> {
  items: T[];
  next_cursor: string | null;
}

/** Waits until nothing on the page is still loading. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.state--loading'), undefined, {
    timeout: 15_000,
  });
  await page.waitForTimeout(300);
}

describeBrowser('shipments and receipts in Chromium (demo)', () => {
  let world: BrowserWorld | undefined;
  const started = () => {
    if (!world) throw new Error('the browser world did not start');
    return world;
  };
  const asCoordinator = <T>(url: string) => started().api<T>(url, { as: 'coordinator' });

  /** In each language, at 1440×900 and 768×1024: axe findings, sideways scrolling, screenshots. */
  async function inspect(page: Page, name: string): Promise<string[]> {
    const findings: string[] = [];
    const url = new URL(page.url());
    for (const locale of ['uk', 'en'] as const) {
      url.searchParams.set('lang', locale);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(url.toString());
      await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
      await settled(page);
      for (const violation of await seriousViolations(page))
        findings.push(`${name} [${locale}] axe: ${violation}`);
      await screenshot(page, `shipments-${name}-${locale}-1440`, { fullPage: true });
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0)
        findings.push(`${name} [${locale}] at 768 px the page scrolls sideways by ${overflow} px`);
      await screenshot(page, `shipments-${name}-${locale}-768`, { fullPage: true });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    return findings;
  }

  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('signed out, with no public shipment, says what signing in adds rather than that none is recorded', async () => {
    const visible = await started().api<Page_<Shipment>>('/api/v1/shipments?limit=1', { as: 'anonymous' });
    const all = await asCoordinator<Page_<Shipment>>('/api/v1/shipments?limit=1');
    expect(visible.items).toEqual([]);
    expect(all.items.length).toBe(1);
    const { page, problems } = await started().open('/shipments');
    await page.getByText('No shipment is public yet: signed in, you also see').waitFor();
    expect(await page.getByText('No shipments are recorded yet.').count()).toBe(0);
    // Preparing one is offered, disabled, with the reason.
    expect(await page.locator('.action-gate__reason').textContent()).toBe('Sign in to prepare a shipment.');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('prepares a shipment, adds a line, dispatches it, receives it with one line damaged and shows the discrepancy', async () => {
    // Two accepted allocations with goods left to ship, to needs in the same region.
    const accepted = await asCoordinator<Page_<Allocation>>('/api/v1/allocations?status=accepted&limit=500');
    const open = accepted.items.filter(
      (allocation) => allocation.quantity - allocation.shipped_quantity >= 2,
    );
    const byRegion = new Map<string, { allocation: Allocation; need: Need }[]>();
    for (const allocation of open.slice(0, 60)) {
      const need = await asCoordinator<Need>(`/api/v1/needs/${allocation.need_id}`);
      byRegion.set(need.region_id, [...(byRegion.get(need.region_id) ?? []), { allocation, need }]);
    }
    const pair = [...byRegion.values()].find((choices) => choices.length >= 2);
    if (!pair) throw new Error('the demo has no region with two accepted allocations left to ship');
    const [first, second] = pair as [(typeof pair)[number], (typeof pair)[number]];
    const region = first.need.region_id;

    const { page, problems } = await started().open('/shipments');
    await signIn(page, 'coordinator');
    await page.getByRole('link', { name: 'Prepare a shipment' }).click();
    await page.waitForURL('**/shipments/new');
    await page.getByRole('heading', { level: 2, name: 'Prepare a shipment' }).waitFor();
    // The form's own check names what is missing before anything is sent.
    await page.getByRole('button', { name: 'Prepare the shipment' }).click();
    await page.locator('#field-reference-error').waitFor();

    await page.locator('#field-destination_region_id').selectOption(region);
    await page.locator(`#field-lines\\.0\\.allocation_id option[value="${first.allocation.id}"]`).waitFor({
      state: 'attached',
    });
    await page.locator('#field-lines\\.0\\.allocation_id').selectOption(first.allocation.id);
    expect(await page.locator('#field-lines\\.0\\.quantity').inputValue()).toBe(
      String(first.allocation.quantity - first.allocation.shipped_quantity),
    );
    await page.locator('#field-lines\\.0\\.quantity').fill('2');
    await page.locator('#field-reference').fill('WB-E2E-0017');
    await page.locator('#field-origin_hub').fill('Rzeszów');
    await page.locator('#field-eta').fill('2022-11-30');
    await inspect(page, 'new').then((findings) => expect(findings).toEqual([]));
    // inspect() reloaded the page: fill it again.
    await page.locator('#field-destination_region_id').selectOption(region);
    await page.locator(`#field-lines\\.0\\.allocation_id option[value="${first.allocation.id}"]`).waitFor({
      state: 'attached',
    });
    await page.locator('#field-lines\\.0\\.allocation_id').selectOption(first.allocation.id);
    await page.locator('#field-lines\\.0\\.quantity').fill('2');
    await page.locator('#field-reference').fill('WB-E2E-0017');
    await page.locator('#field-origin_hub').fill('Rzeszów');
    await page.locator('#field-eta').fill('2022-11-30');
    await page.getByRole('button', { name: 'Prepare the shipment' }).click();
    await page.getByRole('heading', { level: 2, name: 'Shipment WB-E2E-0017' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const created = await asCoordinator<Shipment>(`/api/v1/shipments/${id}`);
    expect(created).toMatchObject({
      status: 'preparing',
      origin_hub: 'Rzeszów',
      destination_region_id: region,
    });

    // While preparing: add a second line on the shipment's page.
    await page.locator(`#field-line_allocation option[value="${second.allocation.id}"]`).waitFor({
      state: 'attached',
    });
    await page.locator('#field-line_allocation').selectOption(second.allocation.id);
    await page.locator('#field-line_quantity').fill('2');
    await page.getByRole('button', { name: 'Add the line' }).click();
    await page.locator('table.shipment-lines tbody tr').nth(1).waitFor();
    // Removed while preparing, then added again.
    const secondItem =
      (await page.locator('table.shipment-lines tbody tr').nth(1).locator('th').textContent()) ?? '';
    await page.getByRole('button', { name: `Remove the line of ${secondItem}` }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.shipment-lines tbody tr').length === 1);
    expect(
      (await asCoordinator<{ items: ShipmentLine[] }>(`/api/v1/shipments/${id}/lines`)).items,
    ).toHaveLength(1);
    await page.locator(`#field-line_allocation option[value="${second.allocation.id}"]`).waitFor({
      state: 'attached',
    });
    await page.locator('#field-line_allocation').selectOption(second.allocation.id);
    await page.locator('#field-line_quantity').fill('2');
    await page.getByRole('button', { name: 'Add the line' }).click();
    await page.locator('table.shipment-lines tbody tr').nth(1).waitFor();
    const lines = await asCoordinator<{ items: ShipmentLine[] }>(`/api/v1/shipments/${id}/lines`);
    expect(lines.items.map((line) => [line.allocation_id, line.quantity])).toEqual([
      [first.allocation.id, 2],
      [second.allocation.id, 2],
    ]);
    await inspect(page, 'preparing').then((findings) => expect(findings).toEqual([]));

    // Dispatch on the data's day; receiving is offered next, adding lines no longer.
    await page.locator('#field-dispatched_on').fill('2022-11-24');
    await page.getByRole('button', { name: 'Dispatch the shipment' }).click();
    await page.getByRole('link', { name: 'Record a receipt' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add the line' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect((await asCoordinator<Shipment>(`/api/v1/shipments/${id}`)).status).toBe('in_transit');

    // Receive: the first line whole and good, the second with one usable of two, damaged.
    await page.getByRole('link', { name: 'Record a receipt' }).click();
    await page.waitForURL(`**/shipments/${id}/receive`);
    await page.locator('table.shipment-receive__lines tbody tr').nth(1).waitFor();
    await inspect(page, 'receive').then((findings) => expect(findings).toEqual([]));
    const secondRow = page.locator('table.shipment-receive__lines tbody tr').nth(1);
    await secondRow.getByRole('textbox', { name: /received now/ }).fill('1');
    await secondRow.getByRole('combobox', { name: /Condition of/ }).selectOption('damaged');
    await secondRow.getByRole('textbox', { name: /Discrepancy note/ }).fill('One crate crushed in transit');
    await page.getByRole('button', { name: 'Record the receipt' }).click();
    await page.waitForURL(`**/shipments/${id}`);
    const discrepancy = page.locator('.shipment-discrepancy');
    await discrepancy.waitFor();
    expect(await discrepancy.textContent()).toMatch(
      /^damaged on .*: 1 .* usable — One crate crushed in transit$/,
    );

    const receipts = await asCoordinator<{ items: Receipt[] }>(`/api/v1/shipments/${id}/receipts`);
    expect(receipts.items).toHaveLength(1);
    expect(
      receipts.items[0]?.lines.map((line) => [line.quantity, line.discrepancy_reason, line.note]),
    ).toEqual([
      [2, null, null],
      [1, 'damaged', 'One crate crushed in transit'],
    ]);
    // One unit is still missing: the shipment has arrived, and can be closed short or reported lost.
    expect((await asCoordinator<Shipment>(`/api/v1/shipments/${id}`)).status).toBe('arrived');
    await page.getByRole('button', { name: 'Close the shipment short' }).waitFor();
    await inspect(page, 'arrived').then((findings) => expect(findings).toEqual([]));

    await page.locator('#field-close_note').fill('The crushed crate is written off');
    await page.getByRole('button', { name: 'Close the shipment short' }).click();
    await page.getByText('Nothing more can be done with a shipment that is received.').waitFor();
    expect((await asCoordinator<Shipment>(`/api/v1/shipments/${id}`)).status).toBe('received');
    await screenshot(page, 'shipments-received-en-1440', { fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});
