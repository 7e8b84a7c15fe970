import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { buildItem, buildOrganisation, buildPledge } from '../../../test/support/factories.js';
import { runAsActor } from '../../db/actor-context.js';
import type { Actor } from '../auth/actor.js';
import { createPledgeTransitionService } from './pledge-transition.service.js';

let t: TestApp;
let ids: { donor: string; open: string; hidden: string };

async function commit(pledgeId: string, effective_on: string): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/pledges/${pledgeId}/commit`,
    payload: { quantity: 1, effective_on },
  });
  expect(response.statusCode).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  const donor = await buildOrganisation(t.app, { classification: 'public' });
  const other = await buildOrganisation(t.app, { classification: 'public' });
  const item = await buildItem(t.app, { classification: 'public' });
  const open = await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id },
    { classification: 'public' },
  );
  const hidden = await buildPledge(
    t.app,
    { donor_org_id: other.id, item_id: item.id },
    { classification: 'restricted', owner_org_id: other.id },
  );
  await commit(open.id, '2022-12-01');
  await commit(open.id, '2022-12-03');
  await commit(hidden.id, '2022-12-02');
  ids = { donor: donor.id, open: open.id, hidden: hidden.id };
});
afterAll(async () => t?.close());

describe('pledge histories for exports', () => {
  it('reads the steps of several pledges at once, oldest first, only of pledges the reader may see', async () => {
    const service = createPledgeTransitionService({ db: t.database.db });
    const reader: Actor = {
      id: 'user-1',
      kind: 'user',
      orgId: ids.donor,
      role: 'donor',
      clearance: 'coalition',
    };
    const histories = await runAsActor(reader, () => service.historiesOf([ids.open, ids.hidden]));
    expect([...histories.keys()]).toEqual([ids.open]);
    expect(histories.get(ids.open)?.map((step) => [step.action, step.effective_on])).toEqual([
      ['commit', '2022-12-01'],
      ['commit', '2022-12-03'],
    ]);
    const system: Actor = { id: 'cli', kind: 'system', orgId: null, role: null, clearance: 'restricted' };
    const all = await runAsActor(system, () => service.historiesOf([ids.open, ids.hidden]));
    expect(all.get(ids.hidden)).toHaveLength(1);
    expect(await runAsActor(reader, () => service.historiesOf([]))).toEqual(new Map());
  });
});
