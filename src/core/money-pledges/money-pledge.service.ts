import { type Kysely, sql } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  type Executor,
  findRecord,
  type RecordRow,
  updateRecordAtVersion,
} from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader, readerOf, visibilityCondition } from '../auth/visibility.js';
import { DomainError, NotFound, ProblemList, StaleVersion } from '../errors.js';
import { MAX_RATE_AGE_DAYS } from '../money/valuation.service.js';
import { eurOf } from '../repairs/funding.js';
import { newId } from '../shared/ids.js';
import { type Actor, createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkDate, checkText, metaOf } from '../shared/values.js';
import type {
  FundAllocation,
  FundAllocationCreate,
  FundAllocationFilters,
  FundAllocationPatch,
  MoneyPledge,
  MoneyPledgeCreate,
  MoneyPledgeFilters,
  MoneyPledgePatch,
  MoneyTransition,
  MoneyTransitionRequest,
} from './money-pledge.schema.js';
import {
  type MoneyPledgeAction,
  type MoneyPledgeStatus,
  planMoneyTransition,
} from './money-pledge-lifecycle.js';

const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;
const two = (value: string) => Number(value).toFixed(2);

function checkAmount(problems: ProblemList, amount: string): void {
  if (!AMOUNT.test(amount) || Number(amount) <= 0) {
    problems.add('amount', 'must be a decimal amount greater than zero with at most 2 decimals');
  }
}

/** EUR per unit of each currency on each day (the latest rate within 31 days before), for the given pairs. */
async function ratesOn(db: Executor, pairs: readonly { currency: string; day: string }[]) {
  const rates = new Map<string, string | null>();
  for (const { currency, day } of pairs) {
    const key = `${currency}|${day}`;
    if (rates.has(key)) continue;
    if (currency === 'EUR') {
      rates.set(key, '1');
      continue;
    }
    const found = await sql<{ eur_per_unit: string }>`SELECT eur_per_unit::text AS eur_per_unit FROM fx_rate
      WHERE currency = ${currency} AND rate_on <= ${day}::date AND rate_on >= ${day}::date - ${MAX_RATE_AGE_DAYS}::integer
      ORDER BY rate_on DESC LIMIT 1`.execute(db);
    rates.set(key, found.rows[0]?.eur_per_unit ?? null);
  }
  return rates;
}

function toMoneyPledge(row: RecordRow<'money_pledge'>): MoneyPledge {
  return {
    id: row.id,
    donor_org_id: row.donor_org_id,
    fund_org_id: row.fund_org_id,
    repair_project_id: row.repair_project_id,
    amount: two(row.amount),
    currency: row.currency,
    committed_amount: two(row.committed_amount),
    disbursed_amount: two(row.disbursed_amount),
    status: row.status as MoneyPledgeStatus,
    announced_on: row.announced_on,
    note: row.note,
    amount_eur: null,
    ...metaOf(row),
  };
}

export const moneyPledgeKind: RecordKind<
  'money_pledge',
  MoneyPledge,
  MoneyPledgeCreate,
  MoneyPledgePatch,
  MoneyPledgeFilters
