import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  StringEnum,
  Uuid,
} from '../shared/record.schema.js';
import { MONEY_PLEDGE_STATUSES } from './money-pledge-lifecycle.js';

const Amount = (description: string) =>
  Type.String({
    pattern: '^\\d{1,16}(\\.\\d{1,2})?$',
    examples: ['1250000.00'],
    description: `${description}; a decimal string, never a float`,
  });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, e.g. EUR, USD' });
const Note = Nullable(Type.String({ maxLength: 2000, description: 'Note' }));

export const MoneyPledgeStatusSchema = StringEnum(
  MONEY_PLEDGE_STATUSES,
  'announced → committed → disbursed, or cancelled (nothing disbursed)',
);

export const MoneyPledgeSchema = Type.Object(
  {
    id: Uuid('Money pledge id'),
    donor_org_id: Uuid('Donor'),
    fund_org_id: Nullable(Uuid('Fund the money goes to (an organisation); null when it goes to a project')),
    repair_project_id: Nullable(Uuid('Repair project the money goes to; null when it goes to a fund')),
    amount: Amount('Amount pledged, in its currency'),
    currency: Currency,
    committed_amount: Amount('Of it, committed'),
    disbursed_amount: Amount('Of it, disbursed (≤ committed)'),
    status: MoneyPledgeStatusSchema,
    announced_on: IsoDate('Day it was announced'),
    note: Note,
    amount_eur: Nullable(
      Amount(
        'The amount in EUR at the rate of the announcement day (or the latest within 31 days before); null without a rate',
      ),
    ),
    ...RecordMetaFields,
  },
  {
    additionalProperties: false,
    description: 'A pledge of money to a fund or a repair project (not of items)',
  },
);
export type MoneyPledge = Static<typeof MoneyPledgeSchema>;

export const MoneyPledgeCreateSchema = Type.Object(
  {
    donor_org_id: Uuid('Donor'),
    fund_org_id: Type.Optional(Nullable(Uuid('Fund (an organisation); give this or repair_project_id'))),
    repair_project_id: Type.Optional(Nullable(Uuid('Repair project; give this or fund_org_id'))),
    amount: Amount('Amount pledged, greater than zero'),
    currency: Currency,
    announced_on: IsoDate('Day it was announced'),
    note: Type.Optional(Note),
    ...RecordInputFields,
    owner_org_id: Type.Optional(Uuid('Owning organisation; defaults to the donor')),
  },
  { additionalProperties: false },
);
export type MoneyPledgeCreate = Static<typeof MoneyPledgeCreateSchema>;

export const MoneyPledgePatchSchema = Type.Partial(
  Type.Object(
    { note: Note, classification: ClassificationSchema, embargo_until: EmbargoSchema },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type MoneyPledgePatch = Static<typeof MoneyPledgePatchSchema>;

export const MoneyPledgeFiltersSchema = Type.Object(
  {
    donor_org_id: Type.Optional(Uuid('Only pledges of this donor')),
    fund_org_id: Type.Optional(Uuid('Only pledges to this fund')),
    repair_project_id: Type.Optional(Uuid('Only pledges to this project')),
    status: Type.Optional(MoneyPledgeStatusSchema),
  },
  { additionalProperties: false },
);
export type MoneyPledgeFilters = Static<typeof MoneyPledgeFiltersSchema>;

export const MoneyTransitionRequestSchema = Type.Object(
  {
    amount: Type.Optional(Amount('Amount the step moves; default: all that can move')),
    effective_on: Type.Optional(IsoDate('Day the step took effect; default: the data’s today')),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type MoneyTransitionRequest = Static<typeof MoneyTransitionRequestSchema>;

export const MoneyTransitionSchema = Type.Object(
  {
    action: StringEnum(['commit', 'disburse', 'cancel'] as const, 'The step'),
    amount: Amount('Amount moved'),
    from_status: MoneyPledgeStatusSchema,
    to_status: MoneyPledgeStatusSchema,
    effective_on: IsoDate('Day it took effect'),
    note: Note,
    at: Type.String({ format: 'date-time', description: 'When it was recorded (UTC)' }),
    actor: Type.String({ description: 'Who recorded it' }),
  },
  { additionalProperties: false },
);
export type MoneyTransition = Static<typeof MoneyTransitionSchema>;

export const FundAllocationSchema = Type.Object(
  {
    id: Uuid('Fund allocation id'),
    fund_org_id: Uuid('Fund (an organisation)'),
    repair_project_id: Uuid('Repair project'),
    amount: Amount('Amount allocated'),
    currency: Currency,
    allocated_on: IsoDate('Day of the allocation'),
    note: Note,
    amount_eur: Nullable(Amount('The amount in EUR at the rate of its day; null without a rate')),
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'Money a fund allocates to a repair project' },
);
export type FundAllocation = Static<typeof FundAllocationSchema>;

export const FundAllocationCreateSchema = Type.Object(
  {
    fund_org_id: Uuid('Fund'),
    repair_project_id: Uuid('Repair project'),
    amount: Amount('Amount, greater than zero'),
    currency: Currency,
    allocated_on: IsoDate('Day of the allocation'),
    note: Type.Optional(Note),
    ...RecordInputFields,
    owner_org_id: Type.Optional(Uuid('Owning organisation; defaults to the fund')),
  },
  { additionalProperties: false },
);
export type FundAllocationCreate = Static<typeof FundAllocationCreateSchema>;

export const FundAllocationPatchSchema = Type.Partial(
  Type.Object(
    { note: Note, classification: ClassificationSchema, embargo_until: EmbargoSchema },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type FundAllocationPatch = Static<typeof FundAllocationPatchSchema>;

export const FundAllocationFiltersSchema = Type.Object(
  {
    fund_org_id: Type.Optional(Uuid('Only allocations of this fund')),
    repair_project_id: Type.Optional(Uuid('Only allocations to this project')),
  },
  { additionalProperties: false },
);
export type FundAllocationFilters = Static<typeof FundAllocationFiltersSchema>;
