import { type Static, Type } from 'typebox';
import { ScenarioSchema } from '../../planning/scenario.js';
import { ClassificationSchema, Nullable, PageSchema, Uuid } from '../shared/record.schema.js';

const IsoWeek = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$',
    description: `${description} (ISO week YYYY-Www)`,
    examples: ['2023-W18'],
  });
const Num = (description: string) => Type.Number({ description });
const Week = (description: string) =>
  Type.Integer({ description: `${description}, in weeks from the plan's start week` });

export const PLAN_METHODS = ['auto', 'network', 'highs', 'greedy'] as const;
export type PlanMethodName = (typeof PLAN_METHODS)[number];

export const PlanMethodSchema = Type.Union(
  [Type.Literal('auto'), Type.Literal('network'), Type.Literal('highs'), Type.Literal('greedy')],
  {
    description:
      'Solver: network (min-cost flow, exact without bundles), highs (LP), greedy (highest priority first, a baseline ' +
      'without duals), auto (network unless bundles need the LP)',
  },
);

export const WeightsSchema = Type.Object(
  {
    unmet: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1e9,
      description: 'M_unmet per unit unmet, times priority (default 1000)',
    }),
    late: Type.Number({
      minimum: 0,
      maximum: 1e9,
      description: 'M_late per unit and week late, times priority (default 10)',
    }),
    cost: Type.Number({
      minimum: 0,
      maximum: 1e9,
      description: 'M_cost per unit of transport cost (default 1)',
    }),
  },
  {
    additionalProperties: false,
    description: 'Objective weights; unmet must exceed late × lateness + the largest transport cost',
  },
);

export const PlanRequestSchema = Type.Object(
  {
    method: Type.Optional(PlanMethodSchema),
    horizon: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 104, description: 'Weeks planned (1–104, default 26)' }),
    ),
    lateness: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 26,
        description: 'Weeks a need may be served after its due week (default 4)',
      }),
    ),
    start_week: Type.Optional(IsoWeek('Week 0 of the plan; default the current week')),
    weights: Type.Optional(WeightsSchema),
    scenario: Type.Optional(ScenarioSchema),
  },
  {
    additionalProperties: false,
    description: 'What to plan: solver, horizon, lateness, weights and a what-if scenario',
  },
);
export type PlanRequest = Static<typeof PlanRequestSchema>;

export const PLAN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PlanTimingsSchema = Type.Object(
  {
    snapshot_ms: Type.Optional(Num('Reading live data and applying the scenario')),
    build_ms: Type.Optional(Num('Building the model (typed arrays)')),
    solve_ms: Type.Optional(Num('Solving, all components')),
    explain_ms: Type.Optional(Num('Explaining the solution')),
    store_ms: Type.Optional(Num('Storing results')),
    total_ms: Type.Optional(
      Num('From start until the results were written (before the run row and the commit)'),
    ),
    committed_ms: Type.Optional(
      Num('From start until the results and the run row were committed; recorded just after the commit'),
    ),
  },
  { additionalProperties: false, description: 'How long each step took, in milliseconds' },
);

export const PlanSummarySchema = Type.Object(
  {
    objective: Num('The weighted objective: Σ M_unmet·p·unmet + Σ (M_late·p·lateness + M_cost·cost)·x'),
    unmet_weighted: Num('Σ priority × unmet quantity'),
    unmet_quantity: Num('Σ unmet quantity'),
    late_weighted: Num('Σ priority × weeks late × quantity'),
    lots: Type.Integer({ description: 'Supply lots in the model' }),
    needs: Type.Integer({ description: 'Needs in the model' }),
    arcs: Type.Integer({ description: 'Possible (lot, need) pairs' }),
    allocations: Type.Integer({ description: 'Allocations in the plan' }),
  },
  { additionalProperties: false, description: 'What the plan achieves' },
);

