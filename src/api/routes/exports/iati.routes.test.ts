import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../../../test/support/factories.js';
import { describeXmllint, iatiCodes, validateIatiActivities } from '../../../../test/support/xmllint.js';

let t: TestApp;
const donorName = 'Ministry of Defence & "Partners" <Київ>';
let ids: {
  donor: string;
  other: string;
  valued: string;
  unvalued: string;
  coalition: string;
  restricted: string;
};

beforeAll(async () => {
  t = await createTestApp();
  const pub = { classification: 'public' };
  const donor = await buildOrganisation(t.app, { ...pub, name: donorName, country_code: 'PL' });
  const other = await buildOrganisation(t.app, { ...pub, name: 'Other donor state' });
  const recipient = await buildOrganisation(t.app, { ...pub, kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app, pub);
  const item = await buildItem(t.app, { ...pub, name: 'Generator, 220 kVA <heavy>' });
  const need = await buildNeed(
    t.app,
    { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id },
    pub,
  );
  const valued = await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id, need_id: need.id },
    {
      ...pub,
      quantity: 5,
      recipient_org_id: recipient.id,
      value: { amount: '425000.00', currency: 'USD' },
      conditions: 'Delivery via "hub" & training < 2 weeks',
    },
  );
  const commit = await t.app.inject({
    method: 'POST',
    url: `/api/v1/pledges/${valued.id}/commit`,
    payload: { quantity: 2, effective_on: '2022-12-05' },
  });
  expect(commit.statusCode).toBe(200);
  const unvalued = await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id }, pub);
  const coalition = await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id },
    { classification: 'coalition', value: { amount: '1000.00', currency: 'EUR' } },
  );
  const restricted = await buildPledge(
    t.app,
    { donor_org_id: other.id, item_id: item.id },
    { classification: 'restricted', owner_org_id: other.id, value: { amount: '99999.99', currency: 'GBP' } },
  );
  ids = {
    donor: donor.id,
    other: other.id,
    valued: valued.id,
    unvalued: unvalued.id,
    coalition: coalition.id,
    restricted: restricted.id,
  };
});
afterAll(async () => t?.close());

const url = (query = '') => `/api/v1/exports/iati.xml${query}`;

/** The activity of one pledge, as written. */
function activityOf(xml: string, pledgeId: string): string {
  const start = xml.indexOf(`<iati-identifier>AIDGRID-PLEDGE-${pledgeId}</iati-identifier>`);
  expect(start, `activity of pledge ${pledgeId}`).toBeGreaterThan(0);
  return xml.slice(start, xml.indexOf('</iati-activity>', start));
}

/** Every value of one attribute on one element, e.g. the codes of transaction-type. */
function attributeValues(xml: string, element: string, attribute: string): string[] {
  const tags = xml.match(new RegExp(`<${element}\\b[^>]*>`, 'g')) ?? [];
  return tags.flatMap((tag) => {
    const found = new RegExp(`\\s${attribute}="([^"]*)"`).exec(tag);
    return found ? [found[1] as string] : [];
  });
}

