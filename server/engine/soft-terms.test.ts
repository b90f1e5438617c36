import { describe, expect, it } from 'vitest';
import { parseArticle } from './knowledge.ts';
import { wordVectors } from './ml/load-vectors.ts';
import { Index } from './retrieve.ts';

const articles = [
  parseArticle('bags', '# Bags on board\n\n## Allowance\n\nEach passenger may check one baggage item of 23 kg.'),
  parseArticle('seats', '# Seats\n\n## Choosing\n\nPick a seat online up to two hours before departure.'),
];

describe('soft matching in retrieval', () => {
  const vectors = wordVectors();
  it.skipIf(!vectors)('finds the article for a word it never uses, by its nearest word', () => {
    const soft = new Index(articles, vectors);
    const plain = new Index(articles);
    // "luggage" is in no article; its nearest article word is "baggage".
    expect(plain.search('how much luggage is included', 1)).toEqual([]);
    expect(soft.search('how much luggage is included', 1)[0]?.section.article).toBe('bags');
  });

  it.skipIf(!vectors)('gives a stand-in less than a word said outright', () => {
    const soft = new Index(articles, vectors);
    const said = soft.search('baggage', 1)[0]!.score;
    const implied = soft.search('luggage', 1)[0]?.score ?? 0;
    expect(implied).toBeGreaterThan(0);
    expect(implied).toBeLessThan(said);
  });
});
