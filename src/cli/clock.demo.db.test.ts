import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createDemoService, DEMO_DATA_AS_OF } from '../core/demo/demo.service.js';

/** One clock: on the demo, every default that means "now" is the demo's day, 2022-11-24. */
describe("the CLI on the demo, without flags, as of the demo's day", () => {
  let database: TestDatabase;
  const cli = (...args: string[]): Promise<CliResult> => runCli(['--database-url', database.url, ...args]);
  const json = <T>(result: CliResult): T => {
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await createDemoService({ db: database.db }).load();
  }, 180_000);

  afterAll(async () => {
    await database?.drop();
  });

  it("stores the demo's day with the data", async () => {
    const row = await database.db.selectFrom('data_set').select('as_of').executeTakeFirstOrThrow();
    expect(row.as_of).toBe('2022-11-24');
    expect(DEMO_DATA_AS_OF).toBe('2022-11-24');
  });

  it('readiness ranks Kyiv City at risk above 0, and the header says what day the data is as of', async () => {
    const report = json<{ as_of: string; regions: { region_code: string; risk_score: number }[] }>(
      await cli('readiness', '--json'),
    );
    expect(report.as_of).toBe('2022-11-24');
    const kyiv = report.regions.find((region) => region.region_code === 'UA-30');
    expect(kyiv?.risk_score).toBeGreaterThan(0);
    const table = await cli('readiness');
    expect(table.stdout.split('\n').slice(0, 2)).toEqual([
      'Winter readiness on 2022-11-24',
      'data as of 2022-11-24',
    ]);
  });

  it("plan run starts in the demo's week and sees its 514 lots", async () => {
    const run = json<{ status: string; start_week: string; lots: number }>(
      await cli('plan', 'run', '--json'),
    );
    expect(run).toMatchObject({ status: 'succeeded', start_week: '2022-W47', lots: 514 });
  }, 180_000);

  it("a commit today takes effect on the data's day, and the weekly series still ends there", async () => {
    const pledge = await database.db
      .selectFrom('pledge')
      .select(['id', 'announced_on'])
      .where('status', '=', 'announced')
      .where('announced_on', '<=', '2022-11-01')
      .where('id', 'not in', (sub) => sub.selectFrom('pledge_transition').select('pledge_id'))
      .orderBy('id')
      .executeTakeFirstOrThrow();

    const early = await cli('pledge', 'commit', pledge.id, '--on', '2000-01-01');
    expect(early.code).not.toBe(0);
    expect(early.stderr).toContain(`must not be before ${pledge.announced_on}`);
    const future = await cli('pledge', 'commit', pledge.id, '--on', '2022-11-25');
    expect(future.stderr).toContain('must not be after 2022-11-24');

    json(await cli('pledge', 'commit', pledge.id, '--json'));
    const step = await database.db
      .selectFrom('pledge_transition')
      .select(['effective_on', 'at'])
      .where('pledge_id', '=', pledge.id)
      .executeTakeFirstOrThrow();
    expect(step.effective_on).toBe('2022-11-24');
    expect(new Date(step.at).getUTCFullYear()).toBeGreaterThan(2022);

    const weekly = json<{ to: string; weeks: { week: string }[] }>(
      await cli('report', 'weekly', '--format', 'json'),
    );
    expect(weekly.to).toBe('2022-W47');
    expect(weekly.weeks.at(-1)?.week).toBe('2022-W47');
  }, 120_000);

  it('an allocation is released back-dated with --on, within its acceptance and the data day', async () => {
    // An accepted allocation nothing shipped against, whose pledge took no step after 2022-11-10.
    const allocation = await database.db
      .selectFrom('allocation')
      .select(['id', 'pledge_id', 'decided_on'])
      .where('status', '=', 'accepted')
      .where('shipped_quantity', '=', '0')
      .where('decided_on', '<=', '2022-11-10')
      .where('pledge_id', 'not in', (sub) =>
        sub.selectFrom('pledge_transition').select('pledge_id').where('effective_on', '>', '2022-11-10'),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();

    const early = await cli('allocation', 'release', allocation.id, '--on', '2000-01-01');
    expect(early.code).not.toBe(0);
    expect(early.stderr).toContain(
      `must not be before ${allocation.decided_on}, the day the allocation was last accepted`,
    );
    const future = await cli('allocation', 'release', allocation.id, '--on', '2022-11-25');
    expect(future.code).not.toBe(0);
    expect(future.stderr).toContain('must not be after 2022-11-24');

    const released = await cli('allocation', 'release', allocation.id, '--on', '2022-11-15');
    expect(released.code, released.stderr).toBe(0);
    expect(released.stdout).toContain('is rejected');
    expect(released.stdout).toContain('rejected on 2022-11-15');
    const step = await database.db
      .selectFrom('pledge_transition')
      .select(['action', 'effective_on'])
      .where('pledge_id', '=', allocation.pledge_id)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(step).toEqual({ action: 'release', effective_on: '2022-11-15' });
  }, 120_000);

  it("a plan accepted today proposes and accepts its allocations on the data's day", async () => {
    const run = json<{ id: string }>(await cli('plan', 'run', '--json'));
    const accepted = json<{ allocations_created: number }>(await cli('plan', 'accept', run.id, '--json'));
    expect(accepted.allocations_created).toBeGreaterThan(0);
    const made = await database.db
      .selectFrom('allocation')
      .select(['id', 'pledge_id', 'proposed_on', 'decided_on'])
      .where('proposed_by', '=', 'planner')
      .execute();
    expect(made).toHaveLength(accepted.allocations_created);
    expect(new Set(made.map((a) => a.proposed_on))).toEqual(new Set(['2022-11-24']));
    // Accepted on the data's day, or later only where the pledge's own steps are later (a pledge
    // announced after it): the day its pledge's allocate step took effect, never the wall clock's.
    const steps = await database.db
      .selectFrom('pledge_transition')
      .select(['pledge_id', 'effective_on'])
      .where('action', '=', 'allocate')
      .where('note', 'like', `plan run ${run.id}:%`)
      .execute();
    const stepDay = new Map(steps.map((s) => [s.pledge_id, s.effective_on]));
    for (const allocation of made) expect(allocation.decided_on).toBe(stepDay.get(allocation.pledge_id));
    const decided = made.map((a) => a.decided_on as string).sort();
    expect(decided[0]).toBe('2022-11-24');
    expect(decided.at(-1)?.localeCompare('2023-07-01')).toBeLessThan(0);
  }, 180_000);
});
