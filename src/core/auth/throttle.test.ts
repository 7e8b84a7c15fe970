import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_THROTTLE, loginDelaySeconds } from './throttle.js';

describe('loginDelaySeconds', () => {
  it('costs nothing for the free failures, then doubles from the first delay up to the maximum', () => {
    const waits = Array.from({ length: 14 }, (_, i) => loginDelaySeconds(i + 1, DEFAULT_LOGIN_THROTTLE));
    expect(waits).toEqual([0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    expect(loginDelaySeconds(10_000, DEFAULT_LOGIN_THROTTLE)).toBe(900);
  });
});
