import { Conflict, ProblemList } from '../errors.js';
import { checkQuantity } from '../shared/values.js';

/**
 * The pledge lifecycle as a pure state machine. Each stage has its own quantity and is bounded by the
 * stage before it (committed ≤ quantity, allocated ≤ committed, shipped ≤ allocated, delivered ≤
 * shipped, in service ≤ delivered); the status is the furthest stage reached, unless the pledge was
 * cancelled or expired, after which nothing more can happen to it. The database enforces the same
 * bounds (pledge_stage_bounds); this module decides first so that a refusal names the rule broken.
 * Quantities are exact decimals (integer thousandths), never sums of binary floats.
 */

export const PLEDGE_STAGES = ['committed', 'allocated', 'shipped', 'delivered', 'in_service'] as const;
export type PledgeStage = (typeof PLEDGE_STAGES)[number];

export const PLEDGE_STATUSES = ['announced', ...PLEDGE_STAGES, 'cancelled', 'expired'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export const PLEDGE_ACTIONS = [
  'commit',
  'allocate',
  'release',
  'ship',
  'deliver',
  'lose',
  'put_in_service',
  'cancel',
  'expire',
] as const;
export type PledgeAction = (typeof PLEDGE_ACTIONS)[number];

/** A quantity as the database gives it ('12.500') or as JSON carries it (12.5). */
export type Decimal = string | number;

/** What the state machine needs to know about a pledge. */
export interface PledgeState {
  readonly status: PledgeStatus;
  readonly quantity: Decimal;
  readonly stages: Readonly<Record<PledgeStage, Decimal>>;
}

/** How the pledge row changes: a stage grows or shrinks, the pledged quantity shrinks, or it closes. */
export type PledgeEffect =
  | { readonly kind: 'stage'; readonly stage: PledgeStage; readonly delta: string }
  | { readonly kind: 'withdraw'; readonly delta: string }
  | { readonly kind: 'close' };

export interface PlannedTransition {
  readonly action: PledgeAction;
  /** The quantity the action moves, as an exact decimal string with 3 decimals. */
  readonly quantity: string;
  readonly from_status: PledgeStatus;
  readonly to_status: PledgeStatus;
  readonly effect: PledgeEffect;
}

interface StageRule {
  /** The stage the action adds to, or with `takes` gives back from. */
  readonly stage: PledgeStage;
  /** What the stage may not exceed (with `takes`: go below), the pledged quantity or a neighbouring stage. */
  readonly limit: 'quantity' | PledgeStage;
  readonly takes?: true;
  /** The stable error code when the quantity does not fit. */
  readonly code: string;
  /** For messages: "cannot <verb>", "can be <done>". */
  readonly verb: string;
  readonly done: string;
}

/** Stage actions and their bounds; release and lose give back what was allocated or shipped. */
const STAGE_RULES: Readonly<Record<Exclude<PledgeAction, 'cancel' | 'expire'>, StageRule>> = {
  commit: {
    stage: 'committed',
    limit: 'quantity',
    code: 'quantity_exceeds_stage',
    verb: 'commit',
    done: 'committed',
  },
  allocate: {
    stage: 'allocated',
    limit: 'committed',
    code: 'exceeds_committed',
    verb: 'allocate',
    done: 'allocated',
  },
  release: {
    stage: 'allocated',
    limit: 'shipped',
    takes: true,
    code: 'quantity_exceeds_stage',
    verb: 'release',
    done: 'released',
  },
  ship: {
    stage: 'shipped',
    limit: 'allocated',
    code: 'quantity_exceeds_stage',
    verb: 'ship',
    done: 'shipped',
  },
  deliver: {
    stage: 'delivered',
    limit: 'shipped',
    code: 'quantity_exceeds_stage',
    verb: 'deliver',
    done: 'delivered',
  },
  lose: {
    stage: 'shipped',
    limit: 'delivered',
    takes: true,
    code: 'quantity_exceeds_stage',
    verb: 'lose',
    done: 'lost',
  },
  put_in_service: {
    stage: 'in_service',
    limit: 'delivered',
    code: 'quantity_exceeds_stage',
    verb: 'put in service',
    done: 'put in service',
  },
};

const TERMINAL: ReadonlySet<PledgeStatus> = new Set(['cancelled', 'expired']);

/** True for cancelled and expired: no action is possible on such a pledge any more. */
export function isTerminal(status: PledgeStatus): boolean {
  return TERMINAL.has(status);
}

/** The actions possible from a status, before quantities are looked at. */
export function actionsFrom(status: PledgeStatus): readonly PledgeAction[] {
  return isTerminal(status) ? [] : PLEDGE_ACTIONS;
}

/** The furthest stage holding a quantity, or announced; cancelled and expired stay as they are. */
export function pledgeStatusOf(state: Pick<PledgeState, 'status' | 'stages'>): PledgeStatus {
  if (isTerminal(state.status)) return state.status;
  for (const stage of [...PLEDGE_STAGES].reverse()) {
    if (thousandths(state.stages[stage]) > 0n) return stage;
  }
  return 'announced';
}

/**
 * Decides whether `action` may move `quantity` on a pledge in `state`, and what follows. An omitted
 * quantity means "all there is": the whole remainder for a stage action, the whole pledge for cancel
 * and expire. Throws 422 invalid_record for a quantity that is not positive, 409 invalid_transition on
 * a cancelled or expired pledge, 409 pledge_in_use when closing a pledge that is allocated, and the
 * stage's own 409 code (quantity_exceeds_stage, exceeds_committed) when the quantity does not fit.
 */
export function planPledgeTransition(
  state: PledgeState,
  action: PledgeAction,
  quantity?: number,
): PlannedTransition {
  if (quantity !== undefined) {
    const problems = new ProblemList();
    checkQuantity(problems, 'quantity', quantity);
    problems.throwIfAny();
  }
  const from = state.status;
  if (isTerminal(from)) {
    throw Conflict('invalid_transition', `the pledge is ${from}; it cannot ${verbOf(action)} any more`);
  }
  const wanted = quantity === undefined ? undefined : thousandths(quantity);
  if (action === 'cancel' || action === 'expire') return planClose(state, action, wanted);

  const rule = STAGE_RULES[action];
  const current = thousandths(state.stages[rule.stage]);
  const limit = thousandths(rule.limit === 'quantity' ? state.quantity : state.stages[rule.limit]);
  // Room left: how much the stage may still grow, or how much it may give back.
  const room = rule.takes ? current - limit : limit - current;
  const moved = wanted ?? room;
  if (moved <= 0n || moved > room) {
    throw Conflict(rule.code, exceedsMessage(rule, moved, current, limit));
  }
  const delta = rule.takes ? -moved : moved;
  const stages = { ...state.stages, [rule.stage]: decimalOf(current + delta) };
  return {
    action,
    quantity: decimalOf(moved),
    from_status: from,
    to_status: pledgeStatusOf({ status: from, stages }),
    effect: { kind: 'stage', stage: rule.stage, delta: decimalOf(delta) },
  };
}

function planClose(
  state: PledgeState,
  action: 'cancel' | 'expire',
  wanted: bigint | undefined,
): PlannedTransition {
  const from = state.status;
  const total = thousandths(state.quantity);
  const committed = thousandths(state.stages.committed);
  const closed = action === 'cancel' ? 'cancelled' : 'expired';
  if (wanted === undefined || wanted === total) {
    if (thousandths(state.stages.allocated) > 0n) {
      throw Conflict(
        'pledge_in_use',
        `the pledge has ${shown(thousandths(state.stages.allocated))} allocated; release its allocations before it can be ${closed}`,
      );
    }
    if (wanted !== undefined && committed > 0n) {
      throw Conflict(
        'quantity_exceeds_stage',
        `only the uncommitted ${shown(total - committed)} can be ${closed} in part; omit the quantity to end the whole pledge`,
      );
    }
    return {
      action,
      quantity: decimalOf(total),
      from_status: from,
      to_status: closed,
      effect: { kind: 'close' },
    };
  }
  // A part: withdrawn from what was pledged but not yet committed; the pledge goes on with the rest.
  const uncommitted = total - committed;
  if (wanted > uncommitted) {
    throw Conflict(
      'quantity_exceeds_stage',
      `only ${shown(uncommitted)} of the pledge is not committed; that is all that can be ${closed} in part`,
    );
  }
  return {
    action,
    quantity: decimalOf(wanted),
    from_status: from,
    to_status: from,
    effect: { kind: 'withdraw', delta: decimalOf(-wanted) },
  };
}

/** The 409 code of an action whose quantity does not fit (also when the database's CHECK says so). */
export function exceedsCode(action: PledgeAction): string {
  return action === 'cancel' || action === 'expire' ? 'quantity_exceeds_stage' : STAGE_RULES[action].code;
}

function verbOf(action: PledgeAction): string {
  if (action === 'cancel') return 'be cancelled';
  return action === 'expire' ? 'expire' : STAGE_RULES[action].verb;
}

function exceedsMessage(rule: StageRule, moved: bigint, current: bigint, limit: bigint): string {
  if (rule.takes) {
    const room = current - limit;
    const what = `${rule.stage} and not ${rule.limit}`;
    return room <= 0n
      ? `nothing ${what} is left to ${rule.verb}`
      : `only ${shown(room)} ${what} can be ${rule.done}, not ${shown(moved)}`;
  }
  const bound = rule.limit === 'quantity' ? 'pledged' : rule.limit.replace('_', ' ');
  const state = `${shown(current)} ${rule.done} of ${shown(limit)} ${bound}`;
  return current >= limit
    ? `nothing more can be ${rule.done}: ${state}`
    : `only ${shown(limit - current)} more can be ${rule.done} (${state}), not ${shown(moved)}`;
}

/** A quantity as integer thousandths: exact for the numeric(18,3) quantities of the database. */
export function thousandths(value: Decimal): bigint {
  const text = typeof value === 'number' ? value.toFixed(3) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  const fraction = match?.[3] ?? '';
  if (!match || /[1-9]/.test(fraction.slice(3))) throw new Error(`not a quantity with 3 decimals: ${text}`);
  const magnitude = BigInt(match[2] ?? '0') * 1000n + BigInt(fraction.slice(0, 3).padEnd(3, '0'));
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Integer thousandths back to a decimal string with 3 decimals ('-12.500'). */
export function decimalOf(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  return `${sign}${magnitude / 1000n}.${(magnitude % 1000n).toString().padStart(3, '0')}`;
}

/** A quantity for a message: '40' rather than '40.000'. */
function shown(value: bigint): string {
  return decimalOf(value).replace(/\.?0+$/, '');
}
