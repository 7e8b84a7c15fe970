import { describe, expect, it } from 'vitest';
import { retryAtFrom, safeNext } from './useSession.js';

describe('safeNext', () => {
  it('keeps paths of this site with their query', () => {
    expect(safeNext('/needs?priority=critical')).toBe('/needs?priority=critical');
    expect(safeNext('/plans/0193')).toBe('/plans/0193');
  });

  it('refuses other sites, protocol-relative and backslash tricks, and the login page itself', () => {
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/login?next=/needs')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('retryAtFrom', () => {
  const now = Date.parse('2026-11-29T06:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(retryAtFrom('120', now)).toBe(now + 120_000);
    expect(retryAtFrom('Sun, 29 Nov 2026 06:05:00 GMT', now)).toBe(now + 300_000);
  });

  it('waits a minute when the header is missing or unreadable, and never into the past', () => {
    expect(retryAtFrom(null, now)).toBe(now + 60_000);
    expect(retryAtFrom('soon', now)).toBe(now + 60_000);
    expect(retryAtFrom('Sun, 29 Nov 2026 05:00:00 GMT', now)).toBe(now);
  });
});
