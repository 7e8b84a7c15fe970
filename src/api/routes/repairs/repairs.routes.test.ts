import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../../test/support/factories.js';
import { fixedClock } from '../../../core/shared/clock.js';

/** The data's today in this test: 24 Nov 2022 (first frost of the region: 1 Dec). */
const TODAY = '2022-11-24';

describe('repair projects: milestones, equipment as needs, money pledges, funding gap, critical path, ranking', () => {
  let t: TestApp;
  let operator: string;
  let donor: string;
  let fund: string;
  let region: string;
  let transformer: string;
  let asset: string;
  let project: { id: string; version: number };
  let needId: string;
  let pledgeId: string;
  let moneyId: string;
  let otherCoalition: string;

  const put = async (url: string, payload: unknown) => {
    const current = await t.app.inject({ url: `/api/v1/repair-projects/${project.id}` });
    return t.app.inject({
      method: 'PUT',
      url,
      headers: { 'if-match': current.headers.etag as string },
      payload: payload as object,
    });
  };

  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock(TODAY) });
    operator = (
      await buildOrganisation(t.app, {
        name: 'Grid operator (synthetic)',
        kind: 'recipient_agency',
        country_code: 'UA',
      })
    ).id;
    donor = (await buildOrganisation(t.app, { name: 'Donor state', kind: 'state', country_code: 'US' })).id;
    fund = (
      await buildOrganisation(t.app, {
        name: 'Energy Support Fund (synthetic)',
        kind: 'international_organisation',
        country_code: null,
      })
    ).id;
    region = (await buildRegion(t.app)).id;
    const other = (await buildOrganisation(t.app, { kind: 'state', country_code: 'PL' })).id;
    otherCoalition = await t.tokenFor({ role: 'coordinator', orgId: other, clearance: 'coalition' });
    const frost = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/first-frost/${region}`,
      payload: { first_frost_on: '2022-12-01', note: 'test' },
    });
    expect(frost.statusCode, frost.body).toBe(200);
    const fx = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/fx-rates/USD/2022-11-01',
      payload: { eur_per_unit: '0.95', source: 'test' },
    });
    expect(fx.statusCode, fx.body).toBe(201);
    transformer = (
      await buildItem(t.app, { name: '330 kV autotransformer', category: 'energy/transformer', unit: 'unit' })
    ).id;
    // Capacity data: the only line makes it in 9 months (270 days) with no backlog.
    await post(t.app, '/production-lines', {
      name: 'Autotransformer line',
      manufacturer: 'Maker',
      country_code: 'DE',
      item_id: transformer,
      capacity_schedule: [{ from: '2022-01', per_month: 2 }],
      lead_time_months: 9,
      backlog: 0,
      coalition_share: 1,
    });
    asset = (
      await post(t.app, '/assets', {
        name: 'Substation 330 (synthetic)',
        kind: 'substation',
        region_id: region,
        operator_org_id: operator,
        voltage_kv: 330,
        capacity: 200,
        people_served: 120_000,
        status: 'damaged',
        status_on: '2022-10-10',
      })
    ).id;
    project = await post(t.app, '/repair-projects', {
      name: 'Restore substation 330 (synthetic)',
      region_id: region,
      owner_org_id: operator,
      cost_eur: '3000000.00',
      capacity_restored: 200,
      capacity_unit: 'MVA',
      people_reconnected: 120_000,
    });
  });
  afterAll(async () => t?.close());

  it('plans milestones in order and refuses them out of order or in the future', async () => {
    const bad = await put(`/api/v1/repair-projects/${project.id}/milestones`, {
      milestones: [
        { stage: 'assessed', planned_on: null, actual_on: '2022-12-01' },
        { stage: 'delivered', planned_on: '2023-03-01', actual_on: null },
        { stage: 'installed', planned_on: '2023-02-01', actual_on: null },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('installed');
    expect(bad.body).toContain("after the data's today");
    const noMatch = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/repair-projects/${project.id}/milestones`,
      payload: { milestones: [] },
    });
    expect(noMatch.statusCode).toBe(428);
    const ok = await put(`/api/v1/repair-projects/${project.id}/milestones`, {
      milestones: [
        { stage: 'assessed', planned_on: '2022-10-20', actual_on: '2022-11-01' },
        { stage: 'funded', planned_on: '2022-12-01', actual_on: null },
        { stage: 'equipment_ordered', planned_on: '2022-12-05', actual_on: null },
        { stage: 'delivered', planned_on: '2023-03-01', actual_on: null },
        { stage: 'installed', planned_on: '2023-03-15', actual_on: null },
        { stage: 'energised', planned_on: '2023-03-22', actual_on: null },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().milestones.map((m: { stage: string }) => m.stage)).toEqual([
      'assessed',
      'funded',
      'equipment_ordered',
      'delivered',
      'installed',
      'energised',
    ]);
    const scope = await put(`/api/v1/repair-projects/${project.id}/assets`, { asset_ids: [asset] });
    expect(scope.statusCode, scope.body).toBe(200);
    expect(scope.json().asset_ids).toEqual([asset]);
  });

  it('turns missing equipment into an ordinary need: needed by the delivered milestone, priority from people and frost', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/repair-projects/${project.id}/equipment`,
      payload: { item_id: transformer, quantity: 1, lead_days: 60 },
    });
    expect(response.statusCode, response.body).toBe(201);
    const [line] = response.json().equipment;
    needId = line.need_id;
    // 120,000 people, first frost 7 days away: critical.
    expect(line).toMatchObject({
      item_id: transformer,
      quantity: 1,
      met: 0,
      needed_by: '2023-03-01',
      priority: 'critical',
      lead_days: 60,
    });
    const need = (await t.app.inject({ url: `/api/v1/needs/${needId}` })).json();
    expect(need).toMatchObject({
      region_id: region,
      recipient_org_id: operator,
      status: 'open',
      classification: 'coalition',
    });
    const needs = (await t.app.inject({ url: `/api/v1/needs?item_id=${transformer}` })).json();
    expect(needs.items.map((n: { id: string }) => n.id)).toContain(needId);
  });

  it('a money pledge goes announced → committed → disbursed and the funding gap counts it in EUR', async () => {
    const money = await post(t.app, '/money-pledges', {
      donor_org_id: donor,
      repair_project_id: project.id,
      amount: '1000000.00',
      currency: 'USD',
      announced_on: '2022-11-20',
    });
    moneyId = money.id;
    expect(money).toMatchObject({ status: 'announced', committed_amount: '0.00' });
    const step = (action: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/v1/money-pledges/${moneyId}/${action}`, payload });
    expect((await step('disburse', {})).json().code).toBe('amount_exceeds_stage');
    const committed = await step('commit', { amount: '600000.00', effective_on: '2022-11-21' });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({
      status: 'committed',
      committed_amount: '600000.00',
      amount_eur: '950000.00',
    });
    const paid = await step('disburse', { amount: '200000.00', effective_on: '2022-11-23' });
    expect(paid.json()).toMatchObject({ status: 'disbursed', disbursed_amount: '200000.00' });
    const steps = (await t.app.inject({ url: `/api/v1/money-pledges/${moneyId}/transitions` })).json().items;
    expect(steps.map((s: { action: string; to_status: string }) => `${s.action}→${s.to_status}`)).toEqual([
      'commit→committed',
      'disburse→disbursed',
    ]);
    // A fund's allocation, restricted: its owner and cleared readers count it, others do not.
    await post(t.app, '/fund-allocations', {
      fund_org_id: fund,
      repair_project_id: project.id,
      amount: '1000000.00',
      currency: 'EUR',
      allocated_on: '2022-11-22',
      classification: 'restricted',
    });
    const funding = (await t.app.inject({ url: `/api/v1/repair-projects/${project.id}` })).json().funding;
    // USD 1,000,000 × 0.95 = €950,000 announced; committed USD 600,000 = €570,000; disbursed €190,000;
    // funded €570,000 + €1,000,000 = €1,570,000; gap €3,000,000 − €1,570,000 = €1,430,000.
    expect(funding).toEqual({
      cost_eur: '3000000.00',
      announced_eur: '950000.00',
      committed_eur: '570000.00',
      disbursed_eur: '190000.00',
      fund_allocated_eur: '1000000.00',
      funded_eur: '1570000.00',
      gap_eur: '1430000.00',
      unvalued: 0,
    });
    const seenByOther = (
      await t.app.inject({
        url: `/api/v1/repair-projects/${project.id}`,
        headers: { authorization: otherCoalition },
      })
    ).json().funding;
    expect(seenByOther).toMatchObject({
      fund_allocated_eur: '0.00',
      funded_eur: '570000.00',
      gap_eur: '2430000.00',
    });
  });

  it('critical path: the 9-month transformer sets the date; a pledge from stock moves it most', async () => {
    pledgeId = (
      await buildPledge(
        t.app,
        { donor_org_id: donor, item_id: transformer },
        { quantity: 1, available_from: '2023-01-05' },
      )
    ).id;
    const path = (await t.app.inject({ url: `/api/v1/repair-projects/${project.id}/critical-path` })).json();
    // Money expected on the planned funded day (1 Dec); ordered then, 270 days' production → 28 Aug 2023;
    // installed 14 days later (the plan's delivered → installed), energised 7 days after: 18 Sep 2023.
    expect(path).toMatchObject({
      as_of: TODAY,
      funded_on: '2022-12-01',
      delivered_on: '2023-08-28',
      installed_on: '2023-09-11',
      energised_on: '2023-09-18',
      critical: needId,
    });
    // The pledged transformer on site 5 Jan: installed 19 Jan, energised 26 Jan 2023, 235 days earlier;
    // the missing money today: ordered today, 7 days earlier.
    expect(path.moves).toEqual([
      {
        kind: 'pledge',
        what: pledgeId,
        need_id: needId,
        energised_on: '2023-01-26',
        days_earlier: 235,
        unblocks: false,
      },
      {
        kind: 'money',
        what: '1430000.00',
        need_id: null,
        energised_on: '2023-09-11',
        days_earlier: 7,
        unblocks: false,
      },
    ]);
  });

  it('ranks the project with its best move, per reader', async () => {
    const ranking = (
      await t.app.inject({ url: `/api/v1/repair-projects/ranking?region_id=${region}` })
    ).json();
    expect(ranking.items).toHaveLength(1);
    // 24 Nov 2022 → 18 Sep 2023 = 298 days → 43 weeks; 120,000 / 43 = 2,791 per week;
    // 120,000 people per €1.43 m missing = 83,916 per €1 m.
    expect(ranking.items[0]).toMatchObject({
      rank: 1,
      id: project.id,
      weeks: 43,
      people_per_week: 2_791,
      people_per_meur_missing: 83_916,
      before_frost: false,
      gap_eur: '1430000.00',
      best_move: { kind: 'pledge', what: pledgeId },
    });
    const analyst = await t.tokenFor({ role: 'analyst' });
    const hidden = await t.app.inject({
      url: '/api/v1/repair-projects/ranking',
      headers: { authorization: analyst },
    });
    expect(hidden.json().items).toEqual([]);
  });

  it('energising restores the scope’s assets and completes the project', async () => {
    const current = (await t.app.inject({ url: `/api/v1/repair-projects/${project.id}` })).json();
    const milestones = current.milestones.map(
      (m: { stage: string; planned_on: string | null; actual_on: string | null }) => ({
        ...m,
        actual_on: m.stage === 'assessed' ? m.actual_on : m.stage === 'funded' ? '2022-11-10' : '2022-11-20',
      }),
    );
    const done = await put(`/api/v1/repair-projects/${project.id}/milestones`, { milestones });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('completed');
    const statuses = (await t.app.inject({ url: `/api/v1/assets/${asset}/statuses` })).json().items;
    expect(
      statuses.map((s: { status: string; effective_on: string }) => `${s.status}@${s.effective_on}`),
    ).toEqual(['damaged@2022-10-10', 'restored@2022-11-20']);
    expect(statuses.at(-1).repair_project_id).toBe(project.id);
    const ranking = (
      await t.app.inject({ url: `/api/v1/repair-projects/ranking?region_id=${region}` })
    ).json();
    expect(ranking.items).toEqual([]);
  });

  it('readiness of the region counts its repairs under way, their energising dates and people awaiting, per reader', async () => {
    const repairsOn = async (asOf: string, authorization?: string) => {
      const response = await t.app.inject({
        url: `/api/v1/readiness?as_of=${asOf}`,
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().regions.find((r: { region_id: string }) => r.region_id === region).repairs;
    };
    // On 5 Nov only assessed had happened (1 Nov): open, not yet under way; energising planned 22 Mar 2023.
    expect(await repairsOn('2022-11-05')).toEqual({
      open: 1,
      under_way: 0,
      energising_first_on: '2023-03-22',
      energising_last_on: '2023-03-22',
      people_awaiting_reconnection: 120_000,
    });
    // Funded on 10 Nov: under way on 15 Nov.
    expect(await repairsOn('2022-11-15')).toMatchObject({ open: 1, under_way: 1 });
    // Energised on 20 Nov: nobody awaits it on the 24th.
    expect(await repairsOn(TODAY)).toEqual({
      open: 0,
      under_way: 0,
      energising_first_on: null,
      energising_last_on: null,
      people_awaiting_reconnection: 0,
    });
    // The project is coalition: an analyst's readiness does not count it.
    const analyst = await t.tokenFor({ role: 'analyst' });
    expect(await repairsOn('2022-11-15', analyst)).toMatchObject({
      open: 0,
      people_awaiting_reconnection: 0,
    });
  });

  it('progress: people and MVA per week, by region and by funder, per reader', async () => {
    const url = `/api/v1/reconstruction/progress?region_id=${region}&from=2022-11-01`;
    const report = (await t.app.inject({ url })).json();
    // Energised Sun 20 Nov 2022: ISO week 2022-W46.
    const cell = {
      week: '2022-W46',
      projects: 1,
      people_reconnected: 120_000,
      capacity: [{ unit: 'MVA', capacity: 200 }],
    };
    expect(report.total).toEqual([{ ...cell, key: 'all' }]);
    expect(report.by_region).toEqual([{ ...cell, key: region }]);
    expect(report.by_funder.map((c: { key: string }) => c.key).sort()).toEqual([donor, fund].sort());
    // The fund's allocation is restricted: a coalition reader of another organisation sees the donor only.
    const other = (await t.app.inject({ url, headers: { authorization: otherCoalition } })).json();
    expect(other.by_funder.map((c: { key: string }) => c.key)).toEqual([donor]);
  });

  it('the donor report gives the money in EUR beside the in-kind funnel, never in its quantities', async () => {
    const report = (await t.app.inject({ url: '/api/v1/reports/donors' })).json();
    expect(report.money_pledges).toEqual([
      {
        donor_org_id: donor,
        name: 'Donor state',
        pledge_count: 1,
        announced_eur: '950000.00',
        committed_eur: '570000.00',
        disbursed_eur: '190000.00',
        unvalued_count: 0,
      },
    ]);
    // The donor's in-kind funnel counts its one transformer pledge: 1 unit, not a million dollars.
    const inKind = report.donors.find((d: { donor_org_id: string }) => d.donor_org_id === donor);
    expect(inKind).toMatchObject({ pledge_count: 1, announced: 1 });
    const analyst = await t.tokenFor({ role: 'analyst' });
    const hidden = (
      await t.app.inject({ url: '/api/v1/reports/donors', headers: { authorization: analyst } })
    ).json();
    expect(hidden.money_pledges).toEqual([]);
    const byCategory = (await t.app.inject({ url: '/api/v1/reports/donors?category=energy' })).json();
    expect(byCategory.money_pledges).toEqual([]);
  });
});
