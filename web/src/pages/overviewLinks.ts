import type { GapDimension, GapGroup } from '../api/contract.js';

/** The list of records behind one group of the gap report. */
export function gapGroupLink(by: GapDimension, group: GapGroup): string {
  const key = encodeURIComponent(group.key);
  switch (by) {
    case 'category':
      return `/needs?category=${key}`;
    case 'item':
      return `/needs?item_id=${key}`;
    case 'region':
      return `/needs?region_id=${key}`;
    case 'donor':
      return `/pledges?donor_org_id=${key}`;
  }
}
