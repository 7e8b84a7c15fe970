import { describe, expect, it } from 'vitest';
import { parseGapDimension, withGapDimension } from './useGapDimension.js';

describe('grouping in the URL', () => {
  it('reads ?by= and falls back to category for anything unknown', () => {
    expect(parseGapDimension('?by=region')).toBe('region');
    expect(parseGapDimension('')).toBe('category');
    expect(parseGapDimension('?by=nonsense')).toBe('category');
  });

  it('sets ?by= and keeps other parameters', () => {
    expect(withGapDimension('', 'donor')).toBe('?by=donor');
    expect(withGapDimension('?lang=uk&by=item', 'region')).toBe('?lang=uk&by=region');
  });
});
