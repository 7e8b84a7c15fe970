import { describe, expect, it } from 'vitest';
import { exportUrls } from './exports.js';

describe('exportUrls', () => {
  it('sends the list’s filters, and only them, to the export', () => {
    const query = new URLSearchParams('region_id=r1&status=open&sort=-quantity&cursor=abc&tab=x&priority=');
    expect(exportUrls('needs', query, ['region_id', 'status', 'priority'])).toEqual({
      csv: '/api/v1/exports/needs.csv?region_id=r1&status=open&hxl=false',
      hxl: '/api/v1/exports/needs.csv?region_id=r1&status=open',
    });
  });

  it('answers the whole export without filters, and keeps fixed parameters', () => {
    expect(exportUrls('pledges', new URLSearchParams(), ['status'])).toEqual({
      csv: '/api/v1/exports/pledges.csv?hxl=false',
      hxl: '/api/v1/exports/pledges.csv',
    });
    expect(exportUrls('gaps', new URLSearchParams('by=item'), [], { by: 'region' }).hxl).toBe(
      '/api/v1/exports/gaps.csv?by=region',
    );
  });
});
