import type { Command } from 'commander';
import { ASSET_KINDS, ASSET_STATUSES, type Asset, type AssetKind } from '../core/assets/asset.schema.js';
import { createAssetService } from '../core/assets/asset.service.js';
import { systemActor } from '../core/auth/actor.js';
import { createResolver, requireId } from '../core/shared/resolve.js';
import { withDatabase } from './database.js';
import { CliError, count, printResult } from './output.js';

function describe(asset: Asset): string {
  const size = asset.capacity === null ? '' : `  ${asset.capacity} ${asset.capacity_unit}`;
  const kv = asset.voltage_kv === null ? '' : `  ${asset.voltage_kv} kV`;
  return `${asset.id}  ${asset.name}  ${asset.kind}${kv}${size}  ${asset.status} since ${asset.status_on ?? '?'}  [${asset.classification}]`;
}

function oneOf<T extends string>(
  option: string,
  values: readonly T[],
  value: string | undefined,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw new CliError(`${option} must be one of ${values.join(', ')}, not "${value}"`);
  }
  return value as T;
}

function wholeNumber(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new CliError(`${option} must be a number, zero or more, not "${value}"`);
  return n;
}

export function registerAssetsCommand(program: Command): void {
  const assets = program
    .command('assets')
    .description('grid assets: substations, transformers, lines, plants, pumps');

  assets
    .command('list')
    .description('list grid assets (the operator’s tools see every asset, restricted ones too)')
    .option('--region <region>', 'region code, name or id')
    .option('--kind <kind>', ASSET_KINDS.join(', '))
    .option('--status <status>', ASSET_STATUSES.join(', '))
    .option('--json', 'print the assets as JSON')
    .action(
      async (
        options: { region?: string; kind?: string; status?: string; json?: boolean },
        command: Command,
      ) => {
        const kind = oneOf('--kind', ASSET_KINDS, options.kind);
        const status = oneOf('--status', ASSET_STATUSES, options.status);
        const list = await withDatabase(command, 'assets list', async (db, clock) => {
          const region = options.region
            ? (await createResolver({ db }).resolve('region', options.region)).id
            : undefined;
          const service = createAssetService({ db, today: clock.today });
          const all: Asset[] = [];
          let cursor: string | undefined;
          do {
            const page = await service.list({ region_id: region, kind, status }, { cursor, limit: 500 });
            all.push(...page.items);
            cursor = page.next_cursor ?? undefined;
          } while (cursor);
          return all;
        });
        printResult(Boolean(options.json), list, () =>
          list.length === 0
            ? 'no assets'
            : `${count(list.length, 'asset')}\n${list.map(describe).join('\n')}`,
        );
      },
    );

  assets
    .command('show')
    .description('one grid asset and its status history')
    .argument('<id>', 'asset id')
    .option('--json', 'print the asset as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const assetId = requireId('asset', id);
      const shown = await withDatabase(command, 'assets show', async (db, clock) => {
        const service = createAssetService({ db, today: clock.today });
        return { asset: await service.get(assetId), statuses: await service.statuses(assetId) };
      });
      printResult(Boolean(options.json), shown, () =>
        [
          describe(shown.asset),
          `  region ${shown.asset.region_id}, operator ${shown.asset.operator_org_id}, ${shown.asset.people_served} people served`,
          ...shown.statuses.map(
            (s) =>
              `  ${s.effective_on}  ${s.status}${s.incident_id ? `  incident ${s.incident_id}` : ''}${s.repair_project_id ? `  repair ${s.repair_project_id}` : ''}`,
          ),
        ].join('\n'),
      );
    });

  assets
    .command('add')
    .description('record a grid asset (restricted unless --classification says otherwise)')
    .requiredOption('--name <name>', 'name of the asset')
    .requiredOption('--kind <kind>', ASSET_KINDS.join(', '))
    .requiredOption('--region <region>', 'region code, name or id')
    .requiredOption('--operator <organisation>', 'operator: organisation name or id')
    .option('--voltage-kv <kv>', 'voltage class in kV')
    .option('--capacity <capacity>', 'capacity in the unit of the kind (MVA, MW or Gcal/h)')
    .option('--people-served <people>', 'people who lose a service when it is down')
    .option('--status <status>', ASSET_STATUSES.join(', '))
    .option('--classification <level>', 'public, coalition or restricted (default restricted)')
    .option('--json', 'print the asset as JSON')
    .action(
      async (
        options: {
          name: string;
          kind: string;
          region: string;
          operator: string;
          voltageKv?: string;
          capacity?: string;
          peopleServed?: string;
          status?: string;
          classification?: string;
          json?: boolean;
        },
        command: Command,
      ) => {
        const kind = oneOf('--kind', ASSET_KINDS, options.kind) as AssetKind;
        const status = oneOf('--status', ASSET_STATUSES, options.status);
        const classification = oneOf(
          '--classification',
          ['public', 'coalition', 'restricted'] as const,
          options.classification,
        );
        const voltage = wholeNumber('--voltage-kv', options.voltageKv);
        const capacity = wholeNumber('--capacity', options.capacity);
        const people = wholeNumber('--people-served', options.peopleServed);
        const created = await withDatabase(command, 'assets add', async (db, clock) => {
          const resolver = createResolver({ db });
          const region = await resolver.resolve('region', options.region);
          const operator = await resolver.resolve('organisation', options.operator);
          const service = createAssetService({ db, today: clock.today });
          const { entity } = await service.create(
            {
              name: options.name,
              kind,
              region_id: region.id,
              operator_org_id: operator.id,
              ...(voltage !== undefined ? { voltage_kv: voltage } : {}),
              ...(capacity !== undefined ? { capacity } : {}),
              ...(people !== undefined ? { people_served: people } : {}),
              ...(status ? { status } : {}),
              ...(classification ? { classification } : {}),
            },
            systemActor('cli'),
          );
          return entity;
        });
        printResult(Boolean(options.json), created, () => `recorded ${describe(created)}`);
      },
    );
}
