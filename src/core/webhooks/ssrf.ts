import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/*
 * The SSRF guard of webhook deliveries: only https URLs (http to loopback only when the operator
 * allows loopback, for tests); every address the host name resolves to must be public (or loopback,
 * when allowed), and the connection goes to the address that was checked (pinned through the
 * socket's lookup, so a second resolution cannot switch it); redirects are never followed; the
 * whole exchange is limited to 5 s and at most 64 kB of the answer is read.
 */

export const DELIVERY_TIMEOUT_MS = 5_000;
export const RESPONSE_READ_LIMIT = 64 * 1024;

export interface GuardOptions {
  /** AIDGRID_WEBHOOKS_ALLOW_LOOPBACK=1: http to loopback and loopback addresses allowed. */
  readonly allowLoopback: boolean;
}

export class UnsafeUrlError extends Error {
  readonly code = 'unsafe_webhook_url';
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Addresses that are not public: private, shared, link-local, reserved, documentation, multicast. */
const notPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  notPublic.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  notPublic.addSubnet(net, prefix, 'ipv6');
}

/** An IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

export function isLoopbackAddress(address: string): boolean {
  const a = unmapped(address);
  return loopback.check(a.address, a.family);
}

/** Whether a delivery may connect to this address. */
export function addressAllowed(address: string, options: GuardOptions): boolean {
  const a = unmapped(address);
  if (isIP(a.address) === 0) return false;
  if (options.allowLoopback && loopback.check(a.address, a.family)) return true;
  // Any other IPv4-in-IPv6 form (::a.b.c.d, NAT64 …) is covered by the ranges above.
  if (a.family === 'ipv6' && /^::(\d|ffff:0:)/i.test(a.address)) return false;
  return !notPublic.check(a.address, a.family);
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Checks a URL's form when it is subscribed (addresses are checked again at every delivery). */
export function checkWebhookUrl(raw: string, options: GuardOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('the URL is not a valid absolute URL');
  }
  if (url.username !== '' || url.password !== '')
    throw new UnsafeUrlError('the URL must not carry credentials');
  const host = hostOf(url);
  const literal = isIP(host) !== 0;
  const loopbackHost = host === 'localhost' || (literal && isLoopbackAddress(host));
  if (url.protocol === 'http:') {
    if (!(options.allowLoopback && loopbackHost)) {
      throw new UnsafeUrlError(
        options.allowLoopback
          ? 'the URL must be https (http only to a loopback address)'
          : 'the URL must be https',
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new UnsafeUrlError('the URL must be https');
  }
  if (literal && !addressAllowed(host, options)) {
    throw new UnsafeUrlError('the URL names an address that is not public');
  }
  if (host === 'localhost' && !options.allowLoopback) {
    throw new UnsafeUrlError('the URL names an address that is not public');
  }
  return url;
}

/**
 * A lookup for the socket that resolves every address of the name, refuses the connection unless
 * all of them are allowed, and connects to the first: the address checked is the address used.
 */
export function guardedLookup(options: GuardOptions, resolver: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, _lookupOptions, callback) => {
    const literal = isIP(hostname);
    const done = (addresses: readonly LookupAddress[]) => {
      const refused = addresses.find((a) => !addressAllowed(a.address, options));
      if (addresses.length === 0 || refused) {
        const error = new UnsafeUrlError(
          refused
            ? `${hostname} resolves to ${refused.address}, which is not public`
            : `${hostname} has no address`,
        ) as NodeJS.ErrnoException & UnsafeUrlError;
        callback(error, '', 0);
        return;
      }
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    };
    if (literal !== 0) {
      done([{ address: hostname, family: literal }]);
      return;
    }
    resolver(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      done(addresses);
    });
  };
}

export interface SendResult {
  readonly statusCode: number | null;
  /** The first 64 kB at most of the answer, as text. */
  readonly body: string | null;
  /** Why no answer came, in words. */
  readonly error: string | null;
  readonly durationMs: number;
}

/** POSTs the body under the guard; never throws (a refusal or failure is in `error`). */
export function guardedPost(
  raw: string,
  body: string,
  headers: Record<string, string>,
  options: GuardOptions & { timeoutMs?: number; readLimit?: number },
): Promise<SendResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const readLimit = options.readLimit ?? RESPONSE_READ_LIMIT;
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    let url: URL;
    try {
      url = checkWebhookUrl(raw, options);
    } catch (error) {
      finish({ statusCode: null, body: null, error: (error as Error).message });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'aidgrid-webhooks',
        },
        lookup: guardedLookup(options),
        // One connection per delivery: a pooled socket could outlive the address check.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const statusCode = response.statusCode ?? null;
        const text = () => Buffer.concat(chunks).subarray(0, readLimit).toString('utf8');
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= readLimit) {
            // Enough: the rest is never read.
            finish({ statusCode, body: text(), error: null });
            response.destroy();
          }
        });
        response.on('end', () => finish({ statusCode, body: text(), error: null }));
        response.on('error', () => finish({ statusCode, body: text(), error: null }));
        response.on('aborted', () => finish({ statusCode, body: text(), error: null }));
      },
    );
    timer = setTimeout(() => {
      finish({ statusCode: null, body: null, error: `no answer within ${timeoutMs / 1000} s` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => {
      finish({
        statusCode: null,
        body: null,
        error: error instanceof UnsafeUrlError ? error.message : `connection failed (${describe(error)})`,
      });
    });
    request.end(body);
  });
}

function describe(error: NodeJS.ErrnoException): string {
  return error.code ?? error.message;
}
