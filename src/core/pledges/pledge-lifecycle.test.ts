import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  actionsFrom,
  decimalOf,
  PLEDGE_ACTIONS,
  PLEDGE_STATUSES,
  type PledgeAction,
  type PledgeStage,
  type PledgeState,
  type PledgeStatus,
  planPledgeTransition,
  pledgeStatusOf,
  thousandths,
} from './pledge-lifecycle.js';

const stagesOf = (committed: number, allocated = 0, shipped = 0, delivered = 0, in_service = 0) => ({
  committed,
  allocated,
  shipped,
  delivered,
  in_service,
});

/** One pledge of 100 in each status, its stages as far as the status says. */
const STATES: Record<PledgeStatus, PledgeState> = {
  announced: { status: 'announced', quantity: 100, stages: stagesOf(0) },
  committed: { status: 'committed', quantity: 100, stages: stagesOf(60) },
  allocated: { status: 'allocated', quantity: 100, stages: stagesOf(60, 40) },
  shipped: { status: 'shipped', quantity: 100, stages: stagesOf(60, 40, 30) },
  delivered: { status: 'delivered', quantity: 100, stages: stagesOf(60, 40, 30, 20) },
  in_service: { status: 'in_service', quantity: 100, stages: stagesOf(60, 40, 30, 20, 10) },
  cancelled: { status: 'cancelled', quantity: 100, stages: stagesOf(0) },
  expired: { status: 'expired', quantity: 100, stages: stagesOf(60) },
};

/**
 * Every action from every status with the quantity omitted ("all there is"): either
 * `<to_status> <quantity moved>` or `!<error code>`.
 */
const TABLE: Record<PledgeStatus, Record<PledgeAction, string>> = {
  announced: {
    commit: 'committed 100',
    allocate: '!exceeds_committed',
    release: '!quantity_exceeds_stage',
    ship: '!quantity_exceeds_stage',
    deliver: '!quantity_exceeds_stage',
    lose: '!quantity_exceeds_stage',
    put_in_service: '!quantity_exceeds_stage',
    cancel: 'cancelled 100',
    expire: 'expired 100',
  },
  committed: {
    commit: 'committed 40',
    allocate: 'allocated 60',
    release: '!quantity_exceeds_stage',
    ship: '!quantity_exceeds_stage',
    deliver: '!quantity_exceeds_stage',
    lose: '!quantity_exceeds_stage',
    put_in_service: '!quantity_exceeds_stage',
    cancel: 'cancelled 100',
    expire: 'expired 100',
  },
  allocated: {
    commit: 'allocated 40',
    allocate: 'allocated 20',
    release: 'committed 40',
    ship: 'shipped 40',
    deliver: '!quantity_exceeds_stage',
    lose: '!quantity_exceeds_stage',
    put_in_service: '!quantity_exceeds_stage',
    cancel: '!pledge_in_use',
    expire: '!pledge_in_use',
  },
  shipped: {
    commit: 'shipped 40',
    allocate: 'shipped 20',
    release: 'shipped 10',
    ship: 'shipped 10',
    deliver: 'delivered 30',
    lose: 'allocated 30',
    put_in_service: '!quantity_exceeds_stage',
    cancel: '!pledge_in_use',
    expire: '!pledge_in_use',
  },
  delivered: {
    commit: 'delivered 40',
    allocate: 'delivered 20',
    release: 'delivered 10',
    ship: 'delivered 10',
    deliver: 'delivered 10',
    lose: 'delivered 10',
    put_in_service: 'in_service 20',
    cancel: '!pledge_in_use',
    expire: '!pledge_in_use',
  },
  in_service: {
    commit: 'in_service 40',
    allocate: 'in_service 20',
    release: 'in_service 10',
    ship: 'in_service 10',
    deliver: 'in_service 10',
    lose: 'in_service 10',
    put_in_service: 'in_service 10',
    cancel: '!pledge_in_use',
    expire: '!pledge_in_use',
  },
  cancelled: Object.fromEntries(PLEDGE_ACTIONS.map((a) => [a, '!invalid_transition'])) as Record<
    PledgeAction,
    string
  >,
  expired: Object.fromEntries(PLEDGE_ACTIONS.map((a) => [a, '!invalid_transition'])) as Record<
    PledgeAction,
    string
  >,
};

