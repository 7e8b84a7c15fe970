const eurFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A money amount shortened for reading, "€ 4,421.6 M"; the exact figure goes in a title. */
export function formatMoneyShort(money: { amount: string; currency: string }): string {
  const value = Number(money.amount);
  const symbol = money.currency === 'EUR' ? '€' : money.currency;
  if (Math.abs(value) >= 1e9) return `${symbol} ${eurFormat.format(value / 1e9)} bn`;
  if (Math.abs(value) >= 1e6) return `${symbol} ${eurFormat.format(value / 1e6)} M`;
  return `${symbol} ${eurFormat.format(value)}`;
}

const compactFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** An axis figure, "12 M", "1.5 k", "3 bn": short enough not to collide with its neighbours. */
export function formatCompact(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e9) return `${compactFormat.format(value / 1e9)} bn`;
  if (size >= 1e6) return `${compactFormat.format(value / 1e6)} M`;
  if (size >= 1e3) return `${compactFormat.format(value / 1e3)} k`;
  return compactFormat.format(value);
}
