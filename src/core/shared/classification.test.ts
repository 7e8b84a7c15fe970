import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { chooseClassification, classificationFloor, isBelowFloor } from './classification.js';

const TODAY = '2026-12-07';

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('no refusal');
}

describe('classificationFloor', () => {
  it('is the highest classification of the sources, public without any', () => {
    expect(classificationFloor()).toEqual({ classification: 'public', embargo_until: null });
    expect(classificationFloor({ classification: 'public' }, { classification: 'coalition' })).toEqual({
      classification: 'coalition',
      embargo_until: null,
    });
    expect(
      classificationFloor(
        { classification: 'coalition' },
        { classification: 'restricted' },
        { classification: 'public' },
      ).classification,
    ).toBe('restricted');
  });

  it('keeps the latest embargo of public sources while the floor is public, and drops it above', () => {
    const a = { classification: 'public' as const, embargo_until: '2027-01-01' };
    const b = { classification: 'public' as const, embargo_until: '2027-03-01' };
    expect(classificationFloor(a, b, { classification: 'public', embargo_until: null })).toEqual({
      classification: 'public',
      embargo_until: '2027-03-01',
    });
    expect(classificationFloor(a, { classification: 'coalition', embargo_until: '2028-01-01' })).toEqual({
      classification: 'coalition',
      embargo_until: null,
    });
  });
});

describe('chooseClassification', () => {
  const restricted = classificationFloor({ classification: 'restricted' });
  const embargoed = classificationFloor({ classification: 'public', embargo_until: '2027-01-01' });

  it('uses the floor when nothing is asked for, not a default', () => {
    expect(chooseClassification({}, restricted, 'x', TODAY)).toEqual({
      classification: 'restricted',
      embargo_until: null,
    });
    expect(chooseClassification({}, classificationFloor(), 'x', TODAY).classification).toBe('public');
    expect(chooseClassification({}, embargoed, 'x', TODAY)).toEqual({
      classification: 'public',
      embargo_until: '2027-01-01',
    });
  });

  it('lets the client raise the classification or the embargo', () => {
    expect(chooseClassification({ classification: 'restricted' }, classificationFloor(), 'x', TODAY)).toEqual(
      {
        classification: 'restricted',
        embargo_until: null,
      },
    );
    expect(chooseClassification({ classification: 'coalition' }, embargoed, 'x', TODAY).classification).toBe(
      'coalition',
    );
    expect(
      chooseClassification({ classification: 'public', embargo_until: '2027-06-01' }, embargoed, 'x', TODAY),
    ).toEqual({ classification: 'public', embargo_until: '2027-06-01' });
  });

  it('refuses less than the floor with 422 classification_below_sources naming the floor', () => {
    const low = refusal(() =>
      chooseClassification({ classification: 'coalition' }, restricted, 'its pledge and need', TODAY),
    );
    expect([low.status, low.code]).toEqual([422, 'classification_below_sources']);
    expect(low.message).toContain('restricted');
    expect(low.message).toContain('its pledge and need');
    expect(low.errors[0]?.field).toBe('classification');
    const early = refusal(() =>
      chooseClassification({ classification: 'public', embargo_until: '2026-12-31' }, embargoed, 'x', TODAY),
    );
    expect([early.code, early.errors[0]?.field]).toEqual(['classification_below_sources', 'embargo_until']);
    expect(early.message).toContain('2027-01-01');
    expect(() => chooseClassification({ embargo_until: null }, embargoed, 'x', TODAY)).toThrow(DomainError);
  });

  it('does not hold a record to an embargo that has passed', () => {
    const past = classificationFloor({ classification: 'public', embargo_until: '2026-01-01' });
    expect(chooseClassification({ embargo_until: null }, past, 'x', TODAY)).toEqual({
      classification: 'public',
      embargo_until: null,
    });
    expect(isBelowFloor({ classification: 'public', embargo_until: null }, past, TODAY)).toBe(false);
    expect(isBelowFloor({ classification: 'public', embargo_until: null }, embargoed, TODAY)).toBe(true);
    expect(isBelowFloor({ classification: 'coalition', embargo_until: null }, restricted, TODAY)).toBe(true);
  });
});
