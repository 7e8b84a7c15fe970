import { formatCompact as compact, formatMoneyShort as moneyShort } from '../../format.js';

/** A money amount shortened for reading, "€4.4B"; the exact figure goes in a title. */
export function formatMoneyShort(money: { amount: string; currency: string }): string {
  return moneyShort(money.amount, money.currency);
}

/** An axis figure, "12M", "1.5K": short enough not to collide with its neighbours. */
export const formatCompact = compact;
