import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressAllowed, checkWebhookUrl, guardedLookup, guardedPost } from './ssrf.js';
import { DEFAULT_WEBHOOK_SETTINGS, retryDelayMs } from './webhook-worker.js';

const strict = { allowLoopback: false };
const loose = { allowLoopback: true };

describe('addressAllowed', () => {
  it('allows public addresses and refuses private, loopback, link-local, reserved and mapped ones', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(addressAllowed(a, strict), a).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.0.0.5',
      '172.16.3.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      'not an address',
    ]) {
      expect(addressAllowed(a, strict), a).toBe(false);
    }
  });

  it('allows loopback only when the setting does, and nothing else private', () => {
    expect(addressAllowed('127.0.0.1', loose)).toBe(true);
    expect(addressAllowed('::1', loose)).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.1', loose)).toBe(true);
    expect(addressAllowed('10.0.0.1', loose)).toBe(false);
    expect(addressAllowed('169.254.169.254', loose)).toBe(false);
  });
});

describe('checkWebhookUrl', () => {
  it('takes https only; http only to loopback when allowed', () => {
    expect(checkWebhookUrl('https://hooks.example.org/x', strict).hostname).toBe('hooks.example.org');
    expect(() => checkWebhookUrl('http://hooks.example.org/x', strict)).toThrow('must be https');
    expect(() => checkWebhookUrl('http://127.0.0.1:9/x', strict)).toThrow('must be https');
    expect(checkWebhookUrl('http://127.0.0.1:9/x', loose).port).toBe('9');
    expect(checkWebhookUrl('http://localhost:9/x', loose).hostname).toBe('localhost');
    expect(() => checkWebhookUrl('http://hooks.example.org/x', loose)).toThrow('http only to a loopback');
    expect(() => checkWebhookUrl('https://localhost/x', strict)).toThrow('not public');
    expect(() => checkWebhookUrl('https://192.168.0.1/x', loose)).toThrow('not public');
    expect(() => checkWebhookUrl('https://[::1]/x', strict)).toThrow('not public');
    expect(() => checkWebhookUrl('gopher://x.org/', strict)).toThrow('must be https');
    expect(() => checkWebhookUrl('https://a:b@x.org/', strict)).toThrow('credentials');
    expect(() => checkWebhookUrl('nonsense', strict)).toThrow('not a valid');
  });
});

describe('guardedLookup', () => {
  const fake =
    (addresses: LookupAddress[]) =>
    (_host: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) =>
      callback(null, addresses);
  const run = (addresses: LookupAddress[]) =>
    new Promise<{ error: Error | null; address: string }>((resolve) =>
      guardedLookup(strict, fake(addresses) as never)('hooks.example.org', {}, (error, address) =>
        resolve({ error, address: address as string }),
      ),
    );

  it('refuses a name when any of its addresses is not public, and pins the first otherwise', async () => {
    expect(await run([{ address: '93.184.216.34', family: 4 }])).toEqual({
      error: null,
      address: '93.184.216.34',
    });
    const mixed = await run([
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ]);
    expect(mixed.error?.message).toBe('hooks.example.org resolves to 10.0.0.7, which is not public');
    expect((await run([])).error?.message).toBe('hooks.example.org has no address');
  });
});

describe('guardedPost', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/ok' });
        response.end();
      } else if (request.url === '/big') {
        response.writeHead(200);
        response.end('x'.repeat(200_000));
      } else if (request.url === '/slow') {
        // never answers
      } else {
        response.writeHead(204);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('does not follow redirects, reads 64 kB at most, gives up after the timeout', async () => {
    const redirect = await guardedPost(`${base}/redirect`, '{}', {}, loose);
    expect(redirect).toMatchObject({ statusCode: 302, error: null });
    const big = await guardedPost(`${base}/big`, '{}', {}, loose);
    expect(big.statusCode).toBe(200);
    expect(big.body).toHaveLength(64 * 1024);
    const slow = await guardedPost(`${base}/slow`, '{}', {}, { ...loose, timeoutMs: 300 });
    expect(slow).toMatchObject({ statusCode: null, error: 'no answer within 0.3 s' });
  });

  it('refuses loopback without the setting, before connecting', async () => {
    const refused = await guardedPost(`${base}/ok`, '{}', {}, strict);
    expect(refused).toMatchObject({ statusCode: null, error: 'the URL must be https' });
    const https = await guardedPost(`https://localhost:1/ok`, '{}', {}, strict);
    expect(https.error).toBe('the URL names an address that is not public');
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base with jitter between half and all of it, up to the cap', () => {
    const s = { ...DEFAULT_WEBHOOK_SETTINGS, retryBaseMs: 1000, retryCapMs: 60_000 };
    expect(retryDelayMs(1, s, () => 0)).toBe(500);
    expect(retryDelayMs(1, s, () => 1)).toBe(1000);
    expect(retryDelayMs(3, s, () => 1)).toBe(4000);
    expect(retryDelayMs(3, s, () => 0)).toBe(2000);
    expect(retryDelayMs(20, s, () => 1)).toBe(60_000);
  });

  it('gives about 20 attempts in the default 24 h window', () => {
    let elapsed = 0;
    let attempts = 1;
    while (
      elapsed + retryDelayMs(attempts, DEFAULT_WEBHOOK_SETTINGS, () => 1) <=
      DEFAULT_WEBHOOK_SETTINGS.retryWindowMs
    ) {
      elapsed += retryDelayMs(attempts, DEFAULT_WEBHOOK_SETTINGS, () => 1);
      attempts++;
    }
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(40);
  });
});
