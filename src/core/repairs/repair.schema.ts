import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  PrioritySchema,
  Quantity,
  RecordInputFields,
  RecordMetaFields,
  StringEnum,
  Uuid,
} from '../shared/record.schema.js';
import { MILESTONE_STAGES } from './critical-path.js';

const Eur = (description: string) =>
  Type.String({
    pattern: '^\\d{1,16}(\\.\\d{1,2})?$',
    examples: ['1250000.00'],
    description: `${description}, EUR as a decimal string`,
  });

export const MilestoneStageSchema = StringEnum(
  MILESTONE_STAGES,
  'assessed → funded → equipment_ordered → delivered → installed → energised',
);
export const RepairStatusSchema = StringEnum(
  ['active', 'completed', 'cancelled'] as const,
  'active until energised (completed) or given up (cancelled)',
);
const CapacityUnitSchema = StringEnum(['MVA', 'MW', 'Gcal/h'] as const, 'Unit of the capacity restored');

export const MilestoneSchema = Type.Object(
  {
    stage: MilestoneStageSchema,
    planned_on: Nullable(IsoDate('Planned day')),
    actual_on: Nullable(IsoDate('Day it happened; null while ahead')),
  },
  { additionalProperties: false },
);
export type MilestoneEntry = Static<typeof MilestoneSchema>;

export const EquipmentSchema = Type.Object(
  {
    need_id: Uuid('The need (an ordinary need: pledges, the planner and the gap see it)'),
    item_id: Uuid('Item'),
    quantity: Quantity('Quantity needed, in the unit of the item'),
    met: Quantity('Quantity received, counted from the receipts the reader may see'),
    needed_by: IsoDate('Needed by (the planned delivered milestone)'),
    priority: PrioritySchema,
    lead_days: Type.Integer({ minimum: 0, description: 'Lead time from order to site, days' }),
  },
  { additionalProperties: false, description: 'Equipment the project needs, as a need the reader may see' },
);

export const FundingSchema = Type.Object(
  {
    cost_eur: Eur('Cost of the project'),
    announced_eur: Eur(
      'Money pledged to the project and not cancelled (announced or further), the reader’s rows',
    ),
    committed_eur: Eur('Of it, committed'),
    disbursed_eur: Eur('Of it, disbursed'),
    fund_allocated_eur: Eur('Allocated to the project by funds'),
    funded_eur: Eur('committed_eur + fund_allocated_eur'),
    gap_eur: Eur('Funding gap: cost − funded, not below zero'),
    unvalued: Type.Integer({
      minimum: 0,
      description:
        'Money pledges and allocations left out for want of an FX rate within 31 days of their day',
    }),
  },
  {
    additionalProperties: false,
    description: 'Money for the project in EUR, counted from the pledges and allocations the reader may see',
  },
);
export type Funding = Static<typeof FundingSchema>;

const Name = Type.String({ minLength: 1, maxLength: 200, description: 'Name of the project' });
const CostEur = Eur('Cost of the project');
const CapacityRestored = Nullable(
  Type.Number({ exclusiveMinimum: 0, description: 'Capacity back in service at energising' }),
);
const People = Type.Integer({ minimum: 0, description: 'People reconnected at energising' });

