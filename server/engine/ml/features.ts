/**
 * Text to features for the trained classifiers: hashed word 1-2-grams and
 * character 3-5-grams (inside word boundaries, so "refund" and "refunds" share
 * most), weighted by TF-IDF and L2-normalised per block, plus the mean word
 * vector when vectors are loaded. The vocabulary is what the training texts
 * hold: a hash bucket never seen in training has no weight to add, so only
 * seen buckets get a column.
 */
import { fnv1aString } from './hash.ts';
import type { WordVectors } from './vectors.ts';

/** Hash space for feature strings: collisions are rare at this size and cost a column, not memory. */
const BUCKETS = 1 << 22;
const CHAR_MIN = 3;
const CHAR_MAX = 5;
/** Words too common to say what a message is about; the mean vector leaves them out. */
const VECTOR_STOP = new Set('a an the and or but of to in on at for with by from is are was were be been am i me my you your it its this that we our they them their he she his her do does did can could would should will shall have has had not no so if as'.split(' '));

export interface BlockWeights {
  words: number;
  chars: number;
  vectors: number;
}

export const DEFAULT_BLOCKS: BlockWeights = { words: 1, chars: 1, vectors: 1 };

/** Lower case, letters and digits; apostrophes join ("don't" is "dont"). */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/u)
    .filter(Boolean);
}

/** Feature strings of one text, by block: word 1-2-grams, then character n-grams. */
function grams(words: readonly string[]): { word: number[]; char: number[] } {
  const word: number[] = [];
  const char: number[] = [];
  for (let i = 0; i < words.length; i++) {
    word.push(fnv1aString(`w ${words[i]}`) % BUCKETS);
    if (i > 0) word.push(fnv1aString(`b ${words[i - 1]} ${words[i]}`) % BUCKETS);
    const padded = `<${words[i]}>`;
    for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
      for (let s = 0; s + n <= padded.length; s++) char.push(fnv1aString(`c ${padded.slice(s, s + n)}`) % BUCKETS);
    }
  }
  // An empty message still says something: the bucket of "nothing" (an emoji alone, punctuation).
  if (words.length === 0) word.push(fnv1aString('w ') % BUCKETS);
  return { word, char };
}

export interface Encoded {
  /** Column indices, ascending, and their values. */
  cols: Int32Array;
  vals: Float32Array;
  /** The weighted mean word vector (unit length times its block weight), or null. */
  dense: Float32Array | null;
}

export interface FeatureSpace {
  /** Hash bucket -> column, for every bucket seen in training. */
  buckets: Int32Array;
  idf: Float32Array;
  blocks: BlockWeights;
  dims: number;
}

export class Featurizer {
  readonly #columns: Map<number, number>;
  readonly #idf: Float32Array;
  readonly #blocks: BlockWeights;
  readonly #vectors: WordVectors | null;
  readonly #buckets: Int32Array;

  constructor(space: FeatureSpace, vectors: WordVectors | null) {
    this.#buckets = space.buckets;
    this.#columns = new Map(Array.from(space.buckets, (b, i) => [b, i]));
    this.#idf = space.idf;
    this.#blocks = space.blocks;
    // Vectors of another width than the model was trained with would misread it.
    this.#vectors = vectors && vectors.dims === space.dims ? vectors : null;
  }

  /** Learns the vocabulary and IDF of the training texts. */
  static fit(texts: readonly string[], vectors: WordVectors | null, blocks: BlockWeights = DEFAULT_BLOCKS): Featurizer {
    const df = new Map<number, number>();
    for (const t of texts) {
      const g = grams(tokens(t));
      for (const b of new Set([...g.word, ...g.char])) df.set(b, (df.get(b) ?? 0) + 1);
    }
    const buckets = Int32Array.from([...df.keys()].sort((a, b) => a - b));
    const idf = Float32Array.from(buckets, (b) => Math.log((1 + texts.length) / (1 + df.get(b)!)) + 1);
    return new Featurizer({ buckets, idf, blocks, dims: vectors?.dims ?? 0 }, vectors);
  }

  get space(): FeatureSpace {
    return { buckets: this.#buckets, idf: this.#idf, blocks: this.#blocks, dims: this.#vectors?.dims ?? 0 };
  }

  get columns(): number {
    return this.#buckets.length;
  }

  get denseDims(): number {
    return this.#vectors?.dims ?? 0;
  }

  encode(text: string): Encoded {
    const words = tokens(text);
    const g = grams(words);
    const values = new Map<number, number>();
    this.#block(g.word, this.#blocks.words, values);
    this.#block(g.char, this.#blocks.chars, values);
    const cols = Int32Array.from([...values.keys()].sort((a, b) => a - b));
    const vals = Float32Array.from(cols, (c) => values.get(c)!);
    return { cols, vals, dense: this.#dense(words) };
  }

  /** Sublinear TF times IDF over the block's seen buckets, L2-normalised, times the block weight. */
  #block(buckets: readonly number[], weight: number, into: Map<number, number>): void {
    const tf = new Map<number, number>();
    for (const b of buckets) {
      const c = this.#columns.get(b);
      if (c !== undefined) tf.set(c, (tf.get(c) ?? 0) + 1);
    }
    let norm = 0;
    const own = new Map<number, number>();
    for (const [c, n] of tf) {
      const x = (1 + Math.log(n)) * this.#idf[c]!;
      own.set(c, x);
      norm += x * x;
    }
    if (norm === 0) return;
    const scale = weight / Math.sqrt(norm);
    for (const [c, x] of own) into.set(c, (into.get(c) ?? 0) + x * scale);
  }

  #dense(words: readonly string[]): Float32Array | null {
    const vectors = this.#vectors;
    if (!vectors) return null;
    const out = new Float32Array(vectors.dims);
    let found = 0;
    for (const w of words) if (!VECTOR_STOP.has(w) && vectors.addTo(w, out)) found++;
    if (found === 0) return out;
    let norm = 0;
    for (const x of out) norm += x * x;
    const scale = this.#blocks.vectors / Math.sqrt(norm);
    for (let d = 0; d < out.length; d++) out[d]! *= scale;
    return out;
  }
}
