/**
 * Trained classifiers on disk, keyed by a hash of everything they were trained
 * from (examples, corpora, options, vectors, format): a restart with the same
 * policy reads the model instead of training it. A file that does not read
 * back is ignored and replaced.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassifierData } from './classifier.ts';
import { sibling } from './sibling.ts';

/** Bump when this layout changes: old files are then never read. */
export const MODEL_FORMAT = 1;

/** The code that turns examples into a model: a change to any of it must not read a model the old code trained. */
const TRAINING_CODE = ['features', 'softmax', 'classifier', 'hash', '../intent-model', '../acts'];
let codeHash: string | undefined;

function trainingCode(): string {
  return (codeHash ??= createHash('sha256')
    .update(TRAINING_CODE.map((name) => readFileSync(sibling(import.meta.url, name), 'utf8')).join('\0'))
    .digest('hex'));
}

export function modelKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify({ format: MODEL_FORMAT, code: trainingCode(), parts })).digest('hex').slice(0, 32);
}

type Typed = Float32Array | Int32Array;
const encode = (a: Typed) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const decodeF32 = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(new Uint8Array(b).buffer);
};
const decodeI32 = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Int32Array(new Uint8Array(b).buffer);
};

export function serialise(data: ClassifierData): string {
  return JSON.stringify({
    ...data,
    space: { ...data.space, buckets: encode(data.space.buckets), idf: encode(data.space.idf) },
    weights: { ...data.weights, sparse: encode(data.weights.sparse), dense: encode(data.weights.dense), bias: encode(data.weights.bias) },
  });
}

/** The JSON form: every typed array as base64. */
interface Stored {
  labels: string[];
  temperature: number;
  threshold: number;
  crossValidation: ClassifierData['crossValidation'];
  space: { buckets: string; idf: string; blocks: ClassifierData['space']['blocks']; dims: number };
  weights: { classes: number; columns: number; denseDims: number; sparse: string; dense: string; bias: string };
}

export function deserialise(text: string): ClassifierData {
  const raw = JSON.parse(text) as Stored;
  const data: ClassifierData = {
    ...raw,
    space: { ...raw.space, buckets: decodeI32(raw.space.buckets), idf: decodeF32(raw.space.idf) },
    weights: { ...raw.weights, sparse: decodeF32(raw.weights.sparse), dense: decodeF32(raw.weights.dense), bias: decodeF32(raw.weights.bias) },
  };
  const w = data.weights;
  if (w.sparse.length !== w.columns * w.classes || w.dense.length !== w.denseDims * w.classes || w.bias.length !== w.classes || data.space.buckets.length !== w.columns) {
    throw new Error('model arrays do not match their sizes');
  }
  return data;
}

export function readModel(dir: string, key: string): ClassifierData | null {
  try {
    return deserialise(readFileSync(join(dir, `${key}.json`), 'utf8'));
  } catch {
    return null;
  }
}

/** Best effort: a cache that cannot be written costs a retrain next start, nothing else. */
export function writeModel(dir: string, key: string, data: ClassifierData): void {
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${key}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, serialise(data));
    renameSync(temp, file);
  } catch {
    // Read-only or full disk: the model still serves from memory.
  }
}
