import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { type CliResult, runCli } from '../../test/support/cli.js';
import { buildItem, buildNeed, buildOrganisation, buildRegion } from '../../test/support/factories.js';

let t: TestApp;
let dry: CliResult;
let published: CliResult;
let text: CliResult;

beforeAll(async () => {
  t = await createTestApp();
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  await buildNeed(
    t.app,
    { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id },
    {
      classification: 'public',
    },
  );
  const cli = (args: string[]) => runCli(['--database-url', t.database.url, 'publish', ...args]);
  dry = await cli(['--dry-run', '--json']);
  published = await cli(['--json']);
  text = await cli([]);
}, 120_000);
afterAll(async () => t?.close());

describe('aidgrid publish', () => {
  it('shows a dry run as JSON without storing it', () => {
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ number: 1, counts: { needs: 1 } });
  });

  it('publishes release 1, then release 2 with a changelog against it, audited as the cli', async () => {
    expect(published.code).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ number: 1, changelog: { previous: null } });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^published release 2, data as of \d{4}-\d{2}-\d{2}/);
    expect(text.stdout).toContain('needs: 1 record (+0 −0 ~0)');
    const audit = await t.database.db
      .selectFrom('audit_entry')
      .where('entity_type', '=', 'open_data_release')
      .select('actor')
      .execute();
    expect(audit.map((a) => a.actor)).toEqual(['cli', 'cli']);
  });

  it('refuses an unknown option with a usage error', async () => {
    const bad = await runCli(['--database-url', t.database.url, 'publish', '--dryrun']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^aidgrid: /);
  });
});