function outcome(run: () => { to_status: string; quantity: string }): string {
  try {
    const planned = run();
    return `${planned.to_status} ${Number(planned.quantity)}`;
  } catch (error) {
    if (error instanceof DomainError) return `!${error.code}`;
    throw error;
  }
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'no error';
}

describe('the pledge state machine', () => {
  const cases = PLEDGE_STATUSES.flatMap((status) =>
    PLEDGE_ACTIONS.map((action) => [status, action, TABLE[status][action]] as const),
  );
  it.each(cases)('from %s, %s (all there is) → %s', (status, action, expected) => {
    expect(outcome(() => planPledgeTransition(STATES[status], action))).toBe(expected);
  });

  it('has one table row per status and action', () => {
    expect(cases).toHaveLength(8 * 9);
  });

  it('allows every action from a live status and none from a cancelled or expired one', () => {
    for (const status of PLEDGE_STATUSES) {
      const terminal = status === 'cancelled' || status === 'expired';
      expect(actionsFrom(status)).toEqual(terminal ? [] : PLEDGE_ACTIONS);
    }
  });

  it('takes a partial quantity and refuses one more than the previous stage holds', () => {
    const committed = STATES.committed;
    expect(planPledgeTransition(committed, 'commit', 25)).toMatchObject({
      quantity: '25.000',
      from_status: 'committed',
      to_status: 'committed',
      effect: { kind: 'stage', stage: 'committed', delta: '25.000' },
    });
    expect(planPledgeTransition(committed, 'commit', 40).quantity).toBe('40.000');
    expect(codeOf(() => planPledgeTransition(committed, 'commit', 40.001))).toBe(
      '409 quantity_exceeds_stage',
    );
    expect(codeOf(() => planPledgeTransition(committed, 'allocate', 61))).toBe('409 exceeds_committed');
    expect(codeOf(() => planPledgeTransition(STATES.delivered, 'put_in_service', 21))).toBe(
      '409 quantity_exceeds_stage',
    );
    expect(planPledgeTransition(STATES.shipped, 'release', 10).effect).toEqual({
      kind: 'stage',
      stage: 'allocated',
      delta: '-10.000',
    });
    expect(codeOf(() => planPledgeTransition(STATES.shipped, 'release', 11))).toBe(
      '409 quantity_exceeds_stage',
    );
  });

  it('goes back to committed when everything allocated is released', () => {
    expect(planPledgeTransition(STATES.allocated, 'release', 40).to_status).toBe('committed');
    expect(planPledgeTransition(STATES.allocated, 'release', 39).to_status).toBe('allocated');
  });

  it.each([
    ['zero', 0],
    ['a negative quantity', -3],
    ['more than 3 decimals', 1.0001],
    ['not a number', Number.NaN],
  ])('refuses %s with 422 invalid_record, before looking at the status', (_label, quantity) => {
    expect(codeOf(() => planPledgeTransition(STATES.committed, 'commit', quantity))).toBe(
      '422 invalid_record',
    );
    expect(codeOf(() => planPledgeTransition(STATES.cancelled, 'commit', quantity))).toBe(
      '422 invalid_record',
    );
  });

  it('withdraws part of the uncommitted remainder without ending the pledge', () => {
    expect(planPledgeTransition(STATES.allocated, 'cancel', 15)).toMatchObject({
      quantity: '15.000',
      from_status: 'allocated',
      to_status: 'allocated',
      effect: { kind: 'withdraw', delta: '-15.000' },
    });
    expect(planPledgeTransition(STATES.committed, 'expire', 40).effect).toEqual({
      kind: 'withdraw',
      delta: '-40.000',
    });
    expect(codeOf(() => planPledgeTransition(STATES.committed, 'cancel', 41))).toBe(
      '409 quantity_exceeds_stage',
    );
    // The whole quantity of a pledge with something committed is not "part of the remainder".
    expect(codeOf(() => planPledgeTransition(STATES.committed, 'cancel', 100))).toBe(
      '409 quantity_exceeds_stage',
    );
    // The whole quantity of a pledge with nothing committed ends it.
    expect(planPledgeTransition(STATES.announced, 'cancel', 100)).toMatchObject({
      to_status: 'cancelled',
      effect: { kind: 'close' },
    });
    expect(codeOf(() => planPledgeTransition(STATES.in_service, 'cancel', 100))).toBe('409 pledge_in_use');
  });

  it('adds exactly where binary floats would not (0.1 + 0.2 fits in 0.3)', () => {
    const state: PledgeState = { status: 'committed', quantity: '0.300', stages: stagesOf(0.1) };
    expect(0.1 + 0.2 <= 0.3).toBe(false);
    expect(planPledgeTransition(state, 'commit', 0.2).quantity).toBe('0.200');
    const full: PledgeState = { status: 'committed', quantity: '0.300', stages: stagesOf(0.3) };
    expect(codeOf(() => planPledgeTransition(full, 'commit', 0.001))).toBe('409 quantity_exceeds_stage');
  });

  it('allows exactly the steps that keep every stage within the one before, on every small pledge', () => {
    const order: readonly ('quantity' | PledgeStage)[] = [
      'quantity',
      'committed',
      'allocated',
      'shipped',
      'delivered',
      'in_service',
    ];
    const moves: Record<Exclude<PledgeAction, 'cancel' | 'expire'>, [PledgeStage, 1 | -1]> = {
      commit: ['committed', 1],
      allocate: ['allocated', 1],
      release: ['allocated', -1],
      lose: ['shipped', -1],
      ship: ['shipped', 1],
      deliver: ['delivered', 1],
      put_in_service: ['in_service', 1],
    };
    const chains: number[][] = [];
    const grow = (chain: number[]) => {
      if (chain.length === order.length) return void chains.push(chain);
      for (let v = 0; v <= (chain.at(-1) ?? 4); v++) grow([...chain, v]);
    };
    grow([4]);
    expect(chains).toHaveLength(126);
    let checked = 0;
    for (const [quantity, c, a, s, d, i] of chains as [number, number, number, number, number, number][]) {
      const stages = stagesOf(c, a, s, d, i);
      const state: PledgeState = {
        status: pledgeStatusOf({ status: 'announced', stages }),
        quantity,
        stages,
      };
      for (const [action, [stage, sign]] of Object.entries(moves) as [
        PledgeAction,
        [PledgeStage, 1 | -1],
      ][]) {
        for (let moved = 1; moved <= 5; moved++) {
          const next: Record<string, number> = { quantity, ...stages, [stage]: stages[stage] + sign * moved };
          const valid = order.every(
            (key, k) => k === 0 || (next[key] ?? 0) <= (next[order[k - 1] ?? key] ?? 0),
          );
          const fits = (next[stage] ?? -1) >= 0 && valid;
          const result = outcome(() => planPledgeTransition(state, action, moved));
          expect(result.startsWith('!'), `${action} ${moved} on ${JSON.stringify(state)}`).toBe(!fits);
          if (fits)
            expect(result).toBe(`${pledgeStatusOf({ status: 'announced', stages: next as never })} ${moved}`);
          checked++;
        }
      }
    }
    expect(checked).toBe(126 * 7 * 5);
  });
});

