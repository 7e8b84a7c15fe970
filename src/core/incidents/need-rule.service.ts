import type { Kysely } from 'kysely';
import {
  findItemIdByCode,
  findNeedRuleByCode,
  findOverlappingRules,
} from '../../db/repositories/incident.repository.js';
import type { Database } from '../../db/schema.js';
import { DomainError, ProblemList, UnknownReference } from '../errors.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkQuantity, checkText, merged, metaOf, quantityFromColumn } from '../shared/values.js';
import type { NeedRule, NeedRuleCreate, NeedRuleFilters, NeedRulePatch } from './need-rule.schema.js';

type RuleFields = Omit<
  NeedRule,
  | 'id'
  | 'owner_org_id'
  | 'classification'
  | 'embargo_until'
  | 'synthetic'
  | 'created_at'
  | 'created_by'
  | 'updated_at'
  | 'updated_by'
  | 'version'
>;

function nonNegativeInteger(problems: ProblemList, field: string, value: number | null, min = 0): void {
  if (value === null) return;
  if (!Number.isInteger(value) || value < min) {
    problems.add(
      field,
      min === 0 ? 'must be a whole number, zero or more' : `must be a whole number, ${min} or more`,
    );
  }
}

/**
 * A rule must say what it counts and how much of what it asks for; every problem is listed at
 * once. Rules cannot refer to other rules, so no cycle between rules can be written.
 */
export function validateRule(rule: RuleFields): void {
  const problems = new ProblemList();
  checkQuantity(problems, 'quantity_per_unit', rule.quantity_per_unit);
  checkText(problems, 'description', rule.description, 4000);
  nonNegativeInteger(problems, 'min_outage_days', rule.min_outage_days);
  nonNegativeInteger(problems, 'people_per_unit', rule.people_per_unit, 1);
  nonNegativeInteger(problems, 'max_days', rule.max_days, 1);
  nonNegativeInteger(problems, 'lead_days', rule.lead_days);
  if (rule.trigger === 'service_outage') {
    if (rule.service === null) problems.add('service', 'a service_outage rule names the service');
    if (rule.people_per_unit === null)
      problems.add('people_per_unit', 'a service_outage rule says per how many people');
    if (rule.min_outage_days === null)
      problems.add('min_outage_days', 'a service_outage rule says after how many days');
    if (rule.asset_kind !== null || rule.asset_class !== null) {
      problems.add('asset_kind', 'only damaged_asset rules name an asset');
    }
    if (rule.per_day && rule.max_days === null)
      problems.add('max_days', 'a per-day rule needs a cap in days');
  } else {
    if (rule.asset_kind === null) problems.add('asset_kind', 'a damaged_asset rule names the asset kind');
    if (rule.service !== null || rule.people_per_unit !== null || rule.min_outage_days !== null) {
      problems.add('service', 'only service_outage rules name a service, people or days');
    }
    if (rule.per_day) problems.add('per_day', 'only service_outage rules can be per day');
  }
  if (!rule.per_day && rule.max_days !== null)
    problems.add('max_days', 'only per-day rules have a cap in days');
  problems.throwIfAny();
}

function fieldsOfCreate(input: NeedRuleCreate): RuleFields {
  return {
    code: input.code,
    description: input.description ?? null,
    trigger: input.trigger,
    service: input.service ?? null,
    min_outage_days: input.min_outage_days ?? null,
    people_per_unit: input.people_per_unit ?? null,
    asset_kind: input.asset_kind ?? null,
    asset_class: input.asset_class ?? null,
    item_id: input.item_id,
    quantity_per_unit: input.quantity_per_unit,
    per_day: input.per_day ?? false,
    max_days: input.max_days ?? null,
    priority: input.priority,
    priority_before_frost: input.priority_before_frost ?? null,
    lead_days: input.lead_days,
    active: input.active ?? true,
  };
}

export const needRuleKind: RecordKind<'need_rule', NeedRule, NeedRuleCreate, NeedRulePatch, NeedRuleFilters> =
  {
    entity: 'need_rule',
    table: 'need_rule',
    sorts: { created: 'id', code: 'code' },
    defaultSort: 'code',
    toEntity: (row) => ({
      id: row.id,
      code: row.code,
      description: row.description,
      trigger: row.trigger as NeedRule['trigger'],
      service: row.service as NeedRule['service'],
      min_outage_days: row.min_outage_days,
      people_per_unit: row.people_per_unit,
      asset_kind: row.asset_kind,
      asset_class: row.asset_class,
      item_id: row.item_id,
      quantity_per_unit: quantityFromColumn(row.quantity_per_unit),
      per_day: row.per_day,
      max_days: row.max_days,
      priority: row.priority,
      priority_before_frost: row.priority_before_frost,
      lead_days: row.lead_days,
      active: row.active,
      ...metaOf(row),
    }),
    prepareCreate(input, refs) {
      const fields = fieldsOfCreate(input);
      validateRule(fields);
      refs.expect('item_id', 'item', input.item_id);
      refs.expect('owner_org_id', 'organisation', input.owner_org_id);
      return {
        ...fields,
        owner_org_id: input.owner_org_id ?? null,
        classification: input.classification ?? 'coalition',
        embargo_until: input.embargo_until ?? null,
      };
    },
    preparePatch(current, patch, refs) {
      validateRule(merged(current, patch));
      refs.expect('item_id', 'item', patch.item_id);
      return { ...patch };
    },
    /** Two active rules for the same trigger and item would count the same need twice. */
    async checkConsistency(trx, values) {
      if (values.active === false) return;
      const overlapping = await findOverlappingRules(trx, {
        id: values.id as string | undefined,
        trigger: values.trigger as string,
        item_id: values.item_id as string,
        service: (values.service as string | null | undefined) ?? null,
        asset_kind: (values.asset_kind as string | null | undefined) ?? null,
        asset_class: (values.asset_class as string | null | undefined) ?? null,
      });
      if (overlapping.length > 0) {
        const codes = overlapping.map((rule) => rule.code).join(', ');
        throw new DomainError(
          'overlapping_rule',
          422,
          `the rule would size the same need as active rule(s) ${codes}: same trigger, item and ${values.trigger === 'service_outage' ? 'service' : 'asset'}`,
          [
            {
              field: 'item_id',
              message: `already sized by active rule(s) ${codes}; change or deactivate them first`,
            },
          ],
        );
      }
    },
    narrow(query, filters) {
      let q = query;
      if (filters.trigger) q = q.where('need_rule.trigger', '=', filters.trigger);
      if (filters.item_id) q = q.where('need_rule.item_id', '=', filters.item_id);
      if (filters.active !== undefined) q = q.where('need_rule.active', '=', filters.active);
      return q;
    },
  };

export type NeedRuleService = ReturnType<typeof createNeedRuleService>;

/** Need rules: versioned data that sizes the needs an incident calls for. */
export function createNeedRuleService(deps: { db: Kysely<Database> }) {
  return createRecordService(needRuleKind, deps);
}

/** The rule with this code, if any (the CLI's `rules set` creates or revises by code). */
export async function findRuleByCode(db: Kysely<Database>, code: string): Promise<NeedRule | undefined> {
  const row = await findNeedRuleByCode(db, code);
  return row ? needRuleKind.toEntity(row) : undefined;
}

/** An item id for a catalogue code; unknown_reference when there is none. */
export async function itemIdByCode(db: Kysely<Database>, code: string): Promise<string> {
  const row = await findItemIdByCode(db, code);
  if (!row) throw UnknownReference([{ field: 'item_id', message: `no item with code ${code}` }]);
  return row.id;
}
