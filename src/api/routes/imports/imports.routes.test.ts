import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildItem, buildOrganisation } from '../../../../test/support/factories.js';

let t: TestApp;
let donorName: string;
let donorId: string;
let itemCode: string;
beforeAll(async () => {
  t = await createTestApp();
  const donor = await buildOrganisation(t.app);
  donorName = donor.name as string;
  donorId = donor.id;
  itemCode = (await buildItem(t.app)).code as string;
});
afterAll(async () => t?.close());

const CSV = { 'content-type': 'text/csv' };

interface ImportView {
  id: string;
  status: string;
  counts: { created: number; updated: number; unchanged: number; rejected: number } | null;
  problems: { row: number; column: string; value: string | null; reason: string }[];
  problem_count: number;
  error: string | null;
}

async function settled(id: string, headers: Record<string, string> = {}): Promise<ImportView> {
  for (let i = 0; i < 600; i++) {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers });
    expect(response.statusCode).toBe(200);
    const view = response.json() as ImportView;
    if (!['staging', 'applying'].includes(view.status)) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not settle');
}

describe('imports API', () => {
  it('uploads (202 + Location), dry-runs, then applies', async () => {
    const file = `donor,item_code,quantity,announced_on\r\n${donorName},${itemCode},5,24.02.2023\r\n`;
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=pledges&file_name=p.csv',
      headers: CSV,
      payload: file,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(202);
    const { id } = uploaded.json() as ImportView;
    expect(uploaded.headers.location).toBe(`/api/v1/imports/${id}`);
    const checked = await settled(id);
    expect(checked).toMatchObject({
      status: 'checked',
      counts: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
    });
    const before = await t.app.inject({ method: 'GET', url: `/api/v1/pledges?donor_org_id=${donorId}` });
    expect(before.json().items).toHaveLength(0);

    const applied = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/apply` });
    expect(applied.statusCode, applied.body).toBe(202);
    expect(await settled(id)).toMatchObject({ status: 'applied', counts: { created: 1 } });
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/pledges?donor_org_id=${donorId}` });
    expect(after.json().items).toMatchObject([{ quantity: 5, announced_on: '2023-02-24' }]);

    const again = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/apply` });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('import_not_checked');
  });

  it('lists the problems of a bad file and refuses to apply it whole', async () => {
    const file = `donor,item_code,quantity,announced_on\r\n${donorName}x,${itemCode},5,2023-02-24\r\n`;
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: CSV,
      payload: file,
    });
    const view = await settled((uploaded.json() as ImportView).id);
    expect(view.counts?.rejected).toBe(1);
    expect(view.problems[0]).toMatchObject({ row: 2, column: 'donor', value: `${donorName}x` });
    expect(view.problems[0]?.reason).toMatch(/^no organisation of that name; did you mean /);
    const applied = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${view.id}/apply` });
    expect(applied.statusCode).toBe(202);
    expect(await settled(view.id)).toMatchObject({ status: 'failed' });
  });

  it('takes an XLSX workbook upload and reads it as one', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Pledges');
    sheet.addRow(['donor', 'item_code', 'quantity', 'announced_on']);
    sheet.addRow([donorName, itemCode, 2.5, new Date('2023-03-01T00:00:00Z')]);
    sheet.getCell('D2').numFmt = 'dd.mm.yyyy';
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=pledges',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: Buffer.from(await book.xlsx.writeBuffer()),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(202);
    const view = await settled((uploaded.json() as ImportView).id);
    expect(view).toMatchObject({
      status: 'checked',
      format: 'xlsx',
      file: { name: 'upload.xlsx', encoding: 'xlsx' },
      counts: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
    });
  });

  it('refuses what the role could not create, other readers, and a file that is not CSV', async () => {
    const donor = await t.tokenFor({ role: 'donor', orgId: donorId });
    const needs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=needs',
      headers: { ...CSV, authorization: donor },
      payload: 'recipient,region,item,quantity,priority,needed_by\r\n',
    });
    expect(needs.statusCode).toBe(403);
    expect(needs.headers['content-type']).toMatch(/^application\/problem\+json/);
    const mine = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: CSV,
      payload: `donor,item_code,quantity,announced_on\r\n${donorName},${itemCode},1,2023-01-01\r\n`,
    });
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${(mine.json() as ImportView).id}`,
      headers: { authorization: donor },
    });
    expect(other.statusCode).toBe(404);
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { 'content-type': 'text/plain' },
      payload: 'a,b',
    });
    expect(text.statusCode).toBe(415);
    const analyst = await t.tokenFor({ role: 'analyst' });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...CSV, authorization: analyst },
      payload: 'a',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('imports the catalogue for admins and coordinators; a donor gets 403', async () => {
    const donor = await t.tokenFor({ role: 'donor', orgId: donorId });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=items',
      headers: { ...CSV, authorization: donor },
      payload: 'code,name,category,unit\r\nHTR-1,Heater,non-lethal/winter,unit\r\n',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    const admin = await t.tokenFor({ role: 'admin', orgId: donorId });
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=events&file_name=events.csv',
      headers: { ...CSV, authorization: admin },
      payload: `name,kind,starts_on,organiser\r\nKyiv conference,conference,2025-03-01,${donorName}\r\nBad,party,2025-03-02,${donorName}\r\n`,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(202);
    const { id } = uploaded.json() as ImportView;
    const checked = await settled(id, { authorization: admin });
    expect(checked).toMatchObject({
      entity: 'event',
      status: 'checked',
      counts: { created: 1, rejected: 1 },
      problems: [
        { row: 3, column: 'kind', value: 'party', reason: expect.stringMatching(/^must be one of/) },
      ],
    });
  });
});
