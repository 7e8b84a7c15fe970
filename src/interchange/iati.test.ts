import { describe, expect, it } from 'vitest';
import { describeXmllint, validateIatiActivities } from '../../test/support/xmllint.js';
import type { Item } from '../core/items/item.schema.js';
import type { Organisation } from '../core/organisations/organisation.schema.js';
import type { Pledge, PledgeTransition } from '../core/pledges/pledge.schema.js';
import {
  escapeXml,
  IATI_FOOTER,
  type IatiActivityRow,
  iatiActivity,
  iatiHeader,
  proportionalAmount,
} from './iati.js';

const meta = {
  owner_org_id: null,
  classification: 'public' as const,
  embargo_until: null,
  synthetic: false,
  created_at: '2022-11-29T10:00:00.000Z',
  created_by: 'test',
  updated_at: '2023-01-10T10:00:00.000Z',
  updated_by: 'test',
  version: 4,
};

const pledge: Pledge = {
  ...meta,
  id: '00000000-0000-4000-8000-000000000001',
  donor_org_id: '00000000-0000-4000-8000-000000000002',
  item_id: '00000000-0000-4000-8000-000000000003',
  quantity: 3,
  need_id: null,
  recipient_org_id: null,
  event_id: null,
  announced_on: '2022-11-29',
  available_from: '2022-12-01',
  value: { amount: '100.00', currency: 'EUR' },
  conditions: null,
  status: 'delivered',
  stages: { committed: 3, allocated: 3, shipped: 3, delivered: 1, in_service: 0 },
  valuation: { donor_reported_eur: '100.00', fx_rate: '1', fx_rate_on: '2022-11-29', price_list_eur: null },
} as Pledge;

const step = (action: PledgeTransition['action'], effective_on: string): PledgeTransition =>
  ({ action, effective_on, quantity: 1 }) as PledgeTransition;

const donor = { id: pledge.donor_org_id, name: 'Donor \u0001state\u0007', kind: 'state' } as Organisation;
const item = { id: pledge.item_id, name: 'Heater', unit: 'piece', category: 'non-lethal/winter' } as Item;

const row: IatiActivityRow = {
  pledge,
  transitions: [step('commit', '2022-12-02'), step('deliver', '2023-01-05'), step('deliver', '2022-12-20')],
  item,
  donor,
  recipient: null,
  recipientCountry: 'UA',
};

describe('IATI XML pieces', () => {
  it('escapes markup and quotes, keeps line breaks as references, drops what XML 1.0 cannot carry', () => {
    expect(escapeXml('a & b < c > d "e" \'f\'')).toBe("a &amp; b &lt; c &gt; d &quot;e&quot; 'f'");
    expect(escapeXml('line\r\nnext\ttab')).toBe('line&#13;&#10;next&#9;tab');
    expect(escapeXml('bell\u0007 nul\u0000 \uFFFE ok 😀')).toBe('bell nul  ok 😀');
  });

  it('values a stage pro rata in integers, to the cent, half up', () => {
    expect(proportionalAmount('425000.00', 2, 5)).toBe('170000.00');
    expect(proportionalAmount('100', 1, 3)).toBe('33.33');
    expect(proportionalAmount('100.00', 2, 3)).toBe('66.67');
    expect(proportionalAmount('0.05', 1, 2)).toBe('0.03');
    expect(proportionalAmount('99999999999999999.99', 0.001, 0.001)).toBe('99999999999999999.99');
    expect(proportionalAmount('10.5', 1.5, 3)).toBe('5.25');
  });

  it('dates the commitment and disbursement by their latest step, in the pledge currency', () => {
    const xml = iatiActivity(row);
    expect(xml).toContain(
      '<transaction-type code="2"/>\n   <transaction-date iso-date="2022-12-02"/>\n' +
        '   <value currency="EUR" value-date="2022-12-02">100.00</value>',
    );
    expect(xml).toContain(
      '<transaction-type code="3"/>\n   <transaction-date iso-date="2023-01-05"/>\n' +
        '   <value currency="EUR" value-date="2023-01-05">33.33</value>',
    );
    expect(xml).toContain('<activity-status code="3"/>');
    expect(xml).toContain('<activity-date type="1" iso-date="2022-12-01"/>');
    expect(xml).toContain('<narrative>Donor state</narrative>');
    expect(xml).not.toContain('synthetic');
    expect(iatiActivity({ ...row, pledge: { ...pledge, synthetic: true } })).toContain(
      'a synthetic demo record, not real data',
    );
  });

  it('names a donor the reader may not see only by its identifier', () => {
    const xml = iatiActivity({ ...row, donor: null, item: null });
    expect(xml).toContain(`(not visible to this reader)`);
    expect(xml).not.toContain('<sector');
    expect(xml).toMatch(/<reporting-org ref="AIDGRID-ORG-[^"]+" type="90">/);
    expect(xml).toMatch(/<participating-org ref="AIDGRID-ORG-[^"]+" role="1">/);
  });
});

describeXmllint('IATI XML pieces against the schema', () => {
  it('makes a valid document of activities with every transaction and of one the reader sees little of', () => {
    const xml =
      iatiHeader(new Date('2023-01-31T12:00:00Z')) +
      iatiActivity(row) +
      iatiActivity({
        ...row,
        pledge: { ...pledge, value: null, status: 'cancelled' },
        donor: null,
        item: null,
      }) +
      IATI_FOOTER;
    const verdict = validateIatiActivities(xml);
    expect(verdict.messages).toBe('- validates\n');
  });
});
