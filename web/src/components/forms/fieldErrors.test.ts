import { describe, expect, it } from 'vitest';
import { formatCompact, formatMoneyShort } from '../charts/money.js';
import { errorsByField } from './fieldErrors.js';

describe('errorsByField', () => {
  it('puts each API error on its input, nested fields on their parent, and keeps the rest aside', () => {
    const { byField, rest } = errorsByField(
      [
        { field: 'quantity', message: 'must be greater than zero' },
        { field: 'quantity', message: 'a second message is dropped' },
        { field: 'value.amount', message: 'must match pattern' },
        { field: 'owner_org_id', message: 'is not a known organisation' },
      ],
      ['quantity', 'value'],
    );
    expect(byField).toEqual({ quantity: 'must be greater than zero', value: 'must match pattern' });
    expect(rest).toEqual([{ field: 'owner_org_id', message: 'is not a known organisation' }]);
  });
});

describe('chart figures', () => {
  it('shortens axis figures and money without losing the order of magnitude', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12_500)).toMatch(/^12\.5[kK]$/);
    expect(formatCompact(40_000_000)).toMatch(/^40[mM]$/);
    // One style for every amount (issue 17: donor cards mixed "€ 759,000.4" with "€ 4.5 M").
    expect(formatMoneyShort({ amount: '4421594978.41', currency: 'EUR' })).toMatch(/^€4\.4(B|bn)$/);
    expect(formatMoneyShort({ amount: '759000.40', currency: 'EUR' })).toMatch(/^€759[kK]$/);
    expect(formatMoneyShort({ amount: '1250.00', currency: 'USD' })).toBe('US$1,250');
  });
});
