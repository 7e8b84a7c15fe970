import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** numeric columns travel as decimal strings so no precision is lost before the service decides. */
type Numeric = ColumnType<string, string | number, string | number>;
/** date columns are read as 'YYYY-MM-DD' strings (see the type parser in connection.ts). */
type DateColumn = ColumnType<string, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export type Classification = 'public' | 'coalition' | 'restricted';
export type Priority = 'critical' | 'high' | 'medium' | 'low';

/** Columns every record carries (see DESIGN.md, "Every record carries"). */
export interface RecordColumns {
  owner_org_id: string | null;
  classification: ColumnType<Classification, Classification | undefined, Classification>;
  /** Public only from this date (migration 0008); before it a public record counts as coalition. */
  embargo_until: ColumnType<string | null, string | null | undefined, string | null>;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  created_by: ColumnType<string, string, never>;
  updated_at: UpdatedAt;
  updated_by: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface OrganisationTable extends RecordColumns {
  id: string;
  name: string;
  short_name: string | null;
  kind: string;
  country_code: string | null;
  parent_id: string | null;
}

export interface RegionTable extends RecordColumns {
  id: string;
  code: string;
  name: string;
  name_uk: ColumnType<string | null, string | null | undefined, string | null>;
  country_code: string;
  population: ColumnType<string | null, number | null | undefined, number | null>;
  parent_id: string | null;
}

export interface ItemTable extends RecordColumns {
  id: string;
  code: string;
  name: string;
  name_uk: ColumnType<string | null, string | null | undefined, string | null>;
  category: string;
  unit: string;
  reference_price_amount: ColumnType<string | null, string | null | undefined, string | null>;
  reference_price_currency: string | null;
  description: string | null;
}

export interface EventTable extends RecordColumns {
  id: string;
  name: string;
  kind: string;
  location: string | null;
  starts_on: DateColumn;
  ends_on: DateColumn;
  organiser_org_id: string | null;
}

/** Stage quantities are maintained by the lifecycle, allocation and receipt code, never by a PATCH. */
type StageQuantity = ColumnType<string, string | number | undefined, string | number>;

export interface NeedTable extends RecordColumns {
  id: string;
  recipient_org_id: string;
  region_id: string;
  item_id: string;
  quantity: Numeric;
  priority: Priority;
  needed_by: DateColumn;
  justification: string | null;
  status: ColumnType<string, string | undefined, string>;
  allocated_quantity: StageQuantity;
  met_quantity: StageQuantity;
  /** Set only by derivation (src/core/incidents/derive.service.ts), never by a client. */
  incident_id: ColumnType<string | null, string | null | undefined, string | null>;
  rule_id: ColumnType<string | null, string | null | undefined, string | null>;
  rule_version: ColumnType<number | null, number | null | undefined, number | null>;
  derivation: ColumnType<string | null, string | null | undefined, string | null>;
  needs_review: ColumnType<boolean, boolean | undefined, boolean>;
  review_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** A bundle member need names its lead need (migration 0005; the ratio is in item_bundle). */
  bundle_lead_need_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0014: served late until this date, not after; NULL: for as long as the plan looks ahead. */
  useful_until: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0021: how people name the need, "N-000123"; set by the database, never changed. */
  reference: ColumnType<string, never, never>;
  /** Its id in the file it was imported from (migration 0022); unique per owner organisation. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The import that last wrote it. */
  import_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IncidentTable extends RecordColumns {
  id: string;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  kind: string;
  title: string;
  description: string | null;
  /** jsonb, validated in src/core/incidents; written as JSON text. */
  impacts: ColumnType<unknown, string | undefined, string>;
  damage: ColumnType<unknown, string | undefined, string>;
  status: ColumnType<string, string | undefined, string>;
}

export interface NeedRuleTable extends RecordColumns {
  id: string;
  code: string;
  description: string | null;
  trigger: string;
  service: string | null;
  min_outage_days: number | null;
  people_per_unit: number | null;
  asset_kind: string | null;
  asset_class: string | null;
  item_id: string;
  quantity_per_unit: Numeric;
  per_day: ColumnType<boolean, boolean | undefined, boolean>;
  max_days: number | null;
  priority: Priority;
  priority_before_frost: Priority | null;
  lead_days: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface RegionFirstFrostTable {
  region_id: string;
  first_frost_on: DateColumn;
  note: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: UpdatedAt;
  updated_by: string;
}

/** The share of a country's imports of an energy carrier from Russia (migration 0037). */
export interface EnergyDependencyTable {
  country_code: string;
  carrier: string;
  russian_share: Numeric;
  year: number;
  note: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: UpdatedAt;
  updated_by: string;
}

export interface PledgeTable extends RecordColumns {
  id: string;
  donor_org_id: string;
  item_id: string;
  quantity: Numeric;
  need_id: string | null;
  recipient_org_id: string | null;
  event_id: string | null;
  announced_on: DateColumn;
  available_from: ColumnType<string | null, string | null | undefined, string | null>;
  value_amount: ColumnType<string | null, string | null | undefined, string | null>;
  value_currency: string | null;
  conditions: string | null;
  status: ColumnType<string, string | undefined, string>;
  committed_quantity: StageQuantity;
  allocated_quantity: StageQuantity;
  shipped_quantity: StageQuantity;
  delivered_quantity: StageQuantity;
  in_service_quantity: StageQuantity;
  value_eur: ColumnType<string | null, string | null | undefined, string | null>;
  value_fx_rate: ColumnType<string | null, string | null | undefined, string | null>;
  value_fx_rate_on: ColumnType<string | null, string | null | undefined, string | null>;
  price_list_eur: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where the pledged goods are staged (migration 0005); null: the default hub. */
  hub_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Its id in the file it was imported from (migration 0022); unique per owner organisation. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The import that last wrote it. */
  import_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** What kind of record caused a step of a pledge's history. */
export type TransitionCause = 'allocation' | 'shipment' | 'receipt';

export interface PledgeTransitionTable {
  id: string;
  pledge_id: string;
  action: string;
  quantity: Numeric;
  from_status: string;
  to_status: string;
  source_id: string | null;
  note: string | null;
  at: CreatedAt;
  /** The day the step took effect (may be back-dated); NULL: the day of `at`. */
  effective_on: ColumnType<string | null, string | null | undefined, string | null>;
  actor: string;
  /** The allocation, shipment or receipt that caused the step (migration 0011); null for direct steps. */
  cause_type: ColumnType<TransitionCause | null, TransitionCause | null | undefined, never>;
  cause_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface AllocationTable extends RecordColumns {
  id: string;
  pledge_id: string;
  need_id: string;
  quantity: Numeric;
  week: string;
  status: ColumnType<string, string | undefined, string>;
  proposed_by: ColumnType<string, string | undefined, string>;
  shipped_quantity: StageQuantity;
  delivered_quantity: StageQuantity;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decided_by: string | null;
  /** The data's day it was proposed (0017); NULL: the day of created_at. */
  proposed_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** The day the last decision took effect, may be back-dated (0017); NULL: the day of decided_at. */
  decided_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ShipmentTable extends RecordColumns {
  id: string;
  reference: string;
  origin_hub: string;
  destination_region_id: string;
  dispatched_on: ColumnType<string | null, string | null | undefined, string | null>;
  eta: ColumnType<string | null, string | null | undefined, string | null>;
  status: ColumnType<string, string | undefined, string>;
}

export interface ShipmentLineTable {
  id: string;
  shipment_id: string;
  allocation_id: string;
  pledge_id: string;
  need_id: string;
  item_id: string;
  quantity: Numeric;
  received_quantity: StageQuantity;
}

export interface ReceiptTable extends RecordColumns {
  id: string;
  shipment_id: string;
  received_on: DateColumn;
  received_by_org_id: string;
  note: string | null;
}

export interface ReceiptLineTable {
  id: string;
  receipt_id: string;
  shipment_line_id: string;
  quantity: Numeric;
  discrepancy_reason: string | null;
  note: string | null;
}

export interface FxRateTable {
  currency: string;
  rate_on: DateColumn;
  eur_per_unit: Numeric;
  source: string;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  created_by: string;
}

export interface DuplicateFlagTable {
  id: string;
  entity_type: string;
  entity_id: string;
  other_id: string;
  reason: string;
  status: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reviewed_by: string | null;
}

export interface SourceTable extends RecordColumns {
  id: string;
  url: string | null;
  title: string;
  publisher: string;
  published_on: ColumnType<string | null, string | null | undefined, string | null>;
  kind: string;
  notes: string | null;
}

export interface SourceLinkTable {
  source_id: string;
  entity_type: string;
  entity_id: string;
  created_at: CreatedAt;
  created_by: string;
}

export interface AuditEntryTable {
  /** Assigned by the chain writer (head + 1), never by a sequence: see 0007_audit_chain.sql. */
  seq: ColumnType<string, string, never>;
  at: CreatedAt;
  actor: string;
  /** The organisation of the request actor; null for system actors and entries before 0007. */
  org_id: ColumnType<string | null, string | null | undefined, never>;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  /** Null only on entries not sealed yet by the migration runner. */
  prev_hash: ColumnType<string | null, string, never>;
  hash: ColumnType<string | null, string, never>;
}

export interface IdempotencyKeyTable {
  key: string;
  scope: string;
  body_hash: string;
  status_code: number;
  response: unknown;
  created_at: CreatedAt;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: CreatedAt;
}

/** jsonb columns are read as parsed JSON and written as JSON text. */
type JsonColumn = ColumnType<unknown, string, string>;

export interface ProductionLineTable extends RecordColumns {
  id: string;
  name: string;
  manufacturer_org_id: string | null;
  manufacturer: string;
  plant: string | null;
  country_code: string;
  item_id: string;
  capacity_schedule: JsonColumn;
  lead_time_months: number;
  backlog: ColumnType<string, string | number | undefined, string | number>;
  coalition_share: Numeric;
}

export interface MaterialTable extends RecordColumns {
  id: string;
  code: string;
  name: string;
  unit: string;
  suppliers: ColumnType<unknown, string | undefined, string>;
  /** gas, oil or coal when the material is an energy carrier (migration 0037). */
  energy_carrier: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MaterialInputTable extends RecordColumns {
  id: string;
  item_id: string | null;
  parent_material_id: string | null;
  material_id: string;
  quantity_per_unit: Numeric;
}

export interface ConsumptionProfileTable extends RecordColumns {
  id: string;
  item_id: string;
  region_id: string | null;
  front: string | null;
  rate_schedule: JsonColumn;
  stock_on_hand: ColumnType<string, string | number | undefined, string | number>;
  stock_as_of: DateColumn;
}

/** The data set's "as of" day (one row): what "now" means for defaults; NULL is today. */
export interface DataSetTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  as_of: ColumnType<string | null, string | null, string | null>;
  updated_at: UpdatedAt;
}

/** Aggregate cells (migration 0018, docs/figures.md): written only by the triggers' functions. */
export interface AggregateVisibilityTable {
  id: ColumnType<number, never, never>;
  classification: ColumnType<Classification, never, never>;
  embargo_until: ColumnType<string, never, never>;
  owner_org_id: ColumnType<string, never, never>;
  parties: ColumnType<string[], never, never>;
}

export interface AggregateCellTable {
  kind: ColumnType<string, never, never>;
  item_id: ColumnType<string, never, never>;
  region_id: ColumnType<string | null, never, never>;
  donor_org_id: ColumnType<string | null, never, never>;
  event_id: ColumnType<string | null, never, never>;
  week: ColumnType<string | null, never, never>;
  vis: ColumnType<number[], never, never>;
  shard: ColumnType<number, never, never>;
  quantity: ColumnType<string, never, never>;
  eur: ColumnType<string, never, never>;
  count: ColumnType<string, never, never>;
  unvalued: ColumnType<string, never, never>;
}

export interface Database {
  aggregate_visibility: AggregateVisibilityTable;
  aggregate_cell: AggregateCellTable;
  data_set: DataSetTable;
  organisation: OrganisationTable;
  region: RegionTable;
  item: ItemTable;
  event: EventTable;
  need: NeedTable;
  pledge: PledgeTable;
  source: SourceTable;
  source_link: SourceLinkTable;
  audit_entry: AuditEntryTable;
  idempotency_key: IdempotencyKeyTable;
  schema_migration: SchemaMigrationTable;
  pledge_transition: PledgeTransitionTable;
  allocation: AllocationTable;
  shipment: ShipmentTable;
  shipment_line: ShipmentLineTable;
  receipt: ReceiptTable;
  receipt_line: ReceiptLineTable;
  fx_rate: FxRateTable;
  duplicate_flag: DuplicateFlagTable;
  incident: IncidentTable;
  need_rule: NeedRuleTable;
  region_first_frost: RegionFirstFrostTable;
  energy_dependency: EnergyDependencyTable;
  production_line: ProductionLineTable;
  material: MaterialTable;
  material_input: MaterialInputTable;
  consumption_profile: ConsumptionProfileTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  user_preference: UserPreferenceTable;
  item_category: ItemCategoryTable;
  hub: HubTable;
  lead_time: LeadTimeTable;
  item_bundle: ItemBundleTable;
  plan_run: PlanRunTable;
  plan_allocation: PlanAllocationTable;
  backup_schedule: BackupScheduleTable;
  backup_run: BackupRunTable;
  outbox_event: OutboxEventTable;
  webhook_subscription: WebhookSubscriptionTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_attempt: WebhookAttemptTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  plan_need_result: PlanNeedResultTable;
  plan_lot_result: PlanLotResultTable;
  import_run: ImportRunTable;
  import_mapping: ImportMappingTable;
  grid_asset: GridAssetTable;
  grid_asset_status: GridAssetStatusTable;
  repair_project: RepairProjectTable;
  repair_project_asset: RepairProjectAssetTable;
  repair_milestone: RepairMilestoneTable;
  repair_equipment: RepairEquipmentTable;
  money_pledge: MoneyPledgeTable;
  money_pledge_transition: MoneyPledgeTransitionTable;
  fund_allocation: FundAllocationTable;
  open_data_release: OpenDataReleaseTable;
  open_data_file: OpenDataFileTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type RegionRow = Selectable<RegionTable>;
export type ItemRow = Selectable<ItemTable>;
export type EventRow = Selectable<EventTable>;
export type NeedRow = Selectable<NeedTable>;
export type PledgeRow = Selectable<PledgeTable>;
export type SourceRow = Selectable<SourceTable>;
export type NewNeedRow = Insertable<NeedTable>;
export type NeedRowUpdate = Updateable<NeedTable>;

// Planning (migration 0005): hubs, lead times, bundles, plan runs and their results.

export interface HubTable extends RecordColumns {
  id: string;
  code: string;
  name: string;
  country_code: string;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface LeadTimeTable {
  hub_id: string;
  region_id: string;
  weeks: number;
  cost: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  note: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  created_by: string;
  updated_at: UpdatedAt;
  updated_by: string;
}

export interface ItemBundleTable extends RecordColumns {
  id: string;
  lead_item_id: string;
  member_item_id: string;
  ratio: Numeric;
  note: string | null;
}

type PlanNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
type PlanTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PlanRunTable extends RecordColumns {
  id: string;
  status: ColumnType<string, string | undefined, string>;
  method: string;
  solved_by: ColumnType<string | null, string | null | undefined, string | null>;
  start_week: string;
  parameters: JsonColumn;
  scenario: ColumnType<unknown, string | null | undefined, string | null>;
  snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  data_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  objective: PlanNumeric;
  unmet_weighted: PlanNumeric;
  unmet_quantity: PlanNumeric;
  late_weighted: PlanNumeric;
  lot_count: ColumnType<number | null, number | null | undefined, number | null>;
  need_count: ColumnType<number | null, number | null | undefined, number | null>;
  arc_count: ColumnType<number | null, number | null | undefined, number | null>;
  allocation_count: ColumnType<number | null, number | null | undefined, number | null>;
  timings: ColumnType<unknown, string | undefined, string>;
  progress: ColumnType<string, string | number | undefined, string | number>;
  progress_note: ColumnType<string | null, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  started_at: PlanTimestamp;
  finished_at: PlanTimestamp;
  accepted_at: PlanTimestamp;
  accepted_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0014: the process running it, its advisory lock key, how many processes started it. */
  runner: ColumnType<string | null, string | null | undefined, string | null>;
  runner_key: ColumnType<string | null, string | null | undefined, string | null>;
  attempts: ColumnType<number, number | undefined, number>;
  /** Migration 0014: organisations that see every input row of that level by ownership (NULL: none). */
  readers_coalition: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  readers_restricted: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  /** Migration 0014: what donors should send next, as src/planning/send-next.ts ranks it (JSON array). */
  send_next: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface PlanAllocationTable {
  run_id: string;
  seq: number;
  lot_id: string;
  lot_kind: string;
  pledge_id: string | null;
  need_id: string | null;
  need_key: string;
  item_id: string;
  quantity: Numeric;
  arrival_week: number;
  lateness: number;
  unit_cost: Numeric;
}

export interface PlanNeedResultTable {
  run_id: string;
  need_key: string;
  need_id: string | null;
  item_id: string;
  region_id: string;
  recipient_org_id: string | null;
  priority_weight: Numeric;
  due_week: number;
  quantity: Numeric;
  allocated: Numeric;
  unmet: Numeric;
  late_quantity: Numeric;
  reason: string | null;
  binding_dual: PlanNumeric;
  explanation: JsonColumn;
}

export interface PlanLotResultTable {
  run_id: string;
  lot_id: string;
  lot_kind: string;
  pledge_id: string | null;
  production_line_id: string | null;
  item_id: string;
  hub_code: string;
  available_week: number;
  quantity: Numeric;
  used: Numeric;
  dual: Numeric;
}

// Accounts (migration 0006): users, sessions, API tokens, login throttle.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AppUserTable {
  id: string;
  org_id: string;
  email: string;
  display_name: string;
  role: string;
  clearance: Classification;
  password_hash: string;
  password_changed_at: Timestamp;
  disabled_at: NullableTimestamp;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  created_by: string;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokenTable {
  id: string;
  secret_hash: string;
  prefix: string;
  name: string;
  org_id: string;
  role: string;
  clearance: Classification;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  /** 'ip': failures from one client address; 'account_address': of one email from one address (0010). */
  scope: 'ip' | 'account_address';
  key: string;
  failures: number;
  window_started_at: Timestamp;
  /** When the next attempt of an account_address key may come (growing delays); null: at once. */
  blocked_until: NullableTimestamp;
}

export interface BackupScheduleTable {
  id: Generated<boolean>;
  enabled: boolean;
  /** 'HH:MM:SS', UTC */
  daily_at: string;
  keep: number;
  restore_test: boolean;
  updated_at: Generated<Timestamp>;
}

/** A user's own preferences (migration 0028). */
export interface UserPreferenceTable {
  user_id: string;
  locale: 'en' | 'uk' | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Item categories named in English and Ukrainian (migration 0028; read-only for the application). */
export interface ItemCategoryTable {
  code: string;
  name: string;
  name_uk: string;
}

export interface BackupRunTable {
  id: string;
  kind: 'backup' | 'restore_test';
  trigger: 'schedule' | 'command';
  started_at: Timestamp;
  finished_at: Timestamp;
  ok: boolean;
  backup_path: string | null;
  /** bigint as a decimal string */
  size_bytes: string | number | null;
  end_lsn: string | null;
  duration_ms: number;
  summary: string;
}

// Telling (migration 0026): the transactional outbox and webhook subscriptions, deliveries, attempts.

export interface OutboxEventTable {
  id: Generated<string>;
  /** bigint as a decimal string */
  seq: ColumnType<string, never, never>;
  type: string;
  entity: string;
  entity_id: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  occurred_at: ColumnType<Date, Date | string | undefined, never>;
  fanned_out_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface WebhookSubscriptionTable {
  id: string;
  org_id: string;
  url: string;
  events: string[];
  secret: string;
  role: string;
  clearance: Classification;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  created_at: CreatedAt;
  created_by: string;
  updated_at: UpdatedAt;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'dead' | 'withheld';

export interface WebhookDeliveryTable {
  id: string;
  subscription_id: string;
  event_id: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  window_start: ColumnType<Date, Date | string | undefined, Date | string>;
  claimed_by: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_worker: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface WebhookAttemptTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  started_at: ColumnType<Date, Date | string, never>;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
}

// In-app notifications (migration 0027).

export interface NotificationTable {
  user_id: string;
  event_id: string;
  created_at: CreatedAt;
  read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface NotificationPreferenceTable {
  user_id: string;
  events: string[];
  updated_at: UpdatedAt;
}
// Imports (migration 0022).

export interface ImportRunTable {
  id: string;
  entity: 'pledge' | 'need' | 'organisation' | 'item' | 'event' | 'shipment' | 'receipt';
  format: 'csv' | 'hxl' | 'tracker' | 'xlsx' | 'iati';
  file_name: string;
  file_sha256: string | null;
  file_bytes: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  encoding: string | null;
  mode: 'all_or_nothing' | 'skip_invalid';
  status: 'staging' | 'checked' | 'applying' | 'applied' | 'failed' | 'interrupted';
  rows_total: ColumnType<string, string | number | undefined, string | number>;
  rows_done: ColumnType<string, string | number | undefined, string | number>;
  counts: ColumnType<unknown, string | null | undefined, string | null>;
  problems: ColumnType<unknown, string | null | undefined, string | null>;
  problem_count: ColumnType<string, string | number | undefined, string | number>;
  mapping: ColumnType<unknown, string | null | undefined, string | null>;
  source_id: string | null;
  error: string | null;
  runner: string | null;
  runner_key: ColumnType<string | null, string | null | undefined, string | null>;
  actor: string;
  actor_org_id: string | null;
  actor_role: string | null;
  actor_clearance: Classification;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  applied_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type ImportRunRow = Selectable<ImportRunTable>;

/** A mapping saved under a name for an organisation (migration 0038). */
export interface ImportMappingTable {
  id: string;
  org_id: string | null;
  name: string;
  mapping: ColumnType<unknown, string, string>;
  created_by: string;
  updated_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
// Grid repair (migration 0024, docs/grid-repair.md): assets, repair projects, money pledges, fund allocations.

type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface GridAssetTable extends RecordColumns {
  id: string;
  name: string;
  kind: string;
  region_id: string;
  operator_org_id: string;
  voltage_kv: ColumnType<number | null, number | null | undefined, number | null>;
  capacity: NullableNumeric;
  capacity_unit: ColumnType<string | null, string | null | undefined, string | null>;
  people_served: ColumnType<number, number | undefined, number>;
  status: ColumnType<string, string | undefined, string>;
  status_on: NullableDate;
  latitude: NullableNumeric;
  longitude: NullableNumeric;
  region_release: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface GridAssetStatusTable {
  id: string;
  asset_id: string;
  status: string;
  effective_on: DateColumn;
  incident_id: string | null;
  repair_project_id: string | null;
  note: string | null;
  at: CreatedAt;
  actor: string;
}

export interface RepairProjectTable extends RecordColumns {
  id: string;
  name: string;
  region_id: string;
  cost_eur: Numeric;
  capacity_restored: NullableNumeric;
  capacity_unit: ColumnType<string | null, string | null | undefined, string | null>;
  people_reconnected: ColumnType<number, number | undefined, number>;
  status: ColumnType<string, string | undefined, string>;
}

export interface RepairProjectAssetTable {
  repair_project_id: string;
  asset_id: string;
}

export interface RepairMilestoneTable {
  repair_project_id: string;
  stage: string;
  planned_on: NullableDate;
  actual_on: NullableDate;
}

export interface RepairEquipmentTable {
  repair_project_id: string;
  need_id: string;
  lead_days: number;
}

export interface MoneyPledgeTable extends RecordColumns {
  id: string;
  donor_org_id: string;
  fund_org_id: string | null;
  repair_project_id: string | null;
  amount: Numeric;
  currency: string;
  committed_amount: ColumnType<string, string | number | undefined, string | number>;
  disbursed_amount: ColumnType<string, string | number | undefined, string | number>;
  status: ColumnType<string, string | undefined, string>;
  announced_on: DateColumn;
  note: string | null;
}

export interface MoneyPledgeTransitionTable {
  id: string;
  money_pledge_id: string;
  action: string;
  amount: Numeric;
  from_status: string;
  to_status: string;
  effective_on: DateColumn;
  note: string | null;
  at: CreatedAt;
  actor: string;
}

export interface FundAllocationTable extends RecordColumns {
  id: string;
  fund_org_id: string;
  repair_project_id: string;
  amount: Numeric;
  currency: string;
  allocated_on: DateColumn;
  note: string | null;
}

/** An open data release (migration 0031): frozen once written. */
export interface OpenDataReleaseTable {
  id: Generated<string>;
  number: number;
  published_at: ColumnType<Date, Date | string | undefined, never>;
  /** YYYY-MM-DD */
  data_as_of: ColumnType<string, string, never>;
  changelog: ColumnType<unknown, string, never>;
  counts: ColumnType<Record<string, number>, string, never>;
  created_by: string;
}

/** One file of an open data release (migration 0031): frozen once written. */
export interface OpenDataFileTable {
  release_id: string;
  name: string;
  media_type: string;
  sha256: string;
  bytes: number;
  content: Buffer;
}
