import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  EmbargoSchema,
  Nullable,
  PrioritySchema,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';
import { ServiceSchema } from './incident.schema.js';

export const RuleTriggerSchema = Type.Union([Type.Literal('service_outage'), Type.Literal('damaged_asset')], {
  description:
    'service_outage: per people_per_unit people without the service for more than min_outage_days days; ' +
    'damaged_asset: per damaged asset of asset_kind (and asset_class, when set)',
});

const fields = {
  code: Type.String({
    pattern: '^[A-Z0-9][A-Z0-9._-]{0,59}$',
    description: 'Stable name of the rule, upper case, e.g. HEAT-GEN-30KVA',
  }),
  description: Nullable(Type.String({ maxLength: 4000, description: 'What the rule is for, in words' })),
  trigger: RuleTriggerSchema,
  service: Nullable(ServiceSchema),
  min_outage_days: Nullable(
    Type.Integer({ description: 'service_outage: applies when the outage lasts more than this many days' }),
  ),
  people_per_unit: Nullable(
    Type.Integer({ description: 'service_outage: one unit per this many people (rounded up), e.g. 10000' }),
  ),
  asset_kind: Nullable(
    Type.String({
      pattern: '^[a-z][a-z0-9_]{0,59}$',
      description: 'damaged_asset: kind of asset, e.g. substation',
    }),
  ),
  asset_class: Nullable(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: "damaged_asset: only assets of this class, e.g. '110kV'; null for any class",
    }),
  ),
  item_id: Uuid('Catalogue item the rule asks for'),
  quantity_per_unit: Type.Number({
    description:
      'Quantity of the item per unit (per people_per_unit people or per damaged asset); greater than zero',
  }),
  per_day: Type.Boolean({
    description:
      'Quantity per day (e.g. litres of fuel): multiplied by the days until restoration, at most max_days',
  }),
  max_days: Nullable(
    Type.Integer({ description: 'per_day: the most days counted (used when restoration is unknown)' }),
  ),
  priority: PrioritySchema,
  priority_before_frost: Type.Union([PrioritySchema, Type.Null()], {
    description:
      'Cold-season priority: used instead of priority when the need falls due within 14 days of the ' +
      "region's first frost or after it; null when the season does not matter",
  }),
  lead_days: Type.Integer({
    description:
      'Needed by the incident day plus this many days (before first frost: never after the frost date)',
  }),
  active: Type.Boolean({ description: 'Inactive rules derive nothing' }),
};

export const NeedRuleSchema = Type.Object(
  { id: Uuid('Rule id; its version is the record version'), ...fields, ...RecordMetaFields },
  {
    additionalProperties: false,
    description:
      'A need rule: data that turns an incident into sized needs. Editing it makes a new version; derived needs name the version they used',
  },
);
export type NeedRule = Static<typeof NeedRuleSchema>;

export const NeedRuleCreateSchema = Type.Object(
  {
    code: fields.code,
    trigger: fields.trigger,
    item_id: fields.item_id,
    quantity_per_unit: fields.quantity_per_unit,
    priority: fields.priority,
    lead_days: fields.lead_days,
    description: Type.Optional(fields.description),
    service: Type.Optional(fields.service),
    min_outage_days: Type.Optional(fields.min_outage_days),
    people_per_unit: Type.Optional(fields.people_per_unit),
    asset_kind: Type.Optional(fields.asset_kind),
    asset_class: Type.Optional(fields.asset_class),
    per_day: Type.Optional(fields.per_day),
    max_days: Type.Optional(fields.max_days),
    priority_before_frost: Type.Optional(fields.priority_before_frost),
    active: Type.Optional(fields.active),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type NeedRuleCreate = Static<typeof NeedRuleCreateSchema>;

export const NeedRulePatchSchema = Type.Partial(
  Type.Object(
    { ...fields, classification: ClassificationSchema, embargo_until: EmbargoSchema },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type NeedRulePatch = Static<typeof NeedRulePatchSchema>;

export const NeedRuleFiltersSchema = Type.Object(
  {
    trigger: Type.Optional(RuleTriggerSchema),
    item_id: Type.Optional(Uuid('Only rules for this item')),
    active: Type.Optional(Type.Boolean({ description: 'Only active (true) or inactive (false) rules' })),
  },
  { additionalProperties: false },
);
export type NeedRuleFilters = Static<typeof NeedRuleFiltersSchema>;
