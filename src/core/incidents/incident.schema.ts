import { type Static, Type } from 'typebox';
import { SearchText } from '../search/search.schema.js';
import {
  ClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const SERVICES = ['power', 'heat', 'water', 'communications'] as const;

export const ServiceSchema = Type.Union(
  [Type.Literal('power'), Type.Literal('heat'), Type.Literal('water'), Type.Literal('communications')],
  { description: 'A service people lose: power, heat, water or communications' },
);
export type Service = Static<typeof ServiceSchema>;

export const IncidentKindSchema = Type.Union(
  [
    Type.Literal('missile_strike'),
    Type.Literal('drone_strike'),
    Type.Literal('shelling'),
    Type.Literal('sabotage'),
    Type.Literal('failure'),
    Type.Literal('other'),
  ],
  { description: 'What happened' },
);

export const IncidentStatusSchema = Type.Union(
  [Type.Literal('active'), Type.Literal('resolved'), Type.Literal('retracted')],
  {
    description:
      'active: its outages count in readiness; resolved: services restored (its needs stay); ' +
      'retracted: it did not happen as reported (its derived needs are closed or flagged)',
  },
);

export const ImpactSchema = Type.Object(
  {
    region_id: Uuid('Region where people lost the service'),
    service: ServiceSchema,
    people_affected: Type.Integer({ minimum: 0, description: 'People without the service, whole people' }),
    restoration_expected_on: Nullable(
      IsoDate('When the service is expected back; null when nobody can say yet'),
    ),
  },
  { additionalProperties: false, description: 'People without one service in one region' },
);
export type Impact = Static<typeof ImpactSchema>;

export const DamageSchema = Type.Object(
  {
    region_id: Uuid('Region of the damaged assets'),
    asset_kind: Type.String({
      pattern: '^[a-z][a-z0-9_]{0,59}$',
      description: 'Kind of asset, e.g. substation, thermal_plant, pumping_station, boiler_house',
    }),
    asset_class: Nullable(
      Type.String({ minLength: 1, maxLength: 40, description: "Class of the asset, e.g. '110kV', '330kV'" }),
    ),
    count: Type.Integer({ minimum: 1, description: 'How many such assets were damaged' }),
  },
  { additionalProperties: false, description: 'Damaged assets of one kind and class in one region' },
);
export type Damage = Static<typeof DamageSchema>;

const Impacts = Type.Array(ImpactSchema, {
  maxItems: 500,
  description: 'People without power, heat, water or communications, per region and service (one entry each)',
});
const DamageList = Type.Array(DamageSchema, {
  maxItems: 500,
  description: 'What was damaged, per region, asset kind and class (one entry each)',
});
const OccurredAt = Type.String({ format: 'date-time', description: 'When it happened (UTC)' });
const Title = Type.String({ minLength: 1, maxLength: 300, description: 'Short title' });
const Description = Nullable(Type.String({ maxLength: 4000, description: 'What is known, in words' }));

export const IncidentSchema = Type.Object(
  {
    id: Uuid('Incident id'),
    occurred_at: OccurredAt,
    kind: IncidentKindSchema,
    title: Title,
    description: Description,
    impacts: Impacts,
    damage: DamageList,
    status: IncidentStatusSchema,
    ...RecordMetaFields,
  },
  {
    additionalProperties: false,
    description: 'A strike or failure and what it did; every revision is kept in its history',
  },
);
export type Incident = Static<typeof IncidentSchema>;

export const IncidentCreateSchema = Type.Object(
  {
    occurred_at: OccurredAt,
    kind: IncidentKindSchema,
    title: Title,
    description: Type.Optional(Description),
    impacts: Type.Optional(Impacts),
    damage: Type.Optional(DamageList),
    status: Type.Optional(IncidentStatusSchema),
    ...RecordInputFields,
    owner_org_id: Uuid('Organisation reporting the incident; derived needs are posted in its name'),
  },
  { additionalProperties: false },
);
export type IncidentCreate = Static<typeof IncidentCreateSchema>;

export const IncidentPatchSchema = Type.Partial(
  Type.Object(
    {
      occurred_at: OccurredAt,
      kind: IncidentKindSchema,
      title: Title,
      description: Description,
      impacts: Impacts,
      damage: DamageList,
      status: IncidentStatusSchema,
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type IncidentPatch = Static<typeof IncidentPatchSchema>;

export const IncidentFiltersSchema = Type.Object(
  {
    q: Type.Optional(SearchText('Words that must all occur in the title, description or kind')),
    status: Type.Optional(IncidentStatusSchema),
    region_id: Type.Optional(Uuid('Only incidents with an impact or damage in this region')),
    occurred_from: Type.Optional(IsoDate('Only incidents on or after this day')),
    occurred_to: Type.Optional(IsoDate('Only incidents on or before this day')),
  },
  { additionalProperties: false },
);
export type IncidentFilters = Static<typeof IncidentFiltersSchema>;

export const DerivedNeedOutcomeSchema = Type.Object(
  {
    need_id: Uuid('The derived need'),
    region_id: Uuid('Region of the need'),
    item_id: Uuid('Item of the need'),
    rule_id: Uuid('Rule that sized it'),
    outcome: Type.Union(
      [
        Type.Literal('created'),
        Type.Literal('raised'),
        Type.Literal('lowered'),
        Type.Literal('changed'),
        Type.Literal('unchanged'),
        Type.Literal('cancelled'),
        Type.Literal('flagged'),
      ],
      {
        description:
          'created; raised or lowered (quantity); changed (priority, date or rule version); unchanged; ' +
          'cancelled (no longer called for, nothing allocated); flagged (would go below what is allocated: left for review)',
      },
    ),
    quantity: Type.Number({ description: 'Quantity of the need after the derivation' }),
    derived_quantity: Type.Number({ description: 'Quantity the rules call for now (0 when none)' }),
    derivation: Nullable(Type.String({ description: 'The arithmetic' })),
  },
  { additionalProperties: false, description: 'What a derivation did to one need' },
);

export const DerivationResultSchema = Type.Object(
  {
    incident_id: Uuid('The incident'),
    needs: Type.Array(DerivedNeedOutcomeSchema, { description: 'Every need derived from the incident' }),
  },
  {
    additionalProperties: false,
    description: 'The needs an incident calls for, reconciled with those derived before',
  },
);
export type DerivationResult = Static<typeof DerivationResultSchema>;
export type DerivedNeedOutcome = Static<typeof DerivedNeedOutcomeSchema>;
