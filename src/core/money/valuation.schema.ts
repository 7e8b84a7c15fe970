import { type Static, Type } from 'typebox';
import { IsoDate, MoneySchema, Nullable, Quantity, Uuid } from '../shared/record.schema.js';

const EurAmount = (description: string) =>
  Nullable(
    Type.String({
      pattern: '^\\d{1,18}\\.\\d{2}$',
      description: `${description}; a decimal string with two decimals, null when it cannot be computed`,
    }),
  );
const Rate = Nullable(
  Type.String({
    pattern: '^\\d+(\\.\\d+)?$',
    description: 'EUR per unit of the currency used for the conversion (1 for EUR); null when none applies',
  }),
);
const RateDay = Nullable(IsoDate('Day of the rate used; null when none applies'));
const Reason = Type.String({
  description: 'How the figure was computed, or why there is none, for a person to read',
});

export const PledgeValuationDetailSchema = Type.Object(
  {
    pledge_id: Uuid('Pledge id'),
    announced_on: IsoDate('Announcement day: the rate of this day, or the latest before it, is used'),
    max_rate_age_days: Type.Integer({
      description: 'A rate older than this many days before the announcement is not used',
    }),
    donor_reported: Type.Object(
      {
        method: Type.Literal('donor_reported', {
          description: 'The donor’s own figure converted to EUR at the announcement-day rate',
        }),
        amount: Nullable(MoneySchema),
        eur: EurAmount('The donor’s figure in EUR'),
        fx_rate: Rate,
        fx_rate_on: RateDay,
        reason: Reason,
      },
      { additionalProperties: false, description: 'The valuation the donor reported' },
    ),
    price_list: Type.Object(
      {
        method: Type.Literal('price_list', {
          description: 'Quantity × the item’s reference price, converted to EUR at the announcement-day rate',
        }),
        quantity: Quantity('Quantity pledged'),
        reference_price: Nullable(MoneySchema),
        eur: EurAmount('Quantity × reference price in EUR'),
        fx_rate: Rate,
        fx_rate_on: RateDay,
        reason: Reason,
      },
      { additionalProperties: false, description: 'The valuation at the catalogue’s reference price' },
    ),
  },
  {
    additionalProperties: false,
    description: 'A pledge’s two EUR valuations side by side, each with its method and rate',
  },
);
export type PledgeValuationDetail = Static<typeof PledgeValuationDetailSchema>;