export const PlanRunSchema = Type.Object(
  {
    id: Uuid('Run id'),
    status: Type.Union(
      [
        Type.Literal('queued'),
        Type.Literal('running'),
        Type.Literal('succeeded'),
        Type.Literal('failed'),
        Type.Literal('cancelled'),
        Type.Literal('interrupted'),
      ],
      {
        description:
          'queued → running → succeeded | failed | cancelled; interrupted when the process running it died and ' +
          'the run could not be resumed by another process (a run is resumed once: running → queued again)',
      },
    ),
    method: PlanMethodSchema,
    solved_by: Nullable(
      Type.Union([Type.Literal('network'), Type.Literal('highs'), Type.Literal('greedy')], {
        description: 'The solver that produced the result (auto resolves to one)',
      }),
    ),
    start_week: IsoWeek('Week 0 of the plan'),
    horizon: Type.Integer({ description: 'Weeks planned' }),
    lateness: Type.Integer({ description: 'Weeks of allowed lateness' }),
    weights: WeightsSchema,
    scenario: Nullable(ScenarioSchema),
    progress: Type.Number({ minimum: 0, maximum: 1, description: 'Share done, 0 to 1' }),
    progress_note: Nullable(Type.String({ description: 'What the run is doing' })),
    summary: Nullable(PlanSummarySchema),
    timings: PlanTimingsSchema,
    error: Nullable(Type.String({ description: 'Why the run failed or was interrupted' })),
    classification: ClassificationSchema,
    runner: Nullable(
      Type.String({ description: 'The process running it or that ran it last: host, pid and job worker' }),
    ),
    attempts: Type.Integer({
      minimum: 0,
      description: 'How many processes have started it (2: resumed once)',
    }),
    data_fingerprint: Nullable(Type.String({ description: 'Hash of the live inputs read by the run' })),
    created_at: Type.String({ format: 'date-time', description: 'When the run was asked for' }),
    created_by: Type.String({ description: 'Who asked for it' }),
    created_by_name: Type.String({ description: 'Who asked for it, as people read it (a user by name)' }),
    started_at: Nullable(Type.String({ format: 'date-time', description: 'When it started' })),
    finished_at: Nullable(Type.String({ format: 'date-time', description: 'When it ended' })),
    accepted_at: Nullable(
      Type.String({ format: 'date-time', description: 'When its allocations were accepted' }),
    ),
    accepted_by: Nullable(Type.String({ description: 'Who accepted them' })),
    accepted_by_name: Nullable(
      Type.String({ description: 'Who accepted them, as people read it (a user by name)' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'A plan run: parameters, status, progress, summary and timings',
  },
);
export type PlanRun = Static<typeof PlanRunSchema>;

export const PlanRunPageSchema = PageSchema(PlanRunSchema, 'Plan runs, newest first');

export const ServingLotSchema = Type.Object(
  {
    lot_id: Type.String({ description: 'Pledge id, or forecast:<line>:<month>, or scenario:…' }),
    lot_kind: Type.Union([Type.Literal('pledge'), Type.Literal('forecast'), Type.Literal('scenario')], {
      description: 'pledge (can be accepted), forecast production or what-if supply (never accepted)',
    }),
    quantity: Num('Units from this lot'),
    arrival_week: Week('When it arrives'),
    arrival: IsoWeek('When it arrives'),
    lateness: Type.Integer({ description: 'Weeks after the due week' }),
  },
  { additionalProperties: false, description: 'A lot that serves a need' },
);

export const UnmetReasonSchema = Type.Union(
  [
    Type.Literal('no_supply_in_time'),
    Type.Literal('lead_time_too_long'),
    Type.Literal('taken_by_higher_priority'),
    Type.Literal('bundle_ratio'),
  ],
  {
    description:
      'Why some is unmet (or late): no_supply_in_time = no lot of the item leaves its hub by the deadline; ' +
      'lead_time_too_long = lots leave in time but hub → region transport makes them arrive too late; ' +
      'taken_by_higher_priority = the lots that could arrive in time are used up by needs of higher or equal priority; ' +
      'bundle_ratio = supply is there but the bundle ratio with the lead need holds it back',
  },
);

export const NeedResultSchema = Type.Object(
  {
    need_key: Type.String({ description: 'The need id, or scenario:need:<n> for a what-if need' }),
    need_id: Nullable(Uuid('The need (null for a what-if need)')),
    item_id: Uuid('Item'),
    region_id: Uuid('Region'),
    recipient_org_id: Nullable(Uuid('Recipient organisation')),
    priority_weight: Num('p_d'),
    due_week: Week('Due'),
    due: IsoWeek('Due'),
    quantity: Num('Open quantity planned for'),
    allocated: Num('Planned to arrive'),
    unmet: Num('Not served within the allowed lateness'),
    late_quantity: Num('Served after the due week'),
    reason: Nullable(UnmetReasonSchema),
    binding_dual: Nullable(Num('Largest dual of the used-up lots that could have served it')),
    explanation: Type.Object(
      {
        serving: Type.Array(ServingLotSchema, { description: 'Lots that serve it, earliest first' }),
        binding_lots: Type.Array(
          Type.Object(
            {
              lot_id: Type.String({ description: 'Lot' }),
              dual: Num('What one more unit in it would save'),
            },
            { additionalProperties: false, description: 'A used-up lot' },
          ),
          {
            description:
              'Used-up lots that could have served it: the five with the largest dual, largest first',
          },
        ),
        taken_by: Type.Array(Type.String({ description: 'Need key' }), {
          description: 'Needs of higher or equal priority that took those lots (a few)',
        }),
        taken_by_names: Type.Optional(
          Type.Array(Type.String({ description: 'N-000123 (item in region by due day)' }), {
            description:
              'The names of the needs in taken_by, in the same order (a what-if need keeps its key)',
          }),
        ),
        text: Type.String({ description: 'The explanation in words' }),
      },
      { additionalProperties: false, description: 'Which lots serve it, and why any is unmet or late' },
    ),
  },
  { additionalProperties: false, description: 'What the plan does for one need, and why' },
);
export type NeedResult = Static<typeof NeedResultSchema>;
export const NeedResultPageSchema = PageSchema(
  NeedResultSchema,
  'Need results, the most urgent first: by priority, then due week',
);

export const LotResultSchema = Type.Object(
  {
    lot_id: Type.String({ description: 'Pledge id, or forecast:<line>:<month>, or scenario:…' }),
    lot_kind: ServingLotSchema.properties.lot_kind,
    pledge_id: Nullable(Uuid('The pledge')),
    production_line_id: Nullable(Uuid('The production line of a forecast lot')),
    item_id: Uuid('Item'),
    hub: Type.String({ description: 'Hub code it leaves from' }),
    available_week: Week('When it can leave its hub'),
    quantity: Num('Free quantity'),
    used: Num('Planned out of it'),
    dual: Num('What one more unit in this lot would save (0 unless used up; 0 for greedy)'),
    destinations: Type.Array(
      Type.Object(
        {
          need_key: Type.String({ description: 'Need' }),
          quantity: Num('Units'),
          arrival_week: Week('Arrival'),
          lateness: Type.Integer({ description: 'Weeks late' }),
        },
        { additionalProperties: false, description: 'Where some of the lot goes' },
      ),
      { description: 'Where it goes' },
    ),
  },
  { additionalProperties: false, description: 'A supply lot: how much it has, where it goes, its dual' },
);
export type LotResult = Static<typeof LotResultSchema>;
export const LotResultPageSchema = PageSchema(LotResultSchema, 'Lot results in lot order');

const PriorityNameSchema = Nullable(
  Type.Union([Type.Literal('critical'), Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')], {
    description: 'Priority of the needs',
  }),
);

export const ItemShadowPriceSchema = Type.Object(
  {
    item_id: Uuid('Item'),
    code: Type.String({ description: 'Catalogue code' }),
    name: Type.String({ description: 'Item name' }),
    unit: Type.String({ description: 'Unit of every quantity of this item' }),
    unit_price_eur: Nullable(Num('Price list value of one unit in EUR; null when the item has no EUR price')),
    critical_unmet: Num('Unmet quantity of critical needs, in the item’s unit'),
    critical_unmet_value_eur: Nullable(
      Num('critical_unmet × unit price in EUR: the ranking key; null without an EUR price'),
    ),
    unmet: Num('Unmet quantity of the item, in its unit'),
    unmet_value_eur: Nullable(Num('unmet × unit price in EUR; null without an EUR price')),
    late: Num('Quantity delivered after its due week, in the item’s unit'),
    by_priority: Type.Array(
      Type.Object(
        {
          priority: PriorityNameSchema,
          unmet: Num('Unmet, in the item’s unit'),
          late: Num('Delivered late, in the item’s unit'),
          late_weeks: Num('Σ quantity × weeks late (unit-weeks)'),
          unmet_value_eur: Nullable(Num('unmet × unit price in EUR')),
        },
        { additionalProperties: false, description: 'Shortfall of the needs of one priority' },
      ),
      { description: 'Unmet and late by priority, highest first' },
    ),
    one_more_lot: Type.Array(
      Type.Object(
        {
          week: Week('Week (from the plan start) the extra lot reaches every region'),
          arrival: IsoWeek('That week'),
          quantity: Num('Size of the extra lot (the item’s typical lot), in its unit'),
          served_quantity: Num('How much more would be served'),
          served: Type.Array(
            Type.Object(
              { priority: PriorityNameSchema, quantity: Num('More served of this priority') },
              { additionalProperties: false },
            ),
            { description: 'More served, by priority' },
          ),
          late_weeks_saved: Num('Unit-weeks of lateness saved (negative when more is served late)'),
          served_value_eur: Nullable(Num('served_quantity × unit price in EUR')),
        },
        { additionalProperties: false, description: 'What one more lot arriving in that week would change' },
      ),
      {
        description:
          'Measured by re-solving the item’s network; empty beyond the first ten items and for bundles',
      },
    ),
    shadow_price: Num(
      'The dual: what one more unit of the item would save in objective units (the largest dual of its used-up lots); not comparable across items',
    ),
    unmet_weighted: Num('Σ priority × unmet'),
  },
  { additionalProperties: false, description: 'What donors should send next of one item' },
);
export const ItemShadowPricesSchema = Type.Object(
  {
    items: Type.Array(ItemShadowPriceSchema, {
      description:
        'What donors should send next: items by the EUR value of their critical unmet quantity, then by unmet EUR, critical unmet quantity, weighted unmet',
    }),
  },
  { additionalProperties: false },
);
export type ItemShadowPrices = Static<typeof ItemShadowPricesSchema>;

export const PlanAllocationSchema = Type.Object(
  {
    seq: Type.Integer({ description: 'Order within the run' }),
    lot_id: Type.String({ description: 'Lot' }),
    lot_kind: ServingLotSchema.properties.lot_kind,
    pledge_id: Nullable(Uuid('Pledge (pledge lots)')),
    need_key: Type.String({ description: 'Need key' }),
    need_id: Nullable(Uuid('Need (null for a what-if need)')),
    item_id: Uuid('Item'),
    quantity: Num('Units'),
    arrival_week: Week('Arrival'),
    arrival: IsoWeek('Arrival'),
    lateness: Type.Integer({ description: 'Weeks late' }),
    unit_cost: Num('Objective coefficient per unit'),
  },
  { additionalProperties: false, description: 'One flow of the plan: a lot to a need' },
);
export type PlanAllocation = Static<typeof PlanAllocationSchema>;
export const PlanAllocationPageSchema = PageSchema(PlanAllocationSchema, 'Allocations in run order');

export const ResultQuerySchema = Type.Object(
  {
    item_id: Type.Optional(Uuid('Only this item')),
    need_id: Type.Optional(Type.String({ maxLength: 100, description: 'Only this need (id or key)' })),
    region_id: Type.Optional(Uuid('Only this region (needs)')),
    reason: Type.Optional(UnmetReasonSchema),
    cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'next_cursor of the previous page' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (1–500)' }),
    ),
  },
  { additionalProperties: false },
);
export type ResultQuery = Static<typeof ResultQuerySchema>;

export const RunListQuerySchema = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'next_cursor of the previous page' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (1–500)' }),
    ),
  },
  { additionalProperties: false },
);