describe('pledge status', () => {
  it('is the furthest stage holding a quantity, and cancelled or expired stays', () => {
    expect(pledgeStatusOf({ status: 'committed', stages: stagesOf(0) })).toBe('announced');
    expect(pledgeStatusOf({ status: 'announced', stages: stagesOf(5, 5, 0.001) })).toBe('shipped');
    expect(pledgeStatusOf({ status: 'announced', stages: stagesOf(5, 5, 5, 5, 5) })).toBe('in_service');
    expect(pledgeStatusOf({ status: 'cancelled', stages: stagesOf(5) })).toBe('cancelled');
    expect(pledgeStatusOf({ status: 'expired', stages: stagesOf(0) })).toBe('expired');
  });
});

describe('exact quantities', () => {
  it.each([
    ['12.500', 12500n],
    ['0.001', 1n],
    ['-7.25', -7250n],
    ['100', 100000n],
    ['999999999999999.999', 999999999999999999n],
  ])('reads %s as %s thousandths and writes it back', (text, value) => {
    expect(thousandths(text)).toBe(value);
    expect(thousandths(decimalOf(value))).toBe(value);
  });

  it('reads JSON numbers with at most 3 decimals exactly', () => {
    expect(thousandths(0.1) + thousandths(0.2)).toBe(thousandths(0.3));
    expect(decimalOf(-1n)).toBe('-0.001');
  });

  it('refuses text that is not a quantity of 3 decimals', () => {
    expect(() => thousandths('1.0001')).toThrow();
    expect(() => thousandths('abc')).toThrow();
    expect(thousandths('1.5000')).toBe(1500n);
  });
});