export const RepairProjectSchema = Type.Object(
  {
    id: Uuid('Repair project id'),
    name: Name,
    region_id: Uuid('Region of the project'),
    cost_eur: CostEur,
    capacity_restored: CapacityRestored,
    capacity_unit: Nullable(CapacityUnitSchema),
    people_reconnected: People,
    status: RepairStatusSchema,
    asset_ids: Type.Array(Uuid('Asset'), { description: 'Assets it repairs, those the reader may see' }),
    milestones: Type.Array(MilestoneSchema, { description: 'Milestones in their order' }),
    equipment: Type.Array(EquipmentSchema, { description: 'Equipment it needs' }),
    funding: FundingSchema,
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A repair of grid assets, owned by their operator' },
);
export type RepairProject = Static<typeof RepairProjectSchema>;

export const RepairProjectCreateSchema = Type.Object(
  {
    name: Name,
    region_id: Uuid('Region of the project'),
    cost_eur: Type.Optional(CostEur),
    capacity_restored: Type.Optional(CapacityRestored),
    capacity_unit: Type.Optional(Nullable(CapacityUnitSchema)),
    people_reconnected: Type.Optional(People),
    status: Type.Optional(RepairStatusSchema),
    ...RecordInputFields,
    owner_org_id: Uuid('The operator: owner of the project'),
  },
  { additionalProperties: false },
);
export type RepairProjectCreate = Static<typeof RepairProjectCreateSchema>;

export const RepairProjectPatchSchema = Type.Partial(
  Type.Object(
    {
      name: Name,
      cost_eur: CostEur,
      capacity_restored: CapacityRestored,
      capacity_unit: Nullable(CapacityUnitSchema),
      people_reconnected: People,
      status: RepairStatusSchema,
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type RepairProjectPatch = Static<typeof RepairProjectPatchSchema>;

export const RepairProjectFiltersSchema = Type.Object(
  {
    region_id: Type.Optional(Uuid('Only projects in this region')),
    status: Type.Optional(RepairStatusSchema),
    owner_org_id: Type.Optional(Uuid('Only projects of this operator')),
  },
  { additionalProperties: false },
);
export type RepairProjectFilters = Static<typeof RepairProjectFiltersSchema>;

export const MilestonesPutSchema = Type.Object(
  {
    milestones: Type.Array(MilestoneSchema, {
      maxItems: 6,
      description: 'The milestones (each stage at most once); stages left out are cleared',
    }),
  },
  { additionalProperties: false },
);
export type MilestonesPut = Static<typeof MilestonesPutSchema>;

export const ScopePutSchema = Type.Object(
  {
    asset_ids: Type.Array(Uuid('Asset'), {
      maxItems: 200,
      uniqueItems: true,
      description: 'Assets the project repairs',
    }),
  },
  { additionalProperties: false },
);
export type ScopePut = Static<typeof ScopePutSchema>;

export const EquipmentCreateSchema = Type.Object(
  {
    item_id: Uuid('Item needed'),
    quantity: Quantity('Quantity needed, greater than zero'),
    lead_days: Type.Integer({ minimum: 0, maximum: 3650, description: 'Lead time from order to site, days' }),
    recipient_org_id: Type.Optional(Uuid('Recipient of the need; default the project’s owner')),
    classification: Type.Optional(ClassificationSchema),
  },
  { additionalProperties: false, description: 'Equipment a project needs: becomes a need' },
);
export type EquipmentCreate = Static<typeof EquipmentCreateSchema>;

export const MoveSchema = Type.Object(
  {
    kind: StringEnum(
      ['money', 'pledge'] as const,
      'money: the missing EUR committed today; pledge: one open pledge delivering a line',
    ),
    what: Type.String({ description: 'money: the missing amount in EUR; pledge: the pledge id' }),
    need_id: Nullable(Uuid('The equipment need a pledge would meet')),
    energised_on: Nullable(IsoDate('Energising day after the move')),
    days_earlier: Nullable(
      Type.Integer({ description: 'Days earlier than now; null when the move unblocks a blocked project' }),
    ),
    unblocks: Type.Boolean({ description: 'The project is blocked on money now and gets a date' }),
  },
  { additionalProperties: false },
);

export const RankedProjectSchema = Type.Object(
  {
    rank: Type.Integer({ minimum: 1, description: 'Place in the ranking' }),
    id: Uuid('Repair project'),
    name: Type.String({ description: 'Name' }),
    region_id: Uuid('Region'),
    people_reconnected: People,
    gap_eur: Eur('Funding gap'),
    energised_on: Nullable(IsoDate('Energising day as things stand; null: blocked on money')),
    energised_if_funded_on: Nullable(IsoDate('Energising day if the missing money came today')),
    first_frost_on: Nullable(IsoDate('First frost of the region')),
    weeks: Nullable(Type.Integer({ description: 'Weeks to energising (at least 1)' })),
    people_per_week: Nullable(Type.Integer({ description: 'People reconnected per week of waiting' })),
    people_per_meur_missing: Nullable(
      Type.Integer({ description: 'People reconnected per million EUR missing' }),
    ),
    before_frost: Type.Boolean({ description: 'Energised on or before the first frost' }),
    blocked_on_money: Type.Boolean({ description: 'No date until money comes' }),
    critical: Type.String({ description: 'What sets the date: money, a need id, schedule or done' }),
    best_move: Nullable(
      Type.Object(MoveSchema.properties, {
        additionalProperties: false,
        description: 'The single move that brings energising forward most; null when none does',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RankingSchema = Type.Object(
  {
    as_of: IsoDate('The data’s today'),
    items: Type.Array(RankedProjectSchema, { description: 'Projects not yet energised, best first' }),
  },
  {
    additionalProperties: false,
    description: 'Repairs ranked by people reconnected per week and per EUR missing, before the first frost',
  },
);
export type Ranking = Static<typeof RankingSchema>;

export const CriticalPathSchema = Type.Object(
  {
    project_id: Uuid('Repair project'),
    as_of: IsoDate('The data’s today'),
    funded_on: Nullable(IsoDate('Funded (actual, expected or today)')),
    delivered_on: Nullable(IsoDate('All equipment on site')),
    installed_on: Nullable(IsoDate('Installed')),
    energised_on: Nullable(IsoDate('Energised')),
    critical: Type.String({ description: 'What sets the date: money, a need id, schedule or done' }),
    lines: Type.Array(
      Type.Object(
        {
          need_id: Uuid('Need'),
          label: Type.String({ description: 'Item and quantity' }),
          ready_on: Nullable(IsoDate('On site')),
          why: StringEnum(['delivered', 'pledge', 'order', 'blocked'] as const, 'Where the date comes from'),
        },
        { additionalProperties: false },
      ),
      { description: 'Equipment lines' },
    ),
    moves: Type.Array(MoveSchema, { description: 'Single moves that bring energising forward, best first' }),
  },
  { additionalProperties: false },
);
export type CriticalPath = Static<typeof CriticalPathSchema>;

const ProgressCellSchema = Type.Object(
  {
    week: Type.String({
      pattern: '^\\d{4}-W\\d{2}$',
      description: 'ISO week of the energised days',
      examples: ['2022-W50'],
    }),
    key: Type.String({
      description: 'all (total), a region id (by_region) or an organisation id (by_funder)',
    }),
    projects: Type.Integer({ minimum: 0, description: 'Projects energised' }),
    people_reconnected: Type.Integer({ minimum: 0, description: 'People reconnected' }),
    capacity: Type.Array(
      Type.Object(
        {
          unit: CapacityUnitSchema,
          capacity: Type.Number({ minimum: 0, description: 'Capacity restored in this unit' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Capacity restored per unit (units are never added together)' },
    ),
  },
  { additionalProperties: false },
);

export const ProgressSchema = Type.Object(
  {
    from: Nullable(IsoDate('First energised day counted')),
    to: Nullable(IsoDate('Last energised day counted')),
    total: Type.Array(ProgressCellSchema, { description: 'Per week, all projects the reader may see' }),
    by_region: Type.Array(ProgressCellSchema, { description: 'Per week and region' }),
    by_funder: Type.Array(ProgressCellSchema, {
      description:
        'Per week and funder (donor of committed money to the project, or fund allocating to it); a project with several funders counts for each, so these are not parts of the total',
    }),
  },
  {
    additionalProperties: false,
    description:
      'Capacity restored and people reconnected per week, from the projects and money the reader may see',
  },
);
export type ProgressReport = Static<typeof ProgressSchema>;

export const ProgressQuerySchema = Type.Object(
  {
    from: Type.Optional(IsoDate('Only projects energised on or after this day')),
    to: Type.Optional(IsoDate('Only projects energised on or before this day')),
    region_id: Type.Optional(Uuid('Only projects in this region')),
  },
  { additionalProperties: false },
);
export type ProgressQuery = Static<typeof ProgressQuerySchema>;
