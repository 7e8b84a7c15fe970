import { describe, expect, it } from 'vitest';
import { listUrl } from './api/useList.js';
import { gapGroupLink } from './pages/overviewLinks.js';
import { matchPath } from './router.js';

describe('matchPath', () => {
  it('matches fixed paths and decodes parameters', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/needs', '/needs/')).toEqual({});
    expect(matchPath('/needs/:id', '/needs/a%2Fb')).toEqual({ id: 'a/b' });
    expect(matchPath('/events/:id/report', '/events/42/report')).toEqual({ id: '42' });
  });

  it('rejects other paths and undecodable parameters', () => {
    expect(matchPath('/needs/:id', '/needs')).toBeUndefined();
    expect(matchPath('/needs/:id', '/pledges/1')).toBeUndefined();
    expect(matchPath('/needs/:id', '/needs/%E0%A4%A')).toBeUndefined();
  });
});

describe('listUrl', () => {
  it('sends only the known filters, sort, cursor and limit, dropping empty ones', () => {
    const query = new URLSearchParams('category=energy%2Fgrid&by=region&status=&sort=-quantity&cursor=abc');
    expect(listUrl('needs', query, ['category', 'status'])).toBe(
      '/api/v1/needs?category=energy%2Fgrid&sort=-quantity&cursor=abc',
    );
    expect(listUrl('items', new URLSearchParams(), ['q'])).toBe('/api/v1/items');
  });
});

describe('gapGroupLink', () => {
  const group = {
    key: 'non-lethal/fuel',
    label: 'non-lethal/fuel',
    unit: null,
    needed: 1,
    pledged: 0,
    committed: 0,
    allocated: 0,
    shipped: 0,
    delivered: 0,
    unmet: 1,
    coverage: { by_announcements_pct: 0, by_commitments_pct: 0, basis: 'quantity' as const },
    value: {
      needed: { amount: '0.00', currency: 'EUR' },
      pledged: { amount: '0.00', currency: 'EUR' },
      committed: { amount: '0.00', currency: 'EUR' },
      allocated: { amount: '0.00', currency: 'EUR' },
      shipped: { amount: '0.00', currency: 'EUR' },
      delivered: { amount: '0.00', currency: 'EUR' },
      unmet: { amount: '0.00', currency: 'EUR' },
    },
    unvalued_need_count: 0,
    unvalued_pledge_count: 0,
    need_count: 1,
    pledge_count: 0,
  };

  it('leads each grouping to the records behind it', () => {
    expect(gapGroupLink('category', group)).toBe('/needs?category=non-lethal%2Ffuel');
    expect(gapGroupLink('item', { ...group, key: 'i1' })).toBe('/needs?item_id=i1');
    expect(gapGroupLink('region', { ...group, key: 'r1' })).toBe('/needs?region_id=r1');
    expect(gapGroupLink('donor', { ...group, key: 'o1' })).toBe('/pledges?donor_org_id=o1');
  });
});
