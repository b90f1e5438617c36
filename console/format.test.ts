import { describe, expect, it } from 'vitest';
import { confidenceLevel, formatWaiting } from './format.ts';

describe('formatWaiting', () => {
  it('counts seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatWaiting(-5)).toBe('0s');
    expect(formatWaiting(42_900)).toBe('42s');
    expect(formatWaiting(4 * 60_000 + 5_000)).toBe('4m 05s');
    expect(formatWaiting(62 * 60_000)).toBe('1h 02m');
  });
});

describe('confidenceLevel', () => {
  it('is low below 0.6, medium below 0.8, high from 0.8', () => {
    expect([0, 0.59, 0.6, 0.79, 0.8, 1].map(confidenceLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });
});
