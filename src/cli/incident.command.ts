import { type Command, Option } from 'commander';
import type { Kysely } from 'kysely';
import { systemActor } from '../core/auth/actor.js';
import {
  type Damage,
  type Impact,
  type Incident,
  IncidentKindSchema,
  type IncidentPatch,
  IncidentStatusSchema,
  SERVICES,
} from '../core/incidents/incident.schema.js';
import { createIncidentService, regionIdsByCode } from '../core/incidents/incident.service.js';
import { createNeedService } from '../core/needs/need.service.js';
import { createResolver, requireId } from '../core/shared/resolve.js';
import type { Database } from '../db/schema.js';
import { withDatabase } from './database.js';
import { choicesOf, dateTimeArgument } from './options.js';
import { CliError, count, printResult } from './output.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface IncidentOptions {
  title?: string;
  kind?: string;
  at?: string;
  owner?: string;
  description?: string;
  status?: string;
  impact?: string[];
  damage?: string[];
  json?: boolean;
}

/** REGION_CODE:service:people[:restoration-date] */
function parseImpact(text: string): { code: string; impact: Omit<Impact, 'region_id'> } {
  const [code, service, people, restoration] = text.split(':');
  if (!code || !service || !people || !/^\d+$/.test(people)) {
    throw new CliError(
      `--impact "${text}": write REGION_CODE:service:people[:YYYY-MM-DD], e.g. UA-30:heat:412000:2022-11-28`,
    );
  }
  if (!(SERVICES as readonly string[]).includes(service)) {
    throw new CliError(`--impact "${text}": the service must be one of ${SERVICES.join(', ')}`);
  }
  if (restoration && !/^\d{4}-\d{2}-\d{2}$/.test(restoration)) {
    throw new CliError(`--impact "${text}": write the restoration date as YYYY-MM-DD, e.g. 2022-11-28`);
  }
  return {
    code,
    impact: {
      service: service as Impact['service'],
      people_affected: Number(people),
      restoration_expected_on: restoration || null,
    },
  };
}

/** REGION_CODE:asset_kind:class|-:count */
function parseDamage(text: string): { code: string; damage: Omit<Damage, 'region_id'> } {
  const [code, kind, assetClass, count] = text.split(':');
  if (!code || !kind || !assetClass || !count || !/^\d+$/.test(count)) {
    throw new CliError(
      `--damage "${text}": write REGION_CODE:asset_kind:class:count (class - for none), e.g. UA-30:substation:110kV:3`,
    );
  }
  return {
    code,
    damage: { asset_kind: kind, asset_class: assetClass === '-' ? null : assetClass, count: Number(count) },
  };
}

async function figures(db: Kysely<Database>, options: IncidentOptions) {
  const impacts = (options.impact ?? []).map(parseImpact);
  const damage = (options.damage ?? []).map(parseDamage);
  const ids = await regionIdsByCode(db, [...impacts.map((i) => i.code), ...damage.map((d) => d.code)]);
  return {
    impacts: options.impact
      ? impacts.map((i) => ({ region_id: ids.get(i.code) as string, ...i.impact }))
      : undefined,
    damage: options.damage
      ? damage.map((d) => ({ region_id: ids.get(d.code) as string, ...d.damage }))
      : undefined,
  };
}

async function withDerived(db: Kysely<Database>, incident: Incident) {
  const needs = await createNeedService({ db }).list({ incident_id: incident.id }, { limit: 500 });
  // Needs as people know them (reference, item in region); the ids stay in --json.
  const names = createResolver({ db });
  const labels = await Promise.all(
    needs.items.map(
      async (need) =>
        `${await names.nameOf('item', need.item_id)} in ${await names.nameOf('region', need.region_id)}`,
    ),
  );
  return { incident, derived_needs: needs.items, labels };
}

function describe(result: Awaited<ReturnType<typeof withDerived>>): string {
  const { incident, derived_needs, labels } = result;
  const lines = [
    `${incident.id}  v${incident.version}  ${incident.occurred_at}  ${incident.status}  ${incident.title}`,
    `${count(incident.impacts.length, 'impact')}, ${count(incident.damage.length, 'damage entry')}; ${count(derived_needs.length, 'derived need')}:`,
    ...derived_needs.map(
      (need, i) =>
        `  ${need.reference}  ${labels[i]}  ${need.status}${need.needs_review ? ' REVIEW' : ''}  ${need.priority}  by ${need.needed_by}  ${need.derivation ?? ''}`,
    ),
  ];
  return lines.join('\n');
}

function addFigureOptions(command: Command): Command {
  return command
    .option('--impact <REGION:service:people[:restoration]>', 'people without a service (repeat)', collect)
    .option('--damage <REGION:kind:class:count>', 'damaged assets, class - for none (repeat)', collect)
    .option('--description <text>', 'what is known')
    .option('--json', 'print the incident and its derived needs as JSON');
}

export function registerIncidentCommand(program: Command): void {
  const incident = program
    .command('incident')
    .description('strikes and failures; each one derives its needs through the need rules');

  addFigureOptions(
    incident
      .command('add')
      .description('record an incident and derive its needs')
      .requiredOption('--title <text>', 'short title')
      .requiredOption('--at <date-time>', 'when it happened, e.g. 2022-11-23T12:00:00Z', dateTimeArgument)
      .requiredOption(
        '--owner <organisation>',
        'reporting organisation: id, name or short name, e.g. "MoE Ukraine" (derived needs are posted in its name)',
      )
      .addOption(
        new Option('--kind <kind>', 'what happened')
          .choices(choicesOf(IncidentKindSchema))
          .default('missile_strike'),
      ),
  ).action(async (options: IncidentOptions, command: Command) => {
    const result = await withDatabase(command, 'incident add', async (db) => {
      const { impacts, damage } = await figures(db, options);
      const owner = await createResolver({ db }).resolve('organisation', options.owner as string);
      const { entity } = await createIncidentService({ db }).create(
        {
          title: options.title as string,
          occurred_at: options.at as string,
          owner_org_id: owner.id,
          kind: options.kind as Incident['kind'],
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(impacts ? { impacts } : {}),
          ...(damage ? { damage } : {}),
        },
        systemActor('cli'),
      );
      return withDerived(db, entity);
    });
    printResult(
      Boolean(options.json),
      { incident: result.incident, derived_needs: result.derived_needs },
      () => describe(result),
    );
  });

  addFigureOptions(
    incident
      .command('update')
      .description('revise an incident (figures given replace the old ones) and re-derive its needs')
      .argument('<id>', 'incident id')
      .option('--title <text>', 'short title')
      .addOption(new Option('--status <status>', 'where it stands').choices(choicesOf(IncidentStatusSchema))),
  ).action(async (id: string, options: IncidentOptions, command: Command) => {
    requireId('incident', id);
    const result = await withDatabase(command, 'incident update', async (db) => {
      const service = createIncidentService({ db });
      const current = await service.get(id);
      const { impacts, damage } = await figures(db, options);
      const patch: IncidentPatch = {
        ...(options.title !== undefined ? { title: options.title } : {}),
        ...(options.status !== undefined ? { status: options.status as Incident['status'] } : {}),
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(impacts ? { impacts } : {}),
        ...(damage ? { damage } : {}),
      };
      const updated = await service.update(id, current.version, patch, systemActor('cli'));
      return withDerived(db, updated);
    });
    printResult(
      Boolean(options.json),
      { incident: result.incident, derived_needs: result.derived_needs },
      () => describe(result),
    );
  });
}
