import { describe, expect, it } from 'vitest';
import { planMoneyTransition } from './money-pledge-lifecycle.js';

const announced = {
  status: 'announced',
  amount: '1000000.00',
  committed_amount: '0.00',
  disbursed_amount: '0.00',
} as const;

describe('money pledge lifecycle', () => {
  it('goes announced → committed → disbursed, in parts', () => {
    const part = planMoneyTransition(announced, 'commit', '400000.50');
    expect(part).toMatchObject({
      from_status: 'announced',
      to_status: 'committed',
      committed_amount: '400000.50',
    });
    const whole = planMoneyTransition(
      { ...announced, status: 'committed', committed_amount: '400000.50' },
      'commit',
    );
    expect(whole).toMatchObject({
      amount: '599999.50',
      committed_amount: '1000000.00',
      to_status: 'committed',
    });
    const paid = planMoneyTransition(
      { ...announced, status: 'committed', committed_amount: '1000000.00' },
      'disburse',
      '250000',
    );
    expect(paid).toMatchObject({
      to_status: 'disbursed',
      disbursed_amount: '250000.00',
      committed_amount: '1000000.00',
    });
  });

  it('never disburses more than committed nor commits more than pledged', () => {
    expect(() => planMoneyTransition(announced, 'disburse')).toThrow(
      /only 0.00 .* committed and not yet disbursed/,
    );
    expect(() => planMoneyTransition(announced, 'commit', '1000000.01')).toThrow(
      /only 1000000.00 .* uncommitted/,
    );
    expect(() => planMoneyTransition(announced, 'commit', '1.234')).toThrow();
  });

  it('cancels only what is not paid out, and a cancelled pledge stays cancelled', () => {
    expect(
      planMoneyTransition({ ...announced, status: 'committed', committed_amount: '5.00' }, 'cancel')
        .to_status,
    ).toBe('cancelled');
    expect(() =>
      planMoneyTransition(
        { ...announced, status: 'disbursed', committed_amount: '5.00', disbursed_amount: '5.00' },
        'cancel',
      ),
    ).toThrow(/disbursed already/);
    expect(() => planMoneyTransition({ ...announced, status: 'cancelled' }, 'commit')).toThrow(/cancelled/);
  });
});
