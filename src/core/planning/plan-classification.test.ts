import { describe, expect, it } from 'vitest';
import { canReadRun, classificationFloor, runReadersOf } from './plan-classification.js';

const TODAY = '2026-12-07';
const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';

describe('plan run readers', () => {
  it('take the highest classification of the inputs, embargoed public rows as coalition', () => {
    expect(classificationFloor(['public', 'coalition'])).toBe('coalition');
    expect(classificationFloor([])).toBe('public');
    const readers = runReadersOf(
      [
        { classification: 'public', embargo_until: '2027-01-01', orgs: [A, B] },
        { classification: 'public', embargo_until: null, orgs: [] },
      ],
      TODAY,
    );
    expect(readers).toEqual({
      classification: 'coalition',
      readers_coalition: [A, B],
      readers_restricted: null,
    });
  });

  it('let a reader below a level in only when their organisation owns or is party to every row of it', () => {
    const readers = runReadersOf(
      [
        { classification: 'restricted', embargo_until: null, orgs: [A, null] },
        { classification: 'coalition', embargo_until: null, orgs: [A, B] },
      ],
      TODAY,
    );
    expect(readers).toEqual({
      classification: 'restricted',
      readers_coalition: [A],
      readers_restricted: [A],
    });
    expect(canReadRun({ orgId: B, clearance: 'coalition' }, readers)).toBe(false);
    expect(canReadRun({ orgId: B, clearance: 'restricted' }, readers)).toBe(true);
    expect(canReadRun({ orgId: A, clearance: 'public' }, readers)).toBe(true);
    expect(canReadRun({ orgId: null, clearance: 'coalition' }, readers)).toBe(false);
    expect(canReadRun(null, readers)).toBe(true);
  });
});
