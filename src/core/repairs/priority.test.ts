import { describe, expect, it } from 'vitest';
import { equipmentPriority } from './priority.js';

describe('priority of a repair’s equipment', () => {
  it('rises with people reconnected and with the first frost within 90 days', () => {
    // 1 Sep → 30 Nov = 90 days: urgent; 31 Aug → 30 Nov = 91 days: not yet.
    expect(equipmentPriority(150_000, '2022-09-01', '2022-11-30')).toBe('critical');
    expect(equipmentPriority(150_000, '2022-08-31', '2022-11-30')).toBe('high');
    expect(equipmentPriority(10_000, '2022-12-10', '2022-11-30')).toBe('high');
    expect(equipmentPriority(9_999, '2022-12-10', '2022-11-30')).toBe('medium');
    expect(equipmentPriority(9_999, '2022-06-01', '2022-11-30')).toBe('low');
    expect(equipmentPriority(50_000, '2022-12-10', null)).toBe('medium');
  });
});
