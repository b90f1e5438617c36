import { describe, expect, it } from 'vitest';
import { Bm25, oneEditApart } from './bm25.ts';

describe('oneEditApart', () => {
  it.each([
    ['instalment', 'instalmnet', true],
    ['arrived', 'arived', true],
    ['delivery', 'delivary', true],
    ['refund', 'refund', false],
    ['refund', 'refunds', true],
    ['refund', 'rfnd', false],
    ['card', 'cart', true],
  ])('%s ~ %s: %s', (a, b, expected) => expect(oneEditApart(a, b)).toBe(expected));
});

describe('Bm25', () => {
  const docs = ['your instalment is taken on the due date', 'parcels are delivered in three days', 'a parcel that never arrived'];
  const bm25 = new Bm25(docs, (text) => [{ text, weight: 1 }]);

  it('ranks the document that shares the rarer terms first, with coverage', () => {
    const [top] = bm25.search('when is my instalment due');
    expect(top?.item).toBe(docs[0]);
    expect(top?.coverage).toBe(1);
  });

  it('reads a typo one edit from a single known word as that word', () => {
    expect(bm25.correct('instalmnet')).toBe('instalment');
    expect(bm25.search('instalmnet')[0]?.item).toBe(docs[0]);
  });

  it('leaves short, numeric, known and ambiguous words alone', () => {
    expect(bm25.correct('dae')).toBe('dae');
    expect(bm25.correct('12345')).toBe('12345');
    expect(bm25.correct('parcel')).toBe('parcel');
  });
});
