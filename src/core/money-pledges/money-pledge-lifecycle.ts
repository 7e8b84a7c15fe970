import { Conflict, ProblemList } from '../errors.js';
import { Decimal } from '../money/decimal.js';

/**
 * The lifecycle of a money pledge, pure, in the pattern of pledge-lifecycle.ts: each stage has its own
 * amount bounded by the stage before it (committed ≤ amount, disbursed ≤ committed); the status is the
 * furthest stage reached, until the pledge is cancelled, after which nothing more happens to it.
 * Cancelling needs nothing disbursed (money paid out cannot be unpledged). The database enforces the
 * same bounds (money_pledge_stage_bounds). Amounts are exact decimals with two places.
 */

export const MONEY_PLEDGE_STATUSES = ['announced', 'committed', 'disbursed', 'cancelled'] as const;
export type MoneyPledgeStatus = (typeof MONEY_PLEDGE_STATUSES)[number];
export const MONEY_PLEDGE_ACTIONS = ['commit', 'disburse', 'cancel'] as const;
export type MoneyPledgeAction = (typeof MONEY_PLEDGE_ACTIONS)[number];

export interface MoneyPledgeState {
  readonly status: MoneyPledgeStatus;
  readonly amount: string;
  readonly committed_amount: string;
  readonly disbursed_amount: string;
}

export interface PlannedMoneyTransition {
  readonly action: MoneyPledgeAction;
  readonly amount: string;
  readonly from_status: MoneyPledgeStatus;
  readonly to_status: MoneyPledgeStatus;
  readonly committed_amount: string;
  readonly disbursed_amount: string;
}

const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;

function statusOf(committed: Decimal, disbursed: Decimal): MoneyPledgeStatus {
  if (disbursed.isPositive()) return 'disbursed';
  if (committed.isPositive()) return 'committed';
  return 'announced';
}

/**
 * What an action does to the pledge. Without an amount, commit commits the whole uncommitted rest and
 * disburse pays out the whole committed, undisbursed rest.
 */
export function planMoneyTransition(
  state: MoneyPledgeState,
  action: MoneyPledgeAction,
  amount?: string,
): PlannedMoneyTransition {
  if (state.status === 'cancelled') {
    throw Conflict('pledge_closed', 'the money pledge is cancelled; nothing more can happen to it');
  }
  const total = Decimal.parse(state.amount);
  const committed = Decimal.parse(state.committed_amount);
  const disbursed = Decimal.parse(state.disbursed_amount);
  if (action === 'cancel') {
    if (disbursed.isPositive()) {
      throw Conflict(
        'pledge_in_use',
        `${disbursed.toFixed(2)} of the money pledge is disbursed already; it cannot be cancelled`,
      );
    }
    return {
      action,
      amount: total.toFixed(2),
      from_status: state.status,
      to_status: 'cancelled',
      committed_amount: committed.toFixed(2),
      disbursed_amount: disbursed.toFixed(2),
    };
  }
  const rest = action === 'commit' ? total.subtract(committed) : committed.subtract(disbursed);
  let moved = rest;
  if (amount !== undefined) {
    const problems = new ProblemList();
    if (!AMOUNT.test(amount))
      problems.add('amount', 'must be a decimal amount with at most 2 decimals, e.g. "250000.00"');
    problems.throwIfAny();
    moved = Decimal.parse(amount);
    if (!moved.isPositive()) {
      const problems2 = new ProblemList();
      problems2.add('amount', 'must be greater than zero');
      problems2.throwIfAny();
    }
  }
  if (!moved.isPositive() || moved.compare(rest) > 0) {
    const what = action === 'commit' ? 'uncommitted' : 'committed and not yet disbursed';
    throw Conflict(
      'amount_exceeds_stage',
      `only ${rest.toFixed(2)} of the money pledge is ${what}; cannot ${action} ${moved.toFixed(2)}`,
    );
  }
  const nextCommitted = action === 'commit' ? committed.add(moved) : committed;
  const nextDisbursed = action === 'disburse' ? disbursed.add(moved) : disbursed;
  return {
    action,
    amount: moved.toFixed(2),
    from_status: state.status,
    to_status: statusOf(nextCommitted, nextDisbursed),
    committed_amount: nextCommitted.toFixed(2),
    disbursed_amount: nextDisbursed.toFixed(2),
  };
}
