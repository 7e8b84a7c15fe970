import { describe, expect, it } from 'vitest';
import { NeedCreateSchema } from '../../../src/core/needs/need.schema.js';
import { PledgeCreateSchema } from '../../../src/core/pledges/pledge.schema.js';
import { problemsOf } from './validate.js';

describe('form validation before sending', () => {
  it('names each missing field of an empty need form, as the API does', () => {
    expect(problemsOf(NeedCreateSchema, { priority: 'high', justification: null })).toEqual([
      { field: 'recipient_org_id', message: 'recipient organisation is required' },
      { field: 'region_id', message: 'region is required' },
      { field: 'item_id', message: 'item is required' },
      { field: 'quantity', message: 'quantity is required' },
      { field: 'needed_by', message: 'needed by is required' },
    ]);
  });

  it('says what a field takes: a number, a date, one of the priorities', () => {
    const problems = problemsOf(NeedCreateSchema, {
      recipient_org_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
      region_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
      item_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
      quantity: 'twelve',
      priority: 'urgent',
      needed_by: '29.11.2022',
    });
    expect(problems).toEqual([
      { field: 'quantity', message: 'quantity must be a number, e.g. 120' },
      { field: 'priority', message: 'priority must be one of critical, high, medium, low' },
      { field: 'needed_by', message: 'needed by must be a date (YYYY-MM-DD), e.g. 2022-11-24' },
    ]);
  });

  it('accepts a complete need and checks pledges with their own schema', () => {
    expect(
      problemsOf(NeedCreateSchema, {
        recipient_org_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        region_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        item_id: '0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d',
        quantity: 12,
        priority: 'high',
        needed_by: '2022-11-29',
        justification: null,
      }),
    ).toEqual([]);
    expect(problemsOf(PledgeCreateSchema, {}).map((p) => p.field)).toContain('donor_org_id');
  });
});