const ChangeSchema = (what: string) =>
  Type.Object(
    {
      key: Type.String({ description: `${what} id or key` }),
      label: Type.String({ description: `${what} name or code` }),
      allocated_a: Num('Allocated in run A'),
      allocated_b: Num('Allocated in run B'),
      gained: Num('Σ increases from A to B'),
      lost: Num('Σ decreases from A to B'),
    },
    { additionalProperties: false, description: `Change per ${what}` },
  );

export const PlanComparisonSchema = Type.Object(
  {
    a: PlanRunSchema,
    b: PlanRunSchema,
    objective_change: Nullable(Num('Objective of B − objective of A')),
    needs: Type.Array(
      Type.Object(
        {
          need_key: Type.String({ description: 'Need' }),
          need_id: Nullable(Uuid('Need (null for a what-if need)')),
          item_id: Uuid('Item'),
          recipient_org_id: Nullable(Uuid('Recipient')),
          quantity: Num('Open quantity'),
          allocated_a: Num('Allocated in A'),
          allocated_b: Num('Allocated in B'),
          change: Num('B − A'),
        },
        { additionalProperties: false, description: 'A need whose allocation changed' },
      ),
      { description: 'Needs whose allocation changed, largest change first (at most 500)' },
    ),
    by_recipient: Type.Array(ChangeSchema('recipient organisation'), {
      description: 'Gains and losses per recipient',
    }),
    by_item: Type.Array(ChangeSchema('item'), { description: 'Gains and losses per item' }),
  },
  {
    additionalProperties: false,
    description: 'What changed from run A to run B: whose needs gained or lost',
  },
);
export type PlanComparison = Static<typeof PlanComparisonSchema>;

export const AcceptResultSchema = Type.Object(
  {
    run: PlanRunSchema,
    allocations_created: Type.Integer({ description: 'Accepted allocations created' }),
    quantity: Num('Units allocated'),
    skipped_forecast_quantity: Num('Units planned from forecast production, never accepted'),
  },
  { additionalProperties: false, description: 'What accepting the run did' },
);
export type AcceptResult = Static<typeof AcceptResultSchema>;

export const ExportQuerySchema = Type.Object(
  {
    format: Type.Union([Type.Literal('mps'), Type.Literal('lp')], { description: 'Free MPS or CPLEX LP' }),
    horizon: PlanRequestSchema.properties.horizon,
    lateness: PlanRequestSchema.properties.lateness,
    start_week: PlanRequestSchema.properties.start_week,
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;
