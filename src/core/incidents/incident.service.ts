import { type Kysely, sql } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  findRegionIdsByCode,
  insertNeed,
  listActiveRules,
  listFirstFrost,
  lockDerivedNeeds,
  updateDerivedNeed,
} from '../../db/repositories/incident.repository.js';
import { type Executor, findRecord } from '../../db/repositories/record.repository.js';
import type { Database, NeedRow } from '../../db/schema.js';
import { systemActor } from '../auth/actor.js';
import { NotFound, ProblemList, UnknownReference } from '../errors.js';
import { needKind } from '../needs/need.service.js';
import { searchFilter } from '../search/search.service.js';
import { classificationFloor, isBelowFloor } from '../shared/classification.js';
import { raiseDerivedRecords } from '../shared/derived.js';
import { newId } from '../shared/ids.js';
import {
  type Actor,
  createRecordService,
  type RecordKind,
  type ReferenceCheck,
} from '../shared/record.service.js';
import { checkDate, checkText, merged, metaOf, quantityFromColumn } from '../shared/values.js';
import { type DerivedNeedPlan, deriveNeedPlans, type RuleForDerivation } from './derivation.js';
import {
  type Damage,
  type DerivationResult,
  type DerivedNeedOutcome,
  type Impact,
  type Incident,
  type IncidentCreate,
  type IncidentFilters,
  type IncidentPatch,
  SERVICES,
} from './incident.schema.js';

type IncidentFacts = Pick<Incident, 'occurred_at' | 'title' | 'description' | 'impacts' | 'damage'>;

/** Checks an incident's figures and collects its region references; lists every problem at once. */
function validateIncident(incident: IncidentFacts, refs: ReferenceCheck): void {
  const problems = new ProblemList();
  checkText(problems, 'title', incident.title, 300);
  checkText(problems, 'description', incident.description, 4000);
  const day = incident.occurred_at.slice(0, 10);
  if (Number.isNaN(Date.parse(incident.occurred_at))) problems.add('occurred_at', 'must be a date-time');
  const seenImpacts = new Set<string>();
  incident.impacts.forEach((impact, i) => {
    const at = `impacts[${i}]`;
    if (!(SERVICES as readonly string[]).includes(impact.service)) {
      problems.add(`${at}.service`, `must be one of ${SERVICES.join(', ')}`);
    }
    if (!Number.isInteger(impact.people_affected) || impact.people_affected < 0) {
      problems.add(`${at}.people_affected`, 'must be a whole number of people, zero or more');
    }
    checkDate(problems, `${at}.restoration_expected_on`, impact.restoration_expected_on);
    if (impact.restoration_expected_on !== null && impact.restoration_expected_on < day) {
      problems.add(`${at}.restoration_expected_on`, 'must not be before the incident');
    }
    const key = `${impact.region_id}|${impact.service}`;
    if (seenImpacts.has(key))
      problems.add(at, 'the region and service are already listed; give one figure each');
    seenImpacts.add(key);
    refs.expect(`${at}.region_id`, 'region', impact.region_id);
  });
  const seenDamage = new Set<string>();
  incident.damage.forEach((damage, i) => {
    const at = `damage[${i}]`;
    if (!Number.isInteger(damage.count) || damage.count < 1)
      problems.add(`${at}.count`, 'must be a whole number, 1 or more');
    const key = `${damage.region_id}|${damage.asset_kind}|${damage.asset_class ?? ''}`;
    if (seenDamage.has(key)) problems.add(at, 'the region, asset kind and class are already listed');
    seenDamage.add(key);
    refs.expect(`${at}.region_id`, 'region', damage.region_id);
  });
  problems.throwIfAny();
}