describeXmllint('IATI 2.03 export', () => {
  it('is valid against the IATI 2.03 activity schema (xmllint), as a dated XML attachment', async () => {
    const response = await t.app.inject({ method: 'GET', url: url() });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="aidgrid-iati-\d{4}-\d{2}-\d{2}\.xml"$/,
    );
    const verdict = validateIatiActivities(response.body);
    expect(verdict.messages).toBe('- validates\n');
    expect(verdict.ok).toBe(true);
  });

  it('uses only codes of the 2.03 codelists', async () => {
    const xml = (await t.app.inject({ method: 'GET', url: url() })).body;
    const uses: [string, string, string][] = [
      ['iati-activities', 'version', 'Version'],
      ['iati-activity', 'default-currency', 'Currency'],
      ['reporting-org', 'type', 'OrganisationType'],
      ['participating-org', 'type', 'OrganisationType'],
      ['participating-org', 'role', 'OrganisationRole'],
      ['description', 'type', 'DescriptionType'],
      ['activity-status', 'code', 'ActivityStatus'],
      ['activity-date', 'type', 'ActivityDateType'],
      ['recipient-country', 'code', 'Country'],
      ['sector', 'vocabulary', 'SectorVocabulary'],
      ['transaction-type', 'code', 'TransactionType'],
      ['value', 'currency', 'Currency'],
    ];
    for (const [element, attribute, codelist] of uses) {
      const values = attributeValues(xml, element, attribute);
      expect(values.length, `${element}/@${attribute} is written`).toBeGreaterThan(0);
      const codes = iatiCodes(codelist);
      for (const value of values) expect(codes.has(value), `${element}/@${attribute}=${value}`).toBe(true);
    }
  });

  it('writes the pledge, the commitment pro rata and the parties, in the original currency', async () => {
    const xml = (await t.app.inject({ method: 'GET', url: url() })).body;
    const activity = activityOf(xml, ids.valued);
    expect(activity).toContain(
      '<transaction ref="AIDGRID-PLEDGE-' +
        `${ids.valued}-pledge">\n   <transaction-type code="12"/>\n   <transaction-date iso-date="2022-11-29"/>\n` +
        '   <value currency="USD" value-date="2022-11-29">425000.00</value>',
    );
    // 2 of 5 committed: 2/5 of USD 425,000.00, dated by the commit step.
    expect(activity).toContain(
      '<transaction-type code="2"/>\n   <transaction-date iso-date="2022-12-05"/>\n' +
        '   <value currency="USD" value-date="2022-12-05">170000.00</value>',
    );
    expect(activity).not.toContain('<transaction-type code="3"/>');
    expect(activity).toContain('<recipient-country code="UA"/>');
    expect(activity).toContain('<sector vocabulary="99" code="energy/generator">');
    expect(activity).toContain('<activity-status code="2"/>');
    expect(activity).toContain(
      `role="1"><narrative>Ministry of Defence &amp; &quot;Partners&quot; &lt;Київ&gt;`,
    );
    expect(activity).toContain('role="4">');
    expect(activity).toContain('Generator, 220 kVA &lt;heavy&gt;: 5 unit');
    expect(activity).toContain('conditions: Delivery via &quot;hub&quot; &amp; training &lt; 2 weeks');
    // A pledge without a money value has no transaction.
    expect(activityOf(xml, ids.unvalued)).not.toContain('<transaction');
  });

  it('shows anonymous readers public pledges only, and never another organisation’s restricted one', async () => {
    const anonymous = await t.injectAnonymous({ method: 'GET', url: url() });
    expect(anonymous.statusCode).toBe(200);
    expect(validateIatiActivities(anonymous.body).ok).toBe(true);
    expect(anonymous.body).toContain(ids.valued);
    expect(anonymous.body).toContain(ids.unvalued);
    // The commit step of a public pledge is public too: the commitment keeps its date.
    expect(activityOf(anonymous.body, ids.valued)).toContain('<transaction-date iso-date="2022-12-05"/>');
    expect(anonymous.body).not.toContain(ids.coalition);
    expect(anonymous.body).not.toContain(ids.restricted);
    expect(anonymous.body).not.toContain('99999.99');
    expect(anonymous.body).not.toContain('1000.00');

    const donorToken = await t.tokenFor({ role: 'donor', orgId: ids.donor, clearance: 'coalition' });
    const donor = await t.app.inject({ method: 'GET', url: url(), headers: { authorization: donorToken } });
    expect(donor.statusCode).toBe(200);
    expect(donor.body).toContain(ids.coalition);
    expect(donor.body).not.toContain(ids.restricted);
    expect(donor.body).not.toContain('GBP');

    const restricted = await t.injectAnonymous({ method: 'GET', url: url(`?donor=${ids.other}`) });
    expect(restricted.statusCode).toBe(404);
    expect(restricted.json()).toMatchObject({ code: 'no_activities' });
  });

  it('narrows to one donor, and refuses a malformed donor id', async () => {
    const coordinator = await t.app.inject({ method: 'GET', url: url(`?donor=${ids.other}`) });
    expect(coordinator.statusCode).toBe(200);
    expect(validateIatiActivities(coordinator.body).ok).toBe(true);
    expect(coordinator.body).toContain(ids.restricted);
    expect(coordinator.body).not.toContain(ids.valued);
    const bad = await t.app.inject({ method: 'GET', url: url('?donor=nope') });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
