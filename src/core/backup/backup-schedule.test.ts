import { describe, expect, it } from 'vitest';
import { isBackupDue, latestDueTime, parseDailyAt } from './backup-schedule.js';

const schedule = { enabled: true, daily_at: '02:30:00', keep: 7, restore_test: true };

describe('backup schedule', () => {
  it('parses a UTC time of day', () => {
    expect(parseDailyAt('02:30')).toBe('02:30:00');
    expect(parseDailyAt('23:59:59')).toBe('23:59:59');
    expect(parseDailyAt('24:00')).toBeUndefined();
    expect(parseDailyAt('2:30')).toBeUndefined();
  });

  it('was last due today after the time of day, yesterday before it', () => {
    expect(latestDueTime('02:30:00', new Date('2026-12-07T03:00:00Z')).toISOString()).toBe(
      '2026-12-07T02:30:00.000Z',
    );
    expect(latestDueTime('02:30:00', new Date('2026-12-07T01:00:00Z')).toISOString()).toBe(
      '2026-12-06T02:30:00.000Z',
    );
  });

  it('is due once per day, and never when off', () => {
    const now = new Date('2026-12-07T03:00:00Z');
    expect(isBackupDue(schedule, undefined, now)).toBe(true);
    expect(isBackupDue(schedule, new Date('2026-12-06T02:30:01Z'), now)).toBe(true);
    expect(isBackupDue(schedule, new Date('2026-12-07T02:30:01Z'), now)).toBe(false);
    expect(isBackupDue({ ...schedule, enabled: false }, undefined, now)).toBe(false);
    expect(isBackupDue(undefined, undefined, now)).toBe(false);
  });
});