export const incidentKind: RecordKind<'incident', Incident, IncidentCreate, IncidentPatch, IncidentFilters> =
  {
    entity: 'incident',
    table: 'incident',
    sorts: { created: 'id', occurred_at: 'occurred_at' },
    defaultSort: 'occurred_at',
    toEntity: (row) => ({
      id: row.id,
      occurred_at: row.occurred_at.toISOString(),
      kind: row.kind as Incident['kind'],
      title: row.title,
      description: row.description,
      impacts: row.impacts as Impact[],
      damage: row.damage as Damage[],
      status: row.status as Incident['status'],
      ...metaOf(row),
    }),
    prepareCreate(input, refs) {
      const facts = {
        occurred_at: input.occurred_at,
        title: input.title,
        description: input.description ?? null,
        impacts: input.impacts ?? [],
        damage: input.damage ?? [],
      };
      validateIncident(facts, refs);
      refs.expect('owner_org_id', 'organisation', input.owner_org_id);
      return {
        ...facts,
        kind: input.kind,
        impacts: JSON.stringify(facts.impacts),
        damage: JSON.stringify(facts.damage),
        status: input.status ?? 'active',
        owner_org_id: input.owner_org_id,
        classification: input.classification ?? 'coalition',
        embargo_until: input.embargo_until ?? null,
      };
    },
    preparePatch(current, patch, refs) {
      validateIncident(merged(current, patch), refs);
      const { impacts, damage, ...rest } = patch;
      return {
        ...rest,
        ...(impacts !== undefined ? { impacts: JSON.stringify(impacts) } : {}),
        ...(damage !== undefined ? { damage: JSON.stringify(damage) } : {}),
      };
    },
    /** Every create and revision re-derives the incident's needs in the same transaction. */
    async afterWrite(trx, id) {
      const row = await findRecord(trx, 'incident', id);
      await deriveIncidentNeeds(trx, id, systemActor(row?.updated_by ?? 'derivation'));
    },
    narrow(query, filters) {
      let q = query;
      if (filters.q) q = q.where(searchFilter('incident', filters.q));
      if (filters.status) q = q.where('incident.status', '=', filters.status);
      if (filters.occurred_from)
        q = q.where(sql<boolean>`incident.occurred_at::date >= ${filters.occurred_from}::date`);
      if (filters.occurred_to)
        q = q.where(sql<boolean>`incident.occurred_at::date <= ${filters.occurred_to}::date`);
      if (filters.region_id) {
        const match = JSON.stringify([{ region_id: filters.region_id }]);
        q = q.where(
          sql<boolean>`(incident.impacts @> ${match}::jsonb OR incident.damage @> ${match}::jsonb)`,
        );
      }
      return q;
    },
  };

function ruleOf(row: Awaited<ReturnType<typeof listActiveRules>>[number]): RuleForDerivation {
  return {
    id: row.id,
    version: row.version,
    code: row.code,
    trigger: row.trigger as RuleForDerivation['trigger'],
    service: row.service as RuleForDerivation['service'],
    min_outage_days: row.min_outage_days,
    people_per_unit: row.people_per_unit,
    asset_kind: row.asset_kind,
    asset_class: row.asset_class,
    item_id: row.item_id,
    item_unit: row.item_unit,
    quantity_per_unit: quantityFromColumn(row.quantity_per_unit),
    per_day: row.per_day,
    max_days: row.max_days,
    priority: row.priority,
    priority_before_frost: row.priority_before_frost,
    lead_days: row.lead_days,
  };
}

const keyOf = (need: { rule_id: string | null; region_id: string; item_id: string }) =>
  `${need.rule_id}|${need.region_id}|${need.item_id}`;

/**
 * Brings the needs derived from one incident in line with its current figures and the active
 * rules: creates, raises, lowers or cancels them, never duplicates one (one per incident, rule,
 * region and item) and never touches a need entered by hand. A need that would go below what is
 * already allocated keeps its quantity and is flagged for review instead. Unchanged needs are not
 * written, so deriving twice changes nothing.
 */
