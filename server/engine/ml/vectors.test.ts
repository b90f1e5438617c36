import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derive } from './derive-vectors.ts';
import { ensureStore } from './load-vectors.ts';
import { readStore, WordVectors } from './vectors.ts';

/** A package-shaped source: words by frequency, each vector then its norm and rank. */
const source = JSON.stringify({
  dimensions: 3,
  words: ['the', ',', 'refund', 'reimbursement', 'banana', 'constructor'],
  vectors: {
    the: [1, 0, 0, 1, 0],
    ',': [0, 1, 0, 1, 1],
    refund: [0.9, 0.1, 0, 0.9, 2],
    reimbursement: [0.8, 0.2, 0, 0.8, 3],
    banana: [0, 0, 1, 1, 4],
  },
});

const dir = () => mkdtempSync(join(tmpdir(), 'baton-vectors-'));

describe('word-vector store', () => {
  it('keeps letter words only, unit length, and round-trips through the file layout', () => {
    const file = join(dir(), 'v.bin');
    writeFileSync(file, derive(source));
    const { vectors, problem } = readStore(file);
    expect(problem).toBeNull();
    expect(vectors!.size).toBe(4); // "," is punctuation; "constructor" has no vector of its own
    expect(vectors!.has(',')).toBe(false);
    expect(vectors!.similarity('refund', 'reimbursement')!).toBeGreaterThan(0.95);
    expect(vectors!.similarity('refund', 'banana')!).toBeLessThan(0.05);
    expect(vectors!.similarity('refund', 'refund')!).toBeCloseTo(1, 2);
  });

  it('stops at the word limit, most frequent first', () => {
    const v = WordVectors.decode(derive(source, 2));
    expect([v.has('the'), v.has('refund'), v.has('reimbursement')]).toEqual([true, true, false]);
  });

  it('says why when the store is missing or corrupt, and never throws', () => {
    const d = dir();
    expect(readStore(join(d, 'none.bin')).problem).toMatch(/no word-vector store/);
    const corrupt = join(d, 'corrupt.bin');
    const bytes = derive(source);
    bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
    writeFileSync(corrupt, bytes);
    expect(readStore(corrupt).problem).toMatch(/unusable \(checksum mismatch\)/);
    writeFileSync(join(d, 'short.bin'), 'BVEC');
    expect(readStore(join(d, 'short.bin')).problem).toMatch(/unusable/);
    // A corrupt store is not re-derived over: the problem is reported as it is.
    expect(ensureStore(corrupt).problem).toMatch(/checksum/);
  });
});
