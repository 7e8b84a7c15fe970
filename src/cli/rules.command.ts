import type { Command } from 'commander';
import { systemActor } from '../core/auth/actor.js';
import type { NeedRule, NeedRuleCreate, NeedRulePatch } from '../core/incidents/need-rule.schema.js';
import { createNeedRuleService, findRuleByCode } from '../core/incidents/need-rule.service.js';
import { createResolver } from '../core/shared/resolve.js';
import { withDatabase } from './database.js';
import { parseQuantity } from './options.js';
import { CliError, printResult } from './output.js';
import { type Column, formatTable } from './report.command.js';

/** The rule table; items by code (the id stays in --json). */
const columns = (items: ReadonlyMap<string, string>): readonly Column<NeedRule>[] => [
  { field: 'code', title: 'code', value: (r) => r.code },
  { field: 'version', title: 'v', value: (r) => r.version },
  { field: 'active', title: 'active', value: (r) => (r.active ? 'yes' : 'no') },
  {
    field: 'trigger',
    title: 'when',
    value: (r) =>
      r.trigger === 'service_outage'
        ? `per ${r.people_per_unit} without ${r.service} > ${r.min_outage_days} d`
        : `per damaged ${r.asset_kind}${r.asset_class ? ` ${r.asset_class}` : ''}`,
  },
  { field: 'quantity_per_unit', title: 'quantity', value: (r) => r.quantity_per_unit },
  { field: 'per_day', title: 'per day', value: (r) => (r.per_day ? `≤ ${r.max_days} d` : '') },
  {
    field: 'priority',
    title: 'priority',
    value: (r) =>
      r.priority_before_frost ? `${r.priority} (${r.priority_before_frost} before frost)` : r.priority,
  },
  { field: 'lead_days', title: 'lead', value: (r) => r.lead_days },
  { field: 'item_id', title: 'item', value: (r) => items.get(r.item_id) ?? r.item_id },
];

/** The codes of the rules' items. */
async function itemCodes(db: Parameters<typeof createResolver>[0]['db'], rules: readonly NeedRule[]) {
  const resolver = createResolver({ db });
  const ids = [...new Set(rules.map((rule) => rule.item_id))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await resolver.nameOf('item', id)] as const)));
}

interface SetOptions {
  code: string;
  description?: string;
  trigger?: string;
  service?: string;
  minDays?: string;
  perPeople?: string;
  assetKind?: string;
  assetClass?: string;
  item?: string;
  quantity?: string;
  perDay?: boolean;
  maxDays?: string;
  priority?: string;
  priorityBeforeFrost?: string;
  leadDays?: string;
  active?: string;
  json?: boolean;
}

function integer(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new CliError(`${option}: "${text}" is not a whole number`);
  return Number(text);
}

function yesNo(text: string): boolean {
  if (text !== 'yes' && text !== 'no') throw new CliError(`--active: write yes or no, not "${text}"`);
  return text === 'yes';
}

export function registerRulesCommand(program: Command): void {
  const rules = program
    .command('rules')
    .description('need rules: data that sizes the needs incidents call for');

  rules
    .command('list')
    .description('list the need rules')
    .option('--json', 'print the rules as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { list, items } = await withDatabase(command, 'rules list', async (db) => {
        const page = await createNeedRuleService({ db }).list({}, { limit: 500 });
        return { list: page.items, items: await itemCodes(db, page.items) };
      });
      printResult(Boolean(options.json), list, () =>
        list.length === 0 ? 'no rules' : formatTable(columns(items), list),
      );
    });

  rules
    .command('set')
    .description('create the rule with this code, or revise it (a new version); re-derive incidents to apply')
    .requiredOption('--code <code>', 'rule code, e.g. HEAT-GEN-30KVA')
    .option('--description <text>', 'what the rule is for')
    .option('--trigger <trigger>', 'service_outage or damaged_asset')
    .option('--service <service>', 'power, heat, water or communications')
    .option('--min-days <n>', 'applies to outages longer than this many days')
    .option('--per-people <n>', 'one unit per this many people')
    .option('--asset-kind <kind>', 'damaged asset kind, e.g. substation')
    .option('--asset-class <class>', "asset class, e.g. '110kV'")
    .option('--item <item>', 'the item: code, name or id, e.g. GEN-30KVA')
    .option('--quantity <q>', 'quantity per unit')
    .option('--per-day', 'the quantity is per day of outage')
    .option('--max-days <n>', 'per-day cap')
    .option('--priority <p>', 'critical, high, medium, low')
    .option('--priority-before-frost <p>', 'priority before the region’s first frost')
    .option('--lead-days <n>', 'needed by the incident day plus this many days')
    .option('--active <yes|no>', 'whether the rule derives needs (new rules: yes)')
    .option('--json', 'print the rule as JSON')
    .action(async (options: SetOptions, command: Command) => {
      const { rule, items } = await withDatabase(command, 'rules set', async (db) => {
        const service = createNeedRuleService({ db });
        const fields = {
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(options.trigger !== undefined ? { trigger: options.trigger as NeedRule['trigger'] } : {}),
          ...(options.service !== undefined ? { service: options.service as NeedRule['service'] } : {}),
          ...(options.minDays !== undefined
            ? { min_outage_days: integer(options.minDays, '--min-days') as number }
            : {}),
          ...(options.perPeople !== undefined
            ? { people_per_unit: integer(options.perPeople, '--per-people') as number }
            : {}),
          ...(options.assetKind !== undefined ? { asset_kind: options.assetKind } : {}),
          ...(options.assetClass !== undefined ? { asset_class: options.assetClass } : {}),
          ...(options.item !== undefined
            ? { item_id: (await createResolver({ db }).resolve('item', options.item)).id }
            : {}),
          ...(options.quantity !== undefined
            ? { quantity_per_unit: parseQuantity(options.quantity, '--quantity') }
            : {}),
          ...(options.perDay !== undefined ? { per_day: true } : {}),
          ...(options.maxDays !== undefined
            ? { max_days: integer(options.maxDays, '--max-days') as number }
            : {}),
          ...(options.priority !== undefined ? { priority: options.priority as NeedRule['priority'] } : {}),
          ...(options.priorityBeforeFrost !== undefined
            ? { priority_before_frost: options.priorityBeforeFrost as NeedRule['priority'] }
            : {}),
          ...(options.leadDays !== undefined
            ? { lead_days: integer(options.leadDays, '--lead-days') as number }
            : {}),
          ...(options.active !== undefined ? { active: yesNo(options.active) } : {}),
        };
        const existing = await findRuleByCode(db, options.code);
        if (existing) {
          const updated = await service.update(
            existing.id,
            existing.version,
            fields as NeedRulePatch,
            systemActor('cli'),
          );
          return { rule: updated, items: await itemCodes(db, [updated]) };
        }
        const missing = ['trigger', 'item', 'quantity', 'priority', 'leadDays'].filter(
          (key) => options[key as keyof SetOptions] === undefined,
        );
        if (missing.length > 0) {
          throw new CliError(
            `a new rule needs ${missing.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`,
          );
        }
        const created = await service.create(
          { code: options.code, ...fields } as NeedRuleCreate,
          systemActor('cli'),
        );
        return { rule: created.entity, items: await itemCodes(db, [created.entity]) };
      });
      printResult(
        Boolean(options.json),
        rule,
        () => `${rule.code} v${rule.version}\n${formatTable(columns(items), [rule])}`,
      );
    });
}