export async function deriveIncidentNeeds(
  trx: Executor,
  incidentId: string,
  actor: Actor,
): Promise<DerivationResult> {
  const incident = await findRecord(trx, 'incident', incidentId, true);
  if (!incident) throw NotFound('incident', incidentId);
  const rules = await listActiveRules(trx);
  const frost = await listFirstFrost(trx);
  const existing = await lockDerivedNeeds(trx, incidentId);
  const plans =
    incident.status === 'retracted'
      ? []
      : deriveNeedPlans({
          incidentDay: incident.occurred_at.toISOString().slice(0, 10),
          impacts: incident.impacts as Impact[],
          damage: incident.damage as Damage[],
          rules: rules.map(ruleOf),
          firstFrost: new Map(frost.map((row) => [row.region_id, row.first_frost_on])),
        });
  const byKey = new Map(existing.map((need) => [keyOf(need), need]));
  const outcomes: DerivedNeedOutcome[] = [];

  async function audit(action: 'create' | 'update', before: NeedRow | null, after: NeedRow) {
    await insertAuditEntry(trx, {
      actor: actor.id,
      action,
      entity_type: 'need',
      entity_id: after.id,
      before: before ? needKind.toEntity(before) : null,
      after: needKind.toEntity(after),
    });
  }

  function outcome(
    need: NeedRow,
    result: DerivedNeedOutcome['outcome'],
    derived: number,
  ): DerivedNeedOutcome {
    return {
      need_id: need.id,
      region_id: need.region_id,
      item_id: need.item_id,
      rule_id: need.rule_id as string,
      outcome: result,
      quantity: quantityFromColumn(need.quantity),
      derived_quantity: derived,
      derivation: need.derivation,
    };
  }

  async function flag(need: NeedRow, reason: string, derived: number) {
    if (need.needs_review && need.review_reason === reason) return outcome(need, 'flagged', derived);
    const updated = await updateDerivedNeed(
      trx,
      need.id,
      { status: need.status, needs_review: true, review_reason: reason },
      actor.id,
    );
    await audit('update', need, updated);
    return outcome(updated, 'flagged', derived);
  }

  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  for (const plan of plans) {
    const need = byKey.get(keyOf(plan));
    byKey.delete(keyOf(plan));
    // A derived need is at least as classified as its incident and its rule (classification.ts).
    const rule = rulesById.get(plan.rule_id);
    const floor = classificationFloor(incident, ...(rule ? [rule] : []));
    if (!need) {
      const inserted = await insertNeed(trx, { ...newDerivedNeed(incident, plan, actor), ...floor });
      await audit('create', null, inserted);
      outcomes.push(outcome(inserted, 'created', plan.quantity));
      continue;
    }
    const current = quantityFromColumn(need.quantity);
    const allocated = quantityFromColumn(need.allocated_quantity);
    if (plan.quantity < allocated) {
      const reason = `the incident now calls for ${plan.quantity} (${plan.derivation}) but ${allocated} is already allocated; not lowered`;
      outcomes.push(await flag(need, reason, plan.quantity));
      continue;
    }
    const same =
      current === plan.quantity &&
      need.priority === plan.priority &&
      need.needed_by === plan.needed_by &&
      need.rule_version === plan.rule_version &&
      need.derivation === plan.derivation &&
      need.status !== 'cancelled' &&
      !need.needs_review &&
      !isBelowFloor(need, floor);
    if (same) {
      outcomes.push(outcome(need, 'unchanged', plan.quantity));
      continue;
    }
    const updated = await updateDerivedNeed(
      trx,
      need.id,
      {
        quantity: plan.quantity,
        priority: plan.priority,
        needed_by: plan.needed_by,
        rule_version: plan.rule_version,
        derivation: plan.derivation,
        needs_review: false,
        review_reason: null,
        ...(isBelowFloor(need, floor) ? classificationFloor(need, floor) : {}),
      },
      actor.id,
    );
    await audit('update', need, updated);
    // What was allocated to a need raised with its incident or rule is raised with it.
    if (updated.classification !== need.classification || updated.embargo_until !== need.embargo_until) {
      await raiseDerivedRecords(trx, { table: 'need', id: need.id }, actor);
    }
    const result = plan.quantity > current ? 'raised' : plan.quantity < current ? 'lowered' : 'changed';
    outcomes.push(outcome(updated, result, plan.quantity));
  }

  // Needs no longer called for: closed when nothing is allocated, otherwise left for a person.
  for (const need of byKey.values()) {
    const allocated = quantityFromColumn(need.allocated_quantity);
    if (allocated > 0) {
      const reason = `the incident no longer calls for this need but ${allocated} is already allocated; not cancelled`;
      outcomes.push(await flag(need, reason, 0));
    } else if (need.status === 'cancelled' && !need.needs_review) {
      outcomes.push(outcome(need, 'cancelled', 0));
    } else {
      const updated = await updateDerivedNeed(
        trx,
        need.id,
        { status: 'cancelled', needs_review: false, review_reason: null },
        actor.id,
      );
      await audit('update', need, updated);
      outcomes.push(outcome(updated, 'cancelled', 0));
    }
  }
  return { incident_id: incidentId, needs: outcomes };
}

function newDerivedNeed(
  incident: NonNullable<Awaited<ReturnType<typeof findRecord<'incident'>>>>,
  plan: DerivedNeedPlan,
  actor: Actor,
) {
  const owner = incident.owner_org_id as string;
  return {
    id: newId(),
    recipient_org_id: owner,
    region_id: plan.region_id,
    item_id: plan.item_id,
    quantity: plan.quantity,
    priority: plan.priority,
    needed_by: plan.needed_by,
    justification: `Derived from incident "${incident.title}" by rule ${plan.rule_code}`,
    status: 'open',
    owner_org_id: owner,
    synthetic: incident.synthetic,
    created_by: actor.id,
    updated_by: actor.id,
    incident_id: incident.id,
    rule_id: plan.rule_id,
    rule_version: plan.rule_version,
    derivation: plan.derivation,
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;

/** Incidents as records (each revision re-derives their needs) and an explicit re-derivation. */
export function createIncidentService(deps: { db: Kysely<Database> }) {
  const records = createRecordService(incidentKind, deps);
  return {
    ...records,
    /** Re-derives after rules or first-frost dates changed; the incident itself is not changed. */
    derive(id: string, actor: Actor): Promise<DerivationResult> {
      return deps.db.transaction().execute((trx) => deriveIncidentNeeds(trx, id, actor));
    },
  };
}

/** Region ids for ISO codes, for the CLI; every unknown code is reported at once. */
export async function regionIdsByCode(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const rows = await findRegionIdsByCode(db, [...new Set(codes)]);
  const found = new Map(rows.map((row) => [row.code, row.id]));
  const missing = [...new Set(codes)].filter((code) => !found.has(code));
  if (missing.length > 0) {
    throw UnknownReference(
      missing.map((code) => ({ field: 'region', message: `no region with code ${code}` })),
    );
  }
  return found;
}
