import { Decimal } from './decimal.js';

export const DEMO_FX_SOURCE = 'approximate monthly rates for the demo (synthetic, not official ECB data)';

/** First month with a rate: the demo's first pledges are announced at the end of April 2022. */
const FIRST_MONTH = { year: 2022, month: 4 };

/**
 * Units of each currency per EUR (the way the ECB quotes them) on the first business day of each
 * month from April 2022 to June 2023, rounded from memory of the period: close to the real
 * figures, but NOT official data. The demo's donors report in these currencies.
 */
// biome-ignore format: a table of rates reads best aligned
const UNITS_PER_EUR: Readonly<Record<string, string>> = {
  //     Apr-22 May-22 Jun-22 Jul-22 Aug-22 Sep-22 Oct-22 Nov-22 Dec-22 Jan-23 Feb-23 Mar-23 Apr-23 May-23 Jun-23
  USD: '1.1052 1.0540 1.0737 1.0455 1.0233 0.9993 0.9764 0.9882 1.0408 1.0683 1.0985 1.0630 1.0852 1.0997 1.0701',
  GBP: '0.8440 0.8398 0.8580 0.8600 0.8400 0.8646 0.8708 0.8598 0.8620 0.8868 0.8870 0.8830 0.8785 0.8795 0.8600',
  PLN: '4.6300 4.6800 4.5700 4.7400 4.7300 4.7200 4.8600 4.7000 4.6800 4.6800 4.7200 4.7000 4.6800 4.5800 4.4900',
  CAD: '1.3800 1.3500 1.3600 1.3500 1.3100 1.3100 1.3500 1.3500 1.4100 1.4500 1.4600 1.4500 1.4700 1.4900 1.4500',
  NOK: '9.6500 9.9000 10.050 10.340 10.050 9.9800 10.600 10.300 10.300 10.510 10.900 11.100 11.400 11.800 11.850',
  SEK: '10.350 10.380 10.470 10.720 10.380 10.700 10.900 10.800 10.900 11.120 11.300 11.100 11.300 11.300 11.600',
  DKK: '7.4387 7.4408 7.4399 7.4402 7.4400 7.4370 7.4365 7.4387 7.4380 7.4365 7.4387 7.4420 7.4515 7.4530 7.4500',
  CHF: '1.0200 1.0300 1.0300 1.0000 0.9750 0.9800 0.9700 0.9900 0.9850 0.9850 1.0000 0.9950 0.9930 0.9830 0.9730',
  JPY: '135.30 137.00 138.50 141.00 136.50 139.50 141.50 146.00 143.00 140.50 141.50 145.00 144.00 150.00 149.50',
  CZK: '24.400 24.600 24.700 24.700 24.500 24.600 24.500 24.400 24.300 24.100 23.800 23.500 23.400 23.600 23.700',
  RON: '4.9400 4.9500 4.9400 4.9400 4.9000 4.8800 4.9200 4.9000 4.9300 4.9200 4.9100 4.9200 4.9400 4.9200 4.9600',
  BGN: '1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558 1.9558',
  TRY: '16.200 16.300 18.000 18.700 18.400 18.200 18.100 18.400 19.400 20.000 20.700 20.100 21.000 21.600 22.700',
};

/** The first weekday of a month that is not 1 January or 1 May (days the ECB publishes no rates). */
export function firstBusinessDay(year: number, month: number): string {
  for (let day = 1; ; day++) {
    const date = new Date(Date.UTC(year, month - 1, day));
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const holiday = day === 1 && (month === 1 || month === 5);
    if (!weekend && !holiday) return date.toISOString().slice(0, 10);
  }
}

/**
 * Synthetic monthly rates to EUR for the demo scenario, April 2022 – June 2023, one per currency
 * and month on the first business day: EUR per unit = 1 / (units per EUR), to 10 decimals.
 */
export function demoFxRates(): {
  currency: string;
  rate_on: string;
  eur_per_unit: string;
  source: string;
  synthetic: boolean;
}[] {
  const one = Decimal.ONE;
  return Object.entries(UNITS_PER_EUR).flatMap(([currency, quotes]) =>
    quotes.split(' ').map((unitsPerEur, index) => {
      const months = FIRST_MONTH.month - 1 + index;
      const year = FIRST_MONTH.year + Math.floor(months / 12);
      return {
        currency,
        rate_on: firstBusinessDay(year, (months % 12) + 1),
        eur_per_unit: one.divide(Decimal.parse(unitsPerEur), 10).toString(),
        source: DEMO_FX_SOURCE,
        synthetic: true,
      };
    }),
  );
}
