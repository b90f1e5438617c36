import { describe, expect, it } from 'vitest';
import { concepts, foldSpelling } from './lexicon.ts';
import { terms, words } from './text.ts';

describe('foldSpelling', () => {
  it.each([
    ['colour', 'color'],
    ['organise', 'organize'],
    ['cancelled', 'canceled'],
    ['licence', 'license'],
    ['centre', 'center'],
    ['refund', 'refund'],
  ])('%s → %s', (uk, us) => expect(foldSpelling(uk)).toBe(us));
});

describe('concepts', () => {
  const of = (text: string) => concepts(words(text));

  it('adds the concept a synonym or phrase expresses', () => {
    expect(of('can I get my money back')).toContain('refund');
    expect(of('I cannot sign in on my laptop')).toContain('login');
    expect(of('the lamp arrived smashed')).toContain('damaged');
    expect(of('I lost my job last week')).toContain('hardship');
    expect(of('the rent is leaving me short this month')).toContain('hardship');
    expect(of('I am behind on my bills')).toContain('hardship');
    expect(of('can I push the payment back a week')).toContain('postpone');
    expect(of("I didn't make this purchase")).toContain('unauthorised');
  });

  it('leaves near misses alone', () => {
    expect(of('change my payment method')).not.toContain('postpone');
    expect(of('how do I log my hours')).not.toContain('login');
    expect(of('where is my job application')).not.toContain('hardship');
  });
});

describe('terms', () => {
  it('keeps the words said and adds each concept once', () => {
    expect(terms('refunded, money back')).toEqual(['refund', 'money', 'back']);
    expect(terms('my parcel was smashed')).toEqual(['parcel', 'smash', 'damaged']);
  });
});