> = {
  entity: 'money_pledge',
  table: 'money_pledge',
  sorts: { created: 'id', announced_on: 'announced_on' },
  defaultSort: 'announced_on',
  toEntity: toMoneyPledge,
  prepareCreate(input, refs) {
    const problems = new ProblemList();
    checkAmount(problems, input.amount);
    checkDate(problems, 'announced_on', input.announced_on);
    checkText(problems, 'note', input.note ?? null, 2000);
    const fund = input.fund_org_id ?? null;
    const project = input.repair_project_id ?? null;
    if ((fund === null) === (project === null)) {
      problems.add(
        'fund_org_id',
        'give a fund (fund_org_id) or a repair project (repair_project_id), not both',
      );
    }
    problems.throwIfAny();
    refs.expect('donor_org_id', 'organisation', input.donor_org_id);
    refs.expect('fund_org_id', 'organisation', fund);
    refs.expect('repair_project_id', 'repair_project', project);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      donor_org_id: input.donor_org_id,
      fund_org_id: fund,
      repair_project_id: project,
      amount: input.amount,
      currency: input.currency,
      announced_on: input.announced_on,
      note: input.note ?? null,
      owner_org_id: input.owner_org_id ?? input.donor_org_id,
      classification: input.classification ?? 'coalition',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(_current, patch) {
    const problems = new ProblemList();
    checkText(problems, 'note', patch.note ?? null, 2000);
    problems.throwIfAny();
    return { ...patch };
  },
  /** The EUR value at the rate of the announcement day (rates are public reference data). */
  async withFigures(db, pledges) {
    const rates = await ratesOn(
      db,
      pledges.map((p) => ({ currency: p.currency, day: p.announced_on })),
    );
    return pledges.map((p) => {
      const rate = rates.get(`${p.currency}|${p.announced_on}`) ?? null;
      return { ...p, amount_eur: rate === null ? null : eurOf(p.amount, rate).toFixed(2) };
    });
  },
  narrow(query, filters) {
    let q = query;
    if (filters.donor_org_id) q = q.where('money_pledge.donor_org_id', '=', filters.donor_org_id);
    if (filters.fund_org_id) q = q.where('money_pledge.fund_org_id', '=', filters.fund_org_id);
    if (filters.repair_project_id)
      q = q.where('money_pledge.repair_project_id', '=', filters.repair_project_id);
    if (filters.status) q = q.where('money_pledge.status', '=', filters.status);
    return q;
  },
};

function toFundAllocation(row: RecordRow<'fund_allocation'>): FundAllocation {
  return {
    id: row.id,
    fund_org_id: row.fund_org_id,
    repair_project_id: row.repair_project_id,
    amount: two(row.amount),
    currency: row.currency,
    allocated_on: row.allocated_on,
    note: row.note,
    amount_eur: null,
    ...metaOf(row),
  };
}

export const fundAllocationKind: RecordKind<
  'fund_allocation',
  FundAllocation,
  FundAllocationCreate,
  FundAllocationPatch,
  FundAllocationFilters
> = {
  entity: 'fund_allocation',
  table: 'fund_allocation',
  sorts: { created: 'id' },
  defaultSort: 'created',
  toEntity: toFundAllocation,
  prepareCreate(input, refs) {
    const problems = new ProblemList();
    checkAmount(problems, input.amount);
    checkDate(problems, 'allocated_on', input.allocated_on);
    checkText(problems, 'note', input.note ?? null, 2000);
    problems.throwIfAny();
    refs.expect('fund_org_id', 'organisation', input.fund_org_id);
    refs.expect('repair_project_id', 'repair_project', input.repair_project_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      fund_org_id: input.fund_org_id,
      repair_project_id: input.repair_project_id,
      amount: input.amount,
      currency: input.currency,
      allocated_on: input.allocated_on,
      note: input.note ?? null,
      owner_org_id: input.owner_org_id ?? input.fund_org_id,
      classification: input.classification ?? 'coalition',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(_current, patch) {
    return { ...patch };
  },
  async withFigures(db, allocations) {
    const rates = await ratesOn(
      db,
      allocations.map((a) => ({ currency: a.currency, day: a.allocated_on })),
    );
    return allocations.map((a) => {
      const rate = rates.get(`${a.currency}|${a.allocated_on}`) ?? null;
      return { ...a, amount_eur: rate === null ? null : eurOf(a.amount, rate).toFixed(2) };
    });
  },
  narrow(query, filters) {
    let q = query;
    if (filters.fund_org_id) q = q.where('fund_allocation.fund_org_id', '=', filters.fund_org_id);
    if (filters.repair_project_id)
      q = q.where('fund_allocation.repair_project_id', '=', filters.repair_project_id);
    return q;
  },
};

/** One step of a money pledge's lifecycle (money-pledge-lifecycle.ts), audited and kept in its transitions. */
async function transition(
  trx: Executor,
  id: string,
  action: MoneyPledgeAction,
  request: MoneyTransitionRequest,
  actor: Actor,
  today: string,
  expectedVersion: number | undefined,
): Promise<MoneyPledge> {
  const reader = readerOf(actor);
  const row = await findRecord(trx, 'money_pledge', id, true, visibilityCondition('money_pledge', reader));
  if (!row) throw NotFound('money_pledge', id);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw StaleVersion('money_pledge', id, row.version);
  }
  const problems = new ProblemList();
  const day = request.effective_on ?? today;
  checkDate(problems, 'effective_on', day);
  if (day > today) problems.add('effective_on', `must not be after the data's today (${today})`);
  if (day < row.announced_on)
    problems.add('effective_on', `must not be before the announcement (${row.announced_on})`);
  const last = await trx
    .selectFrom('money_pledge_transition')
    .select('effective_on')
    .where('money_pledge_id', '=', id)
    .orderBy('effective_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && day < last.effective_on) {
    problems.add('effective_on', `must not be before the pledge's previous step (${last.effective_on})`);
  }
  checkText(problems, 'note', request.note ?? null, 2000);
  problems.throwIfAny();
  const before = toMoneyPledge(row);
  const planned = planMoneyTransition(before, action, request.amount);
  const updated = await updateRecordAtVersion(trx, 'money_pledge', id, row.version, {
    status: planned.to_status,
    committed_amount: planned.committed_amount,
    disbursed_amount: planned.disbursed_amount,
    updated_by: actor.id,
  });
  if (!updated)
    throw new DomainError('stale_version', 412, `money_pledge ${id} changed meanwhile; try again`);
  await trx
    .insertInto('money_pledge_transition')
    .values({
      id: newId(),
      money_pledge_id: id,
      action,
      amount: planned.amount,
      from_status: planned.from_status,
      to_status: planned.to_status,
      effective_on: day,
      note: request.note ?? null,
      actor: actor.id,
    })
    .execute();
  const after = toMoneyPledge(updated);
  await insertAuditEntry(trx, {
    actor: actor.id,
    action: 'update',
    entity_type: 'money_pledge',
    entity_id: id,
    before,
    after,
  });
  const [shown] = await (moneyPledgeKind.withFigures as NonNullable<typeof moneyPledgeKind.withFigures>)(
    trx,
    [after],
    reader,
  );
  return shown as MoneyPledge;
}

export type MoneyPledgeService = ReturnType<typeof createMoneyPledgeService>;

export function createMoneyPledgeService(deps: { db: Kysely<Database>; today: () => string }) {
  const { db, today } = deps;
  return {
    ...createRecordService(moneyPledgeKind, { db }),
    transition: (
      id: string,
      action: MoneyPledgeAction,
      request: MoneyTransitionRequest,
      actor: Actor,
      expectedVersion?: number,
    ) =>
      db
        .transaction()
        .execute((trx) => transition(trx, id, action, request, actor, today(), expectedVersion)),
    async transitions(id: string): Promise<MoneyTransition[]> {
      const found = await findRecord(
        db,
        'money_pledge',
        id,
        false,
        visibilityCondition('money_pledge', currentReader()),
      );
      if (!found) throw NotFound('money_pledge', id);
      const rows = await db
        .selectFrom('money_pledge_transition')
        .selectAll()
        .where('money_pledge_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        action: r.action as MoneyTransition['action'],
        amount: two(r.amount),
        from_status: r.from_status as MoneyPledgeStatus,
        to_status: r.to_status as MoneyPledgeStatus,
        effective_on: r.effective_on,
        note: r.note,
        at: r.at.toISOString(),
        actor: r.actor,
      }));
    },
  };
}

export function createFundAllocationService(deps: { db: Kysely<Database> }) {
  return createRecordService(fundAllocationKind, deps);
}
export type FundAllocationService = ReturnType<typeof createFundAllocationService>;
