import { describe, expect, it } from 'vitest';
import { parseArticle } from './knowledge.ts';
import { Index } from './retrieve.ts';

const index = new Index([
  parseArticle('gift-cards', '# Gift cards\n\n## Expiry\n\nGift cards never expire.\n\n## Balance\n\nCheck a gift card balance on the Gift cards page.'),
  parseArticle('returns', '# Returns\n\n## Return window\n\nReturn unworn items within 30 days for a full refund to your card.'),
  parseArticle('delivery', '# Delivery\n\n## Delivery times\n\nStandard delivery takes 3 to 5 working days; express arrives the next day.'),
]);

describe('Index#search', () => {
  it('ranks the section that holds the question first, title and heading counting', () => {
    expect(index.search('do gift cards expire')[0]?.section).toMatchObject({ article: 'gift-cards', heading: 'Expiry' });
  });

  it('normalises scores to 0..1 against the most the query could score, so they compare across queries', () => {
    const short = index.search('gift card balance')[0];
    const long = index.search('where do I check the balance left on a gift card I was given')[0];
    for (const hit of [short, long]) {
      expect(hit?.normalised).toBeGreaterThan(0);
      expect(hit?.normalised).toBeLessThanOrEqual(1);
    }
    // The same section, found by a longer query of which it covers less: its raw score may be higher, its share is lower.
    expect(long?.section.heading).toBe('Balance');
    expect(long!.normalised).toBeLessThan(short!.normalised);
  });

  it('scores a question about what the knowledge base never mentions low', () => {
    const hit = index.search('does express delivery reach antarctica by icebreaker')[0];
    expect(hit?.normalised).toBeLessThan(index.search('how long does express delivery take')[0]!.normalised);
  });

  it('gives the margin to the best section of another article', () => {
    const [top] = index.search('refund for a return');
    expect(top?.section.article).toBe('returns');
    expect(top?.margin).toBeGreaterThan(0);
    expect(top?.margin).toBeLessThanOrEqual(1);
    // Only one article matches at all: nothing to be ahead of.
    expect(index.search('unworn')[0]?.margin).toBe(1);
  });
});
