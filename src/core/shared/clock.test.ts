import { describe, expect, it } from 'vitest';
import { dataSetClock, fixedClock, isDay, liveDataSetClock, systemClock } from './clock.js';

describe('the clock', () => {
  it("stands on the data set's day, or runs with the wall clock when there is none", () => {
    const demo = dataSetClock('2022-11-24');
    expect([demo.today(), demo.now().toISOString(), demo.source]).toEqual([
      '2022-11-24',
      '2022-11-24T00:00:00.000Z',
      'data_set',
    ]);
    const live = dataSetClock(null);
    expect(live.source).toBe('system');
    expect(systemClock(() => new Date('2026-12-07T23:59:59Z')).today()).toBe('2026-12-07');
  });

  it('takes only days that exist', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('2022-11-24T00:00')).toBe(false);
    expect(() => fixedClock('24.11.2022')).toThrow('not a day');
  });

  it('follows the stored day, re-reading it only when its last read is old, and keeps it when the read fails', async () => {
    let stored: string | null = '2022-11-24';
    let reads = 0;
    const live = liveDataSetClock(async () => {
      reads++;
      if (stored === 'fail') throw new Error('database down');
      return stored;
    }, 60_000);
    expect(live.clock.source).toBe('system');
    await live.refresh();
    expect([live.clock.today(), live.clock.source, reads]).toEqual(['2022-11-24', 'data_set', 1]);
    stored = '2023-01-01';
    await live.refresh();
    expect([live.clock.today(), reads]).toEqual(['2022-11-24', 1]);

    const eager = liveDataSetClock(async () => {
      if (stored === 'fail') throw new Error('database down');
      return stored;
    }, 0);
    await eager.refresh();
    expect(eager.clock.today()).toBe('2023-01-01');
    stored = 'fail';
    await eager.refresh();
    expect([eager.clock.today(), eager.clock.source]).toEqual(['2023-01-01', 'data_set']);
  });
});
