import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eSandbox, runCli } from '../support/cli.js';

/**
 * Webhooks against real processes: a loopback receiver (allowed by AIDGRID_WEBHOOKS_ALLOW_LOOPBACK=1)
 * subscribed by a coordinator of an organisation cleared for coalition. A coalition shipment and a
 * restricted shipment of another organisation are dispatched. The receiver answers the first attempt
 * 500, holds the second without answering while the server is killed with SIGKILL, and answers 200
 * once another server has started on the same data: it sees one webhook-id, answered 2xx once, with
 * a valid signature, and nothing about the restricted shipment.
 */
const sandbox = new E2eSandbox();
afterEach(() => sandbox.cleanup());

const env = { AIDGRID_WEBHOOKS_ALLOW_LOOPBACK: '1', AIDGRID_WEBHOOKS_RETRY_BASE_MS: '200' };

interface Received {
  readonly headers: Record<string, string>;
  readonly body: string;
  answered: number | 'held';
}

async function token(dataDir: string, org: string, clearance: string): Promise<Record<string, string>> {
  const result = await runCli([
    '--data-dir',
    dataDir,
    'token',
    'create',
    '--org',
    org,
    '--create-org',
    '--role',
    'coordinator',
    '--clearance',
    clearance,
    '--expires',
    '1d',
    '--json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  return { authorization: `Bearer ${(JSON.parse(result.stdout) as { token: string }).token}` };
}

async function call(url: string, auth: Record<string, string>, method: string, body?: object, headers = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...auth, ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, text };
}

async function until<T>(
  what: string,
  read: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('webhooks across a kill -9', () => {
  it('deliver shipment.dispatched once from the receiver’s view, signed, never a restricted shipment', {
    timeout: 300_000,
  }, async () => {
    const received: Received[] = [];
    const receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const entry: Received = {
          headers: request.headers as Record<string, string>,
          body: Buffer.concat(chunks).toString('utf8'),
          answered: 'held',
        };
        received.push(entry);
        const nth = received.length;
        if (nth === 2) return; // held: the server is killed while it waits
        entry.answered = nth === 1 ? 500 : 200;
        response.writeHead(entry.answered).end(nth === 1 ? 'not now' : 'ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const dataDir = await sandbox.dataDir();
      const first = await sandbox.serve(dataDir, [], env);
      const cell = await token(dataDir, 'E2E coordination cell', 'restricted');
      const observer = await token(dataDir, 'E2E observer', 'coalition');

      const { json: clock } = await call(`${first.url}/api/v1/clock`, cell, 'GET');
      const today = (clock as { as_of: string }).as_of;
      const { json: page } = await call(
        `${first.url}/api/v1/shipments?status=preparing&limit=100`,
        cell,
        'GET',
      );
      const preparing = (
        page as {
          items: { id: string; classification: string; version: number; embargo_until: string | null }[];
        }
      ).items;
      const visible = preparing.find((s) => s.classification !== 'restricted' && s.embargo_until === null);
      const other = preparing.find((s) => s !== visible);
      expect(visible, 'the demo has a preparing shipment the observer may see').toBeDefined();
      expect(other, 'the demo has a second preparing shipment').toBeDefined();
      if (!visible || !other) return;
      const raised = await call(
        `${first.url}/api/v1/shipments/${other.id}`,
        cell,
        'PATCH',
        { classification: 'restricted' },
        { 'if-match': `"${other.version}"` },
      );
      expect(raised.status, raised.text).toBe(200);

      const hook = await call(`${first.url}/api/v1/webhooks`, observer, 'POST', {
        url: hookUrl,
        events: ['shipment.dispatched'],
      });
      expect(hook.status, hook.text).toBe(201);
      const { id: hookId, secret } = hook.json as { id: string; secret: string };

      for (const id of [other.id, visible.id]) {
        const sent = await call(`${first.url}/api/v1/shipments/${id}/dispatch`, cell, 'POST', {
          dispatched_on: today,
        });
        expect(sent.status, sent.text).toBe(200);
      }
      await until('the second attempt', () => (received.length >= 2 ? true : undefined));
      expect(await first.kill9()).toEqual({ code: null, signal: 'SIGKILL' });

      const second = await sandbox.serve(dataDir, [], env);
      await until('the attempt after restart', () => (received.length >= 3 ? true : undefined));
      const delivered = await until('the delivery to be recorded', async () => {
        const { json } = await call(`${second.url}/api/v1/webhooks/${hookId}/deliveries`, observer, 'GET');
        const items = (
          json as {
            items: { id: string; status: string; entity_id: string; log: { status_code: number }[] }[];
          }
        ).items;
        return items.find((d) => d.status === 'delivered') ? items : undefined;
      });

      // The receiver's view: one webhook-id, answered 2xx once, about the visible shipment only.
      const ids = new Set(received.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      expect(received.map((r) => r.answered)).toEqual([500, 'held', 200]);
      expect(received.filter((r) => r.answered === 200)).toHaveLength(1);
      expect(received.some((r) => r.body.includes(other.id))).toBe(false);
      const wh = new Webhook(secret);
      for (const r of received) {
        const event = wh.verify(r.body, r.headers) as { type: string; data: { id: string } };
        expect(event).toMatchObject({ type: 'shipment.dispatched', data: { id: visible.id } });
      }
      // The subscriber's view: that delivery only, with the answers it got.
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ id: [...ids][0], entity_id: visible.id, status: 'delivered' });
      expect(delivered[0]?.log.map((a) => a.status_code)).toEqual([500, 200]);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
