import { describe, expect, it } from 'vitest';
import { features, keyTerms, grade, FEATURES, type GraderFit } from './grader.ts';
import { circumstances, preferAnswerType, questionClause, questionKind, typeFit } from './question.ts';
import { parseArticle } from './knowledge.ts';
import { Index } from './retrieve.ts';

const kb = [
  parseArticle(
    'shipping',
    `# Shipping
## Delivery times
Standard delivery takes 3 to 5 working days. Express delivery arrives the next day if you order before 2pm.
## Delivery costs
Standard delivery costs £4.95. Orders over £50 ship free.`,
  ),
  parseArticle(
    'accounts',
    `# Your account
## Changing your email
Open Settings, then Profile, and type the new address. We send a link to confirm it.`,
  ),
];
const index = new Index(kb);
const read = (q: string) => features(index, q, preferAnswerType(q, index.search(q, 3)), 0.5);

describe('typeFit', () => {
  it('needs a duration for a how-long question and a price for a how-much one', () => {
    expect(typeFit('how long does delivery take?', 'Standard delivery takes 3 to 5 working days.')).toBe(1);
    expect(typeFit('how long does delivery take?', 'Open Settings, then Profile.')).toBe(0);
    expect(typeFit('how much is express delivery?', 'Express costs £9.')).toBe(1);
    expect(typeFit('how much is express delivery?', 'Express arrives the next day.')).toBe(0);
    expect(typeFit('what time do you take the money?', 'We take it at 9am on the due date.')).toBe(1);
  });

  it('is neutral when the question sets no answer type', () => {
    expect(typeFit('can I change my email?', 'anything')).toBe(0.5);
  });
});

describe('preferAnswerType', () => {
  it('puts the close section that gives the asked-for kind of answer first', () => {
    const q = 'how long does standard delivery take';
    expect(preferAnswerType(q, index.search(q, 3))[0]?.section.heading).toBe('Delivery times');
    const price = 'how much is standard delivery';
    expect(preferAnswerType(price, index.search(price, 3))[0]?.section.heading).toBe('Delivery costs');
  });
});

describe('questionClause and questionKind', () => {
  it('reads the clause that asks, leaving context out', () => {
    expect(questionClause('I bought a sofa last week, can I still return it?')).toBe('can I still return it');
    expect(questionClause('my parcel is late')).toBe('my parcel is late');
  });

  it('tells permission, outcome, how and who questions apart', () => {
    expect(questionKind('I moved house, can I change my address?')).toMatchObject({ asksPermission: 1, asksOutcome: 0, asksHow: 0 });
    expect(questionKind('will my points carry over if I upgrade?')).toMatchObject({ asksOutcome: 1, asksPermission: 0 });
    expect(questionKind('whats the fee for express delivery')).toMatchObject({ asksHow: 1 });
    expect(questionKind('what happens if I miss a payment?')).toMatchObject({ asksHow: 0, asksOutcome: 1 });
    expect(questionKind('who pays for the return label?')).toMatchObject({ asksWho: 1 });
    expect(questionKind('my order is late')).toEqual({ asksPermission: 0, asksOutcome: 0, asksHow: 0, asksWho: 0 });
  });
});

describe('keyTerms', () => {
  const section = kb[0]!.sections[1]!; // Shipping › Delivery costs
  it('checks the section for the rarest words of the question', () => {
    const asked = (q: string) => new Map(index.queryTerms(q).map((t) => [t, index.idf(t)] as const));
    expect(keyTerms(asked('how much does standard delivery cost'), section)).toEqual({ keyTerm: 1, keyTerms: 1 });
    expect(keyTerms(asked('does standard delivery cost extra to antarctica'), section).keyTerm).toBe(0);
  });
});

describe('circumstances', () => {
  it('notices a condition or a plan around the question', () => {
    expect(circumstances('what happens to my plan if I move house?')).toEqual({ conditional: 1, plans: 0 });
    expect(circumstances("I'm moving to Spain next month, can I keep my number?")).toEqual({ conditional: 0, plans: 1 });
    expect(circumstances('how do I change my address?')).toEqual({ conditional: 0, plans: 0 });
  });
});

describe('features', () => {
  it('reads a question answered by one passage as covered, with no unknown terms', () => {
    const f = read('how long does standard delivery take');
    expect(f.passage).toBeGreaterThan(0.9);
    expect(f.unknown).toBe(0);
    expect(f.typeFit).toBe(1);
  });

  it('counts the weight of terms the knowledge base never mentions', () => {
    const f = read('does standard delivery reach the antarctic research station');
    expect(f.unknown).toBeGreaterThan(0.4);
  });

  it('has no evidence when nothing is retrieved', () => {
    const f = features(index, 'zzz qqq', [], 0);
    expect(f).toMatchObject({ strength: 0, coverage: 0, passage: 0, unknown: 1 });
  });
});

describe('grade', () => {
  const fit: GraderFit = { bias: -1, weights: Object.fromEntries(FEATURES.map((f) => [f, 0])) as GraderFit['weights'] };

  it('is the logistic of the weighted evidence, in [0, 1]', () => {
    const f = read('how long does standard delivery take');
    expect(grade(f, fit)).toBeCloseTo(1 / (1 + Math.exp(1)), 3);
    const strong = { ...fit, weights: { ...fit.weights, passage: 10 } };
    expect(grade(f, strong)).toBeGreaterThan(0.99);
  });

  it('with the fitted weights, grades a question one passage answers above one the knowledge base is silent on', () => {
    expect(grade(read('how long does standard delivery take'))).toBeGreaterThan(grade(read('does delivery reach the antarctic research station by icebreaker')));
  });
});
